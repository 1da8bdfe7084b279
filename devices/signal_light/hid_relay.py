"""The common USB HID relay boards (16c0:05df, "USBRelay1/2/4/8"): ``HidRelay``.

On Linux the board is reached through hidraw: the node whose sysfs ``uevent`` says
``HID_ID=0003:000016C0:000005DF``, switched with the ``HIDIOCSFEATURE`` ioctl, so the
kernel's usbhid driver keeps the board and no libusb is needed. Elsewhere (Windows), or
with ``backend="usb"``, through pyusb (``hid_usb``). The reports themselves are in
``hid_board``.

The node is looked up again at every ``open``: a board plugged back in may come back as
another hidrawN.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from devices.signal_light.faults import LightDisconnected, LightNoPermission, LightNotFound
from devices.signal_light.hid_board import (
    IDS,
    NO_PERMISSION,
    NOT_FOUND,
    check_channel,
    relay_count,
    report,
)
from devices.signal_light.hid_usb import UsbLink
from kiosk.i18n import Text, text

log = logging.getLogger(__name__)

HID_ID = "0003:000016C0:000005DF"  # bus 0003 is USB

# (fd, request, buffer): fcntl.ioctl's shape; tests give a stand-in.
Ioctl = Callable[[int, int, bytes], object]


def node_missing(node: str, path: Path) -> Text:
    """sysfs lists the board's hidraw node but /dev has no file for it."""
    return text(
        f"系统识别到了继电器板（{node}），但设备文件 {path} 不存在：请重新插拔继电器板；"
        "仍不行时请检查 udev 是否在运行",
        f"The system sees the relay board ({node}) but its device file {path} is missing: "
        "unplug the board and plug it in again; if that does not help, check that udev runs",
    )


def hidiocsfeature(length: int) -> int:
    """``HIDIOCSFEATURE(length)``: ``_IOC(_IOC_WRITE|_IOC_READ, 'H', 0x06, length)``."""
    # asm-generic's layout (x86, ARM): dir in bits 30-31 (write 1, read 2), size in
    # 16-29, type in 8-15, number in 0-7. powerpc, mips and sparc differ; no kiosk runs them.
    write, read = 1, 2
    return ((write | read) << 30) | (length << 16) | (ord("H") << 8) | 0x06


def _fcntl_ioctl(fd: int, request: int, buffer: bytes) -> object:
    import fcntl  # POSIX only: imported where hidraw is used, never on Windows

    return fcntl.ioctl(fd, request, buffer)


class HidrawLink:
    """The board through Linux's hidraw: a device node and one ioctl a switch."""

    def __init__(self, channel: int, sysfs_root: Path, dev_root: Path, ioctl: Ioctl) -> None:
        self.channel, self._sysfs, self._dev, self._ioctl = channel, sysfs_root, dev_root, ioctl
        self._fd: int | None = None
        self.name = f"usb hid relay {IDS} relay {channel} (hidraw)"

    def _find(self) -> tuple[str, str]:
        """The first hidraw node with the board's id and its product name, named first."""
        try:
            entries = list((self._sysfs / "class" / "hidraw").iterdir())
        except OSError:
            entries = []  # no HID device at all, or no hidraw support in the kernel
        entries.sort(key=lambda p: (len(p.name), p.name))  # hidraw2 before hidraw10
        matches: list[tuple[str, str]] = []
        for entry in entries:
            try:
                uevent = (entry / "device" / "uevent").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue  # unplugged while listing
            fields = dict(line.partition("=")[::2] for line in uevent.splitlines())
            if fields.get("HID_ID", "").upper() == HID_ID:
                matches.append((entry.name, fields.get("HID_NAME", "")))
        named = [m for m in matches if relay_count(m[1]) is not None]
        if not matches:
            raise LightNotFound(
                f"{self.name}: no hidraw device with HID_ID={HID_ID} under {self._sysfs}",
                advice=NOT_FOUND,
            )
        return (named or matches)[0]

    def open(self) -> None:
        if self._fd is not None:
            return
        node, product = self._find()
        check_channel(self.name, product, self.channel)
        path = self._dev / node
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError as exc:
            raise LightNotFound(
                f"{self.name}: {path} is missing although sysfs lists {node}",
                advice=node_missing(node, path),
            ) from exc
        except PermissionError as exc:
            raise LightNoPermission(
                f"{self.name}: cannot open {path}: {exc}", advice=NO_PERMISSION
            ) from exc
        except OSError as exc:
            raise LightNotFound(
                f"{self.name}: cannot open {path}: {exc}", advice=NOT_FOUND
            ) from exc
        self._fd = fd
        self.name = f"usb hid relay {IDS} relay {self.channel} ({path}, {product or 'unnamed'})"

    def send(self, data: bytes) -> None:
        if self._fd is None:
            raise LightDisconnected(f"{self.name}: the device is not open")
        buffer = b"\x00" + data  # the report number first: these boards number none (0)
        try:
            self._ioctl(self._fd, hidiocsfeature(len(buffer)), buffer)
        except OSError as exc:  # ENODEV, EPIPE, EIO once the board is pulled out
            raise LightDisconnected(f"{self.name}: the feature report failed: {exc}") from exc

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError as exc:  # a node already gone: nothing is left to release
                log.debug("%s: close: %s", self.name, exc)


class HidRelay:
    """One relay (``channel`` 1-8) of a USBRelay board: hidraw on Linux, else pyusb.

    ``sysfs_root``, ``dev_root`` and ``ioctl`` concern hidraw only (tests give a fake
    tree and a stand-in); ``timeout`` concerns pyusb only (hidraw's ioctl is bounded by
    the kernel's USB control timeout).
    """

    def __init__(
        self,
        channel: int = 1,
        *,
        backend: Literal["auto", "hidraw", "usb"] = "auto",
        sysfs_root: Path = Path("/sys"),
        dev_root: Path = Path("/dev"),
        ioctl: Ioctl | None = None,
        timeout: float = 1.0,
    ) -> None:
        if not 1 <= channel <= 8:
            raise ValueError(f"a USBRelay board has relays 1 to 8, not {channel}")
        if backend == "auto":
            backend = "hidraw" if sys.platform.startswith("linux") else "usb"
        self.channel = channel
        self._link: HidrawLink | UsbLink = (
            HidrawLink(channel, sysfs_root, dev_root, ioctl or _fcntl_ioctl)
            if backend == "hidraw"
            else UsbLink(channel, timeout)
        )

    @property
    def name(self) -> str:
        return self._link.name

    def open(self) -> None:
        self._link.open()

    def set(self, on: bool) -> None:
        self._link.send(report(self.channel, on))

    def close(self) -> None:
        self._link.close()
