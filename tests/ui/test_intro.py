"""The item introduction marks materials that only some applicants need."""

from __future__ import annotations

from tests.ui.conftest import Kiosk


def test_conditional_materials_are_marked(kiosk: Kiosk) -> None:
    kiosk.choose("company-startup", "enterprise")
    rows = {r["materialId"]: r for r in kiosk.app.journey.introMaterials.rows()}
    assert rows["partnership_agreement"]["conditional"] is True  # partnerships only
    assert rows["application_form"]["conditional"] is False
    texts = kiosk.texts()
    assert any("必须提交（视填写情况而定）" in t for t in texts)
