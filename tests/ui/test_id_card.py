"""The ID card reader in the journey, through the real QML and the reader's real process
(speaking GA/T 467 to the made-up reader on a pseudo-terminal): the form asks for the
card, a card placed fills every field the catalog marks, the applicant corrects one and
goes on; an expired card fills nothing; a card placed where no form wants it is dropped;
and nothing of the card stays after the privacy wipe."""

from __future__ import annotations

from devices.id_card.fake_reader import FakeCard, FakeReader
from kiosk.samples import SAMPLES
from tests.ui.cards import OLDER
from tests.ui.conftest import Kiosk
from tests.ui.test_privacy import view_model_strings

EXPIRED = FakeCard(
    name="王秀兰",
    id_number="220104195003070018",
    sex="2",
    nation="01",
    address="吉林省长春市朝阳区人民大街1号",
    authority="长春市公安局朝阳分局",
    valid_from="20000307",
    valid_to="20200307",
)


def _reader(k: Kiosk) -> FakeReader:
    hub = k.app.devices.hub
    assert hub is not None
    fake = hub._fake_reader
    assert fake is not None  # the demo's made-up reader
    return fake


def _to_the_form(k: Kiosk, item_id: str) -> None:
    k.choose(item_id)
    k.click("beginButton")
    k.wait_screen("form")
    k.wait(lambda: k.app.id_card.property("wanted") and k.app.id_card.property("ready"))
    k.settle()


def test_a_card_fills_the_form_and_the_applicant_corrects_a_field(kiosk: Kiosk) -> None:
    k = kiosk
    _to_the_form(k, "elderly-card")
    prompt = k.get("cardPrompt")
    assert prompt.isVisible() and "请在读卡区放置身份证" in k.text("cardPromptText")
    assert k.get("cardTag_applicant_name").isVisible()  # the fields the card fills say so
    assert k.find("cardTag_hukou") is None or not k.get("cardTag_hukou").isVisible()
    _reader(k).place(OLDER)
    answers = k.journey.journey.answers
    k.wait(lambda: answers.get("applicant_id") == "220104195003070018")
    assert answers.get("applicant_name") == "王秀兰"
    assert "home_address" not in answers  # the card's address is not where they live now
    k.wait(lambda: k.app.id_card.property("kind") == "filled")
    assert "已从身份证填写：老年人姓名、老年人身份证号码" in k.text("cardPromptText")
    assert k.text("field_applicant_name") == "王秀兰"  # shown, to be checked
    # The applicant corrects what was filled, as any answer.
    k.type_into("field_applicant_name", "王秀英")
    k.wait(lambda: answers.get("applicant_name") == "王秀英")
    sample = SAMPLES["elderly-card"]()
    k.fill_page({key: v for key, v in sample.items() if key not in answers})
    k.next_page()
    k.fill_form(sample | {"applicant_name": "王秀英", "applicant_id": "220104195003070018"})
    k.tick_materials()
    assert k.submit() == "passed"
    assert k.declarations()[-1].answers["applicant_name"] == "王秀英"


def test_an_expired_card_fills_nothing_and_says_why(kiosk: Kiosk) -> None:
    k = kiosk
    _to_the_form(k, "elderly-card")
    _reader(k).place(EXPIRED)
    k.wait(lambda: k.app.id_card.property("kind") == "expired")
    assert "已过有效期（2020-03-07）" in k.text("cardPromptText")
    assert "applicant_id" not in k.journey.journey.answers


def test_a_card_where_no_form_wants_it_is_dropped_and_the_wipe_forgets_the_card(
    kiosk: Kiosk,
) -> None:
    k = kiosk
    reader = _reader(k)
    reader.place(OLDER)  # on the home screen: nobody asked for it
    k.wait(lambda: reader.count((0x30, 0x01)) >= 1)  # the reader's process read it
    reader.lift()
    polls = reader.count((0x20, 0x01))
    k.wait(lambda: reader.count((0x20, 0x01)) >= polls + 2)  # it saw the card go
    k.settle()
    assert not [s for s in view_model_strings(k) if "王秀兰" in s]
    _to_the_form(k, "elderly-card")
    reader.place(OLDER)
    k.wait(lambda: k.journey.journey.answers.get("applicant_name") == "王秀兰")
    k.wait(lambda: k.app.id_card.property("kind") == "filled")
    k.app.wipe()
    k.wait_screen("home")
    k.settle()
    found = [s for s in view_model_strings(k) if "王秀兰" in s or "220104195003070018" in s]
    assert found == []
    assert k.app.id_card.property("filledFields") == []


def test_the_demos_button_places_its_sample_card(kiosk: Kiosk) -> None:
    k = kiosk
    _to_the_form(k, "elderly-card")
    k.click("demoCardButton")
    k.wait(lambda: k.journey.journey.answers.get("applicant_name") == "张玉琴")
    k.wait(lambda: k.app.id_card.property("kind") == "filled")
    assert k.find("demoCardButton") is None  # shown only while the card is awaited
