"""好差评 on the real server (SQLite and PostgreSQL): rating.given events stored once per
declaration, a low one opening a 整改工单 due 15 working days after the rating's day in
the hall (by the hall's imported calendar), out-of-order and conflicting ratings."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from central import admin, ratings
from central.db import Database
from central.models import Rating, WorkOrder
from central.state import ServerState
from tests.central.conftest import Connect, event, register_terminal, send
from tests.central.test_ingest import REF, submitted


def rated(
    level: str = "very_dissatisfied",
    reference: str = REF,
    aspects: tuple[str, ...] = ("attitude",),
    text: str = "窗口人员态度生硬",
    at: str = "2026-11-26T03:00:00+00:00",  # 11:00 in the hall, Thursday 26 November
    terminal: int = 3,
) -> dict[str, Any]:
    return event(
        "rating.given",
        {
            "reference": reference,
            "terminal": terminal,
            "level": level,
            "aspects": list(aspects),
            "text": text,
            "rated_at": at,
        },
    )


def orders(db: Database) -> list[tuple[str, date, date, str, list[Any], str]]:
    with db.read() as s:
        return [
            (o.state, o.opened_on, o.due_on, r.level, list(r.aspects), r.text)
            for o, r in s.execute(
                select(WorkOrder, Rating).join(Rating, Rating.id == WorkOrder.rating_id)
            )
        ]


def statuses_of(results: list[dict[str, Any]]) -> list[tuple[str, int | None]]:
    return [(r["status"], r.get("code")) for r in results]


def test_a_low_rating_opens_a_work_order_due_in_15_working_days(
    db: Database, terminal: httpx.Client
) -> None:
    assert statuses_of(send(terminal, submitted(), rated())) == [("accepted", None)] * 2
    # Thursday 26 November + 15 working days (weekends only in these weeks): 17 December.
    assert orders(db) == [
        ("open", date(2026, 11, 26), date(2026, 12, 17), "very_dissatisfied", ["attitude"],
         "窗口人员态度生硬"),
    ]  # fmt: skip


def test_a_good_rating_is_kept_without_a_work_order(db: Database, terminal: httpx.Client) -> None:
    send(terminal, submitted(), rated("basic", aspects=(), text=""))
    with db.read() as s:
        assert [(r.level, r.terminal) for r in s.scalars(select(Rating))] == [("basic", 3)]
    assert orders(db) == []


def test_the_due_day_follows_the_halls_calendar_and_its_day(
    db: Database, terminal: httpx.Client, tmp_path: Path
) -> None:
    """1 and 2 December made holidays and Saturday 12 December a make-up working day;
    rated at 01:00 on the 27th in the hall (still the 26th in UTC)."""
    calendar = {
        "version": "2026.test",
        "years": [2026],
        "days": {
            "2026-12-01": {"kind": "holiday", "name": "测试假日"},
            "2026-12-02": {"kind": "holiday", "name": "测试假日"},
            "2026-12-12": {"kind": "workday", "name": "测试调休"},
        },
    }
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(calendar, ensure_ascii=False), "utf-8")
    admin.import_calendar(db, path, datetime.now(UTC))
    send(terminal, submitted(), rated(at="2026-11-26T17:00:00+00:00"))
    # From Friday 27 November: 30 Nov, 3-4 Dec, 7-11 Dec, 12 Dec (make-up), 14-18 Dec,
    # 21 Dec is the 15th working day.
    ((state, opened, due, *_),) = orders(db)
    assert (state, opened, due) == ("open", date(2026, 11, 27), date(2026, 12, 21))


def test_one_rating_per_declaration(db: Database, terminal: httpx.Client) -> None:
    first = rated()
    send(terminal, submitted(), first)
    again = rated()  # the same rating under another event id: nothing new
    other = rated("very_satisfied", aspects=(), text="")
    results = send(terminal, again, other)
    assert statuses_of(results)[0] == ("accepted", None)
    assert results[1]["status"] == "rejected" and results[1]["code"] == 409
    assert "rated already" in results[1]["reason"]
    assert [o[3] for o in orders(db)] == ["very_dissatisfied"]


def test_a_rating_before_its_declaration_waits_for_it(db: Database, terminal: httpx.Client) -> None:
    assert statuses_of(send(terminal, rated())) == [("accepted", None)]
    assert orders(db) == []
    send(terminal, submitted())
    assert [o[0] for o in orders(db)] == ["open"]


def test_another_terminals_declaration_cannot_be_rated(
    db: Database, terminal: httpx.Client, connect: Connect
) -> None:
    send(terminal, submitted())
    seven = connect(register_terminal(db, 7))
    # Terminal 7 naming terminal 3's reference is refused by the reference's own number.
    (result,) = send(seven, rated(terminal=7), terminal=7)
    assert (result["status"], result["code"]) == ("rejected", 403)
    assert orders(db) == []


def test_hostile_ratings_are_refused(db: Database, terminal: httpx.Client) -> None:
    send(terminal, submitted())
    hostile = [
        rated(level="excellent"),
        rated(aspects=("attitude", "attitude")),
        rated(aspects=("bribery",)),
        rated(text="x" * 201),
        rated(text="坏\x00字"),
        rated(at="not a time"),
    ]
    results = send(terminal, *hostile)
    assert [(r["status"], r["code"]) for r in results] == [("rejected", 422)] * len(hostile)
    assert orders(db) == []


def test_answering_and_closing_a_work_order(state: ServerState, terminal: httpx.Client) -> None:
    send(terminal, submitted(), rated())
    with state.db.transaction() as s:
        order = s.scalars(select(WorkOrder)).one()
        try:
            ratings.close(order, "孙主任", state.clock())
        except ratings.WorkOrderRefused as refused:
            assert refused.key == "work_order_unanswered"
        else:
            raise AssertionError("an unanswered work order was closed")
        for empty in ("", "  \n ", "\x07"):
            try:
                ratings.answer(order, empty, "孙主任", state.clock())
            except ratings.WorkOrderRefused as refused:
                assert refused.key == "work_order_answer_empty"
        assert order.state == ratings.OPEN
        ratings.answer(order, "已约谈窗口人员\r\n并回访申请人\x1b", "孙主任", state.clock())
        assert (order.state, order.answer) == ("answered", "已约谈窗口人员\n并回访申请人")
        ratings.close(order, "孙主任", state.clock())
        assert (order.state, order.closed_by) == ("closed", "孙主任")
