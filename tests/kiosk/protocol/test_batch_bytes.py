"""A batch of events fits the server's body limit as it goes on the wire: the terminal's
sync cuts its batches by bytes as well as by count, and never sends none."""

from __future__ import annotations

import json
from typing import Any

from kiosk.protocol.limits import (
    BATCH_MAX_BYTES,
    LARGE,
    TERMINAL_BATCH_BYTES,
    within_batch_bytes,
)


def event(n: int, chars: int, char: str = "a") -> dict[str, Any]:
    return {
        "id": f"{n:036d}",
        "kind": "declaration.submitted",
        "created_at": "2026-11-26T09:00:00+08:00",
        "payload": {"answers": {"note": char * chars}},
    }


def wire(docs: list[dict[str, Any]]) -> int:
    batch = {"terminal": 7, "protocol": 2, "events": docs}
    return len(json.dumps(batch, allow_nan=False))  # as requests encodes a json= body


def test_a_batch_is_cut_where_its_wire_size_passes_the_budget() -> None:
    docs = [event(n, 100 * 1024) for n in range(30)]  # 3 MB in all
    sent = within_batch_bytes(docs)
    assert 0 < len(sent) < len(docs) and sent == docs[: len(sent)]
    assert wire(sent) <= TERMINAL_BATCH_BYTES < wire(docs[: len(sent) + 1])


def test_escaped_characters_count_as_they_are_sent() -> None:
    docs = [event(n, 30 * 1024, "😀") for n in range(30)]  # 12 bytes each on the wire
    sent = within_batch_bytes(docs)
    assert wire(sent) <= TERMINAL_BATCH_BYTES < wire(docs[: len(sent) + 1])


def test_small_events_go_together_and_one_event_always_goes() -> None:
    small = [event(n, 100) for n in range(500)]
    assert within_batch_bytes(small) == small
    huge = [event(0, 2 * TERMINAL_BATCH_BYTES), event(1, 10)]
    assert within_batch_bytes(huge) == huge[:1]


def test_the_largest_event_a_kind_allows_fits_the_servers_batch_limit() -> None:
    """LARGE bytes of 4-byte characters (the most a payload may hold), JSON-escaped."""
    largest = event(0, LARGE // 4 - 64, "😀")
    assert wire([largest]) <= TERMINAL_BATCH_BYTES <= BATCH_MAX_BYTES
