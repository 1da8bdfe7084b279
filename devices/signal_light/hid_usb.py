"""A USBRelay board through pyusb (libusb): one HID SET_REPORT control request a switch.

The link for Windows (libusb's HID backend), or for Linux when configured so (the
kernel's usbhid driver is detached from the board first). pyusb is imported when the
board is opened, not with this module. A missing libusb backend is reported as such,
with the package to install.
"""

from __future__ import annotations

import errno
import logging
from typing import Any

from devices.signal_light.faults import (
    LightDisconnected,
    LightFault,
    LightNoPermission,
    LightNotFound,
)
from devices.signal_light.hid_board import (
    IDS,
    NO_PERMISSION,
    NOT_FOUND,
    PRODUCT_ID,
    VENDOR_ID,
    check_channel,
    relay_count,
)
from kiosk.i18n import text

log = logging.getLogger(__name__)

PYUSB_MISSING = text(
    "缺少 pyusb：请安装终端程序的完整版本（declaration-kiosk[terminal]）",
    "pyusb is missing: install the kiosk with its terminal packages (declaration-kiosk[terminal])",
)
LIBUSB_MISSING = text(
    "缺少 libusb：请安装 libusb-1.0-0（apt install libusb-1.0-0），然后重启终端程序",
    "libusb is missing: install libusb-1.0-0 (apt install libusb-1.0-0), then restart the kiosk",
)


class UsbLink:
    """The board's control endpoint; ``send`` takes one 8-byte feature report."""

    def __init__(self, channel: int, timeout: float) -> None:
        self.channel, self.timeout = channel, timeout
        self.name = f"usb hid relay {IDS} relay {channel} (libusb)"
        self._usb: Any = None  # the usb.core module, once imported
        self._device: Any = None

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            import usb.core  # type: ignore[import-untyped]
        except ImportError as exc:
            raise LightNotFound(
                f"{self.name}: pyusb is not installed", advice=PYUSB_MISSING
            ) from exc
        self._usb = usb.core
        try:
            devices = list(usb.core.find(find_all=True, idVendor=VENDOR_ID, idProduct=PRODUCT_ID))
        except usb.core.NoBackendError as exc:  # no libusb-1.0 (nor libusb-0.1, openusb)
            raise LightNotFound(
                f"{self.name}: no libusb backend: {exc}", advice=LIBUSB_MISSING
            ) from exc
        except usb.core.USBError as exc:
            raise LightNotFound(f"{self.name}: cannot list USB devices: {exc}") from exc
        if not devices:
            raise LightNotFound(f"{self.name}: no USB device {IDS}", advice=NOT_FOUND)
        products = [(d, self._product(d)) for d in devices]
        named = [p for p in products if relay_count(p[1]) is not None]
        device, product = (named or products)[0]
        check_channel(self.name, product, self.channel)
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)  # Linux's usbhid holds interface 0
        except NotImplementedError:
            pass  # backends other than libusb1 (Windows, macOS)
        except usb.core.USBError as exc:
            self._release(device)
            raise self._fault(exc, "cannot open") from exc
        self._device = device
        self.name = f"usb hid relay {IDS} relay {self.channel} (libusb, {product or 'unnamed'})"

    def _product(self, device: Any) -> str | None:
        import usb.util  # type: ignore[import-untyped]

        try:
            return str(usb.util.get_string(device, device.iProduct))
        except (self._usb.USBError, ValueError, NotImplementedError):
            return None  # reading it needs the device opened: no permission, or no driver

    def _fault(self, exc: Exception, doing: str) -> LightFault:
        code = getattr(exc, "errno", None)
        if code in (errno.EACCES, errno.EPERM):
            return LightNoPermission(f"{self.name}: {doing}: {exc}", advice=NO_PERMISSION)
        if doing == "cannot open":
            return LightNotFound(f"{self.name}: {doing}: {exc}", advice=NOT_FOUND)
        return LightDisconnected(f"{self.name}: {doing}: {exc}")

    def send(self, data: bytes) -> None:
        if self._device is None:
            raise LightDisconnected(f"{self.name}: the device is not open")
        try:
            # Class request to interface 0: SET_REPORT, feature report (type 3) number 0.
            self._device.ctrl_transfer(
                0x21, 0x09, 0x0300, 0, data, timeout=max(1, round(self.timeout * 1000))
            )
        except self._usb.USBTimeoutError as exc:
            raise LightDisconnected(f"{self.name}: no answer within {self.timeout:g} s") from exc
        except self._usb.USBError as exc:
            raise self._fault(exc, "the feature report failed") from exc

    def _release(self, device: Any) -> None:
        import usb.util

        try:
            usb.util.dispose_resources(device)
        except self._usb.USBError as exc:  # the board already gone
            log.debug("%s: close: %s", self.name, exc)

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            self._release(device)
