"""EvdevScanner reading input_event records from a FIFO: shift, Enter, faults, the grab."""

from __future__ import annotations

import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.scanner.evdev_scanner import EVENT, GRAB_FAILED, READY_SHARED, EvdevScanner
from devices.scanner.fake_evdev import FakeEvdevScanner, event, key_events, typed
from devices.scanner.keymap import EV_KEY, KEY_CAPSLOCK, KEY_ENTER, PRESS, RELEASE, UNKNOWN_KEY
from devices.scanner.status import TOO_LONG
from tests.devices.scanner.conftest import Recorder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="evdev is Linux's")

CODE = "https://zwfw.jkq.gov.cn/appointment?code=ABCD2345&Lang=zh_CN-x.y"


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeEvdevScanner]:
    device = FakeEvdevScanner(tmp_path / "event7")
    yield device
    device.close()


def start(
    fake: FakeEvdevScanner, recorder: Recorder, *, grab: bool = True, max_chars: int = 2048
) -> EvdevScanner:
    s = EvdevScanner(
        str(fake.path),
        grab=grab,
        on_code=recorder.on_code,
        on_status=recorder.on_status,
        retry_s=0.05,
        max_chars=max_chars,
    )
    s.start()
    return s


@pytest.fixture
def scanner(fake: FakeEvdevScanner, recorder: Recorder) -> Iterator[EvdevScanner]:
    s = start(fake, recorder, grab=False)
    status = recorder.status()
    assert (status.state, status.detail) == ("ready", READY_SHARED)
    yield s
    s.close()


def test_the_record_is_24_bytes_on_64_bit_linux() -> None:
    if struct.calcsize("l") == 8:
        assert EVENT.size == 24


def test_a_code_with_shift_and_symbols_ends_at_enter(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    fake.scan(CODE)
    assert recorder.code() == CODE
    fake.scan("6901234567892")
    assert recorder.code() == "6901234567892"


def test_the_keypad_and_caps_lock(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    keypad_one_two_dot, keypad_enter = [79, 80, 83], 96
    fake.send(b"".join(key_events(code) for code in keypad_one_two_dot))
    fake.send(key_events(keypad_enter))
    assert recorder.code() == "12."
    fake.send(key_events(KEY_CAPSLOCK) + typed("abC", enter=False) + key_events(KEY_CAPSLOCK))
    fake.scan("d")
    assert recorder.code() == "ABcd"


def test_a_record_split_across_writes_is_read_whole(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    data = typed("Split:1")
    fake.send(data[:30])
    fake.send(data[30:31])
    fake.send(data[31:])
    assert recorder.code() == "Split:1"


def test_repeats_and_other_event_types_type_nothing(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    msc_scan = event(4, 4, 0x70004)  # EV_MSC MSC_SCAN, which HID keyboards send
    fake.send(msc_scan + event(EV_KEY, 30, PRESS) + event(EV_KEY, 30, 2) + event(EV_KEY, 30, 2))
    fake.send(event(EV_KEY, 30, RELEASE) + key_events(KEY_ENTER))
    assert recorder.code() == "a"


def test_an_unknown_key_drops_its_code_and_reading_goes_on(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    f1 = 59
    fake.send(typed("12", enter=False) + key_events(f1) + typed("34"))
    status = recorder.status()
    assert (status.state, status.detail) == ("fault", UNKNOWN_KEY.format(code=f1))
    fake.scan("next")
    assert recorder.code() == "next"
    assert recorder.state() == "ready"
    assert recorder.codes.empty()  # "1234" never came


def test_a_key_with_ctrl_held_is_no_character(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    left_ctrl = 29
    fake.send(event(EV_KEY, left_ctrl, PRESS) + key_events(30) + event(EV_KEY, left_ctrl, RELEASE))
    fake.send(key_events(KEY_ENTER))
    assert recorder.state() == "fault"


def test_an_over_long_code_is_dropped_with_a_fault(
    fake: FakeEvdevScanner, recorder: Recorder
) -> None:
    s = start(fake, recorder, grab=False, max_chars=32)
    try:
        assert recorder.state() == "ready"
        fake.scan("9" * 33)
        status = recorder.status()
        assert (status.state, status.detail) == ("fault", TOO_LONG.format(limit=32))
        fake.scan("9" * 32)
        assert recorder.code() == "9" * 32
    finally:
        s.close()


def test_a_grab_that_fails_is_a_fault_and_reading_goes_on(
    fake: FakeEvdevScanner, recorder: Recorder
) -> None:
    s = start(fake, recorder)  # grab=True, the default: a FIFO cannot be grabbed
    try:
        status = recorder.status()
        assert status.state == "fault"
        assert status.detail.en.startswith(GRAB_FAILED.en.split("{")[0])
        assert str(fake.path) in status.detail.zh
        fake.scan("still:read")
        assert recorder.code() == "still:read"
        assert recorder.statuses.empty()  # the grab's fault stands: it is no passing one
    finally:
        s.close()


def test_unplugged_is_disconnected_and_found_again(
    fake: FakeEvdevScanner, scanner: EvdevScanner, recorder: Recorder
) -> None:
    fake.unplug()
    status = recorder.status()
    assert status.state == "disconnected" and "event7" in status.detail.en
    fake.plug_in()
    assert recorder.state() == "ready"
    fake.scan("again")
    assert recorder.code() == "again"


def test_a_missing_device_is_disconnected_and_close_says_stopped(
    tmp_path: Path, recorder: Recorder
) -> None:
    s = EvdevScanner(
        str(tmp_path / "event9"), grab=True, on_code=recorder.on_code, on_status=recorder.on_status
    )
    s.start()
    assert recorder.state() == "disconnected"
    s.close()
    assert recorder.state() == "stopped"
