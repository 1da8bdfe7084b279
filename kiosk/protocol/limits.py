"""How much one event and one batch may hold: shared by the terminal and the server.

A payload's size is its compact JSON in UTF-8 (no spaces, text unescaped), so the same
payload measures the same whichever side measures it and however it was escaped on the
wire. Each kind has its own limit, far above what the terminal builds from valid input
(the largest shipped item with every answer at its field type's limit, in 4-byte
characters, makes a declaration.submitted of 22 KB); `kiosk.protocol.payload` refuses a payload over
it, so the terminal finds out when it builds one, and the server rejects such an
event (413) without storing it.

Numbers must be finite and integers within 64 bits: PostgreSQL's json refuses NaN, and
an integer of hundreds of digits cannot be read back by every client.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

KIB = 1024

BATCH_MAX_EVENTS = 500
"""Events in one POST /events (the terminal's sync sends at most this many at once)."""

TERMINAL_BATCH_BYTES = 1024 * KIB
"""What the terminal's sync puts in one POST /events at most, as it goes on the wire
(`within_batch_bytes`); an event alone is sent whatever its size, and the largest one a
payload limit allows (LARGE, in 4-byte characters JSON-escaped: 768 KiB) fits."""

BATCH_MAX_BYTES = 2 * TERMINAL_BATCH_BYTES
"""The body of one POST /events from a terminal's token: the terminal's own budget with
room to spare (docs/central-api.md)."""

LARGE = 256 * KIB  # answers, a pre-review's findings, a refused catalog's problems
SMALL = 16 * KIB  # a ticket, a print, a help call, a heartbeat: a few hundred bytes

PAYLOAD_MAX_BYTES: Mapping[str, int] = {
    "declaration.submitted": LARGE,
    "prereview.result": LARGE,
    "catalog.refused": LARGE,
}
"""Kinds allowed more than SMALL; every other known kind has SMALL."""

UNKNOWN_KIND_MAX_BYTES = LARGE
"""A kind this side does not know (a newer protocol's): kept by the server, so bounded
too, by the largest limit of any kind."""

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def max_payload_bytes(kind: str, *, known: bool = True) -> int:
    """The most bytes a payload of `kind` may take (`known`: whether this side knows it)."""
    if not known:
        return UNKNOWN_KIND_MAX_BYTES
    return PAYLOAD_MAX_BYTES.get(kind, SMALL)


def payload_size(payload: Mapping[str, Any]) -> int:
    """The payload's size in bytes as compact UTF-8 JSON (NaN and Infinity as Python's
    json writes them: they are refused anyway, by `number_problem`)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # A lone surrogate (only in a test's hand-made payload) counts as 3 bytes.
    return len(text.encode("utf-8", "surrogatepass"))


def number_problem(payload: Mapping[str, Any]) -> str | None:
    """Why a number in `payload` cannot be stored (naming where it is), or None."""
    stack: list[tuple[str, Any]] = [("payload", payload)]
    while stack:  # a loop, not recursion: a deep payload must not exhaust the stack
        where, value = stack.pop()
        if isinstance(value, bool):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return f"{where}: NaN or Infinity, which JSON does not allow"
        if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            return f"{where}: an integer out of range (at most 64 bits)"
        if isinstance(value, Mapping):
            stack.extend((f"{where}.{key}", item) for key, item in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}.{i}", item) for i, item in enumerate(value))
    return None


def within_batch_bytes(
    docs: list[dict[str, Any]], budget: int = TERMINAL_BATCH_BYTES
) -> list[dict[str, Any]]:
    """The first of `docs` (events as sent) whose wire size fits `budget`, never none:
    measured as the HTTP client encodes them (json.dumps' defaults, ASCII-escaped)."""
    used = 200  # the batch's own keys and brackets
    for count, doc in enumerate(docs):
        used += len(json.dumps(doc, allow_nan=False)) + 2
        if used > budget and count > 0:
            return docs[:count]
    return docs
