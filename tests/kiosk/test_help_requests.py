"""Help requests are stored with their outbox events and can be cancelled."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.help_requests import HelpDesk
from kiosk.store.database import Store
from kiosk.store.models import HelpRequest, OutboxEvent
from tests.conftest import Clock


def test_request_and_cancel(store: Store, clock: Clock) -> None:
    desk = HelpDesk(store, terminal=8, clock=clock)
    context = {
        "screen": "form",
        "item_id": "elderly-card",
        "page_id": "applicant",
        "fields_in_error": ["applicant_id"],
    }
    rid = desk.request(context)
    assert [r.id for r in desk.open_requests()] == [rid]
    assert desk.cancel(rid) is True
    assert desk.cancel(rid) is False  # a third tap on a cancelled call changes nothing
    assert desk.open_requests() == []
    with store.session() as s:
        req = s.get(HelpRequest, rid)
        assert req is not None and req.state == "cancelled" and req.context == context
        kinds = [e.kind for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))]
    assert kinds == ["help.requested", "help.cancelled"]


def test_context_carries_no_answers(store: Store, clock: Clock) -> None:
    with pytest.raises(ValueError, match="answers"):
        HelpDesk(store, 1, clock).request({"screen": "form", "answers": {"id": "x"}})
