"""Pre-review: the three outcomes, relevance, due dates, joint items, the one-time notice."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.forms import form_state
from kiosk.prereview import Outcome, ReviewResult, prereview
from kiosk.samples import (
    SAMPLES,
    company_address_change_answers,
    sample_resident_id,
)
from kiosk.workcalendar import DayKind, WorkCalendar

THURSDAY = date(2026, 11, 26)
ITEM = "company-address-change"


def all_materials(catalog: Catalog, item_id: str) -> dict[str, bool]:
    return {m.id: True for m in catalog[item_id].materials}


@pytest.mark.parametrize("item_id", sorted(SAMPLES))
def test_complete_declarations_pass(catalog: Catalog, item_id: str) -> None:
    result = prereview(
        catalog[item_id], SAMPLES[item_id](), all_materials(catalog, item_id), THURSDAY
    )
    assert result.findings == ()
    assert result.outcome is Outcome.PASSED
    assert result.deficiencies == () and result.commitment is None


@pytest.mark.parametrize("item_id", sorted(SAMPLES))
def test_missing_deficiency_eligible_materials_pass_with_deficiency(
    catalog: Catalog, item_id: str
) -> None:
    item = catalog[item_id]
    answers = SAMPLES[item_id]()
    state = form_state(item, answers, THURSDAY)
    applicable = {
        m.id
        for m in item.materials
        if not m.essential and (m.relevance is None or m.relevance.truthy(state.values, THURSDAY))
    }
    materials = {m.id: m.essential for m in item.materials}
    result = prereview(item, answers, materials, THURSDAY)
    if not applicable:  # e.g. the grid leader needs no authorisation letter
        assert result.outcome is Outcome.PASSED
        return
    assert result.outcome is Outcome.PASSED_WITH_DEFICIENCY
    assert result.commitment is not None
    assert {d.material_id for d in result.deficiencies} == applicable
    for d in result.deficiencies:
        assert d.due_date > THURSDAY
        assert d.name.zh.strip("《》") in result.commitment.zh
        assert d.due_date.isoformat() in result.commitment.en


def test_joint_item_reviews_each_approval(catalog: Catalog) -> None:
    item = catalog["company-startup"]
    assert [a.id for a in item.approvals] == ["registration", "seal", "tax"]
    answers = SAMPLES["company-startup"]()
    have = all_materials(catalog, item.id)
    # the tax approval lacks the agency contract: deficiency-eligible
    result = prereview(item, answers, {**have, "agency_contract": False}, THURSDAY)
    assert result.outcome is Outcome.PASSED_WITH_DEFICIENCY
    assert {a.approval_id: a.outcome for a in result.approvals} == {
        "registration": Outcome.PASSED,
        "seal": Outcome.PASSED,
        "tax": Outcome.PASSED_WITH_DEFICIENCY,
    }
    assert [(d.material_id, d.approval_id, d.due_date) for d in result.deficiencies] == [
        ("agency_contract", "tax", date(2026, 12, 10))
    ]  # 10 working days
    # no official seal ordered: the seal approval fails, and with it the declaration
    answers["seal_types"] = ["finance"]
    answers["invoice_needed"] = False
    result = prereview(item, answers, have, THURSDAY)
    assert result.outcome is Outcome.REJECTED
    assert {a.approval_id: a.outcome for a in result.approvals} == {
        "registration": Outcome.PASSED,
        "seal": Outcome.REJECTED,
        "tax": Outcome.PASSED,
    }
    assert [(f.target, f.approval_id) for f in result.findings] == [("seal_types", "seal")]
    # a relevance-driven material of the registration approval
    answers = {**SAMPLES["company-startup"](), "rep_in_person": False}
    result = prereview(item, answers, {**have, "agent_authorisation": False}, THURSDAY)
    assert [(f.target, f.approval_id) for f in result.findings] == [
        ("agent_authorisation", "registration")
    ]
    assert result.approvals[0].outcome is Outcome.REJECTED


def test_elderly_card_needs_sixty_years(catalog: Catalog) -> None:
    item = catalog["elderly-card"]
    answers = SAMPLES["elderly-card"]()
    have = all_materials(catalog, item.id)
    assert prereview(item, answers, have, THURSDAY).outcome is Outcome.PASSED
    answers["applicant_id"] = sample_resident_id(birth="19661127")  # 60 tomorrow
    result = prereview(item, answers, have, THURSDAY)
    assert [f.target for f in result.findings] == ["applicant_id"]
    assert result.findings[0].message.zh != result.findings[0].fix.zh
    assert prereview(item, answers, have, date(2026, 11, 27)).outcome is Outcome.PASSED


@pytest.mark.parametrize("item_id", sorted(SAMPLES))
def test_missing_essential_material_rejects(catalog: Catalog, item_id: str) -> None:
    item = catalog[item_id]
    essential = next(m for m in item.materials if m.essential and m.relevant is None)
    materials = {**all_materials(catalog, item_id), essential.id: False}
    result = prereview(item, SAMPLES[item_id](), materials, THURSDAY)
    assert result.outcome is Outcome.REJECTED
    (finding,) = result.findings
    assert (finding.kind, finding.target, finding.code) == (
        "material",
        essential.id,
        "material.missing",
    )
    assert finding.label == essential.name
    assert result.deficiencies == ()  # a rejected declaration lists no commitments


def test_each_field_problem_is_one_finding_with_where_to_fix(catalog: Catalog) -> None:
    answers = company_address_change_answers()
    answers["credit_code"] = "91220101MA0Y5X3K0Z"  # Z is not in the alphabet
    answers["contact_mobile"] = "1234"
    answers["new_postal_code"] = ""
    answers["move_date"] = "2099-01-01"  # max = today
    result = prereview(catalog[ITEM], answers, all_materials(catalog, ITEM), THURSDAY)
    assert result.outcome is Outcome.REJECTED
    found = {(f.target, f.code, f.page_id) for f in result.findings}
    assert found == {
        ("credit_code", "credit_code.characters", "company"),
        ("contact_mobile", "mobile.format", "contact"),
        ("new_postal_code", "field.required", "address"),
        ("move_date", "date.too_late", "address"),
    }
    late = next(f for f in result.findings if f.target == "move_date")
    assert late.message.zh == "迁入日期不能晚于今天"
    assert late.message.en == "Date of moving in must be today or earlier"
    assert late.label.zh == "迁入日期" and late.fix.en


def test_catalog_constraint_message_is_used(catalog: Catalog) -> None:
    answers = company_address_change_answers()
    answers["new_address"] = answers["old_address"]
    result = prereview(catalog[ITEM], answers, all_materials(catalog, ITEM), THURSDAY)
    (finding,) = result.findings
    assert finding.code == "constraint"
    assert finding.message.zh == "新住所与原住所相同"


def test_hidden_fields_are_ignored_and_shown_ones_checked(catalog: Catalog) -> None:
    answers = company_address_change_answers()
    answers["new_rep_id"] = "not an id"  # hidden: legal_rep_changes is false
    answers["premises_use"] = "owned"  # hides lease_end
    answers["lease_end"] = "1999-01-01"
    result = prereview(catalog[ITEM], answers, all_materials(catalog, ITEM), THURSDAY)
    assert result.outcome is Outcome.PASSED
    answers["legal_rep_changes"] = True  # now the new representative's fields apply
    result = prereview(catalog[ITEM], answers, all_materials(catalog, ITEM), THURSDAY)
    codes = {(f.target, f.code) for f in result.findings}
    assert codes == {("new_rep_name", "field.required"), ("new_rep_id", "resident_id.length")}
    # ...and so does the material that goes with them
    materials = {**all_materials(catalog, ITEM), "new_rep_appointment": False}
    answers.update(new_rep_name="王婧姝", new_rep_id=sample_resident_id(birth="19900101"))
    result = prereview(catalog[ITEM], answers, materials, THURSDAY)
    assert [f.target for f in result.findings] == ["new_rep_appointment"]


def test_under_age_representative_is_rejected_by_catalog_rule(catalog: Catalog) -> None:
    answers = {
        **company_address_change_answers(),
        "legal_rep_changes": True,
        "new_rep_name": "王小明",
        "new_rep_id": sample_resident_id(birth="20100101"),
    }
    result = prereview(catalog[ITEM], answers, all_materials(catalog, ITEM), THURSDAY)
    assert [(f.target, f.message.zh) for f in result.findings] == [
        ("new_rep_id", "法定代表人须年满18周岁")
    ]


def test_due_dates_skip_weekends_and_holidays(catalog: Catalog) -> None:
    item = catalog[ITEM]
    materials = {**all_materials(catalog, ITEM), "premises_proof": False}  # 5 working days
    on_thursday = prereview(item, company_address_change_answers(), materials, THURSDAY)
    assert on_thursday.deficiencies[0].due_date == date(2026, 12, 3)  # Thu + 5 = next Thu
    # 2026-09-30: National Day Golden Week 10-01..10-07, make-up Saturday 10-10 works.
    answers = {**company_address_change_answers(), "move_date": "2026-09-01"}
    before_golden_week = prereview(item, answers, materials, date(2026, 9, 30))
    assert before_golden_week.findings == ()
    # 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13
    assert before_golden_week.deficiencies[0].due_date == date(2026, 10, 13)
    # The central server's calendar overrides: 2027-01-01 holiday, 2027-01-02 make-up.
    cal = WorkCalendar(
        {date(2027, 1, 1): DayKind.HOLIDAY, date(2027, 1, 2): DayKind.WORKDAY}, covered_years=[2027]
    )
    late_december = prereview(
        item, company_address_change_answers(), materials, date(2026, 12, 28), cal
    )
    # 12-29, 12-30, 12-31, (01-01 holiday), 01-02 make-up Saturday, 01-04
    assert late_december.deficiencies[0].due_date == date(2027, 1, 4)


def test_saturday_only_for_saturday_items(catalog: Catalog) -> None:
    saturday = date(2026, 11, 28)
    item = catalog[ITEM]
    assert item.saturday
    answers, materials = company_address_change_answers(), all_materials(catalog, ITEM)
    assert prereview(item, answers, materials, saturday).outcome is Outcome.PASSED
    weekdays_only = item.model_copy(update={"saturday": False})
    result = prereview(weekdays_only, answers, materials, saturday)
    assert [f.code for f in result.findings] == ["item.not_on_saturday"]
    assert prereview(weekdays_only, answers, materials, THURSDAY).outcome is Outcome.PASSED


def test_result_round_trips_through_json(catalog: Catalog) -> None:
    import json

    materials = {**all_materials(catalog, ITEM), "premises_proof": False}
    answers = company_address_change_answers()
    answers["contact_mobile"] = "12"
    for a in (answers, company_address_change_answers()):
        result = prereview(catalog[ITEM], a, materials, THURSDAY)
        again = ReviewResult.from_dict(json.loads(json.dumps(result.to_dict())))
        assert again == result


def test_answers_of_the_wrong_shape_never_crash(catalog: Catalog) -> None:
    answers: dict[str, object] = {
        f.id: v
        for f in catalog[ITEM].fields()
        for v in [["x"] if f.type != "multiple_choice" else "x"]
    }
    answers["legal_rep_changes"] = "yes"
    result = prereview(catalog[ITEM], answers, {}, THURSDAY)  # type: ignore[arg-type]
    assert result.outcome is Outcome.REJECTED
    assert {f.code for f in result.findings} >= {"field.wrong_type", "yes_no.invalid"}
