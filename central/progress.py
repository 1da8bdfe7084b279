"""办件进度查询 on the server: a declaration's progress for the applicant at a terminal.

A terminal asks with the reference and its proof (kiosk.progress.Query): the ticket's QR
code was read there (possession of the ticket), or the applicant typed the last four
digits of a mobile number given in the declaration. An unknown reference and a wrong
pair get the same None, so a lookup reveals nothing of a declaration it cannot prove.
The answer holds the status history, the 容缺 materials still owed, the ticket number,
the mailing (central.mailings.shown: its state and tracking, never the address) and the
rating; never the answers, nor who at the counter moved it.

A terminal with an ID card reader asks by the card's number instead (holding the card is
the proof): `for_holder` gives the declarations about that holder (central.holders),
each as the reference's lookup shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import mailings, statuses
from central.models import (
    Declaration,
    DeclarationHolder,
    Mailing,
    Rating,
    StatusChange,
    Ticket,
)
from kiosk.progress import mobile_tails

OWED_MAX = 50  # as the terminal reads an answer (kiosk.progress)
NAME_MAX = 200
ID_MAX = 64
DEFICIENT = "passed_with_deficiency"
# Owed materials are shown until the counter finishes with the declaration either way.
SETTLED = frozenset({statuses.COMPLETED, statuses.RETURNED})


def owed_of(review: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The 容缺 materials a pre-review result (a prereview.result payload, i.e.
    kiosk.prereview.ReviewResult.to_dict) leaves owed: [{"id", "name": {"zh", "en"},
    "due_date"}], at most OWED_MAX. A result without any, or malformed (the payload's
    extra fields are not checked by its model), gives []."""
    if review.get("outcome") != DEFICIENT:
        return []
    found = review.get("deficiencies")
    if not isinstance(found, list):
        return []
    owed: list[dict[str, Any]] = []
    for item in found[:OWED_MAX]:
        cleaned = _deficiency(item)
        if cleaned is not None:
            owed.append(cleaned)
    return owed


def _deficiency(item: object) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    material, name, due = item.get("material_id"), item.get("name"), item.get("due_date")
    if not (isinstance(material, str) and 0 < len(material) <= ID_MAX):
        return None
    if not isinstance(name, dict):
        return None
    zh, en = name.get("zh"), name.get("en")
    if not all(isinstance(n, str) and len(n) <= NAME_MAX for n in (zh, en)):
        return None
    if not (isinstance(due, str) and len(due) == 10):
        return None
    try:
        date.fromisoformat(due)
    except ValueError:
        return None
    return {"id": material, "name": {"zh": zh, "en": en}, "due_date": due}


@dataclass(frozen=True)
class Found:
    """What a lookup shows (the API's ProgressOut, central.api.progress)."""

    reference: str
    item_id: str
    submitted_at: datetime
    status: str
    history: list[dict[str, Any]]
    owed: list[dict[str, Any]]
    ticket: str | None
    rating: dict[str, Any] | None
    mailing: dict[str, Any] | None = None  # central.mailings.shown


def look_up(session: Session, reference: str, digits: str | None) -> Found | None:
    """The declaration's progress when `digits` (None: its QR code was read) prove it;
    None for an unknown reference and a wrong pair alike."""
    declaration = session.scalar(select(Declaration).where(Declaration.reference == reference))
    if declaration is None:
        return None
    if digits is not None and digits not in mobile_tails(declaration.answers or {}):
        return None
    return progress_of(session, declaration)


def for_holder(session: Session, key: str, since: datetime, most: int) -> list[Found]:
    """The progress of the declarations about the holder of `key` (central.holders)
    submitted at `since` or later, the newest first, at most `most` of them: one
    indexed query, then `progress_of` for each."""
    declarations = session.scalars(
        select(Declaration)
        .join(DeclarationHolder, DeclarationHolder.reference == Declaration.reference)
        .where(DeclarationHolder.holder == key, Declaration.submitted_at >= since)
        .order_by(Declaration.submitted_at.desc(), Declaration.id.desc())
        .limit(most)
    ).all()
    return [progress_of(session, declaration) for declaration in declarations]


def progress_of(session: Session, declaration: Declaration) -> Found:
    """What a lookup shows of `declaration` (its proof already given)."""
    reference = declaration.reference
    history = session.scalars(
        select(StatusChange)
        .where(StatusChange.declaration_id == declaration.id)
        .order_by(StatusChange.at, StatusChange.id)
    ).all()
    ticket = session.scalar(select(Ticket.number).where(Ticket.reference == reference))
    rating = session.scalar(select(Rating).where(Rating.declaration_id == declaration.id))
    mailing = session.scalar(select(Mailing).where(Mailing.declaration_id == declaration.id))
    owed = (
        declaration.owed or []
        if declaration.commitment_accepted_at is not None and declaration.status not in SETTLED
        else []
    )
    return Found(
        reference=declaration.reference,
        item_id=declaration.item_id,
        submitted_at=declaration.submitted_at,
        status=declaration.status,
        # Who moved it stays at the counter: the applicant sees what and when.
        history=[{"status": h.status, "at": h.at, "note": h.note} for h in history],
        owed=list(owed),
        ticket=ticket,
        rating={"level": rating.level, "rated_at": rating.rated_at} if rating else None,
        mailing=mailings.shown(mailing),
    )
