"""What a serial or evdev scanner reports about itself, for the technician.

`ScannerStatus` is the value; `Reporter` is what the reading threads hand codes and
statuses through: a callback that raises is logged, never lets the thread die, and a
status is passed on only when it changes (a scanner retrying its port every few seconds
reports "disconnected" once, not every time).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk.i18n import Text, text

log = logging.getLogger(__name__)

State = Literal["ready", "disconnected", "fault", "stopped"]

MAX_CODE_CHARS = 2048  # longer than any code a scanner should hand the kiosk

READY = text("扫码器就绪。", "The scanner is ready.")
STOPPED = text("扫码器已停止。", "The scanner was stopped.")
TOO_LONG = text(
    "扫码器送来的码过长(超过 {limit} 个字符),已丢弃。",
    "The scanner sent a code longer than {limit} characters; it was dropped.",
)
UNDECODABLE = text(
    "扫码器送来的数据无法解码(不是 UTF-8),已丢弃。请检查扫码器的编码设置。",
    "The scanner sent bytes that are not UTF-8; they were dropped. Check the scanner's "
    "character set setting.",
)


@dataclass(frozen=True)
class ScannerStatus:
    """`state` and, for the technician, what happened in both languages."""

    state: State
    detail: Text


class Reporter:
    """Passes codes and changed statuses on to the kiosk's callbacks, catching their errors.

    `base` is the status a scanner returns to after a passing fault (a code dropped): "ready",
    or a lasting fault such as an evdev grab that failed while reading goes on.
    """

    def __init__(
        self,
        name: str,
        on_code: Callable[[str], None],
        on_status: Callable[[ScannerStatus], None],
    ) -> None:
        self.name = name
        self._on_code = on_code
        self._on_status = on_status
        self._last: ScannerStatus | None = None
        self.base = ScannerStatus("ready", READY)

    @property
    def last(self) -> ScannerStatus | None:
        return self._last

    def status(self, status: ScannerStatus) -> None:
        if status == self._last:
            return
        self._last = status
        log.info("%s: %s (%s)", self.name, status.state, status.detail.en)
        try:
            self._on_status(status)
        except Exception:  # the kiosk's bug must not end the scanner's thread
            log.exception("%s: reporting a status", self.name)

    def ready(self, base: ScannerStatus | None = None) -> None:
        """The device is open (and `base` is what it is like when nothing goes wrong)."""
        self.base = base or ScannerStatus("ready", READY)
        self.status(self.base)

    def fault(self, detail: Text) -> None:
        # Reported even when the last status was the same fault: each is a code lost.
        self._last = None
        self.status(ScannerStatus("fault", detail))

    def code(self, code: str) -> None:
        if self._last is not None and self._last.state == "fault" and self._last != self.base:
            self.status(self.base)  # the scanner reads again after a passing fault
        try:
            self._on_code(code)
        except Exception:
            log.exception("%s: handing over a code", self.name)
