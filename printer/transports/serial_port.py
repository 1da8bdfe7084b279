"""A printer on a serial port (RS-232 or a USB serial adapter), through pyserial.

pyserial is imported when the port is opened, not with this module. Reads and writes
both have timeouts (``write_timeout``: a printer holding flow control too long is
"no answer").
"""

from __future__ import annotations

from typing import Any

from printer.errors import Disconnected, NoAnswer, PrinterNotFound


class SerialConnection:
    """A serial port such as ``/dev/ttyUSB0`` or ``COM3``."""

    can_read = True

    def __init__(self, port: str, baud: int = 9600, timeout: float = 5.0) -> None:
        self.port, self.baud, self.timeout = port, baud, timeout
        self.name = f"serial {port} at {baud} baud"
        self._serial: Any = None
        self._errors: tuple[type[Exception], type[Exception]] = (OSError, TimeoutError)

    def open(self) -> None:
        if self._serial is not None:
            return
        try:
            import serial  # type: ignore[import-untyped]
        except ImportError as exc:
            raise PrinterNotFound(f"{self.name}: pyserial is not installed") from exc
        self._errors = (serial.SerialException, serial.SerialTimeoutException)
        try:
            self._serial = serial.Serial(
                port=self.port,
                baudrate=self.baud,
                timeout=self.timeout,
                write_timeout=self.timeout,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterNotFound(f"{self.name}: cannot open: {exc}") from exc

    def _port(self) -> Any:
        if self._serial is None:
            raise Disconnected(f"{self.name}: the port is not open")
        return self._serial

    def write(self, data: bytes) -> None:
        port = self._port()
        serial_error, write_timeout = self._errors
        try:
            port.write(data)
        except write_timeout as exc:
            raise NoAnswer(
                f"{self.name}: the printer did not take {len(data)} bytes "
                f"within {self.timeout:g} s (flow control held?)"
            ) from exc
        except (serial_error, OSError) as exc:
            raise Disconnected(f"{self.name}: the link broke while sending: {exc}") from exc

    def read(self, n: int, timeout: float) -> bytes:
        port = self._port()
        serial_error, _ = self._errors
        try:
            port.timeout = max(0.0, timeout)  # used by reads only; writes use write_timeout
            return bytes(port.read(n))
        except (serial_error, OSError) as exc:
            raise Disconnected(f"{self.name}: the link broke while reading: {exc}") from exc

    def flush(self) -> None:
        """Nothing to do: pyserial's blocking ``flush`` has no timeout; writes are bounded."""

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            port.close()
