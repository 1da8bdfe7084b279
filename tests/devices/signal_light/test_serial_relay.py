"""The LCUS-1 style serial relay against a pseudo-terminal: the bytes read back from the
pty's other end are the board's frames."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Iterator

import pytest

from devices.signal_light.faults import LightDisconnected, LightNotFound
from devices.signal_light.serial_relay import SerialRelay, frame


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    """The pty's controlling end and its port's path."""
    controller, port = os.openpty()
    try:
        yield controller, os.ttyname(port)
    finally:
        os.close(port)
        os.close(controller)


def read_back(fd: int, n: int, timeout: float = 10.0) -> bytes:
    data = b""
    end = time.monotonic() + timeout
    while len(data) < n and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            data += os.read(fd, n - len(data))
    return data


def test_the_frames() -> None:
    assert frame(1, True) == bytes([0xA0, 0x01, 0x01, 0xA2])
    assert frame(1, False) == bytes([0xA0, 0x01, 0x00, 0xA1])
    assert frame(2, True) == bytes([0xA0, 0x02, 0x01, 0xA3])
    assert frame(0x60, True) == bytes([0xA0, 0x60, 0x01, 0x01])  # the checksum wraps


def test_on_and_off_reach_the_port(pty: tuple[int, str]) -> None:
    controller, port = pty
    relay = SerialRelay(port)
    assert port in relay.name
    relay.open()
    relay.open()  # opening twice does nothing
    relay.set(True)
    assert read_back(controller, 4) == bytes.fromhex("A0 01 01 A2")
    relay.set(False)
    assert read_back(controller, 4) == bytes.fromhex("A0 01 00 A1")
    relay.close()
    relay.close()


def test_another_channel(pty: tuple[int, str]) -> None:
    controller, port = pty
    relay = SerialRelay(port, channel=2)
    relay.open()
    relay.set(True)
    assert read_back(controller, 4) == bytes.fromhex("A0 02 01 A3")
    relay.close()


def test_a_missing_port_is_not_found_with_its_name(tmp_path: object) -> None:
    relay = SerialRelay("/dev/ttyUSB-no-such-port")
    with pytest.raises(LightNotFound) as caught:
        relay.open()
    assert "/dev/ttyUSB-no-such-port" in caught.value.advice.zh
    assert "/dev/ttyUSB-no-such-port" in caught.value.advice.en
    with pytest.raises(LightDisconnected):  # never opened
        relay.set(True)


def test_a_bad_channel_is_refused() -> None:
    with pytest.raises(ValueError):
        SerialRelay("/dev/ttyUSB0", channel=0)
