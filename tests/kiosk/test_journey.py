"""The journey's rules, without a window: screens, pages, Next, back, change, fix, ticket."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.journey import Journey, Screen
from kiosk.prereview import Outcome
from kiosk.samples import SAMPLES, sample_signature_strokes
from kiosk.signature import Signature
from kiosk.store.database import Store
from tests.conftest import Clock

TODAY = date(2026, 11, 26)


def journey(catalog: Catalog) -> Journey:
    return Journey(catalog, lambda: TODAY)


def fill_page(j: Journey, answers: dict[str, object]) -> None:
    assert j.page is not None
    for f in j.page.fields:
        if f.id in j.visible_field_ids() and f.id in answers:
            j.answer(f.id, answers[f.id])  # type: ignore[arg-type]


def to_check(j: Journey, item: str, missing: tuple[str, ...] = ()) -> None:
    """Fill `item`'s form with its sample answers and tick the materials."""
    j.choose(item)
    j.begin()
    answers = SAMPLES[item]()
    while j.screen is Screen.FORM:
        fill_page(j, answers)
        assert j.next(), j.errors
    for m in j.applicable_materials():
        j.set_material(m.id, m.id not in missing)
    assert j.next()


def test_steps_and_pages(catalog: Catalog) -> None:
    j = journey(catalog)
    assert (j.screen, j.step) == (Screen.HOME, None)
    j.start()
    assert (j.screen, j.step, j.step_count) == (Screen.SERVICES, 1, 7)
    j.choose("elderly-card")
    j.begin()
    assert j.screen is Screen.FORM and j.step == 3
    assert j.page_position() == (1, 3)


def test_next_checks_the_page_and_keeps_answers_going_back(catalog: Catalog) -> None:
    j = journey(catalog)
    j.choose("elderly-card")
    j.begin()
    assert j.next() is False
    assert {e.target for e in j.errors} >= {"applicant_name", "applicant_id"}
    assert all(e.page_id == "applicant" for e in j.errors)
    answers = SAMPLES["elderly-card"]()
    fill_page(j, answers)
    assert j.errors == ()  # answering clears each field's error
    assert j.next() is True and j.page_id == "proxy"
    j.back()
    assert j.page_id == "applicant" and j.answers["applicant_name"] == "张玉琴"


def test_relevance_shows_and_hides_fields_as_answers_change(catalog: Catalog) -> None:
    j = journey(catalog)
    j.choose("elderly-card")
    j.begin()
    fill_page(j, SAMPLES["elderly-card"]())
    j.next()
    j.answer("by_proxy", False)
    assert "proxy_name" not in j.visible_field_ids()
    assert j.next() is True  # the hidden proxy fields are not asked
    j.back()
    j.answer("by_proxy", True)
    assert "proxy_name" in j.visible_field_ids()
    assert j.next() is False and "proxy_name" in {e.target for e in j.errors}


def test_materials_must_each_be_answered(catalog: Catalog) -> None:
    j = journey(catalog)
    j.choose("company-address-change")
    j.begin()
    answers = SAMPLES["company-address-change"]()
    while j.screen is Screen.FORM:
        fill_page(j, answers)
        assert j.next(), j.errors
    assert j.screen is Screen.MATERIALS
    assert j.next() is False and j.material_error is not None
    for m in j.applicable_materials():
        j.set_material(m.id, m.id != "premises_proof")
    with pytest.raises(KeyError):
        j.set_material("new_rep_appointment", True)  # not asked: the rep does not change
    assert j.next() is True and j.screen is Screen.CHECK
    sub = j.submission()
    assert sub.materials["premises_proof"] is False and sub.reference is None
    assert "new_rep_id" not in sub.answers


def test_change_returns_to_check_and_fix_goes_to_the_field(catalog: Catalog) -> None:
    j = journey(catalog)
    to_check(j, "company-address-change")
    j.change("address")
    assert (j.screen, j.page_id) == (Screen.FORM, "address")
    assert j.next() is True and j.screen is Screen.CHECK  # straight back to check
    j.fix("contact_mobile")
    assert (j.screen, j.page_id) == (Screen.FORM, "contact")
    j.next()
    j.fix("business_licence")
    assert j.screen is Screen.MATERIALS


def test_ticket_only_after_pass_or_accepted_commitment(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, 4, clock=clock)
    j = journey(catalog)
    to_check(j, "company-address-change", missing=("premises_proof",))
    sub = j.submission()
    j.submitted_as(desk.submit(sub.item_id, sub.answers, sub.materials))
    assert j.screen is Screen.RESULT and j.step == 6
    assert j.submitted and j.submitted.review.outcome is Outcome.PASSED_WITH_DEFICIENCY
    assert not j.may_take_ticket
    strokes, width, height = sample_signature_strokes()
    signed = Signature.from_pad(strokes, width, height)
    desk.accept_commitment(j.submitted.reference, signed)
    j.accept_commitment(signed)
    assert j.may_take_ticket and j.signature is signed
    j.ticketed(desk.issue_ticket(j.submitted.reference))
    assert (j.screen, j.step) == (Screen.TICKET, 7)
    j.back()
    assert j.screen is Screen.TICKET  # a ticketed declaration is not reopened
    j.reset()
    assert j.signature is None  # the signature goes with the applicant
    assert (j.screen, j.item, j.answers, j.submitted, j.ticket) == (
        Screen.HOME,
        None,
        {},
        None,
        None,
    )
