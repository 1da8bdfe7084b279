"""Identifiers bound to their terminal: a terminal may name only its own.

A declaration reference (`20261126-07-0012`: day, terminal, sequence) and an offline
ticket number (`B07-003`: series, terminal, sequence; docs/tickets.md) carry the number
of the terminal that made them. The server refuses any that carry another terminal's
number, whichever token sends them: otherwise terminal 1 could take terminal 2's next
reference or offline number first, and terminal 2's own events for it would be refused.
A central ticket number (`B017`) has no terminal; it must be in the central form, so an
offline number cannot be passed off as one.

Event ids and help call ids are random UUIDs the terminal makes and no answer of the
API shows another terminal; the server binds them to the terminal that stored them
first (central.ingest).
"""

from __future__ import annotations

import re

from kiosk.tickets import CENTRAL_FORM

REFERENCE_FORM = re.compile(r"^(\d{8})-(\d{2})-(\d{4,})$")
LOCAL_NUMBER_FORM = re.compile(r"^([A-Z])(\d{2})-(\d{3,})$")


class NotYours(Exception):
    """The identifier names another terminal (403); the message says which."""


class Malformed(Exception):
    """The identifier does not have its documented form (422)."""


def check_reference(reference: str, terminal: int) -> None:
    """`reference` must be `YYYYMMDD-TT-NNNN` with TT the caller's terminal."""
    found = REFERENCE_FORM.match(reference)
    if found is None:
        raise Malformed(f"reference {reference[:32]!r} is not of the form YYYYMMDD-TT-NNNN")
    owner = int(found.group(2))
    if owner != terminal:
        raise NotYours(f"reference {reference} is terminal {owner}'s, not terminal {terminal}'s")


def check_ticket_number(number: str, source: str, series: str, terminal: int) -> None:
    """A `local` number must be `<series><TT>-<seq>` with TT the caller's terminal; a
    `central` one must be `<series><seq>`, the form only the server hands out."""
    if source == "local":
        found = LOCAL_NUMBER_FORM.match(number)
        if found is None:
            raise Malformed(f"offline ticket number {number!r} is not of the form A07-001")
        owner = int(found.group(2))
        if owner != terminal:
            raise NotYours(
                f"offline ticket number {number} is terminal {owner}'s, not terminal {terminal}'s"
            )
    elif CENTRAL_FORM.match(number) is None:
        raise Malformed(f"central ticket number {number!r} is not of the form A001")
    if not number.startswith(series):
        raise Malformed(f"ticket number {number} is not of series {series}")
