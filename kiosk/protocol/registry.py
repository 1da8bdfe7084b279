"""Which event kinds exist, since which protocol version, and checking payloads with them.

The protocol version grows by one whenever a kind is added (or a kind's payload accepts
something an older model refused). A terminal sends `PROTOCOL_VERSION` with every batch;
a server knows the kinds up to its own version (`Registry(version)`), so an older server
is the same code run at an older version, which is how the tests run one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationError

from kiosk.protocol.events import (
    CatalogRefused,
    CommitmentAccepted,
    DeclarationAssisted,
    DeclarationProxied,
    DeclarationSubmitted,
    DocumentHandedOut,
    GuideViewed,
    Heartbeat,
    HelpCancelled,
    HelpDone,
    HelpRequested,
    MailingRequested,
    Payload,
    PrereviewResult,
    PrinterStatus,
    RatingGiven,
    StaffAction,
    TerminalMode,
    TicketIssued,
    TicketPrinted,
)
from kiosk.protocol.limits import max_payload_bytes, number_problem, payload_size

PROTOCOL_VERSION = 6
"""1: every kind of the first release; 2: terminal.mode; 3: commitment.accepted carries
the committer and the signature, and document.handed_out; 4: staff.action and
declaration.assisted, help.acknowledged/resolved say who, the heartbeat carries the
diagnostics' figures; 5: rating.given (好差评), declaration.proxied (网格化零跑代办),
mailing.requested (证照免费邮寄), and document.handed_out's authorisation; 6: the
heartbeat carries the ID card reader's, the scanner's and the call light's states."""


@dataclass(frozen=True)
class Kind:
    """An event kind: its name, its payload model and the version that introduced it."""

    name: str
    model: type[Payload]
    since: int


def _kind(name: str, model: type[Payload]) -> Kind:
    # Kinds sharing a model (ticket.printed and ticket.reprinted) came with it; a kind
    # added later on an existing model would say its own version here.
    return Kind(name, model, model.since)


KINDS: Mapping[str, Kind] = {
    kind.name: kind
    for kind in (
        _kind("declaration.submitted", DeclarationSubmitted),
        _kind("prereview.result", PrereviewResult),
        _kind("commitment.accepted", CommitmentAccepted),
        _kind("ticket.issued", TicketIssued),
        _kind("ticket.printed", TicketPrinted),
        _kind("ticket.reprinted", TicketPrinted),
        _kind("ticket.print_failed", TicketPrinted),
        _kind("help.requested", HelpRequested),
        _kind("help.acknowledged", HelpDone),
        _kind("help.resolved", HelpDone),
        _kind("help.cancelled", HelpCancelled),
        _kind("guide.viewed", GuideViewed),
        _kind("printer.status", PrinterStatus),
        _kind("heartbeat", Heartbeat),
        _kind("catalog.refused", CatalogRefused),
        _kind("terminal.mode", TerminalMode),
        _kind("document.handed_out", DocumentHandedOut),
        _kind("staff.action", StaffAction),
        _kind("declaration.assisted", DeclarationAssisted),
        _kind("rating.given", RatingGiven),
        _kind("declaration.proxied", DeclarationProxied),
        _kind("mailing.requested", MailingRequested),
    )
}


class InvalidPayload(ValueError):
    """The payload cannot be used as it is; the message says why (a rejection reason)."""


class UnknownKind(InvalidPayload):
    """No kind of that name at this protocol version."""


class PayloadTooLarge(InvalidPayload):
    """The payload is over its kind's size limit (kiosk.protocol.limits)."""


def check_payload(kind: str, payload: Mapping[str, Any], *, known: bool = True) -> None:
    """Refuse a JSON-ready `payload` over its kind's size limit (PayloadTooLarge) or
    holding a number JSON cannot carry (InvalidPayload); `known`: whether this side knows
    the kind. Measured before the kind's model looks at it."""
    limit = max_payload_bytes(kind, known=known)
    size = payload_size(payload)
    if size > limit:
        raise PayloadTooLarge(
            f"payload: {size} bytes is over the limit of {limit} bytes for {kind[:48]!r}"
        )
    problem = number_problem(payload)
    if problem is not None:
        raise InvalidPayload(problem)


class Registry:
    """The kinds one side knows at protocol `version` (1 to PROTOCOL_VERSION).

    `kinds` are every version's kinds; only a test gives others (a protocol from the
    future: a server run at an older version has fewer kinds, not older models).
    """

    def __init__(self, version: int = PROTOCOL_VERSION, kinds: Mapping[str, Kind] = KINDS) -> None:
        latest = max(max(kind.since, kind.model.widened) for kind in kinds.values())
        if not 1 <= version <= latest:
            raise ValueError(f"protocol version must be 1 to {latest}, not {version}")
        self.version = version
        self.kinds: Mapping[str, Kind] = {
            name: kind for name, kind in kinds.items() if kind.since <= version
        }

    def __repr__(self) -> str:
        return f"Registry({self.version})"

    def knows(self, kind: str) -> bool:
        return kind in self.kinds

    def parse(self, kind: str, payload: Mapping[str, Any]) -> Payload:
        """The checked payload of an event of `kind`; InvalidPayload says what is wrong
        (UnknownKind when this version has no such kind)."""
        known = self.kinds.get(kind)
        if known is None:
            raise UnknownKind(f"unknown kind {kind!r}")
        try:
            return known.model.model_validate(payload)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "payload"
            more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
            raise InvalidPayload(f"payload.{where}: {first['msg']}{more}") from None


def registry(version: int = PROTOCOL_VERSION) -> Registry:
    """The (shared, immutable) registry of `version`."""
    return _registry(version)


@cache
def _registry(version: int) -> Registry:
    return Registry(version)


def parse(kind: str, payload: Mapping[str, Any], version: int = PROTOCOL_VERSION) -> Payload:
    """`payload` checked with `kind`'s model at protocol `version` (see Registry.parse)."""
    return registry(version).parse(kind, payload)


def payload(kind: str, /, **fields: Any) -> dict[str, Any]:
    """The JSON-ready payload of a `kind` event, checked with its model (the terminal's
    builder): e.g. ``payload("terminal.mode", terminal=7, mode="staff", at=now)``.

    Raises UnknownKind or InvalidPayload (a bug in the caller: fix the call, the server
    would refuse the event too), PayloadTooLarge over the kind's size limit. Times keep
    their offset, days become ISO dates, extra fields are kept (they must be JSON-able),
    in the order they were given.
    """
    dumped = parse(kind, fields).payload()
    built = {name: dumped[name] for name in fields}
    check_payload(kind, built)
    return built
