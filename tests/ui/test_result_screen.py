"""The result screen: what happens next after a pass, and 重新开始 that asks first."""

from __future__ import annotations

from kiosk.samples import SAMPLES
from tests.ui.conftest import Kiosk
from tests.ui.test_scroll_cues import _check_cue


def test_a_pass_says_what_happens_next(kiosk: Kiosk) -> None:
    k = kiosk
    assert k.declare("elderly-card") == "passed"
    steps = [i.property("text") for i in k.all("nextStep")]
    assert steps[0] == "1. 点“取号”，打印您的排队号。"
    assert "带上材料原件到 10 或 11 号窗口办理" in steps[1]
    assert steps[2] == "3. 窗口受理后当场办结。"  # 即办: no time limit to wait for
    k.click("lang_en_US")
    k.wait(lambda: k.shell.language == "en_US")
    k.settle()
    steps = [i.property("text") for i in k.all("nextStep")]
    assert steps[0] == '1. Tap "Take a ticket" to print your number.'
    assert "counter 10 or 11" in steps[1]
    k.click("lang_zh_CN")
    k.wait(lambda: k.shell.language == "zh_CN")


def test_a_commitment_adds_signing_and_the_due_materials_to_the_steps(kiosk: Kiosk) -> None:
    k = kiosk
    outcome = k.declare("company-address-change", missing=("premises_proof",))
    assert outcome == "passed_with_deficiency"
    steps = [i.property("text") for i in k.all("nextStep")]
    assert "签名" in steps[0] and "补交" not in steps[0]
    assert any("个工作日内办结" in s and "申报编号" in s for s in steps), steps
    assert "缺少的材料" in steps[-1]


def test_a_rejection_has_its_fixes_and_no_next_steps(kiosk: Kiosk) -> None:
    k = kiosk
    assert k.declare("elderly-card", missing=("id_card",)) == "rejected"
    assert k.all("nextStep") == []
    assert k.find("nextSteps") is None  # the card is hidden: no steps when rejected


def test_start_over_asks_before_discarding_the_answers(kiosk: Kiosk) -> None:
    k = kiosk
    assert k.declare("elderly-card") == "passed"
    answers = dict(k.journey.journey.answers)
    k.click("startOver")
    dialog = k.popup("restartDialog")
    k.wait(lambda: dialog.property("opened"))
    assert k.journey.screen == "result" and k.journey.journey.answers == answers
    k.click("restartKeep")
    k.wait(lambda: not dialog.property("visible"))
    assert k.journey.screen == "result" and k.journey.journey.answers == answers
    k.click("startOver")
    k.wait(lambda: dialog.property("opened"))
    k.click("restartConfirm")
    k.wait_screen("home")
    assert k.journey.journey.answers == {}


def test_the_check_list_shows_it_has_more(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-startup")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["company-startup"]())
    k.tick_materials()
    _check_cue(k, "checkList", "checkMore")


def test_the_commitment_below_the_fold_shows_it_has_more(kiosk: Kiosk) -> None:
    """Large text at 1280x800: the commitment's button was below the fold, unsaid."""
    k = kiosk
    k.click("largeText")
    k.wait(lambda: k.shell.largeText)
    try:
        outcome = k.declare("company-address-change", missing=("premises_proof",))
        assert outcome == "passed_with_deficiency"
        _check_cue(k, "resultPage", "resultMore")
    finally:
        if k.shell.largeText:
            k.click("largeText")
