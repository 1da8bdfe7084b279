"""Checked field types of the sync protocol: event payloads and the server's API bodies.

Everything a terminal sends ends up in columns of bounded width, on SQLite or PostgreSQL.
PostgreSQL refuses text with NUL characters, strings longer than the column and datetimes
outside its range, and SQLite cannot encode lone surrogates: each would be a 500 in the
middle of a batch. These types refuse such values while the payload is checked, so the
terminal finds out when it builds the payload and the server answers a 422 (or a
rejected event) instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, PlainSerializer, StringConstraints

INT32 = 2**31 - 1


def storable(value: str) -> str:
    """`value` if a SQLite or PostgreSQL column can hold it, else ValueError."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def _in_range(value: datetime) -> datetime:
    # Year 1 or 9999 with an offset overflows when converted to UTC for storage.
    if not 2000 <= value.year <= 2200:
        raise ValueError("must be a time between the years 2000 and 2200")
    return value


def _iso(value: datetime) -> str:
    # isoformat() rather than pydantic's own form ("Z" for UTC): the terminal's payloads
    # stay byte for byte what it sent before these models existed.
    return value.isoformat()


Moment = Annotated[
    AwareDatetime, AfterValidator(_in_range), PlainSerializer(_iso, when_used="json")
]
"""A time with its UTC offset (a time without one is refused), kept in the sender's offset:
the server's columns store it as UTC."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,36}$")]
"""An event or help call id (the terminals send UUIDs)."""

Reference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,32}$")]
"""A declaration reference, e.g. 20261126-07-0012."""

KIND_NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
KIND_NAME_LENGTH = 48
"""An event kind's name: lower-case words joined by dots, e.g. ticket.print_failed, at
most 48 characters (the server's `events.kind` column)."""


def is_kind_name(value: str) -> bool:
    """Whether `value` could name a kind, now or in a later protocol version."""
    return len(value) <= KIND_NAME_LENGTH and KIND_NAME.fullmatch(value) is not None


TerminalNumber = Annotated[int, Field(ge=1, le=12)]
CounterNumber = Annotated[int, Field(ge=1, le=999)]
Count = Annotated[int, Field(ge=0, le=INT32)]
ProtocolVersion = Annotated[int, Field(ge=1, le=INT32)]
Series = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]

Text8 = Annotated[str, StringConstraints(max_length=8), AfterValidator(storable)]
Text16 = Annotated[str, StringConstraints(max_length=16), AfterValidator(storable)]
Text32 = Annotated[str, StringConstraints(max_length=32), AfterValidator(storable)]
Text64 = Annotated[str, StringConstraints(max_length=64), AfterValidator(storable)]
Note = Annotated[str, StringConstraints(max_length=500), AfterValidator(storable)]
