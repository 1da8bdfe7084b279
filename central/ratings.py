"""好差评 on the server: ratings as the terminals send them, and the 整改工单 (work orders)
a low one opens, due 15 working days after the rating's day in the hall.

One rating per declaration (一事一评): the same rating again (another event id for it)
changes nothing, a different one is a conflict. A 不满意 or 非常不满意 rating opens a work
order: the supervisor answers it on the dashboard (open -> answered, the answer may be
rewritten while it is not closed) and closes it (answered -> closed). The due day counts
the hall's working days by its active holiday calendar (the one the terminals get), or
the package's calendar when none was imported or the imported one is unreadable.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import CalendarVersion, Declaration, Rating, WorkOrder
from kiosk.protocol.events import RatingGiven
from kiosk.rating_scale import LEVELS, LOW
from kiosk.workcalendar import CalendarDataError, WorkCalendar, default_calendar

log = logging.getLogger(__name__)

WORKING_DAYS = 15
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATES = (OPEN, ANSWERED, CLOSED)
ANSWER_MAX = 1000
SATISFIED = frozenset(LEVELS) - LOW
"""The levels the satisfaction rate counts as satisfied: 非常满意, 满意, 基本满意."""


class RatingConflict(Exception):
    """The declaration has another rating already."""


class WorkOrderRefused(Exception):
    """A work order cannot change so; `key` names the dashboard's string for why."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def hall_calendar(session: Session) -> WorkCalendar:
    """The active imported calendar, else the package's."""
    data = session.scalar(select(CalendarVersion.data).where(CalendarVersion.active.is_(True)))
    if data is None:
        return default_calendar()
    try:
        return WorkCalendar.from_dict(data)
    except CalendarDataError as problem:  # checked at import: only if the rules changed
        log.warning("the active calendar cannot be read (%s): the package's is used", problem)
        return default_calendar()


def due_on(opened: date, calendar: WorkCalendar) -> date:
    return calendar.add_working_days(opened, WORKING_DAYS)


def record(
    session: Session,
    declaration: Declaration,
    given: RatingGiven,
    existing: Rating | None,
    *,
    now: datetime,
    zone: ZoneInfo,
    calendar: WorkCalendar,
) -> Rating:
    """Store `given` for `declaration` (whose rating so far is `existing`), with its work
    order when it is low; RatingConflict when it has another rating."""
    if existing is not None:
        same = (existing.level, list(existing.aspects), existing.text) == (
            given.level,
            list(given.aspects),
            given.text,
        )
        if same:
            return existing
        raise RatingConflict(f"declaration {given.reference} is rated already")
    rating = Rating(
        declaration=declaration,
        terminal=declaration.terminal,
        level=given.level,
        aspects=list(given.aspects),
        text=given.text,
        rated_at=given.rated_at,
        received_at=now,
    )
    session.add(rating)
    if given.level in LOW:
        opened = given.rated_at.astimezone(zone).date()
        session.add(
            WorkOrder(rating=rating, state=OPEN, opened_on=opened, due_on=due_on(opened, calendar))
        )
    return rating


def cleaned_answer(text: str) -> str:
    """The supervisor's answer as stored; WorkOrderRefused when it is empty or too long.
    Control characters (but line breaks) are dropped: the text enters here."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    kept = "".join(
        c for c in text if c == "\n" or not unicodedata.category(c).startswith(("C", "Zl", "Zp"))
    ).strip()
    if not kept:
        raise WorkOrderRefused("an answer is needed", "work_order_answer_empty")
    if len(kept) > ANSWER_MAX:
        raise WorkOrderRefused("the answer is too long", "work_order_answer_long")
    return kept


def answer(order: WorkOrder, text: str, by: str, at: datetime) -> None:
    """The supervisor's answer to an open (or answered, not closed) work order."""
    if order.state == CLOSED:
        raise WorkOrderRefused(f"work order {order.id} is closed", "work_order_closed_already")
    order.answer = cleaned_answer(text)
    order.state, order.answered_by, order.answered_at = ANSWERED, by, at


def close(order: WorkOrder, by: str, at: datetime) -> None:
    """Close an answered work order (an open one needs its answer first)."""
    if order.state == CLOSED:
        raise WorkOrderRefused(f"work order {order.id} is closed", "work_order_closed_already")
    if order.state != ANSWERED:
        raise WorkOrderRefused(f"work order {order.id} has no answer", "work_order_unanswered")
    order.state, order.closed_by, order.closed_at = CLOSED, by, at


@dataclass(frozen=True)
class Listed:
    """A work order as the dashboard lists it."""

    order: WorkOrder
    rating: Rating
    reference: str
    item_id: str


LIST_CLOSED = 50  # the most recently closed, below the open ones


def listed(session: Session) -> list[Listed]:
    """Every work order not closed (the earliest due first), then the latest closed."""
    query = (
        select(WorkOrder, Rating, Declaration.reference, Declaration.item_id)
        .join(Rating, Rating.id == WorkOrder.rating_id)
        .join(Declaration, Declaration.id == Rating.declaration_id)
    )
    pending = session.execute(
        query.where(WorkOrder.state != CLOSED).order_by(WorkOrder.due_on, WorkOrder.id)
    ).all()
    closed = session.execute(
        query.where(WorkOrder.state == CLOSED)
        .order_by(WorkOrder.closed_at.desc(), WorkOrder.id.desc())
        .limit(LIST_CLOSED)
    ).all()
    return [Listed(o, r, ref, item) for o, r, ref, item in (*pending, *closed)]
