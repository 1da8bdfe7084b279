"""The log's tail, masked again (an old log may hold an ID number whole), bounded; the
dead letters from a real store, masked, newest first, at most 50, without payloads."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.diagnostics.dead_letters import LIMIT, dead_letters
from kiosk.diagnostics.logtail import LINE_CHARS, MAX_BYTES, MAX_LINES, log_tail
from kiosk.logsetup import log_file, setup_logging
from kiosk.store.database import Store
from kiosk.store.outbox import add_event, mark_dead

ID = "110101199003074514"  # a valid resident ID number (GB 11643 check digit)
MOBILE = "13812345678"
T0 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def test_an_unmasked_old_log_is_masked_in_the_tail(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    assert path == tmp_path / "logs" / "kiosk.log"
    path.parent.mkdir(parents=True)
    path.write_text(
        f"2026-11-26 INFO old: applicant {ID} phone {MOBILE}\n2026-11-26 INFO ok\n",
        encoding="utf-8",
    )
    lines = log_tail(path)
    assert lines == [
        "2026-11-26 INFO old: applicant 110101********4514 phone 138****5678",
        "2026-11-26 INFO ok",
    ]
    assert all(ID not in line and MOBILE not in line for line in lines)


def test_the_tail_of_the_log_setup_logging_writes(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        setup_logging("INFO", tmp_path / "logs")
        logging.getLogger("kiosk.test").info("declared for %s", ID)
        for handler in root.handlers:
            handler.flush()
        assert log_tail(log_file(tmp_path))[-1].endswith("declared for 110101********4514")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_the_tail_is_bounded_in_lines_bytes_and_width(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    assert log_tail(path) == []  # no log yet
    path.write_text("".join(f"line {i}\n" for i in range(10_000)), encoding="utf-8")
    lines = log_tail(path)
    assert len(lines) == MAX_LINES and lines[-1] == "line 9999" and lines[0] == "line 9800"
    assert log_tail(path, 5) == [f"line {i}" for i in range(9995, 10_000)]
    assert log_tail(path, 10_000)[0] == "line 9800" and log_tail(path, 0) == []
    # One huge line, and an ID cut by the 64 KB window: the partial first line is dropped.
    path.write_bytes(ID.encode() + b"x" * MAX_BYTES + b"\n" + b"\x1b[2Jy" * 1000 + b"\n")
    lines = log_tail(path)
    assert len(lines) == 1 and len(lines[0]) == LINE_CHARS
    assert "\x1b" not in lines[0] and lines[0].startswith("?[2Jy")
    path.write_bytes(b"\xff\xfe not utf-8 \x00\n")
    assert log_tail(path) == ["\ufffd\ufffd not utf-8 ?"]


def test_dead_letters_from_a_real_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    try:
        with store.transaction() as s:
            sent = add_event(s, "guide.viewed", {"item_id": "x"}, T0)
            events = [
                add_event(
                    s,
                    "declaration.submitted",
                    {"reference": f"20261126-01-{i:04d}", "answers": {"id_number": ID}},
                    T0 + timedelta(minutes=i),
                )
                for i in range(LIMIT + 5)
            ]
        with store.transaction() as s:
            for i, event in enumerate(events):
                mark_dead(s, event.id, f"422: answers.id_number {ID} refused ({i})")
        letters = dead_letters(store)
        assert len(letters) == LIMIT
        newest = letters[0]
        assert newest.id == events[-1].id and newest.kind == "declaration.submitted"
        assert newest.reference == f"20261126-01-{LIMIT + 4:04d}"
        assert newest.created_at == T0 + timedelta(minutes=LIMIT + 4)
        assert newest.reason == f"422: answers.id_number 110101********4514 refused ({LIMIT + 4})"
        assert [d.created_at for d in letters] == sorted(
            (d.created_at for d in letters), reverse=True
        )
        assert sent.id not in {d.id for d in letters}  # pending: not a dead letter
        assert ID not in repr(letters)
        assert not hasattr(newest, "payload")  # the answers never reach the screen
        assert dead_letters(store, limit=3) == letters[:3]
    finally:
        store.close()


# The last: an ID number across the cut at 300 characters is masked whole, then cut.
@pytest.mark.parametrize("reason", [None, "", "x" * 10_000, f"{'x' * 290} {ID}"])
def test_a_dead_letter_s_reason_is_bounded_and_masked(tmp_path: Path, reason: str | None) -> None:
    store = Store(tmp_path / "kiosk.db")
    try:
        with store.transaction() as s:
            event = add_event(s, "help.requested", {"context": {}}, T0)
        with store.transaction() as s:
            mark_dead(s, event.id, reason)  # type: ignore[arg-type]
        (letter,) = dead_letters(store)
        assert len(letter.reason) <= 300 and ID[:9] not in letter.reason
        assert letter.reference is None
    finally:
        store.close()
