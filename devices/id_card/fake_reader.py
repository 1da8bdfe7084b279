"""A fake GA/T 467 reader on a pseudo-terminal: real frames, cards placed and lifted, faults.

`FakeReader()` opens a pty; its slave's path (`port`) is what the serial backend opens,
in this process or in the worker's. A thread the fake owns answers the requests as a
reader does, until `close()`. Cards are placed and lifted (`place`, `lift`); faults are
asked for: a read that fails once (the card moved mid-read), one damaged answer, silence,
a security module (SAM) that is not ready, a read held unanswered (to kill the worker
while it waits).

`FakeCard` builds a real 256-byte text block from its fields (`text_block`, shared with
the tests); `demo_card()` is the demo's made-up applicant. POSIX only (pty).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from devices.id_card.card import CardKind
from devices.id_card.frames import (
    Command,
    FrameError,
    Request,
    RequestReader,
    Status,
    build_answer,
    read_payload,
)
from devices.id_card.text_block import BLOCK_LENGTH, LAYOUTS, TYPE_CHARS, TYPE_OFFSET

_PHOTO: Final = bytes(1024)  # a photo's place: the fake has no photo
_FINGERPRINT: Final = bytes(1024)
_WRITE_TIMEOUT_S: Final = 1.0


def text_block(fields: Mapping[str, str], kind: CardKind = CardKind.RESIDENT) -> bytes:
    """A text block with `fields` (by the layout's names) at their places, padded with
    spaces, and the kind's type character; a field too wide for its place: ValueError."""
    block = bytearray(" ".encode("utf-16-le") * (BLOCK_LENGTH // 2))
    places = {name: (at, width) for name, at, width in LAYOUTS[kind]}
    for name, value in fields.items():
        at, width = places[name]
        raw = value.encode("utf-16-le")
        if len(raw) > width:
            raise ValueError(f"{name}: {len(raw)} bytes do not fit in {width}")
        block[at : at + len(raw)] = raw
    block[TYPE_OFFSET : TYPE_OFFSET + 2] = TYPE_CHARS[kind].encode("utf-16-le")
    return bytes(block)


@dataclass(frozen=True)
class FakeCard:
    """A card's fields as the card holds them (codes, dates as YYYYMMDD or 长期)."""

    name: str
    id_number: str
    sex: str = "1"
    nation: str = "01"
    birth: str = ""  # YYYYMMDD; empty: taken from the ID number
    address: str = ""
    authority: str = ""
    valid_from: str = "20200101"
    valid_to: str = "20400101"
    kind: CardKind = CardKind.RESIDENT
    english_name: str = ""  # foreigners
    nationality: str = ""  # foreigners
    version: str = "01"  # foreigners
    pass_number: str = ""  # Hong Kong, Macao, Taiwan
    issue_count: str = "01"  # Hong Kong, Macao, Taiwan
    raw: bytes = b""  # a block given as is (a damaged card), instead of the fields

    def block(self) -> bytes:
        if self.raw:
            return self.raw
        birth = self.birth or self.id_number[6:14]
        fields = {
            "name": self.name,
            "sex": self.sex,
            "birth": birth,
            "id_number": self.id_number,
            "authority": self.authority,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
        }
        if self.kind is CardKind.FOREIGNER:
            fields |= {
                "english_name": self.english_name,
                "nationality": self.nationality,
                "version": self.version,
            }
        else:
            fields |= {"address": self.address}
            if self.kind is CardKind.RESIDENT:
                fields["nation"] = self.nation
            else:
                fields |= {"pass_number": self.pass_number, "issue_count": self.issue_count}
        return text_block(fields, self.kind)


def demo_card() -> FakeCard:
    """A made-up applicant (the number's check digit is right; valid for years yet)."""
    return FakeCard(
        name="张三",
        id_number="110101199003070011",
        sex="1",
        nation="01",
        address="北京市东城区示例街道演示路1号",
        authority="北京市公安局东城分局",
        valid_from="20200307",
        valid_to="20400307",
    )


@dataclass
class _State:
    card: FakeCard | None = None
    sam_ready: bool = True
    silent: bool = False
    fail_reads: int = 0
    corrupt: list[tuple[int, int] | None] = field(default_factory=list)
    hold_reads: bool = False


class FakeReader:
    """A reader on a pty that answers like a real one (see the module's docstring)."""

    def __init__(self, *, sam_ready: bool = True) -> None:
        import tty  # POSIX only: imported here so that the module imports everywhere

        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line discipline: bytes as they are
        os.set_blocking(self._master, False)
        self.port = os.ttyname(self._slave)
        self._state = _State(sam_ready=sam_ready)
        self._lock = threading.Lock()
        self.requests: Counter[tuple[int, int]] = Counter()
        self.held = threading.Event()  # a read arrived while reads are held
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-id-card-reader")
        self._thread.start()

    # -- what the tests do -------------------------------------------------------------

    def place(self, card: FakeCard) -> None:
        with self._lock:
            self._state.card = card

    def lift(self) -> None:
        with self._lock:
            self._state.card = None

    def fail_next_read(self) -> None:
        """The next read answers 0x41 (the card moved mid-read), once."""
        with self._lock:
            self._state.fail_reads += 1

    def corrupt_next(self, command: tuple[int, int] | None = None) -> None:
        """The next answer (to `command`, or to any) arrives with a wrong checksum."""
        with self._lock:
            self._state.corrupt.append(command)

    def silence(self, silent: bool = True) -> None:
        """Stop answering anything (or start again)."""
        with self._lock:
            self._state.silent = silent

    def set_sam_ready(self, ready: bool) -> None:
        with self._lock:
            self._state.sam_ready = ready

    def hold_reads(self, hold: bool = True) -> None:
        """Leave reads unanswered (`held` is set when one arrives); False drops them."""
        with self._lock:
            self._state.hold_reads = hold
            if not hold:
                self.held.clear()

    def count(self, command: tuple[int, int]) -> int:
        with self._lock:
            return self.requests[command]

    def close(self) -> None:
        """End the thread and close the pty (idempotent)."""
        if self._stop.is_set():
            return
        self._stop.set()
        os.write(self._wake_w, b"x")
        self._thread.join()
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> FakeReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the reader's side -------------------------------------------------------------

    def _serve(self) -> None:
        requests = RequestReader()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master, self._wake_r], [], [], 0.5)
            if self._master not in ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                time.sleep(0.05)  # no one has the slave open right now (EIO)
                continue
            while True:
                try:
                    received = requests.feed(data)
                except FrameError:
                    data = b""
                    self._send(build_answer(Status.REQUEST_CHECKSUM), None)
                    continue
                for request in received:
                    self._answer(request)
                break

    def _answer(self, request: Request) -> None:
        with self._lock:
            self.requests[request.key] += 1
            state = self._state
            if state.silent:
                return
            reading = request.key in (Command.READ_BASE, Command.READ_WITH_FINGERPRINT)
            if reading and state.hold_reads:
                self.held.set()
                return
            answer = self._reply(request, state)
        self._send(answer, request.key)

    def _reply(self, request: Request, state: _State) -> bytes:
        key, card = request.key, state.card
        if key == Command.SAM_STATUS:
            return build_answer(Status.OK if state.sam_ready else Status.SAM_SELF_TEST_FAILED)
        if key == Command.RESET_SAM:
            return build_answer(Status.OK)
        if key == Command.FIND_CARD:
            if card is None:
                return build_answer(Status.NO_CARD)
            return build_answer(Status.FIND_OK, bytes(4))
        if key == Command.SELECT_CARD:
            if card is None:
                return build_answer(Status.SELECT_FAILED)
            return build_answer(Status.OK, bytes(8))
        if key in (Command.READ_BASE, Command.READ_WITH_FINGERPRINT):
            if card is None or state.fail_reads:
                state.fail_reads = max(0, state.fail_reads - 1)
                return build_answer(Status.READ_FAILED)
            fingerprint = _FINGERPRINT if key == Command.READ_WITH_FINGERPRINT else None
            return build_answer(Status.OK, read_payload(card.block(), _PHOTO, fingerprint))
        return build_answer(Status.UNKNOWN_COMMAND)

    def _send(self, answer: bytes, key: tuple[int, int] | None) -> None:
        with self._lock:
            corrupt = self._state.corrupt
            if corrupt and corrupt[0] in (None, key):
                corrupt.pop(0)
                answer = answer[:-1] + bytes([answer[-1] ^ 0xFF])
        deadline = time.monotonic() + _WRITE_TIMEOUT_S
        while answer and time.monotonic() < deadline:
            try:
                answer = answer[os.write(self._master, answer) :]
            except BlockingIOError:
                select.select([], [self._master], [], 0.05)
            except OSError:
                return  # no one listens: the answer is lost, as on a real line
