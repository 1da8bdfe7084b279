"""An open help call outlasts the privacy timeout; a tap on it asks before cancelling.

The applicant who called the attendant waits (the dashboard's mean time to acknowledge
was about a minute): the timeout keeps the form and says the attendant is on the way,
up to `[ui] help_hold_s`; once the call is resolved the normal timeout wipes again. A
second tap on the red call button asks 取消呼叫吗？ and only 取消呼叫 cancels.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.help_requests import HelpCallChange
from tests.ui.conftest import Kiosk

NAME = "张玉琴"
HOLD_TEXT = "辅导员正在赶来，请稍候"


def _form_with_a_call(k: Kiosk) -> str:
    """On the form with a name typed, the attendant called; the call's id."""
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.type_into("field_applicant_name", NAME)
    k.click("callAttendant")
    k.wait(lambda: len(k.help_requests()) == 1 and k.help.active)
    k.settle()
    (request,) = k.help_requests()
    return request.id


def _banner_shown(k: Kiosk) -> bool:
    return k.find("helpHoldBanner") is not None


def _states(k: Kiosk) -> list[str]:
    return [r.state for r in k.help_requests()]


def _answered(k: Kiosk, request_id: str, state: str) -> None:
    """What the central server reports when the attendant acts on the dashboard."""
    k.app.sync.on_help_call(HelpCallChange(request_id, state, datetime.now(UTC)))


def test_an_open_call_outlasts_the_idle_timeout(kiosk: Kiosk) -> None:
    k = kiosk
    assert not _banner_shown(k)
    _form_with_a_call(k)
    assert _banner_shown(k)
    assert k.text("helpHoldText") == HOLD_TEXT
    k.idle.ask_now()  # the idle wait, as if it had passed: held, so no countdown
    k.settle()
    assert not k.idle.warning
    assert not k.popup("idleDialog").property("opened")
    assert k.journey.screen == "form"
    assert k.text("field_applicant_name") == NAME
    assert k.journey.journey.answers["applicant_name"] == NAME
    assert k.help.active and _states(k) == ["open"]
    assert _banner_shown(k)
    # Acknowledged on the dashboard: still held, the banner still there.
    (request,) = k.help_requests()
    _answered(k, request.id, "acknowledged")
    k.wait(lambda: k.help.acknowledged)
    k.idle.ask_now()
    k.settle()
    assert not k.idle.warning
    assert k.journey.screen == "form" and _banner_shown(k)


def test_after_the_call_is_resolved_the_timeout_wipes_again(kiosk: Kiosk) -> None:
    k = kiosk
    request_id = _form_with_a_call(k)
    k.idle.ask_now()
    assert k.journey.screen == "form" and not k.idle.warning
    _answered(k, request_id, "resolved")
    k.wait(lambda: not k.help.active)
    k.settle()
    assert not _banner_shown(k)
    # The normal wait starts again from that moment.
    waiting = k.idle._idle
    assert waiting.isActive()
    assert waiting.remainingTime() > (k.idle._idle_s - 5) * 1000
    k.idle.ask_now()
    k.wait(lambda: k.popup("idleDialog").property("opened"))
    k.idle.expire_now()
    k.wait(lambda: k.journey.screen == "home")
    assert "applicant_name" not in k.journey.journey.answers


def test_a_cancelled_call_lets_the_timeout_wipe_again(kiosk: Kiosk) -> None:
    k = kiosk
    _form_with_a_call(k)
    k.click("callAttendant")
    k.wait(lambda: k.popup("cancelCallDialog").property("opened"))
    k.click("helpCancelConfirm")
    k.wait(lambda: _states(k) == ["cancelled"] and not k.help.active)
    k.settle()
    assert not _banner_shown(k)
    k.idle.ask_now()
    k.wait(lambda: k.popup("idleDialog").property("opened"))
    k.idle.expire_now()
    k.wait(lambda: k.journey.screen == "home")


def test_the_hold_limit_ends_the_hold(kiosk: Kiosk) -> None:
    k = kiosk
    assert k.idle._hold.interval() == 600_000  # the config's default: ten minutes
    k.idle.set_hold_limit(0.5)
    _form_with_a_call(k)
    k.idle.ask_now()  # the idle wait has passed: held
    k.settle()
    assert not k.idle.warning and _banner_shown(k)
    # The limit passes with the call still open: "do you need more time?" at once.
    k.wait(lambda: k.idle.warning)
    k.wait(lambda: k.popup("idleDialog").property("opened"))
    k.settle()
    assert not _banner_shown(k)
    assert k.journey.screen == "form" and _states(k) == ["open"]
    # Its countdown ends: the applicant is wiped, and the call goes with them.
    seconds = k.idle.countdown
    with k.qtbot.waitSignal(k.idle.changed, timeout=3000):
        pass
    assert 0 < k.idle.countdown < seconds  # counting down, the call open or not
    k.idle.expire_now()
    k.wait(lambda: k.journey.screen == "home")
    k.wait(lambda: _states(k) == ["cancelled"])
    assert not k.help.active and not _banner_shown(k)


def test_past_the_limit_a_touching_applicant_is_not_interrupted(kiosk: Kiosk) -> None:
    """The limit asks at once only when the applicant was idle while it held."""
    k = kiosk
    _form_with_a_call(k)
    k.idle.end_hold_now()
    k.settle()
    assert not k.idle.warning and not _banner_shown(k)
    assert k.help.active and k.idle._idle.isActive()


def test_a_tap_on_an_open_call_asks_before_cancelling(kiosk: Kiosk) -> None:
    k = kiosk
    _form_with_a_call(k)
    dialog = k.popup("cancelCallDialog")
    assert not dialog.property("opened")
    k.click("callAttendant")
    k.wait(lambda: dialog.property("opened"))
    k.settle()
    shown = k.texts()
    assert "取消呼叫吗？" in shown and "辅导员正在赶来。" in shown
    assert k.help.active and _states(k) == ["open"]  # the tap alone cancels nothing
    for name in ("helpKeepWaiting", "helpCancelConfirm"):
        button = k.get(name)
        assert button.height() >= 64 and button.width() >= 160  # big touch targets
    # 继续等待: the call stays.
    k.click("helpKeepWaiting")
    k.wait(lambda: not dialog.property("opened"))
    assert k.help.active and _states(k) == ["open"] and k.events("help.cancelled") == []
    assert _banner_shown(k)
    # Asked again: 取消呼叫 cancels.
    k.click("callAttendant")
    k.wait(lambda: dialog.property("opened"))
    k.settle()
    k.click("helpCancelConfirm")
    k.wait(lambda: _states(k) == ["cancelled"])
    k.wait(lambda: not dialog.property("opened"))
    assert not k.help.active and len(k.events("help.cancelled")) == 1
    assert k.text("callAttendant") == "呼叫辅导员"
    assert k.journey.screen == "form" and k.text("field_applicant_name") == NAME


def test_the_question_goes_when_the_attendant_resolves_the_call(kiosk: Kiosk) -> None:
    k = kiosk
    request_id = _form_with_a_call(k)
    dialog = k.popup("cancelCallDialog")
    k.click("callAttendant")
    k.wait(lambda: dialog.property("opened"))
    _answered(k, request_id, "resolved")
    k.wait(lambda: not dialog.property("opened") and not k.help.active)
    # The next call does not open with the old question.
    k.click("callAttendant")
    k.wait(lambda: len(k.help_requests()) == 2 and k.help.active)
    k.settle()
    assert not dialog.property("opened") and not k.help.confirming
