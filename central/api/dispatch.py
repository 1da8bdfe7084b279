"""POST /api/v1/declarations/{reference}/dispatch: a counter mailed the certificate
(证照免费邮寄), with the carrier and the tracking number (central.mailings).

Only a counter's token: the counter holds the parcel. The same dispatch again (a retry
after a lost answer) is answered as the first; another parcel for a mailing dispatched
already, a mailing never requested, or one cancelled (collected at the counter) is 409.
The declaration's status chart is not touched: mailing is not a step of its handling.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import mailings
from central.api.auth import COUNTER, ERRORS, Client, allow, server
from central.api.declarations import NOT_FOUND, ReferencePath
from central.api.routing import TextSafeRoute
from central.api.schemas import Problem
from central.api.writes import write
from central.models import Declaration, Mailing
from central.state import ServerState
from kiosk.protocol.fields import CounterNumber, storable

router = APIRouter(route_class=TextSafeRoute)


def _one_printable_line(value: str) -> str:
    # Shown to the applicant at the lookup: no control, format or line-separator
    # characters, and no blank name.
    if not value.strip() or value != value.strip():
        raise ValueError("must not be blank nor start or end with spaces")
    if any(unicodedata.category(c).startswith(("C", "Zl", "Zp")) for c in value):
        raise ValueError("must be one line of printable characters")
    return storable(value)


Carrier = Annotated[
    str,
    StringConstraints(min_length=1, max_length=mailings.CARRIER_MAX),
    AfterValidator(_one_printable_line),
    Field(
        description="the carrier: " + ", ".join(mailings.CARRIERS) + ", or another's name "
        f"(at most {mailings.CARRIER_MAX} characters)",
        examples=["EMS"],
    ),
]
Tracking = Annotated[
    str,
    StringConstraints(pattern=mailings.TRACKING_PATTERN),
    Field(description="the tracking number: 6 to 32 ASCII letters or digits"),
]


class DispatchIn(BaseModel):
    """Who dispatched it, and the parcel."""

    model_config = ConfigDict(extra="forbid", strict=True)

    counter: CounterNumber
    carrier: Carrier
    tracking: Tracking


class DispatchOut(BaseModel):
    """The mailing as it now stands (never its address)."""

    reference: str
    state: str = Field(description='"dispatched": a refused dispatch is a 409')
    carrier: str | None
    tracking: str | None
    requested_at: datetime
    dispatched_at: datetime | None
    dispatched_by: str | None = Field(description='e.g. "counter 3"')


def _utc(at: datetime | None) -> datetime | None:
    # As stored: a retry answers what the first dispatch did, whose time is the clock's.
    return at.astimezone(UTC) if at is not None else None


def _out(reference: str, mailing: Mailing) -> DispatchOut:
    return DispatchOut(
        reference=reference,
        state=mailing.state,
        carrier=mailing.carrier,
        tracking=mailing.tracking,
        requested_at=mailing.requested_at.astimezone(UTC),
        dispatched_at=_utc(mailing.dispatched_at),
        dispatched_by=mailing.dispatched_by,
    )


@router.post(
    "/declarations/{reference}/dispatch",
    response_model=DispatchOut,
    responses={
        **ERRORS,
        404: NOT_FOUND,
        409: {
            "model": Problem,
            "description": "No mailing requested, it was cancelled, or it was dispatched "
            "already as another parcel",
        },
    },
    summary="证照免费邮寄: the certificate was mailed, with its carrier and tracking number",
)
def post_dispatch(
    reference: ReferencePath,
    body: DispatchIn,
    client: Annotated[Client, Depends(allow(COUNTER))],
    state: Annotated[ServerState, Depends(server)],
) -> DispatchOut:
    def work(session: Session) -> DispatchOut:
        declaration_id = session.scalar(
            select(Declaration.id).where(Declaration.reference == reference)
        )
        if declaration_id is None:
            raise HTTPException(404, f"no declaration {reference}")
        # Only the mailing is locked (so a terminal's new address waits for it, or it for
        # the address): the batches lock it before any declaration, so no deadlock.
        mailing = session.scalar(
            select(Mailing).where(Mailing.declaration_id == declaration_id).with_for_update()
        )
        by = f"counter {body.counter}"
        done = mailings.dispatch(mailing, reference, body.carrier, body.tracking, by, state.clock())
        return _out(reference, done)

    try:
        return write(state, work)
    except mailings.NotDispatchable as refused:
        raise HTTPException(409, str(refused)) from None
