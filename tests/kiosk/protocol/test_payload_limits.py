"""Each kind's payload size limit (kiosk.protocol.limits): the builder refuses a payload
over it, and the terminal never builds one from valid input: every shipped item with
every answer at its field type's longest, in 4-byte characters, stays far below."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import FieldType, FormField
from kiosk.declarations import Declarations
from kiosk.forms import ADDRESS_KEYS, AnswerValue
from kiosk.protocol import InvalidPayload, PayloadTooLarge, check_payload, payload
from kiosk.protocol.limits import (
    LARGE,
    SMALL,
    UNKNOWN_KIND_MAX_BYTES,
    max_payload_bytes,
    payload_size,
)
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.text import ANSWER_MAX_CHARS

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=CST)
WIDE = "\U00020000"  # a CJK character outside the BMP: 4 bytes in UTF-8, the most there is


def test_the_builder_refuses_a_payload_over_its_kinds_limit() -> None:
    base = payload("heartbeat", terminal=7, at=NOW, x="")
    room = SMALL - payload_size(base)
    assert payload_size(payload("heartbeat", terminal=7, at=NOW, x="a" * room)) == SMALL
    with pytest.raises(PayloadTooLarge) as refused:
        payload("heartbeat", terminal=7, at=NOW, x="a" * (room + 1))
    assert str(refused.value) == (
        f"payload: {SMALL + 1} bytes is over the limit of {SMALL} bytes for 'heartbeat'"
    )
    answers = {"notes": WIDE * (LARGE // 4)}
    with pytest.raises(PayloadTooLarge, match=f"limit of {LARGE} bytes for 'declaration"):
        payload(
            "declaration.submitted",
            reference="20261126-07-0001",
            terminal=7,
            item_id="elderly-card",
            catalog_version="v1",
            language="zh_CN",
            submitted_at=NOW,
            answers=answers,
        )


def test_the_builder_refuses_integers_json_cannot_carry_and_never_writes_nan() -> None:
    with pytest.raises(InvalidPayload, match=r"^payload\.x\.y\.0: an integer out of range"):
        payload("heartbeat", terminal=7, at=NOW, x={"y": [2**64]})
    # Extra fields go through pydantic's JSON form, which writes NaN and Infinity as null.
    assert payload("heartbeat", terminal=7, at=NOW, x=float("nan"))["x"] is None
    for raw in (float("nan"), float("-inf"), -(2**63) - 1):
        with pytest.raises(InvalidPayload, match=r"^payload\.x: "):
            check_payload("heartbeat", {"terminal": 7, "x": raw})


def test_a_kind_this_side_does_not_know_has_its_own_limit() -> None:
    check_payload("future.kind", {"x": "a" * (UNKNOWN_KIND_MAX_BYTES - 8)}, known=False)
    with pytest.raises(PayloadTooLarge):
        check_payload("future.kind", {"x": "a" * UNKNOWN_KIND_MAX_BYTES}, known=False)


def longest(field: FormField) -> AnswerValue:
    """The longest answer the form lets through for `field` (its type's limit)."""
    kind = field.type
    if kind is FieldType.YES_NO:
        return True
    if kind is FieldType.SINGLE_CHOICE:
        return max((c.value for c in field.choices), key=len)
    if kind is FieldType.MULTIPLE_CHOICE:
        return [c.value for c in field.choices]
    if kind is FieldType.ADDRESS:
        return {key: WIDE * ANSWER_MAX_CHARS["address"] for key in ADDRESS_KEYS}
    return WIDE * ANSWER_MAX_CHARS[kind.value]


def test_the_largest_valid_declaration_of_every_shipped_item_is_far_under_the_limits(
    store: Store, catalog: Catalog
) -> None:
    desk = Declarations(store, catalog, 12, clock=lambda: NOW)
    for item in catalog:
        answers = {f.id: longest(f) for page in item.pages for f in page.fields}
        desk.submit(item.id, answers, {m.id: True for m in item.materials})
    with store.session() as s:
        events = list(s.scalars(select(OutboxEvent)))
    assert len(events) == 2 * len(catalog)
    sizes = {(e.kind, e.payload.get("reference")): payload_size(e.payload) for e in events}
    for (kind, _), size in sizes.items():
        # A quarter of the limit at most: catalogs with more fields still fit.
        assert size <= max_payload_bytes(kind) // 4, (kind, size)
    assert max(sizes.values()) > 1000  # the answers are really in there


def test_every_payload_the_terminal_builds_carries_a_utc_moment_within_its_limit() -> None:
    # The small kinds with their largest fields: far under SMALL.
    built = payload(
        "ticket.issued",
        reference="20261126-07-0012",
        number="B07-0012",
        day=NOW.date(),
        series="B",
        source="local",
        counters=list(range(1, 51)),
        terminal=7,
        item_id="x" * 64,
        issued_at=NOW.astimezone(UTC),
    )
    assert payload_size(built) < SMALL // 8
