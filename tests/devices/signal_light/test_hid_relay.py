"""The USBRelay board through hidraw (a fake sysfs tree, an ioctl stand-in) and pyusb
(usb.core.find replaced by one fake board)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devices.signal_light import hid_usb
from devices.signal_light.faults import LightDisconnected, LightNoPermission, LightNotFound
from devices.signal_light.hid_board import NOT_FOUND, relay_count, report
from devices.signal_light.hid_relay import HidRelay, hidiocsfeature

RELAY_ID = "0003:000016C0:000005DF"
MOUSE_ID = "0003:0000046D:0000C52B"


class Ioctls:
    """The ioctl stand-in: records (fd, request, buffer), or fails with ``error``."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, bytes]] = []
        self.error: OSError | None = None

    def __call__(self, fd: int, request: int, buffer: bytes) -> object:
        if self.error is not None:
            raise self.error
        self.calls.append((fd, request, buffer))
        return len(buffer)


def board(root: Path, node: str, hid_id: str, name: str, *, dev: bool = True) -> None:
    device = root / "sys" / "class" / "hidraw" / node / "device"
    device.mkdir(parents=True)
    (device / "uevent").write_text(
        f"DRIVER=hid-generic\nHID_ID={hid_id}\nHID_NAME={name}\nHID_PHYS=usb-0000:00:14.0-2/input0\n"
    )
    if dev:
        (root / "dev").mkdir(exist_ok=True)
        (root / "dev" / node).write_bytes(b"")


def relay(root: Path, ioctl: Ioctls, channel: int = 1) -> HidRelay:
    return HidRelay(
        channel, backend="hidraw", sysfs_root=root / "sys", dev_root=root / "dev", ioctl=ioctl
    )


def test_the_reports_and_the_ioctl_number() -> None:
    assert report(1, True) == bytes([0xFF, 1, 0, 0, 0, 0, 0, 0])
    assert report(2, False) == bytes([0xFD, 2, 0, 0, 0, 0, 0, 0])
    # HIDIOCSFEATURE(9) as <linux/hidraw.h> computes it on x86 and ARM.
    assert hidiocsfeature(9) == 0xC0094806
    assert relay_count("www.dcttech.com USBRelay2") == 2
    assert relay_count("Some other V-USB gadget") is None


def test_hidraw_finds_the_board_among_other_hid_devices_and_switches_it(tmp_path: Path) -> None:
    board(tmp_path, "hidraw0", MOUSE_ID, "Logitech USB Receiver")
    board(tmp_path, "hidraw1", RELAY_ID, "www.dcttech.com USBRelay2")
    ioctl = Ioctls()
    light = relay(tmp_path, ioctl, channel=2)
    light.open()
    assert "hidraw1" in light.name and "USBRelay2" in light.name
    light.set(True)
    light.set(False)
    requests = {request for _, request, _ in ioctl.calls}
    assert requests == {hidiocsfeature(9)}
    assert [buffer for _, _, buffer in ioctl.calls] == [
        b"\x00" + bytes([0xFF, 2, 0, 0, 0, 0, 0, 0]),  # report number 0, then the report
        b"\x00" + bytes([0xFD, 2, 0, 0, 0, 0, 0, 0]),
    ]
    light.close()
    light.close()  # twice does nothing


def test_hidraw_prefers_a_usbrelay_board_to_another_gadget_with_the_shared_id(
    tmp_path: Path,
) -> None:
    board(tmp_path, "hidraw2", RELAY_ID, "obdev.at Some V-USB gadget")
    board(tmp_path, "hidraw10", RELAY_ID, "www.dcttech.com USBRelay1")
    light = relay(tmp_path, Ioctls())
    light.open()
    assert "hidraw10" in light.name
    light.close()


def test_no_board_is_not_found_with_advice(tmp_path: Path) -> None:
    board(tmp_path, "hidraw0", MOUSE_ID, "Logitech USB Receiver")
    with pytest.raises(LightNotFound) as caught:
        relay(tmp_path, Ioctls()).open()
    assert caught.value.advice == NOT_FOUND
    with pytest.raises(LightNotFound):  # no hidraw class at all
        relay(tmp_path / "elsewhere", Ioctls()).open()


def test_a_missing_device_node_is_a_clear_fault(tmp_path: Path) -> None:
    board(tmp_path, "hidraw3", RELAY_ID, "www.dcttech.com USBRelay1", dev=False)
    with pytest.raises(LightNotFound) as caught:
        relay(tmp_path, Ioctls()).open()
    fault = caught.value
    assert "hidraw3" in fault.technician and "missing" in fault.technician
    assert str(tmp_path / "dev" / "hidraw3") in fault.advice.zh
    assert str(tmp_path / "dev" / "hidraw3") in fault.advice.en
    assert "udev" in fault.advice.en


def test_a_relay_beyond_the_board_is_refused(tmp_path: Path) -> None:
    board(tmp_path, "hidraw0", RELAY_ID, "www.dcttech.com USBRelay2")
    with pytest.raises(LightNotFound) as caught:
        relay(tmp_path, Ioctls(), channel=4).open()
    assert "2" in caught.value.advice.en and "4" in caught.value.advice.en
    with pytest.raises(ValueError):
        HidRelay(9)


def test_a_node_the_kiosk_may_not_open_says_udev(tmp_path: Path) -> None:
    board(tmp_path, "hidraw0", RELAY_ID, "www.dcttech.com USBRelay1")
    (tmp_path / "dev" / "hidraw0").chmod(0)
    try:
        light = relay(tmp_path, Ioctls())
        try:
            light.open()
        except LightNoPermission as fault:
            assert "udev" in fault.advice.en
        else:  # running as root: permissions do not apply
            light.close()
    finally:
        (tmp_path / "dev" / "hidraw0").chmod(0o600)


def test_an_unplugged_board_is_disconnected_and_reopens(tmp_path: Path) -> None:
    board(tmp_path, "hidraw0", RELAY_ID, "www.dcttech.com USBRelay1")
    ioctl = Ioctls()
    light = relay(tmp_path, ioctl)
    light.open()
    ioctl.error = OSError(19, "No such device")
    with pytest.raises(LightDisconnected):
        light.set(True)
    light.close()
    ioctl.error = None
    light.open()
    light.set(True)
    assert ioctl.calls[-1][2][1] == 0xFF
    light.close()
    with pytest.raises(LightDisconnected):  # a closed relay is not switched
        light.set(False)


class FakeUsbBoard:
    """What pyusb's Device offers that the link uses."""

    iProduct = 2

    def __init__(self) -> None:
        self.transfers: list[tuple[Any, ...]] = []
        self.detached = False

    def is_kernel_driver_active(self, interface: int) -> bool:
        return not self.detached

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached = True

    def ctrl_transfer(self, *args: Any, timeout: int) -> int:
        self.transfers.append(args)
        return len(args[4])


def test_pyusb_sends_set_report_feature_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    import usb.core  # type: ignore[import-untyped]
    import usb.util  # type: ignore[import-untyped]

    device = FakeUsbBoard()
    monkeypatch.setattr(usb.core, "find", lambda **_: iter([device]))
    monkeypatch.setattr(usb.util, "get_string", lambda d, i: "USBRelay2")
    monkeypatch.setattr(usb.util, "dispose_resources", lambda d: None)
    light = HidRelay(2, backend="usb")
    light.open()
    assert device.detached  # usbhid let go of interface 0
    light.set(True)
    light.set(False)
    assert device.transfers == [
        (0x21, 0x09, 0x0300, 0, bytes([0xFF, 2, 0, 0, 0, 0, 0, 0])),
        (0x21, 0x09, 0x0300, 0, bytes([0xFD, 2, 0, 0, 0, 0, 0, 0])),
    ]
    light.close()


def test_pyusb_without_a_libusb_backend_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import usb.core

    def no_backend(**_: Any) -> Any:
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    with pytest.raises(LightNotFound) as caught:
        HidRelay(backend="usb").open()
    assert caught.value.advice == hid_usb.LIBUSB_MISSING
    monkeypatch.setattr(usb.core, "find", lambda **_: iter([]))
    with pytest.raises(LightNotFound) as caught:
        HidRelay(backend="usb").open()
    assert caught.value.advice == NOT_FOUND
