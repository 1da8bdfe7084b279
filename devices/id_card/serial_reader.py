"""The reader's own protocol (GA/T 467) on a serial or USB-serial port, through pyserial.

`open()` opens the port and asks the security module (SAM) for its status: a reader whose
SAM does not answer "ready" (0x90) is `ReaderNotReady`. `poll()` is one cycle: find a
card; when one is there, select it and read its text (the photo is dropped with the
frame); the card, or None. Cycles are no closer than 0.3 s whatever the settings say
(devices.id_card.pacing).

A card is reported once per placement: after a read, good or bad, the same card is not
read again until "find card" has answered "no card" (it was lifted). A bad read (the
card moved mid-read, a damaged answer, a text block that does not check out) raises
`CardUnreadable`: the applicant lifts the card and places it again.

Every exchange has a timeout: a silent reader is `NoAnswer`, never a hang; a port that
goes away is `LinkBroken`; answer after answer arriving damaged is `LinkGarbled`.
pyserial is imported when the port is opened, not with this module.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Final, Self

from devices.id_card.card import IdCard
from devices.id_card.faults import (
    CardUnreadable,
    LinkBroken,
    LinkGarbled,
    NoAnswer,
    ReaderNotFound,
    ReaderNotReady,
)
from devices.id_card.frames import (
    Answer,
    Command,
    FrameError,
    FrameReader,
    Status,
    build_request,
    status_name,
    text_of_read,
)
from devices.id_card.pacing import Pacer
from devices.id_card.text_block import parse_text_block

log = logging.getLogger(__name__)

EXCHANGE_TIMEOUT_S: Final = 3.0  # a read takes the reader up to about a second
GARBLED_AFTER: Final = 5  # damaged answers in a row before the link is called garbled
DEFAULT_BAUD: Final = 115200


class SerialReader:
    """A GA/T 467 reader on ``port`` (``/dev/ttyUSB0``, ``COM3``)."""

    def __init__(
        self,
        port: str,
        baud: int = DEFAULT_BAUD,
        *,
        poll_s: float = 0.5,
        timeout_s: float = EXCHANGE_TIMEOUT_S,
    ) -> None:
        self.port, self.baud = port, baud
        self._pacer = Pacer(poll_s)
        self.poll_s = self._pacer.interval_s
        self.timeout_s = timeout_s
        self.name = f"ID card reader on {port} at {baud} baud"
        self._serial: Any = None
        self._errors: tuple[type[Exception], type[Exception]] = (OSError, TimeoutError)
        self._must_lift = False  # a card was read (or failed): wait for "no card"
        self._garbled = 0

    # -- the port --------------------------------------------------------------------

    def open(self) -> None:
        """Open the port and check the SAM; ReaderNotFound, NoAnswer, ReaderNotReady."""
        if self._serial is not None:
            return
        self._pacer.resume()
        try:
            import serial  # type: ignore[import-untyped]
        except ImportError as exc:
            raise ReaderNotFound(f"{self.name}: pyserial is not installed") from exc
        self._errors = (serial.SerialException, serial.SerialTimeoutException)
        try:
            self._serial = serial.Serial(
                port=self.port,
                baudrate=self.baud,
                timeout=self.timeout_s,
                write_timeout=self.timeout_s,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ReaderNotFound(f"{self.name}: cannot open: {exc}") from exc
        try:
            self._check_sam()
        except BaseException:
            self.close()
            raise

    def _check_sam(self) -> None:
        for attempt in (1, 2):  # a damaged answer once is line noise; twice is not
            try:
                answer = self._exchange(Command.SAM_STATUS)
            except FrameError as exc:
                if attempt == 2:
                    raise LinkGarbled(f"{self.name}: SAM status: {exc}") from exc
                continue
            if answer.sw3 != Status.OK:
                raise ReaderNotReady(f"{self.name}: SAM status {status_name(answer.sw3)}")
            return

    def close(self) -> None:
        self._pacer.interrupt()  # a poll() waiting for its turn returns at once
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (OSError, *self._errors):
                log.debug("%s: closing the port failed", self.name, exc_info=True)

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one exchange ----------------------------------------------------------------

    def _exchange(self, command: tuple[int, int]) -> Answer:
        """Send one request and wait for its answer, at most `timeout_s`."""
        port = self._serial
        if port is None:
            raise LinkBroken(f"{self.name}: the port is not open")
        serial_error, write_timeout = self._errors
        frames = FrameReader()
        try:
            # A late answer to an earlier request must not be taken for this one's.
            port.reset_input_buffer()
            port.write(build_request(command))
            deadline = time.monotonic() + self.timeout_s
            while (remaining := deadline - time.monotonic()) > 0:
                port.timeout = remaining
                chunk = bytes(port.read(1))
                if chunk and port.in_waiting:
                    chunk += bytes(port.read(port.in_waiting))
                answers = frames.feed(chunk)
                if answers:
                    return answers[0]
        except write_timeout as exc:
            raise NoAnswer(f"{self.name}: the request was not taken") from exc
        except (serial_error, OSError) as exc:
            raise LinkBroken(f"{self.name}: {exc}") from exc
        frames.expire()  # IncompleteFrame when an answer had begun
        raise NoAnswer(f"{self.name}: no answer within {self.timeout_s:g} s")

    # -- the cycle -------------------------------------------------------------------

    def _find(self) -> bool:
        """Whether a card is on the reader (damaged answers count towards LinkGarbled)."""
        try:
            answer = self._exchange(Command.FIND_CARD)
        except FrameError as exc:
            self._garbled += 1
            if self._garbled >= GARBLED_AFTER:
                raise LinkGarbled(f"{self.name}: {self._garbled} damaged answers") from exc
            return False
        self._garbled = 0
        if answer.sw3 == Status.NO_CARD:
            self._must_lift = False
            return False
        return answer.sw3 == Status.FIND_OK

    def _read(self) -> IdCard:
        try:
            selected = self._exchange(Command.SELECT_CARD)
            if selected.sw3 != Status.OK:
                raise CardUnreadable(status_name(selected.sw3))
            answer = self._exchange(Command.READ_BASE)
            if answer.sw3 != Status.OK:
                raise CardUnreadable(status_name(answer.sw3))
            block = text_of_read(answer.data)
            del answer  # the photo goes with it
        except FrameError as exc:
            raise CardUnreadable(exc.code) from exc
        return parse_text_block(block)

    def poll(self) -> IdCard | None:
        """One cycle (waiting for its turn first): the card placed, or None."""
        if not self._pacer.wait_turn():
            raise LinkBroken(f"{self.name}: closed")
        if not self._find() or self._must_lift:
            return None
        self._must_lift = True  # whatever happens next, this placement is spent
        return self._read()
