"""办件进度查询 by ID card at the terminal: the card's number checked where it enters,
the server's list of declarations checked, and offline the terminal's own declarations
naming the number (a number only in another field is found, one in none is not)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from kiosk.card_lookup import MOST, CardQuery, from_card_answer, holds_number, local_by_card
from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.progress import BadAnswer
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from tests.conftest import Clock
from tests.kiosk.test_declarations import ITEM, materials
from tests.kiosk.test_progress import answer

NUMBER = "220104195003070018"


def test_only_a_well_formed_number_is_a_query_and_it_is_never_shown_whole() -> None:
    assert CardQuery.of(" 22010419500307001x ".replace("x", "8")) == CardQuery(NUMBER)
    assert CardQuery.of("220104195003070019") is None  # the check digit is wrong
    assert CardQuery.of("") is None and CardQuery.of("1" * 400) is None
    assert NUMBER not in repr(CardQuery(NUMBER))
    assert CardQuery(NUMBER).body() == {"id_number": NUMBER}


def test_the_servers_list_is_read_each_declaration_checked() -> None:
    first = answer(reference="20261126-07-0012")
    second = answer(reference="20261120-03-0004", status="completed")
    found = from_card_answer({"declarations": [first, second]})
    assert [p.reference for p in found] == ["20261126-07-0012", "20261120-03-0004"]
    assert all(p.current for p in found)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"declarations": []},
        {"declarations": "all"},
        {"declarations": [answer()] * (MOST + 1)},
        {"declarations": [{"status": "completed"}]},
        {"declarations": [answer(status="lost")]},
        {"declarations": [42]},
    ],
)
def test_an_answer_that_is_not_a_list_of_progress_is_a_bad_answer(body: Any) -> None:
    with pytest.raises(BadAnswer):
        from_card_answer(body)


def test_a_number_is_found_in_any_answer_or_part_of_one() -> None:
    assert holds_number({"contact_id": NUMBER}, NUMBER)
    assert holds_number({"address": {"detail": NUMBER}}, NUMBER)
    assert holds_number({"ids": ["x", NUMBER]}, NUMBER)
    assert not holds_number({"contact_id": NUMBER[:-1]}, NUMBER)


def test_offline_the_terminals_own_declarations_of_the_card_holder(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=7, clock=clock)
    answers = company_address_change_answers()
    mine = desk.submit(ITEM, {**answers, "contact_id": NUMBER}, materials(catalog))
    clock.now += timedelta(minutes=5)
    again = desk.submit(ITEM, {**answers, "contact_id": NUMBER}, materials(catalog))
    desk.submit(ITEM, answers, materials(catalog))  # someone else's
    with store.session() as s:
        found = local_by_card(s, CardQuery(NUMBER))
        assert [p.reference for p in found] == [again.reference, mine.reference]  # newest first
        assert all(not p.current for p in found)
        assert local_by_card(s, CardQuery("110101199003070011")) == ()
