"""The reader's serial protocol (GA/T 467): framing of requests and answers.

Every frame starts with the preamble ``AA AA AA 96 69`` and a two-byte big-endian length
that counts the bytes after it, checksum included. A request then holds a command, a
parameter and data; an answer three status bytes SW1 SW2 SW3 (SW3 says how it went) and
data. The last byte is the XOR of every byte from the length to the end of the data.

`FrameReader` takes bytes as they arrive, in pieces of any size, and gives whole
answers. Garbage between frames is skipped (the reader's line noise, a half frame left
from before); a damaged frame raises one of the `FrameError` subclasses and the reader
carries on with the bytes after it. Nothing else is ever raised, whatever the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Final

from devices.id_card.faults import IdCardError

PREAMBLE: Final = b"\xaa\xaa\xaa\x96\x69"
# The largest answer the standard has: text, photo and fingerprint
# (3 status + 6 lengths + 256 + 1024 + 1024 + checksum = 2314). Anything longer is noise.
MAX_LENGTH: Final = 4096
_MIN_ANSWER_LENGTH: Final = 4  # SW1 SW2 SW3 and the checksum
_MIN_REQUEST_LENGTH: Final = 3  # command, parameter and the checksum

TEXT_LENGTH: Final = 256
PHOTO_LENGTH: Final = 1024


class Command:
    """The requests the adapters send: (command, parameter)."""

    RESET_SAM: Final = (0x10, 0xFF)
    SAM_STATUS: Final = (0x11, 0xFF)
    FIND_CARD: Final = (0x20, 0x01)
    SELECT_CARD: Final = (0x20, 0x02)
    READ_BASE: Final = (0x30, 0x01)  # text and photo
    READ_WITH_FINGERPRINT: Final = (0x30, 0x10)  # text, photo and fingerprint


class Status:
    """SW3 values of an answer (GA/T 467)."""

    OK: Final = 0x90
    FIND_OK: Final = 0x9F
    NO_CARD: Final = 0x80  # "find card" found none
    SELECT_FAILED: Final = 0x81
    READ_FAILED: Final = 0x41
    REQUEST_CHECKSUM: Final = 0x10  # the reader got our request damaged
    REQUEST_LENGTH: Final = 0x11
    UNKNOWN_COMMAND: Final = 0x21
    SAM_SELF_TEST_FAILED: Final = 0x60


# Names of the statuses, for logs and for the fault's detail.
STATUS_NAMES: Final[dict[int, str]] = {
    0x90: "ok",
    0x9F: "find_ok",
    0x80: "no_card",
    0x81: "select_failed",
    0x41: "read_failed",
    0x10: "request_checksum",
    0x11: "request_length",
    0x21: "unknown_command",
    0x23: "not_permitted",
    0x24: "unknown_error",
    0x31: "card_authentication_failed",
    0x32: "reader_authentication_failed",
    0x33: "verification_failed",
    0x40: "unknown_card_type",
    0x47: "random_failed",
    0x60: "sam_self_test_failed",
    0x66: "sam_not_authorised",
    0x91: "no_content",
}


def status_name(sw3: int) -> str:
    return STATUS_NAMES.get(sw3, f"status_{sw3:02x}")


class FrameError(IdCardError):
    """A frame that arrived damaged; the reader has already skipped past it."""

    code: ClassVar[str] = "frame"


class ChecksumError(FrameError):
    code: ClassVar[str] = "checksum"


class BadLength(FrameError):
    """A preamble followed by a length no frame can have."""

    code: ClassVar[str] = "bad_length"


class IncompleteFrame(FrameError):
    """Part of a frame arrived and then nothing more (see `FrameReader.expire`)."""

    code: ClassVar[str] = "incomplete"


class BadPayload(FrameError):
    """A whole, well-checked answer whose data does not have the layout its command has."""

    code: ClassVar[str] = "bad_payload"


def checksum(data: bytes) -> int:
    """XOR of the bytes."""
    result = 0
    for byte in data:
        result ^= byte
    return result


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > MAX_LENGTH:
        raise ValueError(f"a frame of {length} bytes is longer than {MAX_LENGTH}")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([checksum(head + body)])


def build_request(command: tuple[int, int], data: bytes = b"") -> bytes:
    """A request frame: the preamble, length, command, parameter, data, checksum."""
    return _frame(bytes(command) + data)


def build_answer(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """An answer frame as a reader sends it (the fake reader and the tests use it)."""
    return _frame(bytes((sw1, sw2, sw3)) + data)


@dataclass(frozen=True, repr=False)
class Answer:
    """One answer: its three status bytes and its data."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def status(self) -> str:
        return status_name(self.sw3)

    def __repr__(self) -> str:
        # The data may be a card's text and photo: its length only.
        return f"Answer({self.status}, {len(self.data)} bytes)"


@dataclass(frozen=True, repr=False)
class Request:
    """One request, as the fake reader receives it."""

    command: int
    parameter: int
    data: bytes

    @property
    def key(self) -> tuple[int, int]:
        return (self.command, self.parameter)

    def __repr__(self) -> str:
        return f"Request({self.command:02x} {self.parameter:02x}, {len(self.data)} bytes)"


class _Deframer:
    """Bodies (the bytes between the length and the checksum) out of a byte stream."""

    def __init__(self, min_length: int) -> None:
        self._buffer = bytearray()
        self._min_length = min_length

    @property
    def pending(self) -> int:
        """How many bytes wait for the rest of their frame."""
        return len(self._buffer)

    def _skip_to_preamble(self) -> None:
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            # Keep a tail that may be the start of a preamble split across two reads.
            keep = next(
                (n for n in range(len(PREAMBLE) - 1, 0, -1) if self._buffer.endswith(PREAMBLE[:n])),
                0,
            )
            del self._buffer[: len(self._buffer) - keep]
        elif start > 0:
            del self._buffer[:start]

    def next_body(self) -> bytes | None:
        """The next frame's body, None until one is whole; raises FrameError past a bad one.

        On a bad frame only its first byte is dropped, so a good frame that started inside
        what looked like the bad one's length is still found.
        """
        self._skip_to_preamble()
        head = len(PREAMBLE) + 2
        if len(self._buffer) < head:
            return None
        length = int.from_bytes(self._buffer[len(PREAMBLE) : head], "big")
        if not self._min_length <= length <= MAX_LENGTH:
            del self._buffer[:1]
            raise BadLength(f"a frame length of {length}")
        if len(self._buffer) < head + length:
            return None
        frame = bytes(self._buffer[: head + length])
        if checksum(frame[len(PREAMBLE) : -1]) != frame[-1]:
            del self._buffer[:1]
            raise ChecksumError(f"the checksum of a {length}-byte frame")
        del self._buffer[: head + length]
        return frame[head:-1]

    def feed(self, data: bytes) -> list[bytes]:
        """Every body `data` completes; a bad frame raises unless bodies come before it.

        When good frames precede a bad one in the same call they are returned and the bad
        one is raised by the next call (``feed(b"")`` is enough), so nothing is lost.
        """
        self._buffer += data
        bodies: list[bytes] = []
        while True:
            if bodies:
                mark = bytes(self._buffer)
                try:
                    body = self.next_body()
                except FrameError:
                    self._buffer[:] = mark  # raised on the next call instead
                    return bodies
            else:
                body = self.next_body()
            if body is None:
                return bodies
            bodies.append(body)

    def expire(self) -> None:
        """Drop what waits for the rest of its frame: raises IncompleteFrame if a frame had
        begun (its preamble arrived), else only forgets the noise."""
        self._skip_to_preamble()
        started = self._buffer.startswith(PREAMBLE)
        count = len(self._buffer)
        self._buffer.clear()
        if started:
            raise IncompleteFrame(f"{count} bytes of a frame and then nothing")


class FrameReader:
    """Answers out of the bytes a reader sends (see the module's docstring)."""

    def __init__(self) -> None:
        self._frames = _Deframer(_MIN_ANSWER_LENGTH)

    @property
    def pending(self) -> int:
        return self._frames.pending

    def feed(self, data: bytes) -> list[Answer]:
        return [Answer(body[0], body[1], body[2], body[3:]) for body in self._frames.feed(data)]

    def expire(self) -> None:
        self._frames.expire()


class RequestReader:
    """Requests out of the bytes a terminal sends (the fake reader's side)."""

    def __init__(self) -> None:
        self._frames = _Deframer(_MIN_REQUEST_LENGTH)

    def feed(self, data: bytes) -> list[Request]:
        return [Request(body[0], body[1], body[2:]) for body in self._frames.feed(data)]


def read_payload(text_block: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The data of a read answer: lengths, text, photo (and fingerprint)."""
    head = len(text_block).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is None:
        return head + text_block + photo
    return head + len(fingerprint).to_bytes(2, "big") + text_block + photo + fingerprint


def text_of_read(data: bytes, *, fingerprint: bool = False) -> bytes:
    """The 256-byte text block out of a read answer's data; the photo (and fingerprint)
    are checked for length only and left behind: nothing of them is returned or kept."""
    heads = 6 if fingerprint else 4
    if len(data) < heads:
        raise BadPayload(f"a read answer of {len(data)} bytes")
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    fingerprint_length = int.from_bytes(data[4:6], "big") if fingerprint else 0
    if text_length != TEXT_LENGTH:
        raise BadPayload(f"a text block of {text_length} bytes")
    if heads + text_length + photo_length + fingerprint_length != len(data):
        raise BadPayload(
            f"lengths {text_length}+{photo_length}+{fingerprint_length} "
            f"in a read answer of {len(data)} bytes"
        )
    return bytes(data[heads : heads + text_length])
