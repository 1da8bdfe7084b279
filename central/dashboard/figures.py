"""Today's figures for the hall supervisor, from the central database.

"Today" is the hall's local day (the server's `timezone` setting, central.days), whatever
zone the machine runs in: the bounds are computed in that zone and compared with the
stored UTC times. Every figure
is one aggregate query, so a snapshot stays cheap on a day with thousands of events.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import ratings
from central.days import day_bounds, hall_day
from central.models import Declaration, Event, HelpCall, Rating, Ticket, WorkOrder

# The pre-review outcomes the figures count (docs/sync-protocol.md, prereview.result).
PASSED = "passed"
PASSED_WITH_DEFICIENCY = "passed_with_deficiency"
REJECTED = "rejected"


@dataclass(frozen=True)
class Figures:
    day: date
    consultations: int  # guide.viewed events: an item's 一次性告知 opened
    declarations: int  # submitted today
    passed: int  # of today's declarations, by their latest pre-review outcome
    passed_with_deficiency: int
    rejected: int
    assisted: int  # of today's declarations, those made with the attendant's help (帮办)
    proxied: int  # of today's declarations, those a grid leader made for a resident (代办)
    tickets: int  # tickets of today's sequence (central and offline numbers)
    help_calls: int  # requested today, whatever became of them
    mean_ack_s: float | None  # requested today and answered: mean time to acknowledge
    ratings: int  # 好差评 given today (by the terminals' times)
    satisfied: int  # of them, 非常满意, 满意 or 基本满意
    work_orders_open: int  # 整改工单 not closed, whenever opened
    work_orders_overdue: int  # of them, past their due day

    @property
    def satisfaction(self) -> float | None:
        """The satisfaction rate (satisfied / all ratings today); None without ratings."""
        return self.satisfied / self.ratings if self.ratings else None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data


def today(session: Session, now: datetime, zone: ZoneInfo) -> Figures:
    """The figures of the hall's day (in `zone`) that contains `now`."""
    day = hall_day(now, zone)
    start, end = day_bounds(day, zone)

    def count(*where: Any) -> int:
        return session.execute(select(func.count()).where(*where)).scalar_one()

    consultations = count(
        Event.kind == "guide.viewed", Event.created_at >= start, Event.created_at < end
    )
    submitted_today = (Declaration.submitted_at >= start, Declaration.submitted_at < end)
    outcomes: dict[str | None, int] = {
        outcome: n
        for outcome, n in session.execute(
            select(Declaration.outcome, func.count())
            .where(*submitted_today)
            .group_by(Declaration.outcome)
        )
    }
    assisted = count(*submitted_today, Declaration.assisted_by.is_not(None))
    proxied = count(*submitted_today, Declaration.proxy_by.is_not(None))
    requested_today = (HelpCall.requested_at >= start, HelpCall.requested_at < end)
    # Averaged here rather than in SQL: SQLite and PostgreSQL subtract times differently,
    # and a day's answered calls are a few hundred at most.
    waits = [
        (acknowledged - requested).total_seconds()
        for requested, acknowledged in session.execute(
            select(HelpCall.requested_at, HelpCall.acknowledged_at).where(
                *requested_today, HelpCall.acknowledged_at.is_not(None)
            )
        )
        if acknowledged is not None
    ]
    rated_today = (Rating.rated_at >= start, Rating.rated_at < end)
    pending = WorkOrder.state != ratings.CLOSED
    return Figures(
        day=day,
        consultations=consultations,
        declarations=sum(outcomes.values()),
        passed=outcomes.get(PASSED, 0),
        passed_with_deficiency=outcomes.get(PASSED_WITH_DEFICIENCY, 0),
        rejected=outcomes.get(REJECTED, 0),
        assisted=assisted,
        proxied=proxied,
        tickets=count(Ticket.day == day),
        help_calls=count(*requested_today),
        mean_ack_s=sum(waits) / len(waits) if waits else None,
        ratings=count(*rated_today),
        satisfied=count(*rated_today, Rating.level.in_(ratings.SATISFIED)),
        work_orders_open=count(pending),
        work_orders_overdue=count(pending, WorkOrder.due_on < day),
    )
