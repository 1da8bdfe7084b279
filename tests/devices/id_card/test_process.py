"""The reader's own process, end to end: the kiosk side (CardReaderProcess) runs the
worker against the fake reader on a pty; the child killed mid-read, hanging, crashing,
refusing its settings or writing a runaway line; close() leaves no thread and no child."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.id_card.card import IdCard
from devices.id_card.fake_reader import FakeCard, FakeReader, demo_card
from devices.id_card.faults import LIFT_AND_PLACE_AGAIN
from devices.id_card.process import (
    CardReaderProcess,
    ReaderSettings,
    ReaderState,
    ReaderStatus,
    status_text,
    worker_command,
)
from kiosk.i18n import Text
from tests.devices.id_card.conftest import needs_pty
from tests.devices.id_card.waiting import wait_until

pytestmark = needs_pty
ROOT = Path(__file__).parents[3]
OTHER = FakeCard(name="李四", id_number="110105198506120026", sex="2")
Make = Callable[..., CardReaderProcess]  # settings, then CardReaderProcess's options


class Heard:
    """What the process's callbacks were given (they run on its own thread)."""

    def __init__(self) -> None:
        self.cards: list[IdCard] = []
        self.unreadable: list[Text] = []
        self.statuses: list[ReaderStatus] = []
        self.threads: set[str] = set()

    def card(self, card: IdCard) -> None:
        self.threads.add(threading.current_thread().name)
        self.cards.append(card)

    def status(self, status: ReaderStatus) -> None:
        self.threads.add(threading.current_thread().name)
        self.statuses.append(status)

    def states(self) -> list[ReaderState]:
        return [s.state for s in self.statuses]


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def make(heard: Heard) -> Iterator[Make]:
    made: list[CardReaderProcess] = []

    def make(settings: ReaderSettings, **options: object) -> CardReaderProcess:
        process = CardReaderProcess(
            settings,
            on_card=heard.card,
            on_unreadable=heard.unreadable.append,
            on_status=heard.status,
            restart_backoff_s=(0.2, 0.5),
            **options,  # type: ignore[arg-type]  # the tests pass what the class takes
        )
        made.append(process)
        return process

    yield make
    pids = [p.pid for p in made]
    for process in made:
        process.close()
        assert process.status.state is ReaderState.STOPPED
    assert not [t for t in threading.enumerate() if t.name.startswith("id-card-reader")]
    assert all(pid is None for pid in pids) or all(gone(pid) for pid in pids if pid)


def serial(fake: FakeReader) -> ReaderSettings:
    return ReaderSettings(backend="serial", port=fake.port, poll_s=0.3)


def test_a_card_arrives_at_on_card(fake: FakeReader, heard: Heard, make: Make) -> None:
    process = make(serial(fake))
    process.start()
    wait_until(lambda: process.status.state is ReaderState.READY)
    fake.place(demo_card())
    wait_until(lambda: heard.cards)
    (card,) = heard.cards
    assert card.values()["name"] == "张三" and card.values()["sex"] == "男"
    assert heard.states()[:2] == [ReaderState.STARTING, ReaderState.READY]
    assert heard.threads == {"id-card-reader"}  # the process's own thread
    assert "ready" in process.status_text().en and fake.port in process.status_text().zh
    fake.fail_next_read()
    fake.lift()
    wait_until(lambda: fake.count((0x20, 0x01)) > 8)  # lifted: seen
    fake.place(OTHER)
    wait_until(lambda: heard.unreadable)
    assert heard.unreadable == [LIFT_AND_PLACE_AGAIN]
    fake.lift()
    wait_until(lambda: fake.count((0x20, 0x01)) > 16)
    fake.place(OTHER)
    wait_until(lambda: len(heard.cards) == 2)
    assert heard.cards[1].name == "李四"


def test_no_reader_and_a_sam_not_ready_are_the_technicians_to_see(
    fake: FakeReader, heard: Heard, make: Make
) -> None:
    missing = make(ReaderSettings(port="/dev/no-such-id-card-reader"))
    missing.start()
    wait_until(lambda: missing.status.state is ReaderState.NO_READER)
    assert missing.status_text().zh == "读卡器未连接（/dev/no-such-id-card-reader）"
    assert missing.status_text().en == "ID card reader not connected (/dev/no-such-id-card-reader)"
    fake.set_sam_ready(False)
    unready = make(serial(fake))
    unready.start()
    wait_until(lambda: unready.status.state is ReaderState.FAULT)
    assert unready.status.detail == "sam_not_ready"
    assert "安全模块" in unready.status_text().zh
    fake.set_sam_ready(True)
    wait_until(lambda: unready.status.state is ReaderState.READY)  # opened again later
    assert unready.restarts == 0


def test_the_child_killed_mid_read_is_restarted_and_the_next_card_read(
    fake: FakeReader, heard: Heard, make: Make
) -> None:
    process = make(serial(fake))
    process.start()
    wait_until(lambda: process.status.state is ReaderState.READY)
    fake.hold_reads()
    fake.place(demo_card())
    wait_until(fake.held.is_set)  # the child waits for the read's answer
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: process.status.state is ReaderState.RESTARTING)
    fake.hold_reads(False)
    wait_until(lambda: process.status.state is ReaderState.READY)
    assert process.restarts == 1 and gone(pid) and process.pid != pid
    assert "SIGKILL" in process.status.last_fault
    states = heard.states()
    assert states.index(ReaderState.RESTARTING) < len(states) - 1 - states[::-1].index(
        ReaderState.READY
    )
    assert "restart 1" in status_text(heard.statuses[states.index(ReaderState.RESTARTING)], "x").en
    wait_until(lambda: heard.cards)  # the new child reads the card still lying there
    fake.lift()
    wait_until(lambda: fake.count((0x20, 0x01)) > fake.count((0x30, 0x01)) + 4)
    fake.place(OTHER)
    wait_until(lambda: len(heard.cards) == 2)
    assert [c.name for c in heard.cards] == ["张三", "李四"]


HANGS = "import time; print('{\"alive\": 1}', flush=True); time.sleep(600)"


def test_a_child_that_stops_sending_alive_is_killed_and_restarted(heard: Heard, make: Make) -> None:
    process = make(
        ReaderSettings(backend="fake"),
        command=[sys.executable, "-c", HANGS],
        alive_timeout_s=1.0,
    )
    process.start()
    wait_until(lambda: process.pid is not None)
    first = process.pid
    assert first is not None
    wait_until(lambda: process.restarts >= 1)
    assert "heartbeat" in process.status.last_fault
    wait_until(lambda: gone(first))
    wait_until(lambda: process.restarts >= 2)  # and again, after its backoff


def test_a_child_that_crashes_is_restarted_with_backoff(heard: Heard, make: Make) -> None:
    process = make(
        ReaderSettings(backend="fake"), command=[sys.executable, "-c", "raise SystemExit(3)"]
    )
    process.start()
    wait_until(lambda: process.restarts >= 3)
    assert process.status.last_fault == "exited with status 3"
    assert ReaderState.RESTARTING in heard.states()


def test_a_child_refusing_its_settings_is_not_restarted(heard: Heard, make: Make) -> None:
    command = [sys.executable, "-m", "devices.id_card.worker", "{not json"]
    process = make(ReaderSettings(backend="fake"), command=command)
    process.start()
    wait_until(lambda: process.status.state is ReaderState.FAULT)
    assert process.status.detail == "bad_settings" and process.restarts == 0
    wait_until(lambda: process.pid is None)


RUNAWAY = (
    "import sys, time\n"
    "sys.stdout.write('x' * 300000); sys.stdout.write('\\n')\n"
    'sys.stdout.write(\'{"state": "ready", "detail": ""}\\n\'); sys.stdout.flush()\n'
    "while True:\n"
    "    print('{\"alive\": 1}', flush=True); time.sleep(0.2)\n"
)


def test_a_runaway_line_is_skipped_and_the_child_still_heard(heard: Heard, make: Make) -> None:
    process = make(ReaderSettings(backend="fake"), command=[sys.executable, "-c", RUNAWAY])
    process.start()
    wait_until(lambda: process.status.state is ReaderState.READY)
    assert process.restarts == 0


def test_close_leaves_no_thread_and_no_child(fake: FakeReader, make: Make) -> None:
    process = make(serial(fake))
    process.start()
    wait_until(lambda: process.status.state is ReaderState.READY)
    pid = process.pid
    assert pid is not None
    process.close()
    assert gone(pid) and process.pid is None
    assert not [t for t in threading.enumerate() if t.name.startswith("id-card-reader")]
    process.close()  # twice is fine
    process.start()  # and it stays closed
    assert process.pid is None


def test_the_fake_backend_in_the_worker_speaks_the_pipes_protocol() -> None:
    settings = ReaderSettings(backend="fake", poll_s=0.3)
    child = subprocess.Popen(
        worker_command(settings), stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT
    )
    assert child.stdin is not None and child.stdout is not None

    def next_event(key: str, within: int = 100) -> dict[str, object]:
        """The next event with `key`, among the next `within` (a heartbeat each cycle)."""
        assert child.stdout is not None
        for _ in range(within):
            line = child.stdout.readline()
            assert line, f"the worker ended before a {key!r}"
            event = json.loads(line)  # every line is one JSON event
            if key in event:
                return dict(event)
        raise AssertionError(f"no {key!r} within {within} events")

    try:
        assert next_event("alive") == {"alive": 1}
        assert next_event("state") == {"state": "ready", "detail": ""}
        card = next_event("card")["card"]
        assert isinstance(card, dict) and card["name"] == "张三" and card["kind"] == "resident"
        assert IdCard.from_wire(card).id_number == "110101199003070011"
        child.stdin.write(b'{"do": "lift"}\n')
        child.stdin.flush()
        next_event("alive"), next_event("alive"), next_event("alive")  # "no card" seen
        child.stdin.write(b'{"do": "place"}\n')
        child.stdin.flush()
        assert next_event("card")["card"] == card
        child.stdin.write(b'{"do": "stop"}\n')
        child.stdin.flush()
        assert child.wait(timeout=20) == 0
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()


def test_the_bundles_command_runs_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = ReaderSettings(backend="fake")
    assert worker_command(settings)[1:3] == ["-m", "devices.id_card.worker"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    command = worker_command(settings)
    assert command[:2] == [sys.executable, "--id-card-reader"]
    assert ReaderSettings.from_json(command[2]) == settings
    # What the bundle's executable does with it: kiosk/__main__.py's branch.
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--id-card-reader", "{not json"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 2
    assert json.loads(out.stdout) == {"state": "fault", "detail": "bad_settings"}


@pytest.mark.parametrize(
    "settings",
    [
        '{"backend": "serial"}',
        '{"backend": "vendor"}',
        '{"backend": "usb", "port": "x"}',
        '{"backend": "fake", "poll_s": 0.1}',
        '{"backend": "fake", "baud": "fast"}',
        '{"backend": "fake", "colour": "red"}',
        "[1, 2]",
        "[" * 100_000,
    ],
)
def test_bad_settings_are_refused(settings: str) -> None:
    with pytest.raises(ValueError):
        ReaderSettings.from_json(settings)
