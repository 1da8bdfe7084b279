"""Request and response bodies of /api/v1, as /openapi.json describes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from central.appointments import CODE_ALPHABET, CODE_LENGTH
from kiosk.protocol.fields import (
    CounterNumber,
    Identifier,
    Moment,
    Note,
    ProtocolVersion,
    Reference,
    Series,
    TerminalNumber,
)
from kiosk.protocol.limits import BATCH_MAX_EVENTS

MAX_BATCH = BATCH_MAX_EVENTS


class ProblemError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An error answer: `detail` says what is wrong, naming the field and the limit."""

    detail: str
    errors: list[ProblemError] | None = Field(
        default=None, description="for a 422: every problem found (without the input)"
    )


class EventIn(BaseModel):
    """One outbox event; `id` is its idempotency key."""

    id: Identifier
    kind: str = Field(max_length=64, description="e.g. declaration.submitted, heartbeat")
    created_at: Moment
    payload: dict[str, Any] = Field(description="the kind's fields (docs/sync-protocol.md)")


class EventBatch(BaseModel):
    terminal: TerminalNumber
    protocol: ProtocolVersion = Field(
        default=1,
        description="the sync protocol version the terminal speaks (missing: 1, the first)",
    )
    events: list[EventIn] = Field(max_length=MAX_BATCH)


class EventResult(BaseModel):
    id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = Field(
        default=None,
        description="why, for a rejected event; 'unknown kind, kept' for an accepted event "
        "the server cannot read yet (stored, applied once the server knows it)",
    )
    code: int | None = Field(
        default=None,
        description="for a rejected event, as HTTP would answer it alone: 403 it names "
        "another terminal, 409 its ticket number is another's, 413 its payload is over its "
        "kind's limit, 422 its payload is unusable",
    )


class EventResults(BaseModel):
    """One result per event, in the order sent."""

    results: list[EventResult]


APPOINTMENT_CODE = f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"
"""A booking code in its stored form (upper case, no separators: the terminal's
kiosk.appointments.booking_code)."""


class TicketIn(BaseModel):
    terminal: TerminalNumber
    reference: Reference = Field(description="the idempotency key: the same number again")
    series: Series
    day: date
    counters: list[CounterNumber] = Field(max_length=50)
    appointment: str | None = Field(
        default=None,
        pattern=APPOINTMENT_CODE,
        description="the code of a Saturday booking checked in on time: its ticket, of "
        "series Y (served first); without it series Y is refused",
    )


class TicketOut(BaseModel):
    number: str = Field(description="e.g. B017")
    sequence: int
    ahead: int = Field(description="tickets still waiting before it at any of its counters")


class CatalogOut(BaseModel):
    version: str
    files: dict[str, str] = Field(description="TOML text by file name")


class CalendarOut(BaseModel):
    version: str
    calendar: dict[str, Any] = Field(description="kiosk.workcalendar.WorkCalendar.to_dict() form")


class HelpCallOut(BaseModel):
    id: str
    state: Literal["open", "acknowledged", "resolved", "cancelled"]
    changed: int
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    cancelled_at: datetime | None


class HelpCallsOut(BaseModel):
    cursor: int = Field(description="pass it as `since` next time")
    calls: list[HelpCallOut]


class HistoryEntry(BaseModel):
    status: str
    at: datetime
    by: str
    note: str


class DeclarationOut(BaseModel):
    """A declaration's progress; never its answers."""

    reference: str
    item_id: str
    terminal: int
    status: str
    outcome: str | None
    ticket: str | None = Field(description="its ticket number, once issued")
    history: list[HistoryEntry]


class StatusIn(BaseModel):
    status: Literal["received", "processing", "completed", "returned"]
    counter: CounterNumber
    note: Note = ""


class Waiting(BaseModel):
    waiting: int


class QueueOut(BaseModel):
    day: date
    counters: dict[str, Waiting]


class StaffAccountOut(BaseModel):
    username: str
    display_name: str
    role: Literal["attendant", "technician", "grid_leader", "supervisor"]
    pin_hash: str = Field(description="kiosk.pins form, salted with the roster's `salt`")


class StaffRosterOut(BaseModel):
    """The enabled accounts with a terminal PIN. The terminal replaces its copy with each
    new version: an account missing from it can no longer sign in there."""

    version: str = Field(description="a hash of the content; also the ETag")
    salt: str = Field(
        description="the hall's PIN salt in hex: derive a typed PIN once with it "
        "(kiosk.pins.hash_pin(pin, salt=bytes.fromhex(salt))) and compare with each pin_hash"
    )
    accounts: list[StaffAccountOut]


class InServiceOut(BaseModel):
    terminals: list[int] = Field(
        description="registered terminals seen within 2 minutes and not out of service "
        "(the caller's own number included when it is)"
    )
