"""The 整改工单 page's rows: each low rating's work order, in words of the page's language.

The applicant's own words are shown (they are what the supervisor answers); nothing else
of the declaration is, its answers least of all.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from central import ratings
from central.dashboard import i18n
from central.dashboard.catalog_names import CatalogNames

STATE_KEYS = {
    ratings.OPEN: "work_order_open",
    ratings.ANSWERED: "work_order_answered",
    ratings.CLOSED: "work_order_closed",
}
LEVEL_KEYS = {
    "very_satisfied": "rating_very_satisfied",
    "satisfied": "rating_satisfied",
    "basic": "rating_basic",
    "dissatisfied": "rating_dissatisfied",
    "very_dissatisfied": "rating_very_dissatisfied",
}
ASPECT_KEYS = {
    "efficiency": "aspect_efficiency",
    "attitude": "aspect_attitude",
    "guide": "aspect_guide",
    "ease": "aspect_ease",
    "other": "aspect_other",
}


def _label(lang: i18n.Language, keys: dict[str, str], word: object) -> str:
    """A stored word in the page's language; an unknown one as it is (escaped)."""
    key = keys.get(word) if isinstance(word, str) else None
    return i18n.t(lang, key) if key else str(word)


def rows(
    session: Session, names: CatalogNames, lang: i18n.Language, today: date, zone: ZoneInfo
) -> list[dict[str, Any]]:
    def t(key: str, **values: object) -> str:
        return i18n.t(lang, key, **values)

    def when(moment: Any) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    found: list[dict[str, Any]] = []
    for entry in ratings.listed(session):
        order, rating = entry.order, entry.rating
        closed = order.state == ratings.CLOSED
        left = (order.due_on - today).days
        if closed:
            due_words = ""
        elif left < 0:
            due_words = t("work_order_overdue", days=-left)
        else:
            due_words = t("work_order_days_left", days=left)
        found.append(
            {
                "id": order.id,
                "state": order.state,
                "state_label": _label(lang, STATE_KEYS, order.state),
                "reference": entry.reference,
                "item": names.item(entry.item_id, lang),
                "terminal_label": t("terminal_n", n=rating.terminal),
                "level_label": _label(lang, LEVEL_KEYS, rating.level),
                "aspects": [_label(lang, ASPECT_KEYS, a) for a in rating.aspects],
                "text": rating.text,
                "rated_at": when(rating.rated_at),
                "opened_on": order.opened_on.isoformat(),
                "due_on": order.due_on.isoformat(),
                "due_words": due_words,
                "overdue": not closed and left < 0,
                "answer": order.answer,
                "answered": t(
                    "work_order_answered_by", by=order.answered_by, at=when(order.answered_at)
                )
                if order.answered_by
                else "",
                "closed": t("work_order_closed_by", by=order.closed_by, at=when(order.closed_at))
                if order.closed_by
                else "",
            }
        )
    return found
