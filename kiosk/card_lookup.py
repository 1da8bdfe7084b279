"""办件进度查询 by ID card: the applicant places their resident ID card instead of typing a
reference, and sees their own declarations (the newest first, a few at most).

Holding the card is the proof, as holding the ticket is for its QR code. The central
server finds the declarations naming the card's number (POST /api/v1/progress/by-id-card,
docs/sync-protocol.md); offline, the terminal looks through its own recent declarations.
The number is checked here, where it enters (a card that reads wrong is refused before
anything is asked), and never logged. Plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.progress import BadAnswer, Progress, Query, from_answer, local_progress
from kiosk.store.models import Declaration
from kiosk.validators import resident_id_problem

MOST: Final = 5  # declarations shown for one card, as the server sends them
LOCAL_SCAN: Final = 500  # the terminal's own newest declarations looked through offline


@dataclass(frozen=True, repr=False)
class CardQuery:
    """A lookup by the card's number (18 characters, the check digit right)."""

    id_number: str

    @classmethod
    def of(cls, id_number: str) -> CardQuery | None:
        number = id_number.strip().upper()
        return cls(number) if resident_id_problem(number) is None else None

    def body(self) -> dict[str, str]:
        return {"id_number": self.id_number}

    def __repr__(self) -> str:  # never the whole number, in a log or a traceback
        return f"CardQuery({self.id_number[:4]}…{self.id_number[-4:]})"


def from_card_answer(data: Mapping[str, Any]) -> tuple[Progress, ...]:
    """The server's 200 answer: each declaration checked as a one-reference answer is;
    BadAnswer when it is not one (or holds more than MOST)."""
    items = data.get("declarations") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items or len(items) > MOST:
        raise BadAnswer("progress by card: declarations must be a list of 1 to 5")
    found: list[Progress] = []
    for item in items:
        reference = item.get("reference") if isinstance(item, Mapping) else None
        if not isinstance(reference, str):
            raise BadAnswer("progress by card: a declaration without its reference")
        found.append(from_answer(item, Query(reference)))
    return tuple(found)


def holds_number(answers: Mapping[str, Any], id_number: str) -> bool:
    """Whether any answer (or a part of one: an address, a list) is this ID number."""
    for value in answers.values():
        parts: Sequence[Any] = (
            list(value.values())
            if isinstance(value, Mapping)
            else value
            if isinstance(value, list)
            else [value]
        )
        if any(isinstance(p, str) and p.strip().upper() == id_number for p in parts):
            return True
    return False


def local_by_card(session: Session, query: CardQuery) -> tuple[Progress, ...]:
    """What this terminal's store knows of the card holder's declarations, newest first."""
    rows = session.scalars(
        select(Declaration).order_by(Declaration.submitted_at.desc()).limit(LOCAL_SCAN)
    )
    found: list[Progress] = []
    for decl in rows:
        if holds_number(decl.answers or {}, query.id_number):
            known = local_progress(session, Query(decl.reference))
            if known is not None:
                found.append(known)
            if len(found) == MOST:
                break
    return tuple(found)
