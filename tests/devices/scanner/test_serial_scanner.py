"""SerialScanner against a fake scanner on a real pty: line ends, faults, unplugging."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.scanner.fake import FakeSerialScanner
from devices.scanner.serial_scanner import LineSplitter, SerialScanner
from devices.scanner.status import MAX_CODE_CHARS, TOO_LONG, UNDECODABLE
from tests.devices.scanner.conftest import Recorder

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals")


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeSerialScanner]:
    device = FakeSerialScanner(link=tmp_path / "ttyACM0")
    yield device
    device.close()


@pytest.fixture
def scanner(fake: FakeSerialScanner, recorder: Recorder) -> Iterator[SerialScanner]:
    s = SerialScanner(
        fake.port, on_code=recorder.on_code, on_status=recorder.on_status, retry_s=0.05
    )
    s.start()
    assert recorder.state() == "ready"
    yield s
    s.close()


def test_codes_end_in_cr_lf_or_crlf(
    fake: FakeSerialScanner, scanner: SerialScanner, recorder: Recorder
) -> None:
    fake.scan("https://zwfw.jkq.gov.cn/progress?ref=20261126-07-0012", end=b"\r\n")
    fake.scan("KIOSK-ENROL:ABCD2345", end=b"\r")
    fake.scan("6901234567892", end=b"\n")
    fake.scan("扫码 UTF-8", end=b"\r")
    assert [recorder.code() for _ in range(4)] == [
        "https://zwfw.jkq.gov.cn/progress?ref=20261126-07-0012",
        "KIOSK-ENROL:ABCD2345",
        "6901234567892",
        "扫码 UTF-8",
    ]
    assert recorder.statuses.empty()  # an empty line between CR and LF is no code


def test_garbage_and_an_over_long_code_are_faults_and_reading_goes_on(
    fake: FakeSerialScanner, scanner: SerialScanner, recorder: Recorder
) -> None:
    fake.garbage()
    status = recorder.status()
    assert (status.state, status.detail) == ("fault", UNDECODABLE)
    fake.over_long()
    status = recorder.status()
    assert (status.state, status.detail) == ("fault", TOO_LONG.format(limit=MAX_CODE_CHARS))
    assert "2048" in status.detail.zh and "2048" in status.detail.en
    fake.scan("20261126")
    assert recorder.code() == "20261126"
    assert recorder.state() == "ready"  # it reads again
    assert scanner.status is not None and scanner.status.state == "ready"


def test_a_callback_that_raises_does_not_end_the_thread(
    fake: FakeSerialScanner, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(code: str) -> None:
        calls.append(code)
        if len(calls) == 1:
            raise RuntimeError("a bug in the kiosk")
        recorder.on_code(code)

    s = SerialScanner(fake.port, on_code=broken, on_status=recorder.on_status)
    s.start()
    try:
        assert recorder.state() == "ready"
        fake.scan("first")
        fake.scan("second")
        assert recorder.code() == "second"
        assert "handing over a code" in caplog.text
    finally:
        s.close()


def test_unplugged_is_disconnected_and_found_again_when_plugged_back(
    fake: FakeSerialScanner, scanner: SerialScanner, recorder: Recorder
) -> None:
    fake.unplug()
    status = recorder.status()
    assert status.state == "disconnected"
    assert "ttyACM0" in status.detail.en and "ttyACM0" in status.detail.zh
    fake.plug_in()  # the same port path, a new pty behind it
    assert recorder.state() == "ready"
    fake.scan("back again")
    assert recorder.code() == "back again"


def test_a_port_missing_at_start_is_retried_until_it_appears(
    tmp_path: Path, recorder: Recorder
) -> None:
    port = tmp_path / "ttyUSB0"
    s = SerialScanner(
        str(port), on_code=recorder.on_code, on_status=recorder.on_status, retry_s=0.05
    )
    s.start()
    fake: FakeSerialScanner | None = None
    try:
        assert recorder.state() == "disconnected"
        fake = FakeSerialScanner(link=port)
        assert recorder.state() == "ready"  # one "disconnected" for all the retries
        fake.scan("found")
        assert recorder.code() == "found"
    finally:
        s.close()
        if fake is not None:
            fake.close()
    assert recorder.state() == "stopped"


def test_close_ends_the_thread_and_says_stopped(
    fake: FakeSerialScanner, recorder: Recorder
) -> None:
    s = SerialScanner(fake.port, on_code=recorder.on_code, on_status=recorder.on_status)
    s.start()
    assert recorder.state() == "ready"
    s.close()
    assert recorder.state() == "stopped"
    assert not [t for t in threading.enumerate() if t.name == s.name]
    s.close()  # twice is harmless


def test_close_while_disconnected_does_not_wait_for_the_retry(
    tmp_path: Path, recorder: Recorder
) -> None:
    s = SerialScanner(
        str(tmp_path / "absent"), on_code=recorder.on_code, on_status=recorder.on_status
    )  # retry_s: the default 3 s
    s.start()
    assert recorder.state() == "disconnected"
    s.close()
    assert recorder.state() == "stopped"


class TestLineSplitter:
    def test_lines_cut_across_reads(self) -> None:
        lines = LineSplitter(64)
        assert lines.feed(b"abc") == []
        assert lines.feed(b"def\r") == [b"abcdef"]
        assert lines.feed(b"\nghi\n\n\rjkl\r\n") == [b"ghi", b"jkl"]

    def test_a_long_line_is_dropped_once_and_memory_stays_bounded(self) -> None:
        lines = LineSplitter(8)
        assert lines.feed(b"123456789") == [None]
        for _ in range(1000):
            assert lines.feed(b"x" * 100) == []
        assert len(lines._line) <= 8
        assert lines.feed(b"tail\rok\r") == [b"ok"]

    def test_exactly_the_bound_is_kept(self) -> None:
        assert LineSplitter(4).feed(b"1234\n12345\n") == [b"1234", None]
