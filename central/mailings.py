"""证照免费邮寄 on the server: where each declaration's certificate is mailed, and its
dispatch by a counter.

A terminal sends mailing.requested when the applicant asks for the certificate to be
mailed, again when they change the address, and with `mail` false when they go back to
collecting it at the counter. Events may arrive out of order, so the one with the latest
`at` is kept; an older one arriving late changes nothing. A cancellation is kept as a
row too (state `cancelled`, the address cleared): without it, an older request arriving
after it would bring the mailing back.

Once a counter has dispatched the certificate (POST …/dispatch: carrier and tracking
number) the mailing no longer changes: a later request is stored as an event, but the
parcel is on its way, so only a warning says it came (never a refusal: the terminal
could do nothing about one). The lookup (central.progress) shows the state, the carrier
and tracking number and the city and district; never the recipient, mobile, street or
postcode, since anyone holding the ticket may look.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Declaration, Mailing
from kiosk.protocol.events import MailingRequested

log = logging.getLogger(__name__)

REQUESTED, DISPATCHED, CANCELLED = "requested", "dispatched", "cancelled"
GRID_LEADER = "grid_leader"  # brought home by the grid leader who declared (网格化零跑代办)
STATES = (REQUESTED, DISPATCHED, CANCELLED, GRID_LEADER)
ADDRESS = ("recipient", "mobile", "division", "province", "city", "district", "street", "postcode")
CARRIERS = ("EMS", "SF", "JD", "ZTO", "YTO", "STO", "YUNDA", "other")
"""The usual carriers' codes (中国邮政 EMS, 顺丰, 京东, 中通, 圆通, 申通, 韵达); a counter
may also name another in a short text."""
CARRIER_MAX = 32
TRACKING_PATTERN = r"^[A-Za-z0-9]{6,32}$"


class NotDispatchable(Exception):
    """The mailing cannot be dispatched so (the API's 409)."""


def by_reference(session: Session, references: Collection[str]) -> dict[str, Mailing]:
    """The mailings of the declarations `references` name, by reference.

    Locked on PostgreSQL until the transaction ends: a counter's dispatch (which locks the
    row too) and a terminal's new address then come one after the other, so neither
    writes over the other's change unseen.
    """
    if not references:
        return {}
    rows = session.execute(
        select(Mailing, Declaration.reference)
        .join(Declaration, Declaration.id == Mailing.declaration_id)
        .where(Declaration.reference.in_(references))
        .with_for_update(of=Mailing)
    )
    return {reference: mailing for mailing, reference in rows}


def _fields(request: MailingRequested) -> dict[str, str]:
    """The address as stored: "" throughout for a cancellation (the applicant's address
    is not kept once it is not needed; the event still holds it)."""
    return {name: getattr(request, name) if request.mail else "" for name in ADDRESS}


def record(
    session: Session,
    declaration: Declaration,
    request: MailingRequested,
    existing: Mailing | None,
) -> Mailing:
    """Apply `request` to `declaration`, whose mailing so far is `existing`; the mailing.

    A request older than the one kept changes nothing, nor does any request once the
    mailing was dispatched (a warning when it would have changed it)."""
    fields = _fields(request)
    state = REQUESTED if request.mail else GRID_LEADER if request.grid_leader else CANCELLED
    if existing is None:
        mailing = Mailing(
            declaration=declaration,
            terminal=declaration.terminal,
            requested_at=request.at,
            state=state,
            **fields,
        )
        session.add(mailing)
        return mailing
    if request.at < existing.requested_at:  # older news, arrived late
        return existing
    if existing.state == DISPATCHED:
        kept = {name: getattr(existing, name) for name in ADDRESS}
        if not request.mail or kept != fields:
            # The reference only: the address is personal, and in the events table.
            log.warning(
                "declaration %s: a mailing change came after its dispatch; the mailing is "
                "kept as dispatched",
                request.reference,
            )
        return existing
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.requested_at, existing.state = request.at, state
    return existing


def dispatch(
    mailing: Mailing | None, reference: str, carrier: str, tracking: str, by: str, at: datetime
) -> Mailing:
    """Mark `reference`'s mailing dispatched by `by` (e.g. "counter 3"); the same
    carrier and tracking number again change nothing (a counter's retry).

    NotDispatchable when no mailing was requested, it was cancelled, or it was
    dispatched already as another parcel."""
    if mailing is None:
        raise NotDispatchable(f"declaration {reference}: no mailing was requested")
    if mailing.state == CANCELLED:
        raise NotDispatchable(
            f"declaration {reference}: the mailing was cancelled (collected at the counter)"
        )
    if mailing.state == GRID_LEADER:
        raise NotDispatchable(f"declaration {reference}: the grid leader brings it, not the post")
    if mailing.state == DISPATCHED:
        if (mailing.carrier, mailing.tracking) == (carrier, tracking):
            return mailing
        raise NotDispatchable(
            f"declaration {reference}: dispatched already as {mailing.carrier} {mailing.tracking}"
        )
    mailing.state, mailing.carrier, mailing.tracking = DISPATCHED, carrier, tracking
    mailing.dispatched_at, mailing.dispatched_by = at, by
    return mailing


def shown(mailing: Mailing | None) -> dict[str, Any] | None:
    """What the progress lookup shows of a mailing: None when none is requested (or it
    was cancelled); else its state, carrier, tracking number, dispatch time, and the
    city and district it goes to. Nothing that names or reaches the recipient."""
    if mailing is None or mailing.state == CANCELLED:
        return None
    return {
        "state": mailing.state,
        "carrier": mailing.carrier,
        "tracking": mailing.tracking,
        "dispatched_at": mailing.dispatched_at,
        "district": f"{mailing.city}{mailing.district}",
    }
