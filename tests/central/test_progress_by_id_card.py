"""POST /api/v1/progress/by-id-card on the real server (SQLite and PostgreSQL): the
declarations about the holder of the resident ID card the terminal read, each as POST
/progress answers it; the holder index filled at ingest (one set per declaration,
nested answers looked into); malformed numbers 422, none found 404, misses stopped per
terminal; the number never in an answer's refusal nor in a log."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central import holders
from central.api.bodies import BODY_MAX_BYTES
from central.api.progress import CARD_NOT_FOUND
from central.db import Database
from central.models import DeclarationHolder
from kiosk.card_lookup import from_card_answer
from kiosk.progress import Query, from_answer
from kiosk.validators import resident_id_check_digit
from tests.central.conftest import Connect, register_counter, register_terminal, send
from tests.central.test_ingest import REF, submitted
from tests.central.test_progress import declared, move
from tests.central.test_ratings import rated
from tests.conftest import Clock


def number(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


HOLDER = number("11010119500101123")
OTHER = number("33010619880315002")
WITH_X = next(n for i in range(100) if (n := number(f"440305199001019{i:02d}")).endswith("X"))


def by_card(client: httpx.Client, id_number: Any) -> httpx.Response:
    return client.post("/api/v1/progress/by-id-card", json={"id_number": id_number})


def references(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [d["reference"] for d in answer.json()["declarations"]]


def keys(db: Database) -> set[tuple[str, str]]:
    with db.read() as s:
        return {(h.reference, h.holder) for h in s.scalars(select(DeclarationHolder))}


def on(day: datetime) -> str:
    return day.isoformat()


# -- found ---------------------------------------------------------------------------


def test_the_holders_declaration_in_the_shape_of_the_reference_lookup(
    terminal: httpx.Client,
) -> None:
    declared(terminal, name="张三", id_number=HOLDER, mobile="13812345678")
    answer = by_card(terminal, HOLDER)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    (item,) = answer.json()["declarations"]
    one = terminal.post("/api/v1/progress", json={"reference": REF, "via": "qr"}).json()
    assert item == one  # the same builder, the same moment
    for secret in (HOLDER, "张三", "13812345678", "answers"):
        assert secret not in answer.text
    # The terminal's own checks of the answer take it.
    progress = from_answer(item, Query(REF))
    assert progress.current and progress.status == "submitted"
    assert [p.reference for p in from_card_answer(answer.json())] == [REF]


def test_the_history_ticket_and_rating_show_as_they_do_by_reference(
    db: Database, terminal: httpx.Client
) -> None:
    declared(terminal, id_number=HOLDER)
    move(db, ("received", ""), ("returned", "材料不全"))
    send(terminal, rated("satisfied", aspects=(), text=""))
    (item,) = by_card(terminal, HOLDER).json()["declarations"]
    assert [h["status"] for h in item["history"]] == ["submitted", "received", "returned"]
    assert item["history"][-1]["note"] == "材料不全" and item["rating"]["level"] == "satisfied"
    assert item == terminal.post("/api/v1/progress", json={"reference": REF, "via": "qr"}).json()


def test_a_last_x_is_found_typed_either_way(terminal: httpx.Client) -> None:
    declared(terminal, id_number=WITH_X.lower())  # an older terminal's answer
    assert references(by_card(terminal, WITH_X)) == [REF]
    assert references(by_card(terminal, WITH_X.lower())) == [REF]


def test_several_the_newest_first_at_most_five(terminal: httpx.Client, clock: Clock) -> None:
    ages = {  # reference: how long before now it was submitted
        "20261126-03-0001": timedelta(days=2),
        "20261126-03-0002": timedelta(days=300),
        "20261126-03-0003": timedelta(hours=1),
        "20261126-03-0004": timedelta(days=30),
        "20261126-03-0005": timedelta(days=10),
        "20261126-03-0006": timedelta(days=100),
        "20261126-03-0007": timedelta(minutes=1),
    }
    for ref, age in ages.items():
        answers = {"id_number": HOLDER, "name": "张三"}
        send(terminal, submitted(ref, answers=answers, submitted_at=on(clock.now - age)))
    send(terminal, submitted("20261126-03-0009", answers={"id_number": OTHER}))
    assert references(by_card(terminal, HOLDER)) == [
        "20261126-03-0007",
        "20261126-03-0003",
        "20261126-03-0001",
        "20261126-03-0005",
        "20261126-03-0004",
    ]
    assert references(by_card(terminal, OTHER)) == ["20261126-03-0009"]


def test_those_older_than_a_year_are_left_out(terminal: httpx.Client, clock: Clock) -> None:
    ages = {
        "20261126-03-0001": timedelta(days=364, hours=23),  # just within the year
        "20261126-03-0002": timedelta(days=365, minutes=1),  # just out of it
        "20261126-03-0003": timedelta(days=700),
    }
    for ref, age in ages.items():
        answers = {"id_number": HOLDER}
        send(terminal, submitted(ref, answers=answers, submitted_at=on(clock.now - age)))
    assert references(by_card(terminal, HOLDER)) == ["20261126-03-0001"]


def test_the_year_counts_from_now(terminal: httpx.Client, clock: Clock) -> None:
    send(terminal, submitted(answers={"id_number": HOLDER}, submitted_at=on(clock.now)))
    clock.now += timedelta(days=364)
    assert references(by_card(terminal, HOLDER)) == [REF]
    clock.now += timedelta(days=1, seconds=1)
    assert by_card(terminal, HOLDER).status_code == 404


def test_another_terminals_declaration_is_the_holders_too(db: Database, connect: Connect) -> None:
    """The applicant declared at terminal 4 and looks at terminal 3."""
    at_4 = connect(register_terminal(db, 4))
    send(at_4, submitted("20261126-04-0001", terminal=4, answers={"id": HOLDER}), terminal=4)
    at_3 = connect(register_terminal(db, 3))
    assert references(by_card(at_3, HOLDER)) == ["20261126-04-0001"]


# -- the index -----------------------------------------------------------------------


def test_the_index_holds_keys_not_numbers_one_set_per_declaration(
    db: Database, terminal: httpx.Client
) -> None:
    answers = {"applicant": HOLDER, "spouse": OTHER, "again": HOLDER, "agent": HOLDER}
    first = submitted(answers=answers)
    send(terminal, first)
    key = hashlib.sha256((holders.PREFIX + HOLDER).encode()).hexdigest()
    expected = {(REF, key), (REF, holders.holder_key(OTHER))}
    assert keys(db) == expected
    assert not any(HOLDER in h or OTHER in h for _, h in keys(db))
    assert send(terminal, first)[0]["status"] == "duplicate"
    send(terminal, submitted(answers=answers))  # submitted again, the same answers
    assert keys(db) == expected
    # Fixed and submitted again without the spouse: its latest answers' set.
    send(terminal, submitted(answers={"applicant": HOLDER}))
    assert keys(db) == {(REF, key)}
    assert by_card(terminal, OTHER).status_code == 404
    assert references(by_card(terminal, HOLDER)) == [REF]


def test_submitted_twice_in_one_batch_keeps_one_set(db: Database, terminal: httpx.Client) -> None:
    send(
        terminal,
        submitted(answers={"a": OTHER}),
        submitted(answers={"a": HOLDER, "b": HOLDER}),
    )
    assert keys(db) == {(REF, holders.holder_key(HOLDER))}


def test_an_id_in_an_address_or_a_list_is_found_not_deeper(
    db: Database, terminal: httpx.Client
) -> None:
    address = {"province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": HOLDER}
    send(terminal, submitted("20261126-03-0001", answers={"address": address}))
    send(terminal, submitted("20261126-03-0002", answers={"members": ["李四", OTHER]}))
    deep = {"family": {"members": [WITH_X]}, "x": [{"id": WITH_X}], "n": 110101}
    send(terminal, submitted("20261126-03-0003", answers=deep))
    assert references(by_card(terminal, HOLDER)) == ["20261126-03-0001"]
    assert references(by_card(terminal, OTHER)) == ["20261126-03-0002"]
    assert by_card(terminal, WITH_X).status_code == 404


def test_what_is_not_an_id_number_is_not_indexed() -> None:
    wrong_check = HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1")
    for value in (
        wrong_check,
        HOLDER[:17],
        HOLDER + "0",
        " " + HOLDER[1:],
        "１" + HOLDER[1:],  # full-width: the terminal normalises its answers
        "A" + HOLDER[1:],
        18,
        None,
        "X" * 18,
    ):
        assert holders.resident_number(value) is None, value
    assert holders.resident_number(WITH_X.lower()) == WITH_X
    many = {f"f{i}": number(f"1101011950010{i:04d}") for i in range(holders.HOLDERS_MAX + 10)}
    assert len(holders.holder_keys(many)) == holders.HOLDERS_MAX
    assert holders.holder_keys(many)[0] == holders.holder_key(many["f0"])
    assert holders.holder_keys(["not", "a", "mapping"]) == []


# -- refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"id_number": HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1")},  # check digit
        {"id_number": HOLDER[:17]},
        {"id_number": HOLDER + "1"},
        {"id_number": "1" * 17 + "Y"},
        {"id_number": "１" + HOLDER[1:]},  # full-width: the terminal's to clean
        {"id_number": f" {HOLDER}"},
        {"id_number": ""},
        {"id_number": "9" * 100_000},  # huge, within the body's limit
        {"id_number": int(HOLDER[:17])},
        {"id_number": None},
        {"id_number": [HOLDER]},
        {"id_number": {"n": HOLDER}},
        {"id_number": HOLDER, "reference": REF},  # no other keys
        {"id": HOLDER},
        {},
        [HOLDER],
        HOLDER,
    ],
)
def test_malformed_lookups_are_422_and_do_not_echo_the_number(
    terminal: httpx.Client, body: Any
) -> None:
    declared(terminal, id_number=HOLDER)
    answer = terminal.post("/api/v1/progress/by-id-card", json=body)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and detail
    assert HOLDER[:17] not in answer.text and len(answer.text) < 2000


def test_the_422_says_what_a_number_must_be(terminal: httpx.Client) -> None:
    short = by_card(terminal, HOLDER[:10]).json()["detail"]
    assert short.startswith("body.id_number: ") and "18" in short and "居民身份证" in short
    wrong = by_card(terminal, HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1")).json()
    assert "check digit" in wrong["detail"]


def test_a_body_over_the_limit_is_413(terminal: httpx.Client) -> None:
    answer = by_card(terminal, "1" * (BODY_MAX_BYTES + 10))
    assert answer.status_code == 413 and isinstance(answer.json()["detail"], str)


def test_no_one_found_is_404_in_both_languages(terminal: httpx.Client) -> None:
    declared(terminal, id_number=OTHER)
    answer = by_card(terminal, HOLDER)
    assert answer.status_code == 404
    assert answer.json() == {"detail": CARD_NOT_FOUND}
    assert "没有查到与这张身份证有关的申报" in CARD_NOT_FOUND and "ID card" in CARD_NOT_FOUND


def test_only_terminals_look_up_by_card(db: Database, connect: Connect) -> None:
    nobody = connect(None)
    assert by_card(nobody, HOLDER).status_code == 401
    assert nobody.post("/api/v1/progress/by-id-card", json={}).status_code == 401
    assert by_card(connect(register_counter(db)), HOLDER).status_code == 403


def test_misses_are_stopped_per_terminal_on_a_count_of_their_own(
    db: Database, terminal: httpx.Client, connect: Connect, clock: Clock
) -> None:
    declared(terminal, id_number=HOLDER, mobile="13812345678")
    for n in range(20):
        assert by_card(terminal, number(f"3101011990010{n:04d}")).status_code == 404
    stopped = by_card(terminal, HOLDER)  # even the holder's card, for a while
    assert stopped.status_code == 429
    assert int(stopped.headers["retry-after"]) == 600
    assert "分钟后再试" in stopped.json()["detail"]
    # The reference lookup counts its wrong pairs apart: it is not stopped.
    lookup = terminal.post("/api/v1/progress", json={"reference": REF, "digits": "5678"})
    assert lookup.status_code == 200
    other = connect(register_terminal(db, 4))
    assert references(by_card(other, HOLDER)) == [REF]  # another terminal is not stopped
    clock.now += timedelta(minutes=10, seconds=1)
    assert references(by_card(terminal, HOLDER)) == [REF]


def test_found_and_malformed_lookups_are_not_counted(terminal: httpx.Client) -> None:
    declared(terminal, id_number=HOLDER)
    for _ in range(25):
        assert by_card(terminal, HOLDER).status_code == 200
        assert by_card(terminal, "1" * 18).status_code == 422
    assert by_card(terminal, OTHER).status_code == 404


def test_the_number_is_never_logged(
    terminal: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    declared(terminal, id_number=HOLDER)
    by_card(terminal, HOLDER)
    by_card(terminal, OTHER)
    by_card(terminal, HOLDER[:17] + ("0" if HOLDER[17] != "0" else "1"))
    for first17 in (HOLDER[:17], OTHER[:17]):
        assert first17 not in caplog.text
