"""A USB HID scanner read straight from its Linux input device (``/dev/input/eventN``).

Read this way, a keyboard-wedge scanner's keys need no timing to tell them from typing:
the device is the scanner. With `grab` the device is taken for this reader alone
(EVIOCGRAB), so its keys no longer reach the window system as typing too; a grab that
fails (another grabber, or not an input device) is reported as a fault while reading goes on.

One thread reads `struct input_event` records (native layout: on 64-bit Linux a timeval of
two longs, type, code and value, ``llHHi``, 24 bytes), maps key presses to characters
(keymap: US layout) and hands each code, at Enter, to `on_code` on that thread. A device
that goes (unplugged: ENODEV, or the end of a FIFO) is "disconnected", opened again every
`retry_s` seconds until `close()`. No python-evdev: the format is two lines of struct.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import struct
from collections.abc import Callable

from devices.scanner.keymap import EV_KEY, KeyDecoder
from devices.scanner.reading import ReadingThread
from devices.scanner.status import MAX_CODE_CHARS, ScannerStatus
from kiosk.i18n import Text, text

log = logging.getLogger(__name__)

EVENT = struct.Struct("llHHi")  # struct input_event, as this machine's kernel writes it
EVIOCGRAB = 0x40044590  # _IOW('E', 0x90, int)
POLL_S = 0.2  # how long close() may wait for the thread to notice

UNAVAILABLE = text(
    "无法打开扫码器的输入设备 {device}(未连接或已拔出?),每 {retry} 秒重试一次:{error}",
    "Cannot open the scanner's input device {device} (not connected or unplugged?); "
    "trying again every {retry} s: {error}",
)
NO_PERMISSION = text(
    "无权读取扫码器的输入设备 {device}:请把终端的用户加入 input 组(或设置 udev 规则)。",
    "No permission to read the scanner's input device {device}: add the terminal's user to "
    "the input group (or set a udev rule).",
)
GONE = text(
    "扫码器的输入设备 {device} 断开了(已拔出?),每 {retry} 秒重试一次。",
    "The scanner's input device {device} went away (unplugged?); trying again every {retry} s.",
)
GRAB_FAILED = text(
    "扫码器已连接,但未能独占其输入设备 {device}({error}):扫码的按键也会作为键盘输入送达界面。",
    "The scanner is connected, but its input device {device} could not be taken exclusively "
    "({error}): its keys also reach the interface as typing.",
)
READY_GRABBED = text("扫码器就绪(已独占)。", "The scanner is ready (read exclusively).")
READY_SHARED = text(
    "扫码器就绪(未独占:按键也会作为键盘输入送达界面)。",
    "The scanner is ready (not exclusive: its keys also reach the interface as typing).",
)


class EvdevScanner(ReadingThread):
    """A scanner at input device `device`; `grab`: read it exclusively (the default, as
    the config's; without it the scanner's keys also type into the focused field)."""

    def __init__(
        self,
        device: str,
        *,
        grab: bool = True,
        on_code: Callable[[str], None],
        on_status: Callable[[ScannerStatus], None],
        retry_s: float = 3.0,
        max_chars: int = MAX_CODE_CHARS,
    ) -> None:
        self.device, self.grab, self.retry_s, self.max_chars = device, grab, retry_s, max_chars
        super().__init__(f"scanner on {device}", on_code, on_status)

    # -- the reading thread ------------------------------------------------------------------

    def _shut(self, fd: int) -> None:
        os.close(fd)

    def _open(self) -> int | None:
        try:
            fd = os.open(self.device, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM):
                self._reporter.status(
                    ScannerStatus("fault", NO_PERMISSION.format(device=self.device))
                )
            else:
                self._disconnected(UNAVAILABLE, error=exc.strerror or str(exc))
            return None
        base = ScannerStatus("ready", READY_GRABBED if self.grab else READY_SHARED)
        if self.grab:
            import fcntl  # Linux only, as the device is

            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
            except OSError as exc:
                detail = GRAB_FAILED.format(device=self.device, error=exc.strerror or str(exc))
                base = ScannerStatus("fault", detail)
        self._reporter.ready(base)
        return fd

    def _read(self, fd: int) -> None:
        decoder = KeyDecoder(self.max_chars)
        pending = b""  # a record cut in two (a FIFO may; an input device never does)
        while not self._stop.is_set():
            readable, _, _ = select.select([fd], [], [], POLL_S)
            if not readable:
                continue
            try:
                data = os.read(fd, EVENT.size * 64)
            except BlockingIOError:
                continue
            except OSError:  # ENODEV: the device was unplugged
                self._disconnected(GONE)
                return
            if not data:  # the end of a FIFO or file: nothing more will come
                self._disconnected(GONE)
                return
            pending += data
            whole = len(pending) - len(pending) % EVENT.size
            for _, _, kind, code, value in EVENT.iter_unpack(pending[:whole]):
                if kind == EV_KEY:
                    self._decoded(decoder.key(code, value))
            pending = pending[whole:]

    def _decoded(self, result: str | Text | None) -> None:
        if isinstance(result, Text):
            self._reporter.fault(result)
        elif result is not None:
            self._reporter.code(result)

    def _disconnected(self, message: Text, **params: str) -> None:
        last = self._reporter.last
        if last is not None and last.state == "disconnected":
            return  # said once; the retries every few seconds would only repeat it
        detail = message.format(device=self.device, retry=f"{self.retry_s:g}", **params)
        self._reporter.status(ScannerStatus("disconnected", detail))
