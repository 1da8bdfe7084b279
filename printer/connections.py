"""How the kiosk reaches its ticket printer: the ``Connection`` protocol and its factory.

One transport per module in :mod:`printer.transports`; ``connection_from_config`` picks
one from ``[printer]`` in the terminal's config. Every call on a connection has a
timeout (``printer.timeout_s``) and raises the typed faults of :mod:`printer.errors`.
Connections hold no global state: use one per thread (the printer's worker).
"""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

from kiosk.config import KioskConfig
from printer.transports.cups import CupsConnection
from printer.transports.device import DeviceFileConnection
from printer.transports.files import FilesConnection
from printer.transports.network import NetworkConnection
from printer.transports.serial_port import SerialConnection
from printer.transports.usb import UsbConnection

__all__ = [
    "Connection",
    "CupsConnection",
    "DeviceFileConnection",
    "FilesConnection",
    "NetworkConnection",
    "SerialConnection",
    "UsbConnection",
    "connection_from_config",
]


@runtime_checkable
class Connection(Protocol):
    """A link to the printer. ``open`` is a no-op when already open; ``close`` is safe twice.

    ``read`` returns b"" when nothing arrived within ``timeout`` (and always when
    ``can_read`` is False); ``flush`` hands over bytes a transport collects (CUPS).
    """

    name: str
    can_read: bool
    timeout: float

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def read(self, n: int, timeout: float) -> bytes: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


T = TypeVar("T")


def _required(value: T | None, key: str) -> T:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"printer.{key} is required for this printer.connection")
    return value


def connection_from_config(config: KioskConfig) -> Connection:
    """The connection ``config.printer`` describes (not yet opened)."""
    p = config.printer
    timeout = p.timeout_s
    match p.connection:
        case "files":
            return FilesConnection(config.resolved_ticket_dir(), timeout)
        case "network":
            return NetworkConnection(_required(p.host, "host"), p.port, timeout)
        case "device":
            return DeviceFileConnection(p.device_path, timeout)
        case "serial":
            return SerialConnection(_required(p.serial_port, "serial_port"), p.serial_baud, timeout)
        case "usb":
            vendor = _required(p.usb_vendor_id, "usb_vendor_id")
            return UsbConnection(vendor, _required(p.usb_product_id, "usb_product_id"), timeout)
        case "cups":
            return CupsConnection(_required(p.cups_queue, "cups_queue"), timeout)
    raise ValueError(f"unknown printer.connection {p.connection!r}")
