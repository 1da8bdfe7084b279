"""Who commits (承诺人): the agent when someone declares for another, else the applicant."""

from __future__ import annotations

from datetime import date

from kiosk.catalog.loader import Catalog
from kiosk.committer import Committer, committer
from kiosk.samples import (
    company_address_change_answers,
    elderly_card_answers,
    residence_permit_answers,
)

DAY = date(2026, 11, 26)


def test_the_agent_commits_for_the_person_they_declare_for(catalog: Catalog) -> None:
    answers = elderly_card_answers()
    assert committer(catalog["elderly-card"], answers, DAY) == Committer("王婧姝", "张玉琴")


def test_the_applicant_commits_when_nobody_declares_for_them(catalog: Catalog) -> None:
    answers = elderly_card_answers()
    answers["by_proxy"] = False  # 代办人姓名 is hidden now: what it still holds never counts
    assert committer(catalog["elderly-card"], answers, DAY) == Committer("张玉琴")


def test_a_company_commits_through_its_contact(catalog: Catalog) -> None:
    answers = company_address_change_answers()
    who = committer(catalog["company-address-change"], answers, DAY)
    assert who == Committer(str(answers["contact_name"]), str(answers["company_name"]))


def test_a_form_without_an_agent_names_its_applicant(catalog: Catalog) -> None:
    assert committer(catalog["residence-permit"], residence_permit_answers(), DAY) == Committer(
        "李明"
    )


def test_nobody_is_named_when_the_form_names_nobody(catalog: Catalog) -> None:
    assert committer(catalog["elderly-card"], {}, DAY) is None
    answers = elderly_card_answers()
    answers["applicant_name"] = "   "
    assert committer(catalog["elderly-card"], answers, DAY) == Committer("王婧姝")


def test_every_catalog_item_with_a_deficiency_names_someone_from_its_name_fields(
    catalog: Catalog,
) -> None:
    """Each shipped item that allows 容缺 has a field the rule reads (so a filled-in form
    names its committer)."""
    from kiosk.committer import AGENT_FIELDS, PRINCIPAL_FIELDS

    for item in catalog:
        if not any(m.deficiency_days for m in item.materials):
            continue
        ids = {f.id for f in item.fields()}
        assert ids & {*AGENT_FIELDS, *PRINCIPAL_FIELDS} or any(i.endswith("_name") for i in ids), (
            item.id
        )
