"""The event kinds the server knows and the payload fields it needs from each.

Payloads may carry more than these fields (answers, the pre-review's details): the
event keeps the payload as it came; these models only check and read what the server
projects into its tables (docs/sync-protocol.md, "Kinds").
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from central.fields import (
    Count,
    CounterNumber,
    Identifier,
    Moment,
    Reference,
    Series,
    TerminalNumber,
    Text8,
    Text16,
    Text32,
    Text64,
)


class Payload(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class DeclarationSubmitted(Payload):
    reference: Reference
    terminal: TerminalNumber
    item_id: Text64
    catalog_version: Text32
    language: Text8
    submitted_at: Moment
    answers: dict[str, Any] = Field(default_factory=dict)
    materials: dict[str, Any] = Field(default_factory=dict)


class PrereviewResult(Payload):
    reference: Reference
    outcome: Literal["passed", "passed_with_deficiency", "rejected"]


class CommitmentAccepted(Payload):
    reference: Reference
    accepted_at: Moment


class TicketIssued(Payload):
    reference: Reference
    number: Text16
    day: date
    series: Series
    source: Literal["central", "local"]
    counters: list[CounterNumber] = Field(max_length=50)
    terminal: TerminalNumber
    item_id: Text64
    issued_at: Moment


class TicketPrinted(Payload):
    reference: Reference
    number: Text16
    status: Text32
    at: Moment


class HelpRequested(Payload):
    id: Identifier
    terminal: TerminalNumber
    context: dict[str, Any]
    requested_at: Moment


class HelpDone(Payload):
    id: Identifier
    terminal: TerminalNumber
    at: Moment


class HelpCancelled(Payload):
    id: Identifier
    terminal: TerminalNumber
    cancelled_at: Moment


class GuideViewed(Payload):
    item_id: Text64
    terminal: TerminalNumber
    at: Moment


class PrinterStatus(Payload):
    terminal: TerminalNumber
    status: Text32
    at: Moment


class Heartbeat(Payload):
    # Only the terminal and the time are required: a heartbeat missing a figure still
    # says the terminal is alive, and a rejected heartbeat would only fill dead letters.
    terminal: TerminalNumber
    at: Moment
    outbox_depth: Count | None = None
    oldest_pending_age_s: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    app_version: Text32 | None = None
    catalog_version: Text32 | None = None
    calendar_version: Text32 | None = None
    printer_status: Text32 | None = None


class CatalogRefused(Payload):
    terminal: TerminalNumber
    version: str
    problems: list[Any]


KINDS: dict[str, type[Payload]] = {
    "declaration.submitted": DeclarationSubmitted,
    "prereview.result": PrereviewResult,
    "commitment.accepted": CommitmentAccepted,
    "ticket.issued": TicketIssued,
    "ticket.printed": TicketPrinted,
    "ticket.reprinted": TicketPrinted,
    "ticket.print_failed": TicketPrinted,
    "help.requested": HelpRequested,
    "help.acknowledged": HelpDone,
    "help.resolved": HelpDone,
    "help.cancelled": HelpCancelled,
    "guide.viewed": GuideViewed,
    "printer.status": PrinterStatus,
    "heartbeat": Heartbeat,
    "catalog.refused": CatalogRefused,
}

_ADAPTERS = {kind: TypeAdapter(model) for kind, model in KINDS.items()}


class InvalidPayload(ValueError):
    """The event cannot be stored as it is; the message says why (the rejection reason)."""


def parse(kind: str, payload: dict[str, Any]) -> Payload:
    """The checked payload of an event of `kind`; InvalidPayload says what is wrong."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        raise InvalidPayload(f"unknown kind {kind!r}")
    try:
        return adapter.validate_python(payload)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise InvalidPayload(f"payload.{where}: {first['msg']}{more}") from None
