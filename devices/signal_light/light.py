"""The call light's driver: ``SignalLight`` shows off, steady or blinking on its own thread.

One thread owns the relay transport: it opens it, switches it and closes it, so a slow
or hung USB call never holds up the caller, and the transport needs no locking.
``show`` and ``test`` only change what is wanted and wake the thread (a Condition, no
polling); between wake-ups the thread sleeps until its next toggle.

A fault (board unplugged, no permission) makes the status "fault" with the fault's
advice; the thread closes the transport and tries again every ``retry_s`` seconds, so a
board plugged back in shows the wanted mode again by itself. A steady or off light sends
its state again every ``refresh_s`` seconds: a board pulled out is noticed without a
change of mode, and one plugged back in (its relay powers up off) is set again.
``on_status`` is called on the light's thread whenever the status changes (not at every
blink).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from devices.signal_light.faults import LightFault
from devices.signal_light.relay import Relay
from kiosk.i18n import Text, text

log = logging.getLogger(__name__)


class LightMode(StrEnum):
    """What the light shows."""

    OFF = "off"
    STEADY = "steady"
    BLINK = "blink"


@dataclass(frozen=True)
class LightStatus:
    """How the light is: "ok" (showing ``mode``), "fault" (``detail`` is the advice), or
    "stopped" (closed)."""

    state: Literal["ok", "fault", "stopped"]
    mode: LightMode
    detail: Text


SHOWING = {
    LightMode.OFF: text("呼叫灯已熄灭", "The call light is off"),
    LightMode.STEADY: text("呼叫灯常亮", "The call light is on"),
    LightMode.BLINK: text("呼叫灯闪烁中", "The call light is blinking"),
}
TESTING = text("呼叫灯测试：闪烁中", "Call light test: blinking")
STARTING = text("呼叫灯正在连接", "The call light is connecting")
STOPPED = text("呼叫灯已停止", "The call light is stopped")
UNEXPECTED = text(
    "呼叫灯出现意外错误：请查看日志中的呼叫灯信息",
    "The call light met an unexpected error: see the call light's lines in the log",
)


class SignalLight:
    """The light above the terminal, driven through ``transport`` on a thread of its own.

    Starts off; ``show`` sets the wanted mode, ``test`` blinks it for a while, ``close``
    turns it off and ends the thread. All three may be called from any thread.
    """

    def __init__(
        self,
        transport: Relay,
        *,
        blink_period_s: float = 1.0,
        on_status: Callable[[LightStatus], None] | None = None,
        retry_s: float = 3.0,
        refresh_s: float = 5.0,
    ) -> None:
        if not (math.isfinite(blink_period_s) and blink_period_s > 0):
            raise ValueError(f"blink_period_s must be positive, not {blink_period_s}")
        for name, seconds in (("retry_s", retry_s), ("refresh_s", refresh_s)):
            if not (math.isfinite(seconds) and seconds > 0):
                raise ValueError(f"{name} must be positive, not {seconds}")
        self._transport = transport
        self._half = blink_period_s / 2
        self._retry_s, self._refresh_s = retry_s, refresh_s
        self._on_status = on_status
        self._wake = threading.Condition()
        # Guarded by _wake: what callers want, and a count of their requests, so the
        # thread never sleeps through one made while it was switching the relay.
        self._wanted = LightMode.OFF
        self._test_until = -math.inf  # monotonic time the test blink ends
        self._closing = False
        self._requests = 0
        self._status = LightStatus("ok", LightMode.OFF, STARTING)
        self._thread = threading.Thread(
            target=self._run, name=f"signal light ({transport.name})", daemon=True
        )
        self._thread.start()

    @property
    def status(self) -> LightStatus:
        with self._wake:
            return self._status

    def show(self, mode: LightMode) -> None:
        """Show ``mode`` from now on (after a running test, once it ends)."""
        mode = LightMode(mode)
        with self._wake:
            if self._closing or mode is self._wanted:
                return
            self._wanted = mode
            self._requests += 1
            self._wake.notify()

    def test(self, seconds: float = 3.0) -> None:
        """Blink for ``seconds`` (the diagnostics' "blink the light"), then show the wanted
        mode again; returns at once."""
        with self._wake:
            if self._closing:
                return
            self._test_until = max(self._test_until, time.monotonic() + seconds)
            self._requests += 1
            self._wake.notify()

    def close(self, timeout: float = 5.0) -> None:
        """Turn the light off, close the transport and end the thread (waits ``timeout``)."""
        with self._wake:
            self._closing = True
            self._requests += 1
            self._wake.notify()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning(
                "%s: the light's thread did not end within %g s", self._transport.name, timeout
            )

    # -- the light's own thread --

    def _run(self) -> None:
        relay = _HeldRelay(self._transport, self._retry_s, self._refresh_s)
        shown_before: LightMode | None = None
        blink_from = 0.0  # when the blink being shown started: its phase
        while True:
            with self._wake:
                if self._closing:
                    break
                requests = self._requests
                now = time.monotonic()
                testing = now < self._test_until
                shown = LightMode.BLINK if testing else self._wanted
                deadline = self._test_until if testing else math.inf
            if shown is LightMode.BLINK and shown_before is not LightMode.BLINK:
                blink_from = now  # a new blink starts lit, whatever the clock
            shown_before = shown
            if shown is LightMode.BLINK:
                half_periods = int((now - blink_from) // self._half)
                on = half_periods % 2 == 0
                next_toggle = blink_from + (half_periods + 1) * self._half
            else:
                on, next_toggle = shown is LightMode.STEADY, math.inf
            if now < relay.retry_at:  # faulted: keep the status's mode current, wait
                self._set_status(LightStatus("fault", shown, self._status.detail))
                deadline = min(deadline, relay.retry_at)
            elif (advice := relay.switch(on)) is not None:
                self._set_status(LightStatus("fault", shown, advice))
                deadline = min(deadline, relay.retry_at)
            else:
                detail = TESTING if testing else SHOWING[shown]
                self._set_status(LightStatus("ok", shown, detail))
                deadline = min(deadline, next_toggle, relay.refresh_at)
            self._sleep(requests, deadline)
        relay.stop()
        self._set_status(LightStatus("stopped", LightMode.OFF, STOPPED))

    def _sleep(self, requests: int, deadline: float) -> None:
        """Until ``deadline`` (monotonic) or a request newer than ``requests``."""
        with self._wake:
            wait = deadline - time.monotonic()
            if wait > 0:
                self._wake.wait_for(
                    lambda: self._requests != requests, None if math.isinf(wait) else wait
                )

    def _set_status(self, status: LightStatus) -> None:
        with self._wake:
            if status == self._status:
                return
            self._status = status
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:  # the caller's callback must not stop the light
                log.exception("%s: on_status failed", self._transport.name)


class _HeldRelay:
    """The transport as the light's thread holds it: open or not, last set to what."""

    def __init__(self, transport: Relay, retry_s: float, refresh_s: float) -> None:
        self.transport, self.retry_s, self.refresh_s = transport, retry_s, refresh_s
        self.is_open = False
        self.lit: bool | None = None  # None: not known (never set, or reopened)
        self.retry_at = -math.inf  # after a fault, no new attempt before then
        self.refresh_at = math.inf  # when to send the unchanged state again
        self.last_fault = ""

    def switch(self, on: bool) -> Text | None:
        """Set the relay, opening it first if need be; a fault's advice, or None."""
        try:
            if not self.is_open:
                self.transport.open()
                self.is_open, self.lit = True, None
            if self.lit is not on or time.monotonic() >= self.refresh_at:
                self.transport.set(on)
                self.lit = on
                self.refresh_at = time.monotonic() + self.refresh_s
        except Exception as exc:
            # A transport raises LightFault only; anything else is a bug, logged with its
            # traceback and retried alike, so the thread never dies of it.
            typed = isinstance(exc, LightFault)
            if str(exc) != self.last_fault:  # once per fault, not at every retry
                if typed:  # its text starts with the transport's name
                    log.warning("%s", exc)
                else:
                    log.warning("%s: %r", self.transport.name, exc, exc_info=True)
                self.last_fault = str(exc)
            self.close()
            self.retry_at = time.monotonic() + self.retry_s
            return exc.advice if isinstance(exc, LightFault) else UNEXPECTED
        if self.last_fault:
            log.info("%s: the call light works again", self.transport.name)
            self.last_fault = ""
        return None

    def stop(self) -> None:
        """Leave the light off (opening the relay once more if a fault had closed it)."""
        try:
            if not self.is_open:
                self.transport.open()
            self.transport.set(False)
        except Exception as exc:  # unplugged: the light is off without power anyway
            log.info("%s: could not turn the light off: %s", self.transport.name, exc)
        self.close()

    def close(self) -> None:
        self.is_open, self.lit, self.refresh_at = False, None, math.inf
        try:
            self.transport.close()
        except Exception:  # close should never raise; a faulty one must not end the thread
            log.exception("%s: closing the transport failed", self.transport.name)
