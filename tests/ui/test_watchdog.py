"""ui.watchdog: the pings come from the UI thread's event loop, so a blocked UI thread
stops them (and systemd would restart the kiosk). A real datagram socket of the test's
own stands in for systemd's NOTIFY_SOCKET; a thread of the test reads it, since the test
itself runs on the UI thread."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from kiosk.watchdog import Notifier
from tests.ui.conftest import WAIT_MS
from ui.watchdog import WatchdogPinger

WATCHDOG_USEC = 200_000  # 200 ms: a ping every 100 ms
INTERVAL_S = WATCHDOG_USEC / 2_000_000
PING = "WATCHDOG=1"


class Systemd:
    """The notify socket and a thread that records what arrives, and when."""

    def __init__(self) -> None:
        self.name = f"@kiosk-ui-test-{uuid.uuid4().hex}"
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(b"\0" + self.name[1:].encode())
        self._sock.settimeout(0.05)  # how often the reader looks at `_stop`
        self._changed = threading.Condition()
        self._received: list[tuple[float, str]] = []
        self._stop = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop:
            try:
                data = self._sock.recv(4096)
            except TimeoutError:
                continue
            with self._changed:
                self._received.append((time.monotonic(), data.decode()))
                self._changed.notify_all()

    def messages(self) -> list[str]:
        with self._changed:
            return [m for _, m in self._received]

    def ping_times(self) -> list[float]:
        with self._changed:
            return [t for t, m in self._received if m == PING]

    def pings(self) -> int:
        return len(self.ping_times())

    def quiet_for(self, window_s: float, since: float, give_up_s: float) -> bool:
        """Whether `window_s` passes with no ping after `since` (within `give_up_s`)."""
        deadline = time.monotonic() + give_up_s
        with self._changed:
            while True:
                times = [t for t, m in self._received if m == PING]
                start = max([since, *times])
                now = time.monotonic()
                if now - start >= window_s:
                    return True
                if now >= deadline:
                    return False
                self._changed.wait(min(start + window_s, deadline) - now)

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)
        self._sock.close()


@pytest.fixture
def systemd() -> Iterator[Systemd]:
    s = Systemd()
    yield s
    s.close()


@pytest.fixture
def make_pinger(systemd: Systemd) -> Iterator[Callable[[dict[str, str]], WatchdogPinger]]:
    made: list[tuple[QObject, Notifier, WatchdogPinger]] = []

    def make(extra: dict[str, str]) -> WatchdogPinger:
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": systemd.name, **extra})
        assert notifier is not None
        parent = QObject()
        pinger = WatchdogPinger(notifier, parent)
        made.append((parent, notifier, pinger))
        return pinger

    yield make
    for _parent, notifier, pinger in made:
        pinger.stop()
        notifier.close()


def test_pings_stop_while_the_ui_thread_is_blocked(
    qtbot: QtBot, systemd: Systemd, make_pinger: Callable[[dict[str, str]], WatchdogPinger]
) -> None:
    pinger = make_pinger({"WATCHDOG_USEC": str(WATCHDOG_USEC)})
    pinger.start()
    qtbot.waitUntil(lambda: systemd.pings() >= 3, timeout=WAIT_MS)  # the event loop runs
    assert systemd.messages()[0] == "READY=1"

    blocked, release = threading.Event(), threading.Event()
    seen: dict[str, float | bool] = {}

    def observe() -> None:
        # On the test's thread: once the UI thread is stuck, wait for 3 intervals without
        # a ping (the observation window), then let it go.
        if blocked.wait(5):
            seen["blocked_at"] = time.monotonic()
            seen["quiet"] = systemd.quiet_for(3 * INTERVAL_S, seen["blocked_at"], 3.0)
        seen["released_at"] = time.monotonic()
        release.set()

    def stuck_slot() -> None:  # a slot that hangs the UI thread, as a deadlock would
        blocked.set()
        release.wait(10)

    observer = threading.Thread(target=observe, daemon=True)
    observer.start()
    QTimer.singleShot(0, stuck_slot)
    qtbot.waitUntil(release.is_set, timeout=10_000)
    observer.join(5)
    assert seen.get("quiet") is True, "pings went on while the UI thread was blocked"
    blocked_at, released_at = float(seen["blocked_at"]), float(seen["released_at"])
    # A ping already on its way when the slot began may land just after; none later.
    during = [t for t in systemd.ping_times() if blocked_at + INTERVAL_S < t < released_at]
    assert during == []

    before = systemd.pings()
    qtbot.waitUntil(lambda: systemd.pings() >= before + 2, timeout=WAIT_MS)  # they resume


def test_start_sends_ready_and_stop_sends_stopping(
    qtbot: QtBot, systemd: Systemd, make_pinger: Callable[[dict[str, str]], WatchdogPinger]
) -> None:
    pinger = make_pinger({"WATCHDOG_USEC": str(WATCHDOG_USEC)})
    assert not pinger.active
    pinger.start()
    pinger.start()  # once only
    assert pinger.active
    qtbot.waitUntil(lambda: systemd.pings() >= 2, timeout=WAIT_MS)
    pinger.stop()
    pinger.stop()
    assert not pinger.active
    qtbot.waitUntil(lambda: "STOPPING=1" in systemd.messages(), timeout=WAIT_MS)
    messages = systemd.messages()
    assert messages.count("READY=1") == 1
    assert messages.count("STOPPING=1") == 1
    assert messages[-1] == "STOPPING=1"
    pinger.start()  # a stopped pinger does not start again
    assert not pinger.active


def test_no_pings_when_the_watchdog_is_another_process_s(
    qtbot: QtBot, systemd: Systemd, make_pinger: Callable[[dict[str, str]], WatchdogPinger]
) -> None:
    """WATCHDOG_PID names the main process (cage, if the unit did not drop it): READY=1
    still goes (NotifyAccess=all), but the pings are the main process's to send."""
    other = str(os.getppid())
    pinger = make_pinger({"WATCHDOG_USEC": str(WATCHDOG_USEC), "WATCHDOG_PID": other})
    pinger.start()
    qtbot.waitUntil(lambda: systemd.messages() == ["READY=1"], timeout=WAIT_MS)
    assert not pinger.active


def test_a_restart_in_place_sends_no_stopping(
    qtbot: QtBot, systemd: Systemd, make_pinger: Callable[[dict[str, str]], WatchdogPinger]
) -> None:
    """The technician's restart exec()s the kiosk in the same process: no STOPPING=1, or
    systemd would stop the restarted kiosk. The pings stop all the same."""
    pinger = make_pinger({"WATCHDOG_USEC": str(WATCHDOG_USEC)})
    pinger.start()
    qtbot.waitUntil(lambda: systemd.pings() >= 1, timeout=WAIT_MS)
    pinger.stop(stopping=False)
    assert not pinger.active
    pinger.stop()  # already stopped: nothing more is sent
    # A marker sent after: once it is in, everything sent before it is in too.
    marker = Notifier.from_environment({"NOTIFY_SOCKET": systemd.name})
    assert marker is not None
    with marker:
        marker.status("marker")
    qtbot.waitUntil(lambda: "STATUS=marker" in systemd.messages(), timeout=WAIT_MS)
    assert "STOPPING=1" not in systemd.messages()
