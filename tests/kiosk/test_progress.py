"""办件进度查询 at the terminal: the query as typed or scanned, the server's answer checked,
what the terminal knows offline, and the pause after wrong pairs."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.progress import (
    Attempts,
    BadAnswer,
    Query,
    QueryRefused,
    from_answer,
    local_progress,
    mobile_tails,
)
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from tests.conftest import Clock
from tests.kiosk.test_declarations import ITEM, materials, signature

REF = "20261126-07-0012"
TEMPLATE = "https://zwfw.jkq.gov.cn/progress?ref={reference}"


@pytest.mark.parametrize(
    "typed", [REF, "20261126070012", " 2026 1126-07-0012 ", "２０２６１１２６－０７－００１２"]
)
def test_a_reference_is_taken_as_the_keyboard_typed_it(typed: str) -> None:
    assert Query.typed(typed, "１２３４") == Query(REF, "1234")


@pytest.mark.parametrize(
    ("reference", "digits", "code"),
    [
        ("2026112607001", "1234", "reference"),
        ("20261126-07-00123", "1234", "reference"),
        ("A0261126-07-0012", "1234", "reference"),
        ("", "1234", "reference"),
        (REF, "123", "digits"),
        (REF, "12345", "digits"),
        (REF, "12a4", "digits"),
        (REF, "", "digits"),
        (REF, "١٢٣٤", "digits"),  # Arabic-Indic digits are digits to Python, not here
    ],
)
def test_a_query_that_cannot_be_one_is_refused_with_its_field(
    reference: str, digits: str, code: str
) -> None:
    with pytest.raises(QueryRefused) as refused:
        Query.typed(reference, digits)
    assert refused.value.code == code


def test_the_halls_own_qr_codes_are_queries_and_nothing_else_is() -> None:
    assert Query.scanned(TEMPLATE.format(reference=REF), TEMPLATE) == Query(REF)
    assert Query.scanned(TEMPLATE.format(reference=REF) + "\n", TEMPLATE) == Query(REF)
    for code in (
        "https://example.com/progress?ref=" + REF,  # another site
        TEMPLATE.format(reference="20261126070012"),  # the ticket prints the dashes
        TEMPLATE.format(reference=REF + "&x=1"),
        TEMPLATE.format(reference="x" * 600),
        REF,  # a bare reference is typed, not scanned
        "",
    ):
        assert Query.scanned(code, TEMPLATE) is None, code
    assert Query.scanned(REF, "no placeholder") is None
    assert Query(REF).body() == {"reference": REF, "via": "qr"}
    # A template with literal braces: the ticket prints them single, as format() does.
    braced = "https://zwfw.jkq.gov.cn/p?{{v=2}}&ref={reference}"
    printed = braced.format(reference=REF)
    assert "{v=2}" in printed and Query.scanned(printed, braced) == Query(REF)
    assert Query(REF, "1234").body() == {"reference": REF, "digits": "1234"}


def answer(**change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": REF,
        "item_id": "elderly-card",
        "submitted_at": "2026-11-26T10:30:00+08:00",
        "status": "returned",
        "history": [
            {"status": "submitted", "at": "2026-11-26T10:30:00+08:00", "note": ""},
            {"status": "received", "at": "2026-11-26T11:00:00+08:00", "note": ""},
            {"status": "returned", "at": "2026-11-27T09:00:00+08:00", "note": "照片不清晰"},
        ],
        "owed": [{"id": "photo", "name": {"zh": "照片", "en": "Photo"}, "due_date": "2026-12-03"}],
        "ticket": "A017",
        "mailing": None,
        "rating": None,
        "checked_at": "2026-11-27T10:00:00+08:00",
    }
    body.update(change)
    return body


def test_the_servers_answer_becomes_the_progress_shown() -> None:
    progress = from_answer(answer(), Query(REF, "1234"))
    assert progress.current and progress.status == "returned" and progress.ticket == "A017"
    assert [s.status for s in progress.history] == ["submitted", "received", "returned"]
    assert progress.returned_note == "照片不清晰"
    ((owed,),) = [progress.owed]
    assert (owed.material_id, owed.name.zh, owed.due) == ("photo", "照片", date(2026, 12, 3))
    assert not progress.completed and progress.mailing is None


def test_the_mailing_state_is_read_and_only_what_the_screen_shows() -> None:
    mailing = {
        "state": "dispatched",
        "carrier": "EMS",
        "tracking": "1234567890123",
        "dispatched_at": "2026-11-27T09:00:00+08:00",
        "district": "长春市长春经济技术开发区",
        "street": "会展社区",  # a server that says more: not kept
    }
    progress = from_answer(answer(mailing=mailing), Query(REF, "1234"))
    assert progress.mailing is not None
    assert (progress.mailing["state"], progress.mailing["tracking"]) == (
        "dispatched",
        "1234567890123",
    )
    assert "street" not in progress.mailing


@pytest.mark.parametrize(
    "change",
    [
        {"reference": "20261126-07-0013"},  # about another declaration
        {"status": "lost"},
        {"history": "none"},
        {"history": [{"status": "submitted", "at": "yesterday"}]},
        {"history": [{"status": "submitted", "at": "2026-11-26T10:30:00"}]},  # no offset
        {"history": [{"status": "submitted", "at": "2026-11-26T10:30:00+08:00"}] * 101},
        {"owed": [{"id": "x", "name": "照片", "due_date": "2026-12-03"}]},
        {"owed": [{"id": "x", "name": {"zh": "照片", "en": "x"}, "due_date": "soon"}]},
        {"item_id": "x" * 65},
        {"history": [{"status": "returned", "at": "2026-11-26T10:30:00+08:00", "note": "\x00"}]},
        {"ticket": 17},
        {"mailing": {"state": "lost"}},
        {"mailing": {"state": "dispatched", "tracking": "9" * 33}},
        {"mailing": {"state": "dispatched", "dispatched_at": "yesterday"}},
        {"mailing": "EMS"},
    ],
)
def test_an_answer_that_is_not_a_progress_is_a_bad_answer(change: dict[str, Any]) -> None:
    with pytest.raises(BadAnswer):
        from_answer(answer(**change), Query(REF, "1234"))


def test_only_mobile_numbers_give_their_last_four_digits() -> None:
    answers = company_address_change_answers()
    assert mobile_tails(answers) == {"2345"}  # contact_mobile 13943112345
    assert mobile_tails({"a": "12345678901", "b": "0431-88886666", "c": 13943112345}) == set()


def test_offline_the_terminal_answers_what_it_knows_and_a_wrong_pair_reveals_nothing(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=7, clock=clock)
    sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog, "premises_proof"))
    desk.accept_commitment(sub.reference, signature())
    ticket = desk.issue_ticket(sub.reference)
    with store.session() as s:
        known = local_progress(s, Query(sub.reference, "2345"))
        assert local_progress(s, Query(sub.reference, "2346")) is None
        assert local_progress(s, Query("20261126-07-0999", "2345")) is None
        assert local_progress(s, Query(sub.reference)) == known  # the ticket's QR
    assert known is not None and not known.current
    assert known.status == "submitted" and known.ticket == ticket.number
    ((owed,),) = [known.owed]
    assert owed.material_id == "premises_proof" and owed.due > clock().date()
    # No answer is part of what is shown.
    shown = json.dumps([str(v) for v in vars(known).values()], ensure_ascii=False)
    assert "13943112345" not in shown and "2345" not in shown


def test_wrong_pairs_in_a_row_pause_the_lookups_and_a_find_starts_again() -> None:
    attempts = Attempts(failures=3, pause_s=60)
    for _ in range(2):
        attempts.record(False, 0.0)
    attempts.record(True, 1.0)  # found: the count starts again
    for _ in range(2):
        attempts.record(False, 2.0)
    assert not attempts.paused(2.0)
    attempts.record(False, 3.0)
    assert attempts.paused(3.0) and attempts.paused(62.9) and not attempts.paused(63.0)
