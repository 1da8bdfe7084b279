"""DLE EOT status replies: each bit, wrong fixed bits, and missing replies (unknown, not OK)."""

from __future__ import annotations

import pickle

import pytest

from printer.errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline
from printer.status import UNKNOWN, PrinterStatus, parse_status, query

OK = b"\x12"  # fixed bits only: 0b0001_0010


def test_query_bytes() -> None:
    assert [query(n) for n in (1, 2, 4)] == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]


def test_all_clear() -> None:
    status = parse_status(OK, OK, OK)
    assert (status.online, status.cover_open, status.paper) == (True, False, "ok")
    assert status.known and status.complete and status.fault() is None
    assert status.raw == b"\x12\x12\x12"
    assert status.describe() == "DLE EOT n1=12 n2=12 n4=12"


@pytest.mark.parametrize(
    ("printer", "offline", "paper", "expected"),
    [
        # n=1 bit 3: offline
        (b"\x1a", OK, OK, (False, False, "ok")),
        # n=1 other bits (drawer, waiting, feed button) do not mean offline
        (b"\x76", OK, OK, (True, False, "ok")),
        # n=2 bit 2: cover open (and so not online)
        (OK, b"\x16", OK, (False, True, "ok")),
        # n=2 bit 3 (paper fed by the button) is no fault
        (OK, b"\x1a", OK, (True, False, "ok")),
        # n=2 bit 5: stopped at paper end
        (OK, b"\x32", OK, (False, False, "out")),
        # n=2 bit 6: an error occurred
        (OK, b"\x52", OK, (False, False, "ok")),
        # n=4 bits 2-3: near end, either bit or both
        (OK, OK, b"\x1e", (True, False, "near_end")),
        (OK, OK, b"\x16", (True, False, "near_end")),
        (OK, OK, b"\x1a", (True, False, "near_end")),
        # n=4 bits 5-6: paper end, either bit or both, with near end or without
        (OK, OK, b"\x72", (True, False, "out")),
        (OK, OK, b"\x32", (True, False, "out")),
        (OK, OK, b"\x52", (True, False, "out")),
        (OK, OK, b"\x7e", (True, False, "out")),
    ],
)
def test_each_bit(
    printer: bytes, offline: bytes, paper: bytes, expected: tuple[object, ...]
) -> None:
    status = parse_status(printer, offline, paper)
    assert (status.online, status.cover_open, status.paper) == expected


@pytest.mark.parametrize(
    "bad",
    [
        None,
        b"",
        b"\x00",  # fixed bits 1 and 4 missing
        b"\xff",  # fixed bits 0 and 7 set
        b"\x13",  # bit 0 set
        b"\x10",  # bit 1 clear
        b"\x02",  # bit 4 clear
        b"\x92",  # bit 7 set
        b"\x12\x12",  # more than one byte
    ],
)
def test_a_missing_or_invalid_reply_leaves_its_part_unknown(bad: bytes | None) -> None:
    assert parse_status(bad, OK, OK).online is None
    assert parse_status(OK, bad, OK).cover_open is None
    assert parse_status(OK, OK, bad).paper is None
    nothing = parse_status(bad, bad, bad)
    assert (nothing.online, nothing.cover_open, nothing.paper) == (None, None, None)
    assert not nothing.known and nothing.fault() is None


def test_unknown_is_neither_ok_nor_a_fault() -> None:
    assert parse_status(None, None, None) == UNKNOWN
    assert parse_status(b"", b"", b"") == UNKNOWN
    assert not UNKNOWN.known and not UNKNOWN.complete
    assert UNKNOWN.paper is None and UNKNOWN.paper != "ok"
    assert UNKNOWN.fault() is None
    assert UNKNOWN.describe() == "DLE EOT n1=- n2=- n4=-"


def test_partly_known() -> None:
    status = parse_status(OK, None, b"\x00")
    assert status.known and not status.complete
    assert (status.online, status.cover_open, status.paper) == (True, None, None)
    assert status.fault() is None


def test_paper_end_stop_in_offline_cause_means_out_even_without_the_sensor() -> None:
    assert parse_status(None, b"\x32", None).paper == "out"


@pytest.mark.parametrize(
    ("replies", "fault"),
    [
        ((b"\x1a", OK, OK), PrinterOffline),
        ((b"\x1a", b"\x16", OK), CoverOpen),
        ((b"\x1a", b"\x32", b"\x7e"), PaperOut),
        ((OK, OK, b"\x72"), PaperOut),
        ((b"\x1a", b"\x36", b"\x7e"), CoverOpen),  # cover open and paper out: the cover first
    ],
)
def test_fault(replies: tuple[bytes, bytes, bytes], fault: type[PrinterFault]) -> None:
    found = parse_status(*replies).fault()
    assert type(found) is fault
    assert found.applicant.zh and found.applicant.en
    assert "DLE EOT n1=" in found.technician


def test_near_end_is_no_fault() -> None:
    status = parse_status(OK, OK, b"\x1e")
    assert status.paper == "near_end" and status.fault() is None


def test_status_is_frozen() -> None:
    status = parse_status(OK, OK, OK)
    with pytest.raises(AttributeError):
        status.online = False  # type: ignore[misc]
    assert isinstance(status, PrinterStatus)


def test_faults_carry_codes_and_survive_pickling() -> None:
    fault = PaperOut("network 127.0.0.1:9100: paper out")
    again = pickle.loads(pickle.dumps(fault))
    assert type(again) is PaperOut and again.code == "paper_out"
    assert again.technician == fault.technician and again.applicant == fault.applicant
    assert str(fault) == "paper_out: network 127.0.0.1:9100: paper out"
