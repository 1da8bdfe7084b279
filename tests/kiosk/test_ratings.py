"""好差评 at the terminal: a rating checked where it enters, stored once per declaration
with its event in the same transaction, the applicant's words never in the log."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.protocol import registry
from kiosk.ratings import Rating, RatingRefused, Ratings
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from kiosk.store.models import Declaration, OutboxEvent
from tests.conftest import Clock
from tests.kiosk.test_declarations import ITEM, materials

REF = "20261126-07-0001"


def test_a_good_rating_asks_nothing_more_and_a_low_one_keeps_what_fell_short() -> None:
    assert Rating.of(REF, "satisfied", ["efficiency"], "快") == Rating(REF, "satisfied")
    low = Rating.of(REF, "very_dissatisfied", ["attitude", "guide", "attitude"], " 态度\t差\x07 ")
    assert low.low and low.aspects == ("attitude", "guide") and low.text == "态度 差"
    assert len(Rating.of(REF, "dissatisfied", [], "慢" * 500).text) == 200
    for level, aspects in (("angry", []), ("dissatisfied", ["speed"])):
        with pytest.raises(RatingRefused):
            Rating.of(REF, level, aspects)


def test_one_rating_per_declaration_stored_with_its_event(
    store: Store, catalog: Catalog, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    desk = Declarations(store, catalog, terminal=7, clock=clock)
    sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog))
    ratings = Ratings(store, 7, clock)
    assert ratings.rated(sub.reference) is None
    with caplog.at_level(logging.INFO):
        at = ratings.rate(Rating.of(sub.reference, "dissatisfied", ["efficiency"], "等了一小时"))
    assert at == clock() and ratings.rated(sub.reference) == "dissatisfied"
    assert "等了一小时" not in caplog.text
    with store.session() as s:
        (event,) = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "rating.given"))
        decl = s.scalars(select(Declaration)).one()
        assert decl.rated_at == clock()
    registry().parse("rating.given", event.payload)  # what the server will check
    assert event.payload["aspects"] == ["efficiency"] and event.payload["text"] == "等了一小时"
    assert event.payload["terminal"] == 7 and event.payload["reference"] == sub.reference
    with pytest.raises(RatingRefused) as again:  # 一事一评
        ratings.rate(Rating.of(sub.reference, "very_satisfied"))
    assert again.value.code == "already_rated"
    with pytest.raises(RatingRefused) as unknown:
        ratings.rate(Rating.of("20261126-07-0999", "satisfied"))
    assert unknown.value.code == "unknown_reference"
    with store.session() as s:
        kinds = s.scalars(select(OutboxEvent.kind).where(OutboxEvent.kind == "rating.given"))
        assert list(kinds) == ["rating.given"]
        assert s.scalars(select(Declaration.rating)).one() == "dissatisfied"
