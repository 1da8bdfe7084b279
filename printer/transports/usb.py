"""A USB printer addressed by vendor and product id, through pyusb (libusb).

pyusb is imported when the printer is opened, not with this module. The bulk OUT
endpoint takes the ticket; the bulk IN endpoint, when the printer has one, carries the
``DLE EOT`` replies. Every transfer has a timeout (libusb's 0 would mean "forever", so
a timeout never drops below 1 ms).

What fails on a new machine gets the technician's words for it (kiosk.diagnostics.words):
pyusb finding no backend is libusb not installed ("apt install libusb-1.0-0"); no device
with the ids is the cable, the power or the ids (lsusb); a refused open is the udev rule.
"""

from __future__ import annotations

import errno
from typing import Any

from kiosk.diagnostics.words import (
    LIBUSB_MISSING,
    PYUSB_MISSING,
    USB_NO_PERMISSION,
    usb_not_found,
)
from printer.errors import Disconnected, NoAnswer, PrinterFault, PrinterNotFound

_GONE = (errno.ENODEV, errno.EPIPE, errno.EIO)


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class UsbConnection:
    """A USB printer-class (or vendor-class) device, first interface."""

    def __init__(self, vendor_id: int, product_id: int, timeout: float = 5.0) -> None:
        self.vendor_id, self.product_id, self.timeout = vendor_id, product_id, timeout
        self.name = f"usb {vendor_id:04x}:{product_id:04x}"
        self.can_read = False
        self._usb: Any = None  # the usb.core module, once imported
        self._device: Any = None
        self._out: Any = None
        self._in: Any = None

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            import usb.core  # type: ignore[import-untyped]
            import usb.util  # type: ignore[import-untyped]
        except ImportError as exc:
            raise PrinterNotFound(
                f"{self.name}: pyusb is not installed", advice=PYUSB_MISSING
            ) from exc
        self._usb = usb.core
        try:
            device = usb.core.find(idVendor=self.vendor_id, idProduct=self.product_id)
        except usb.core.NoBackendError as exc:  # no libusb-1.0 (nor libusb-0.1, openusb)
            raise PrinterNotFound(
                f"{self.name}: no libusb backend: {exc}", advice=LIBUSB_MISSING
            ) from exc
        except usb.core.USBError as exc:
            raise PrinterNotFound(f"{self.name}: cannot list USB devices: {exc}") from exc
        if device is None:
            raise PrinterNotFound(
                f"{self.name}: device not found (unplugged or off?)",
                advice=usb_not_found(self.vendor_id, self.product_id),
            )
        try:
            self._claim(device)
        except (usb.core.USBError, LookupError) as exc:
            usb.util.dispose_resources(device)
            raise self._fault(exc, "cannot open") from exc
        self._device = device

    def _claim(self, device: Any) -> None:
        import usb.util

        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)
        except NotImplementedError:
            pass  # backends other than libusb1 (Windows, macOS)
        try:
            config = device.get_active_configuration()
        except self._usb.USBError:
            device.set_configuration()
            config = device.get_active_configuration()
        interface = config[(0, 0)]

        def endpoint(direction: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == direction,
            )

        self._out, self._in = endpoint(usb.util.ENDPOINT_OUT), endpoint(usb.util.ENDPOINT_IN)
        if self._out is None:
            raise self._usb.USBError(f"no bulk OUT endpoint on {self.name}")
        self.can_read = self._in is not None

    def _fault(self, exc: Exception, doing: str) -> PrinterFault:
        code = getattr(exc, "errno", None)
        if doing == "cannot open":
            if code in (errno.EACCES, errno.EPERM):
                return PrinterNotFound(
                    f"{self.name}: {doing}: {exc}; check the udev rule", advice=USB_NO_PERMISSION
                )
            return PrinterNotFound(f"{self.name}: {doing}: {exc}")
        if code in _GONE:
            return Disconnected(f"{self.name}: {doing}: {exc} (unplugged?)")
        return Disconnected(f"{self.name}: {doing}: {exc}")

    def write(self, data: bytes) -> None:
        if self._device is None:
            raise Disconnected(f"{self.name}: the device is not open")
        try:
            self._out.write(data, timeout=_ms(self.timeout))
        except self._usb.USBTimeoutError as exc:
            raise NoAnswer(
                f"{self.name}: the printer did not take {len(data)} bytes within {self.timeout:g} s"
            ) from exc
        except self._usb.USBError as exc:
            raise self._fault(exc, "the link broke while sending") from exc

    def read(self, n: int, timeout: float) -> bytes:
        if self._device is None:
            raise Disconnected(f"{self.name}: the device is not open")
        if self._in is None:
            return b""
        size = max(n, int(self._in.wMaxPacketSize))  # a short buffer would overflow
        try:
            data = bytes(self._in.read(size, timeout=_ms(timeout)))
        except self._usb.USBTimeoutError:
            return b""
        except self._usb.USBError as exc:
            raise self._fault(exc, "the link broke while reading") from exc
        return data[:n]

    def flush(self) -> None:
        """Nothing to do: ``write`` returns once the transfer is done."""

    def close(self) -> None:
        device, self._device = self._device, None
        self._out = self._in = None
        if device is not None:
            import usb.util

            usb.util.dispose_resources(device)
