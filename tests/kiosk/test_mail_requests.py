"""证照免费邮寄 at the terminal, on a real store: the address kept with its declaration
and queued as mailing.requested in one transaction, replaced, taken back (collected at
the counter), never written to the log."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.divisions import Divisions
from kiosk.mail_requests import MailRequests, UnknownDeclaration
from kiosk.mailing import MailingAddress
from kiosk.protocol import registry
from kiosk.samples import elderly_card_answers
from kiosk.store.database import Store
from kiosk.store.models import MailingRequest, OutboxEvent
from tests.conftest import Clock


def address(street: str = "会展社区福临家园5栋2单元", division: str = "220171") -> MailingAddress:
    return MailingAddress.of("张玉琴", "13604317788", division, street, "130033", Divisions.load())


def events(store: Store) -> list[dict[str, object]]:
    with store.session() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "mailing.requested"))
        return [dict(e.payload) for e in rows]


def test_an_address_is_kept_replaced_and_taken_back_each_with_its_event(
    store: Store, catalog: Catalog, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    materials = {m.id: True for m in catalog["elderly-card"].materials}
    sub = Declarations(store, catalog, 7, clock=clock).submit(
        "elderly-card", elderly_card_answers(), materials
    )
    mail = MailRequests(store, 7, clock)
    assert mail.current(sub.reference) is None  # the counter, until asked otherwise
    with caplog.at_level(logging.DEBUG):
        mail.request(sub.reference, address())
        mail.request(sub.reference, address("会展社区福临家园6栋1单元", "220102"))
    assert "福临家园" not in caplog.text and "13604317788" not in caplog.text
    assert mail.current(sub.reference) == address("会展社区福临家园6栋1单元", "220102")
    with store.session() as s:
        assert len(s.scalars(select(MailingRequest)).all()) == 1  # replaced, not added
    first, second = events(store)
    for event in (first, second):
        registry().parse("mailing.requested", event)  # what the server will check
    assert (first["mail"], first["district"], first["street"]) == (
        True,
        "长春经济技术开发区",
        "会展社区福临家园5栋2单元",
    )
    assert (second["division"], second["district"]) == ("220102", "南关区")
    mail.request(sub.reference, None)  # back to the counter
    assert mail.current(sub.reference) is None
    taken_back = events(store)[-1]
    registry().parse("mailing.requested", taken_back)
    assert taken_back["mail"] is False and "street" not in taken_back
    assert mail.delivery(sub.reference) is None
    mail.request(sub.reference, None, grid_leader=True)  # a proxy's: the grid leader brings it
    brought = events(store)[-1]
    registry().parse("mailing.requested", brought)
    assert (brought["mail"], brought["grid_leader"]) == (False, True)
    assert mail.delivery(sub.reference) == "grid_leader" and mail.current(sub.reference) is None
    mail.request(sub.reference, address())
    assert mail.delivery(sub.reference) == "mail"
    with pytest.raises(UnknownDeclaration):
        mail.request("20261126-07-0999", address())
