"""The common LCUS-1 style serial relays (a CH340 USB serial chip, 9600 baud).

Relay n is switched with four bytes: ``A0 n state checksum``, the checksum being
``(0xA0 + n + state) & 0xFF``: relay 1 on is ``A0 01 01 A2``, off ``A0 01 00 A1``. The
board answers nothing. pyserial is imported when the port is opened, not with this
module; writes have a timeout (a port that does not drain is a broken link).
"""

from __future__ import annotations

import errno
import logging
from typing import Any

from devices.signal_light.faults import LightDisconnected, LightNoPermission, LightNotFound
from kiosk.i18n import Text, text

log = logging.getLogger(__name__)

PYSERIAL_MISSING = text(
    "缺少 pyserial：请安装终端程序的完整版本（declaration-kiosk[terminal]）",
    "pyserial is missing: install the kiosk with its terminal packages "
    "(declaration-kiosk[terminal])",
)


def port_not_found(port: str) -> Text:
    """No such port: the relay unplugged, or the config names another port."""
    return text(
        f"未找到呼叫灯继电器的串口 {port}：请检查继电器（CH340）的 USB 线，并核对配置中的串口"
        "（Linux：ls /dev/ttyUSB*；Windows：设备管理器中的“端口”）",
        f"The call light relay's serial port {port} is not there: check the relay's (CH340) "
        "USB cable and the port in the config (Linux: ls /dev/ttyUSB*; Windows: Device "
        "Manager, Ports)",
    )


def port_no_permission(port: str) -> Text:
    """The port is there but the kiosk's user may not open it."""
    return text(
        f"无权打开串口 {port}：请安装终端的 udev 规则（见 docs/deploy.md），然后重新插拔继电器",
        f"No permission to open the serial port {port}: install the kiosk's udev rule (see "
        "docs/deploy.md), then unplug the relay and plug it in again",
    )


def frame(channel: int, on: bool) -> bytes:
    """The four bytes that switch relay ``channel``."""
    state = 1 if on else 0
    return bytes([0xA0, channel, state, (0xA0 + channel + state) & 0xFF])


class SerialRelay:
    """Relay ``channel`` (1 on single relays) on a serial port such as ``/dev/ttyUSB0``."""

    def __init__(
        self, port: str, *, channel: int = 1, baud: int = 9600, timeout: float = 1.0
    ) -> None:
        if not 1 <= channel <= 0xFF:
            raise ValueError(f"a serial relay's channel is 1 to 255, not {channel}")
        self.port, self.channel, self.baud, self.timeout = port, channel, baud, timeout
        self.name = f"serial relay {port} at {baud} baud, relay {channel}"
        self._serial: Any = None
        self._errors: tuple[type[Exception], ...] = (OSError,)
        self._timeout_error: type[Exception] = TimeoutError

    def open(self) -> None:
        if self._serial is not None:
            return
        try:
            import serial  # type: ignore[import-untyped]
        except ImportError as exc:
            raise LightNotFound(
                f"{self.name}: pyserial is not installed", advice=PYSERIAL_MISSING
            ) from exc
        self._errors = (serial.SerialException, OSError)
        self._timeout_error = serial.SerialTimeoutException
        try:
            self._serial = serial.Serial(
                port=self.port,
                baudrate=self.baud,
                timeout=self.timeout,
                write_timeout=self.timeout,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            # pyserial keeps the system's errno on the SerialException it raises.
            code = getattr(exc, "errno", None)
            if code in (errno.EACCES, errno.EPERM):
                raise LightNoPermission(
                    f"{self.name}: cannot open: {exc}", advice=port_no_permission(self.port)
                ) from exc
            raise LightNotFound(
                f"{self.name}: cannot open: {exc}", advice=port_not_found(self.port)
            ) from exc

    def set(self, on: bool) -> None:
        if self._serial is None:
            raise LightDisconnected(f"{self.name}: the port is not open")
        try:
            self._serial.write(frame(self.channel, on))
        except self._timeout_error as exc:
            raise LightDisconnected(
                f"{self.name}: the port did not take 4 bytes within {self.timeout:g} s"
            ) from exc
        except self._errors as exc:
            raise LightDisconnected(f"{self.name}: the link broke while sending: {exc}") from exc

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except self._errors as exc:  # the adapter already gone
                log.debug("%s: close: %s", self.name, exc)
