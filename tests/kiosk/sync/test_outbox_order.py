"""The outbox is sent in the order it was written, whatever the events' ids and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.store.database import Store
from kiosk.store.outbox import add_event, due, mark_sent, next_batch, reschedule

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)


def test_events_of_one_transaction_keep_their_order_whatever_their_ids(store: Store) -> None:
    with store.transaction() as s:
        submitted = add_event(s, "declaration.submitted", {}, NOW)
        submitted.id = "ffffffff-0000-4000-8000-000000000000"  # sorts last by id
        result = add_event(s, "prereview.result", {}, NOW)
        result.id = "00000000-0000-4000-8000-000000000000"
    with store.session() as s:
        assert [e.kind for e in due(s, NOW)] == ["declaration.submitted", "prereview.result"]
        assert [e.kind for e in next_batch(s, NOW, 10)] == [
            "declaration.submitted",
            "prereview.result",
        ]


def test_a_backed_off_head_holds_back_newer_events(store: Store) -> None:
    with store.transaction() as s:
        first = add_event(s, "ticket.issued", {}, NOW)
    with store.transaction() as s:
        reschedule(s, [first.id], NOW + timedelta(seconds=30), "refused")
    with store.transaction() as s:
        add_event(s, "ticket.printed", {}, NOW + timedelta(seconds=1))
    with store.session() as s:
        # the new event is due, but the server must not hear of the print before the ticket
        assert next_batch(s, NOW + timedelta(seconds=2), 10) == []
        batch = next_batch(s, NOW + timedelta(seconds=30), 10)
        assert [e.kind for e in batch] == ["ticket.issued", "ticket.printed"]
    with store.transaction() as s:
        mark_sent(s, [batch[0].id], NOW)
    with store.session() as s:
        assert [e.kind for e in next_batch(s, NOW + timedelta(seconds=2), 10)] == ["ticket.printed"]
