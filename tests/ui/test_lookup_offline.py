"""Progress lookup and 好差评 on a terminal without its server: the rating after the
ticket stored and queued, the lookup answered from the terminal's own record (marked as
perhaps out of date), a wrong pair telling nothing, and nothing left after the wipe."""

from __future__ import annotations

from tests.ui.conftest import Kiosk
from tests.ui.test_privacy import leaks, qml_texts, reachable_strings

FAMILY_MOBILE_TAIL = "7788"  # elderly_card_answers' family_contact 13604317788


def ticketed(k: Kiosk) -> str:
    assert k.declare("elderly-card", category="personal") == "passed"
    k.take_ticket()
    (decl,) = k.declarations()
    return decl.reference


def test_a_good_rating_is_one_tap_and_the_finish_returns_home_on_its_own(kiosk: Kiosk) -> None:
    k = kiosk
    reference = ticketed(k)
    k.click("finishButton")
    k.wait_screen("finish")
    assert k.app.rating.reference_offered == reference
    k.click("rate_satisfied")
    k.wait(lambda: k.app.rating.property("state") == "thanks")
    k.settle()
    assert k.text("ratingMessage") == "感谢您的评价！"
    (event,) = k.events("rating.given")
    assert event.payload["level"] == "satisfied" and event.payload["reference"] == reference
    assert event.payload["aspects"] == [] and k.declarations()[0].rating == "satisfied"
    k.wait(lambda: k.journey.screen == "home")  # the thank-you screen's own timer
    assert k.app.rating.reference_offered == ""


def test_a_low_rating_holds_the_finish_until_it_is_sent_with_what_fell_short(
    kiosk: Kiosk,
) -> None:
    k = kiosk
    ticketed(k)
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("rate_very_dissatisfied")
    k.settle()
    assert k.find("ratingShortfall") is not None
    assert not k.app.nav.timers[0].isActive()  # held while the applicant writes
    k.click("aspect_efficiency")
    k.click("aspect_other")
    k.click("aspect_efficiency")  # tapped again: not chosen after all
    k.type_into("ratingText", "waited an hour")
    k.click("ratingSubmit")
    k.wait(lambda: k.app.rating.property("state") == "thanks")
    (event,) = k.events("rating.given")
    assert event.payload["aspects"] == ["other"]
    assert event.payload["text"] == "waited an hour"
    assert k.app.nav.timers[0].isActive()  # and home after the usual wait
    k.click("homeButton")
    k.wait_screen("home")


def test_offline_the_lookup_shows_what_the_terminal_knows_and_forgets_it(kiosk: Kiosk) -> None:
    k = kiosk
    reference = ticketed(k)
    number = k.ticket_numbers()[0]
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("homeButton")
    k.wait_screen("home")
    k.click("progressButton")
    k.wait(lambda: k.app.nav.property("mode") == "progress")
    k.settle()
    assert k.app.navigator.applicant_present  # the privacy timeout watches the lookup
    k.click("lookupSubmit")  # nothing typed
    k.wait(lambda: k.app.lookup.property("problem"))
    assert k.app.lookup.property("problemField") == "reference"
    k.type_into("lookupReference", reference.replace("-", ""))
    k.type_into("lookupDigits", "0000")
    k.click("lookupSubmit")
    k.wait(lambda: "本终端也没有" in k.app.lookup.property("problem"))
    assert not k.app.lookup.property("found")
    k.type_into("lookupDigits", FAMILY_MOBILE_TAIL)
    k.click("lookupSubmit")
    k.wait(lambda: k.app.lookup.property("found"))
    k.settle()
    assert k.text("progressStatus") == "当前状态：已提交（预审通过）"
    assert k.find("progressStale") is not None
    assert k.text("progressTicket") == f"号票：{number}"
    assert k.text("progressReference") == f"受理编号：{reference}"
    assert k.find("ratingPanel") is None  # only a completed declaration is rated here
    secrets = (reference, number)
    k.app.wipe()  # the privacy timeout's end
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    k.settle()
    roots = (k.app.lookup, k.app.rating)
    assert [s for s in reachable_strings(roots, skip=[]) if any(x in s for x in secrets)] == []
    assert [t for t in qml_texts(k) if any(x in t for x in secrets)] == []
    assert leaks(qml_texts(k)) == []


def test_a_rating_left_half_written_is_wiped_with_the_applicant(kiosk: Kiosk) -> None:
    k = kiosk
    ticketed(k)
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("rate_dissatisfied")
    k.type_into("ratingText", "slow counter seven")
    assert "slow counter seven" in qml_texts(k)
    k.idle.expire_now()  # walked away: the privacy timeout
    k.wait_screen("home")
    k.settle()
    assert [t for t in qml_texts(k) if "slow counter" in t] == []
    assert [s for s in reachable_strings((k.app.rating,), skip=[]) if "slow" in s] == []
    assert k.events("rating.given") == [] and k.declarations()[0].rating is None
