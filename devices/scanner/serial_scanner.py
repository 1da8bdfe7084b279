"""A scanner on a serial port (RS-232 or a USB serial adapter, "USB COM" mode), through
pyserial.

One thread reads the port: a code per line (CR, LF or CRLF), decoded as UTF-8 and handed
to `on_code` on that thread (the kiosk marshals it to the UI thread: ScannerFilter.deliver).
A line longer than `max_bytes` or not UTF-8 is dropped with a "fault" status; a port that
cannot be opened or breaks (the scanner unplugged) is "disconnected", tried again every
`retry_s` seconds until `close()`. Nothing raised in the thread leaves it.

pyserial is imported when the thread opens the port, not with this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from devices.scanner.reading import ReadingThread
from devices.scanner.status import (
    MAX_CODE_CHARS,
    TOO_LONG,
    UNDECODABLE,
    ScannerStatus,
)
from kiosk.i18n import Text, text

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.2  # how long close() may wait for a read in progress to return
UNAVAILABLE = text(
    "无法打开扫码器的串口 {port}(未连接或已拔出?),每 {retry} 秒重试一次:{error}",
    "Cannot open the scanner's serial port {port} (not connected or unplugged?); "
    "trying again every {retry} s: {error}",
)
BROKE = text(
    "扫码器的串口 {port} 断开了(已拔出?),每 {retry} 秒重试一次:{error}",
    "The scanner's serial port {port} broke off (unplugged?); trying again every {retry} s: "
    "{error}",
)
NO_PYSERIAL = text(
    "未安装 pyserial,无法使用串口扫码器。", "pyserial is not installed: no serial scanner."
)


class LineSplitter:
    """Bytes as they come in, cut into lines at CR or LF (so CRLF too); empty lines are
    dropped. A line growing past `max_bytes` is dropped whole, up to its end, and reported
    once (None in the result): memory stays bounded whatever the scanner sends."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._line = bytearray()
        self._dropping = False

    def feed(self, data: bytes) -> list[bytes | None]:
        out: list[bytes | None] = []
        parts = data.replace(b"\r", b"\n").split(b"\n")
        for index, part in enumerate(parts):
            if not self._dropping:
                self._line += part
                if len(self._line) > self.max_bytes:
                    out.append(None)
                    self._line.clear()
                    self._dropping = True
            if index < len(parts) - 1:  # a line end followed this part
                if self._line:
                    out.append(bytes(self._line))
                self._line.clear()
                self._dropping = False
        return out


class SerialScanner(ReadingThread):
    """A serial scanner at `port` (``/dev/ttyACM0``, ``/dev/ttyUSB0``, ``COM3``)."""

    def __init__(
        self,
        port: str,
        baud: int = 9600,
        *,
        on_code: Callable[[str], None],
        on_status: Callable[[ScannerStatus], None],
        retry_s: float = 3.0,
        max_bytes: int = MAX_CODE_CHARS,
    ) -> None:
        self.port, self.baud, self.retry_s, self.max_bytes = port, baud, retry_s, max_bytes
        super().__init__(f"scanner on serial {port}", on_code, on_status)

    # -- the reading thread ------------------------------------------------------------------

    def _shut(self, port: Any) -> None:
        _close_quietly(port)

    def _open(self) -> Any:
        try:
            import serial  # type: ignore[import-untyped]
        except ImportError:
            self._reporter.status(ScannerStatus("fault", NO_PYSERIAL))
            return None
        try:
            port = serial.Serial(port=self.port, baudrate=self.baud, timeout=READ_TIMEOUT_S)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._disconnected(UNAVAILABLE, exc)
            return None
        self._reporter.ready()
        return port

    def _read(self, port: Any) -> None:
        import serial

        lines = LineSplitter(self.max_bytes)
        while not self._stop.is_set():
            try:
                data = bytes(port.read(max(1, port.in_waiting)))
            except (serial.SerialException, OSError) as exc:
                self._disconnected(BROKE, exc)
                return
            for line in lines.feed(data):
                self._line(line)

    def _line(self, line: bytes | None) -> None:
        if line is None:
            self._reporter.fault(TOO_LONG.format(limit=self.max_bytes))
            return
        try:
            code = line.decode("utf-8")
        except UnicodeDecodeError:
            self._reporter.fault(UNDECODABLE)
            return
        self._reporter.code(code)

    def _disconnected(self, message: Text, exc: Exception) -> None:
        last = self._reporter.last
        if last is not None and last.state == "disconnected":
            return  # said once; the retries every few seconds would only repeat it
        detail = message.format(port=self.port, retry=f"{self.retry_s:g}", error=str(exc))
        self._reporter.status(ScannerStatus("disconnected", detail))


def _close_quietly(port: Any) -> None:
    try:
        port.close()
    except Exception:  # a vanished device may refuse even this; the fd goes either way
        log.debug("closing a broken serial port", exc_info=True)
