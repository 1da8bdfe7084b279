"""The serial backend against the fake reader on a real pty: a card placed, read once,
lifted and placed again; a read error or a damaged answer asks for the card to be lifted
first; silence is a fault within the timeout; a SAM not ready is refused at open."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from devices.id_card.card import IdCard
from devices.id_card.fake_reader import FakeCard, FakeReader, demo_card
from devices.id_card.faults import (
    CardUnreadable,
    LinkGarbled,
    NoAnswer,
    ReaderNotFound,
    ReaderNotReady,
)
from devices.id_card.frames import Command
from devices.id_card.serial_reader import SerialReader
from tests.devices.id_card.conftest import needs_pty

pytestmark = needs_pty

OTHER = FakeCard(name="李四", id_number="110105198506120026", sex="2", nation="03")


@pytest.fixture
def reader(fake: FakeReader) -> Iterator[SerialReader]:
    serial = SerialReader(fake.port, poll_s=0.3, timeout_s=1.0)
    serial.open()
    yield serial
    serial.close()


def next_card(reader: SerialReader, timeout: float = 20.0) -> IdCard:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        card = reader.poll()
        if card is not None:
            return card
    raise AssertionError("no card read")


def test_a_card_placed_is_read_once_then_again_after_lifting(
    fake: FakeReader, reader: SerialReader
) -> None:
    assert reader.poll() is None
    fake.place(demo_card())
    card = next_card(reader)
    assert card.name == "张三" and card.values()["nation"] == "汉"
    assert [reader.poll(), reader.poll()] == [None, None]  # still there: not again
    fake.lift()
    assert reader.poll() is None
    fake.place(OTHER)
    again = next_card(reader)
    assert (again.name, again.sex_name(), again.nation_name()) == ("李四", "女", "回")
    assert fake.count(Command.READ_BASE) == 2


def test_a_read_error_wants_the_card_lifted_and_placed_again(
    fake: FakeReader, reader: SerialReader
) -> None:
    fake.fail_next_read()  # the card moved mid-read: 0x41
    fake.place(demo_card())
    with pytest.raises(CardUnreadable) as raised:
        next_card(reader)
    assert raised.value.reason == "read_failed"
    selects = fake.count(Command.SELECT_CARD)
    assert [reader.poll() for _ in range(3)] == [None, None, None]
    assert fake.count(Command.SELECT_CARD) == selects  # not tried again while it lies there
    fake.lift()
    assert reader.poll() is None
    fake.place(demo_card())
    assert next_card(reader).name == "张三"


def test_a_damaged_read_answer_is_unreadable_and_wants_the_card_lifted(
    fake: FakeReader, reader: SerialReader
) -> None:
    fake.corrupt_next(Command.READ_BASE)
    fake.place(demo_card())
    with pytest.raises(CardUnreadable) as raised:
        next_card(reader)
    assert raised.value.reason == "checksum"
    assert reader.poll() is None
    fake.lift()
    reader.poll()
    fake.place(demo_card())
    assert next_card(reader).name == "张三"


def test_one_damaged_find_answer_is_line_noise(fake: FakeReader, reader: SerialReader) -> None:
    fake.place(demo_card())
    fake.corrupt_next(Command.FIND_CARD)
    assert reader.poll() is None
    assert next_card(reader).name == "张三"


def test_damaged_answer_after_damaged_answer_is_a_garbled_link(
    fake: FakeReader, reader: SerialReader
) -> None:
    for _ in range(5):
        fake.corrupt_next()
    with pytest.raises(LinkGarbled):
        for _ in range(5):
            reader.poll()


def test_a_card_that_does_not_check_out_is_unreadable(
    fake: FakeReader, reader: SerialReader
) -> None:
    fake.place(FakeCard(name="王五", id_number="110101199003070012"))  # wrong check digit
    with pytest.raises(CardUnreadable) as raised:
        next_card(reader)
    assert raised.value.reason == "bad_id_number"
    assert reader.poll() is None  # lift and place again


def test_a_silent_reader_is_no_answer_within_the_timeout(
    fake: FakeReader, reader: SerialReader
) -> None:
    reader.poll()
    fake.silence()
    started = time.monotonic()
    with pytest.raises(NoAnswer):
        reader.poll()
    # 0.3 s for its turn and 1 s of timeout; generous for a busy machine.
    assert time.monotonic() - started < 10


def test_a_reader_whose_sam_is_not_ready_is_refused(fake: FakeReader) -> None:
    fake.set_sam_ready(False)
    serial = SerialReader(fake.port, timeout_s=1.0)
    with pytest.raises(ReaderNotReady):
        serial.open()
    fake.set_sam_ready(True)
    serial.open()
    serial.close()


def test_a_silent_reader_at_open_is_no_answer(fake: FakeReader) -> None:
    fake.silence()
    with pytest.raises(NoAnswer):
        SerialReader(fake.port, timeout_s=0.5).open()


def test_a_port_that_is_not_there_is_not_found() -> None:
    with pytest.raises(ReaderNotFound):
        SerialReader("/dev/no-such-id-card-reader").open()


def test_polls_are_never_closer_than_300_ms(fake: FakeReader) -> None:
    serial = SerialReader(fake.port, poll_s=0.01)
    assert serial.poll_s == 0.3
    with serial:
        started = time.monotonic()
        for _ in range(4):
            serial.poll()
        assert time.monotonic() - started >= 0.9  # three waits of 0.3 s at least
    assert fake.count(Command.FIND_CARD) == 4


def test_close_ends_a_poll_waiting_for_its_turn(fake: FakeReader) -> None:
    import threading

    serial = SerialReader(fake.port, poll_s=30)
    serial.open()
    serial.poll()
    raised: list[BaseException] = []

    def second() -> None:
        try:
            serial.poll()
        except Exception as exc:
            raised.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.05)  # let it start waiting (not needed for correctness)
    serial.close()
    thread.join(timeout=10)
    assert not thread.is_alive() and raised
