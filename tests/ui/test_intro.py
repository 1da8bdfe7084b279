"""The item introduction marks materials that only some applicants need."""

from __future__ import annotations

from tests.ui.conftest import Kiosk


def test_conditional_materials_are_marked(kiosk: Kiosk) -> None:
    kiosk.choose("company-startup", "enterprise")
    rows = {r["materialId"]: r for r in kiosk.app.journey.introMaterials.rows()}
    assert rows["partnership_agreement"]["conditional"] is True  # partnerships only
    assert rows["application_form"]["conditional"] is False
    texts = kiosk.texts()
    assert any("必要材料（视填写情况而定）" in t for t in texts)


def test_time_limit_reads_on_the_spot_or_working_days(kiosk: Kiosk) -> None:
    kiosk.choose("elderly-card", "personal")
    assert "承诺时限：即办（当场办结）" in kiosk.text("itemFacts")  # not "0 个工作日"
    kiosk.click("lang_en_US")
    kiosk.wait(lambda: "on the spot" in kiosk.text("itemFacts"))
    kiosk.journey.home()
    kiosk.choose("company-startup", "enterprise")
    assert "承诺时限：2 个工作日" in kiosk.text("itemFacts")


def test_a_free_item_says_free_and_its_counters_read_as_either(kiosk: Kiosk) -> None:
    kiosk.choose("company-startup")  # no fee; counters 1 and 2
    facts = kiosk.text("itemFacts")
    assert "收费：免费" in facts and "受理窗口：1 或 2 号窗口" in facts
    kiosk.click("lang_en_US")
    kiosk.wait(lambda: "Fee: Free" in kiosk.text("itemFacts"))
    assert "Where: counter 1 or 2" in kiosk.text("itemFacts")
    kiosk.click("lang_zh_CN")
    kiosk.wait(lambda: kiosk.shell.language == "zh_CN")
