"""GA/T 467 framing: frames written out byte by byte from the standard, then fragments,
noise and random corruption (never anything but an answer or a typed FrameError)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.id_card.frames import (
    Answer,
    BadLength,
    BadPayload,
    ChecksumError,
    Command,
    FrameError,
    FrameReader,
    IncompleteFrame,
    RequestReader,
    Status,
    build_answer,
    build_request,
    read_payload,
    text_of_read,
)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


# Requests as the standard writes them: preamble, length 0003, command, parameter, XOR.
REQUESTS = {
    Command.RESET_SAM: "AA AA AA 96 69 00 03 10 FF EC",
    Command.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    Command.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    Command.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    Command.READ_BASE: "AA AA AA 96 69 00 03 30 01 32",
    Command.READ_WITH_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
}
SAM_OK = h("AA AA AA 96 69 00 04 00 00 90 94")
FIND_OK = h("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
NO_CARD = h("AA AA AA 96 69 00 04 00 00 80 84")
SELECT_OK = h("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C")
READ_FAILED = h("AA AA AA 96 69 00 04 00 00 41 45")


@pytest.mark.parametrize(("command", "frame"), REQUESTS.items())
def test_requests_are_the_standards_bytes(command: tuple[int, int], frame: str) -> None:
    assert build_request(command) == h(frame)


@pytest.mark.parametrize(
    ("frame", "sw3", "data"),
    [
        (SAM_OK, 0x90, b""),
        (FIND_OK, 0x9F, bytes(4)),
        (NO_CARD, 0x80, b""),
        (SELECT_OK, 0x90, bytes(8)),
        (READ_FAILED, 0x41, b""),
    ],
)
def test_answers_written_by_hand_parse(frame: bytes, sw3: int, data: bytes) -> None:
    assert FrameReader().feed(frame) == [Answer(0, 0, sw3, data)]
    assert build_answer(sw3, data) == frame


def _read_answer(text: bytes, photo: bytes) -> bytes:
    # 0x0508 = 3 status + 2 + 2 lengths + 256 text + 1024 photo + 1 checksum
    body = h("05 08 00 00 90 01 00 04 00") + text + photo
    check = 0
    for byte in body:
        check ^= byte
    return h("AA AA AA 96 69") + body + bytes([check])


def test_a_read_answer_gives_the_text_and_leaves_the_photo() -> None:
    text, photo = bytes(range(256)), b"\x5a" * 1024
    frame = _read_answer(text, photo)
    assert len(frame) == 7 + 0x0508
    (answer,) = FrameReader().feed(frame)
    assert answer.sw3 == Status.OK
    assert answer.data == read_payload(text, photo)
    assert text_of_read(answer.data) == text
    assert "5a" not in repr(answer).lower() and "1284 bytes" in repr(answer)


def test_a_read_with_fingerprint_gives_the_text() -> None:
    text = bytes(range(256))
    data = read_payload(text, bytes(1024), b"\x01" * 1024)
    assert data[:6] == h("01 00 04 00 04 00")
    assert text_of_read(data, fingerprint=True) == text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        h("01 00 04"),
        h("00 FF 04 00") + bytes(255 + 1024),  # a text block that is not 256 bytes
        h("01 00 04 00") + bytes(256 + 1000),  # shorter than its lengths say
        h("01 00 04 00") + bytes(256 + 1024 + 1),
    ],
)
def test_a_read_answer_of_the_wrong_layout_is_a_bad_payload(data: bytes) -> None:
    with pytest.raises(BadPayload):
        text_of_read(data)


def test_frames_arrive_in_any_pieces() -> None:
    stream = SAM_OK + FIND_OK + SELECT_OK
    reader = FrameReader()
    answers = [a for byte in stream for a in reader.feed(bytes([byte]))]
    assert [a.sw3 for a in answers] == [0x90, 0x9F, 0x90]
    assert reader.pending == 0


def test_noise_between_frames_is_skipped() -> None:
    noise = h("00 FF AA AA 96 13 AA AA AA 96")  # preamble-like, never whole
    reader = FrameReader()
    assert [a.sw3 for a in reader.feed(noise + NO_CARD + noise + FIND_OK + noise)] == [
        0x80,
        0x9F,
    ]
    assert reader.pending <= 4  # only what may start the next preamble


def test_a_preamble_split_across_reads_is_found() -> None:
    reader = FrameReader()
    assert reader.feed(b"\x01\x02" + NO_CARD[:3]) == []
    assert [a.sw3 for a in reader.feed(NO_CARD[3:])] == [0x80]


def test_the_buffer_stays_small_whatever_the_noise() -> None:
    reader = FrameReader()
    assert reader.feed(b"\xaa\x00\x96\x69" * 250_000) == []
    assert reader.pending <= 4


def test_a_wrong_checksum_is_a_typed_fault_and_the_next_frame_still_arrives() -> None:
    bad = SAM_OK[:-1] + bytes([SAM_OK[-1] ^ 0x01])
    reader = FrameReader()
    with pytest.raises(ChecksumError):
        reader.feed(bad + FIND_OK)
    assert [a.sw3 for a in reader.feed(b"")] == [0x9F]


def test_a_good_frame_before_a_bad_one_is_not_lost() -> None:
    bad = NO_CARD[:-1] + b"\x00"
    reader = FrameReader()
    assert [a.sw3 for a in reader.feed(FIND_OK + bad + SAM_OK)] == [0x9F]
    with pytest.raises(ChecksumError):
        reader.feed(b"")
    assert [a.sw3 for a in reader.feed(b"")] == [0x90]


@pytest.mark.parametrize("length", ["00 00", "00 03", "10 01", "FF FF"])
def test_an_impossible_length_is_a_typed_fault(length: str) -> None:
    reader = FrameReader()
    with pytest.raises(BadLength):
        reader.feed(h("AA AA AA 96 69") + h(length) + bytes(8))
    assert reader.feed(NO_CARD)[0].sw3 == 0x80


def test_a_frame_cut_short_is_incomplete_when_it_expires() -> None:
    reader = FrameReader()
    assert reader.feed(FIND_OK[:9]) == []
    with pytest.raises(IncompleteFrame):
        reader.expire()
    assert reader.pending == 0
    reader.feed(b"\x00\x01")
    reader.expire()  # noise only: nothing had begun


def test_requests_parse_on_the_readers_side() -> None:
    reader = RequestReader()
    (request,) = reader.feed(h(REQUESTS[Command.READ_BASE]))
    assert request.key == Command.READ_BASE and request.data == b""


# Data without 0xAA: no preamble can hide inside it.
_DATA = st.binary(max_size=300).map(lambda b: b.replace(b"\xaa", b"\x55"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(sw3=st.integers(0, 255), data=_DATA, at=st.integers(0, 10_000), flip=st.integers(1, 255))
def test_any_single_damaged_byte_is_never_taken_for_an_answer(
    sw3: int, data: bytes, at: int, flip: int
) -> None:
    frame = bytearray(build_answer(sw3, data))
    frame[at % len(frame)] ^= flip
    reader = FrameReader()
    answers: list[Answer] = []
    for piece in (bytes(frame), b"", b"", b""):
        with contextlib.suppress(FrameError):
            answers += reader.feed(piece)
    with contextlib.suppress(FrameError):
        reader.expire()
    assert answers == []


_CORRUPTION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 12)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(0)),
)


def _corrupt(frame: bytes, steps: list[tuple[str, int, object]]) -> bytes:
    out = bytearray(frame)
    for kind, at, arg in steps:
        i = at % (len(out) + 1)
        if kind == "flip" and out:
            assert isinstance(arg, int)
            out[i % len(out)] ^= arg
        elif kind == "insert":
            assert isinstance(arg, bytes)
            out[i:i] = arg
        elif kind == "delete":
            assert isinstance(arg, int)
            del out[i : i + arg]
        elif kind == "truncate":
            del out[i:]
    return bytes(out)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    frames=st.lists(st.tuples(st.integers(0, 255), st.binary(max_size=200)), max_size=4),
    steps=st.lists(_CORRUPTION, max_size=6),
    noise=_DATA.map(lambda b: b[:40]),
    cuts=st.lists(st.integers(1, 64), max_size=20),
)
def test_random_corruption_gives_answers_or_typed_faults_only(
    frames: list[tuple[int, bytes]],
    steps: list[tuple[str, int, object]],
    noise: bytes,
    cuts: list[int],
) -> None:
    stream = _corrupt(noise + b"".join(build_answer(s, d) for s, d in frames), steps)
    reader = FrameReader()
    pieces, rest = [], stream
    for cut in cuts:
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    got: list[Answer] = []
    for piece in [*pieces, *([b""] * (len(stream) + 2))]:
        try:
            got += reader.feed(piece)
        except FrameError as fault:
            assert fault.code in ("checksum", "bad_length")
    with contextlib.suppress(IncompleteFrame):
        reader.expire()
    assert all(isinstance(a, Answer) for a in got)
    if not steps:  # undamaged: every frame arrives, whatever the noise before it
        assert [(a.sw3, a.data) for a in got] == frames
