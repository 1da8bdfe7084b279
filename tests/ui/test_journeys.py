"""Whole journeys through the real QML, tapped as an applicant would, offscreen.

Each test starts on the home screen of a fresh demo kiosk (its own data directory,
the files printer) and asserts on what the applicant sees and on what the store keeps.
"""

from __future__ import annotations

import re

from kiosk.samples import SAMPLES, sample_credit_code
from tests.ui.conftest import Kiosk
from tests.ui.signing import sign

LOCAL_TICKET = re.compile(r"^[AB]01-\d{3}$")  # offline: series, terminal 01, sequence


def _check_ticket(k: Kiosk, series: str, counters: str) -> str:
    number = k.text("ticketNumber")
    assert LOCAL_TICKET.match(number) and number.startswith(series), number
    assert counters in k.text("ticketCounters")
    k.wait(lambda: k.journey.printed, lambda: f"not printed: {k.journey.printerMessage!r}")
    files = {p.suffix for p in (k.data_dir / "tickets").rglob("*") if p.is_file()}
    assert {".bin", ".png"} <= files, files
    return number


def test_personal_item_passes_to_a_ticket_then_home(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("elderly-card", category="personal")
    assert "老年人优待证" in k.text("itemName")
    assert k.text("stepIndicator") == "第 2 步 / 共 7 步"
    k.click("beginButton")
    k.wait_screen("form")
    assert k.text("stepIndicator") == "第 3 步 / 共 7 步"
    assert k.text("guidance") == "请按老年人的居民身份证填写。"
    k.fill_form(SAMPLES["elderly-card"]())
    k.tick_materials()
    assert k.submit() == "passed"
    assert k.text("outcome") == "预审通过"
    k.take_ticket()
    _check_ticket(k, "B", "请到 10 或 11 号窗口办理")
    (declaration,) = k.declarations()
    assert (declaration.item_id, declaration.outcome) == ("elderly-card", "passed")
    assert k.ticket_numbers() == [k.text("ticketNumber")]
    # The applicant's language, text size and help call end with them.
    k.click("lang_en_US")
    k.click("largeText")
    k.click("callAttendant")
    k.wait(lambda: k.shell.largeText and k.shell.language == "en_US" and k.help.active)
    k.click("finishButton")
    k.wait_screen("finish")
    assert k.find("thanks") is not None
    k.wait_screen("home", timeout=15_000)  # the Finish screen's own timer, no tap
    assert (k.shell.language, k.shell.largeText, k.help.active) == ("zh_CN", False, False)
    k.wait(lambda: [r.state for r in k.help_requests()] == ["cancelled"])
    assert k.text("welcome") == "欢迎使用自助申报终端"


def test_printer_fault_keeps_the_number_and_calls_the_attendant(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["elderly-card"]())
    k.tick_materials()
    assert k.submit() == "passed"
    blocker = k.data_dir / "tickets"  # a file where the files printer writes: it fails
    blocker.write_text("not a folder")
    k.click("takeTicket")
    k.wait_screen("ticket")
    k.wait(lambda: k.journey.printerMessage)
    k.settle()
    number = k.text("ticketNumber")
    assert LOCAL_TICKET.match(number)
    assert k.get("printerMessage").isVisible() and k.text("printerMessage")
    assert k.text("guidance") == k.text("printerMessage")
    k.wait(lambda: [r.state for r in k.help_requests()] == ["open"])
    (request,) = k.help_requests()
    assert request.context["screen"] == "ticket:printer"
    assert not k.journey.printed
    blocker.unlink()
    k.click("reprint")
    k.wait(lambda: k.journey.printed)
    k.settle()
    assert k.find("printerMessage") is None and k.find("reprint") is None
    assert k.text("ticketNumber") == number and k.ticket_numbers() == [number]


def test_typing_that_hides_another_field_keeps_the_focus(kiosk: Kiosk) -> None:
    """The applicant's own mobile makes the family contact irrelevant: the field being
    typed in keeps its text and the keyboard focus while the other one goes."""
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    assert k.find("field_family_contact") is not None
    field = k.type_into("field_applicant_phone", "13904311234")
    k.wait(lambda: k.find("field_family_contact") is None)  # after the keystroke's event
    k.settle()
    assert field.hasActiveFocus() and field.property("text") == "13904311234"
    assert k.journey.journey.answers["applicant_phone"] == "13904311234"


def test_company_item_rejected_fixed_and_passed(kiosk: Kiosk) -> None:
    k = kiosk
    answers = SAMPLES["company-address-change"]()
    good_code = str(answers["credit_code"])
    wrong_code = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    assert sample_credit_code() == good_code
    k.choose("company-address-change", category="enterprise")
    k.click("beginButton")
    k.wait_screen("form")
    # A wrong check character is caught when Next is pressed (the same check as the
    # pre-review's): the summary names the field, and its entry moves the focus there.
    k.fill_page({**answers, "credit_code": wrong_code})
    k.click("nextButton")
    k.wait(lambda: k.journey.errors.count == 1)
    k.settle()
    assert k.get("errorSummary").isVisible()
    assert "统一社会信用代码" in k.text("error_credit_code")
    assert k.get("fieldError_credit_code").isVisible()
    k.click("error_credit_code")
    k.wait(lambda: k.get("field_credit_code").hasActiveFocus())
    k.type_into("field_credit_code", good_code)
    k.next_page()
    k.fill_form(answers)
    # An essential material left at home: pre-review rejects, in plain words.
    k.tick_materials(missing=("business_licence",))
    assert k.submit() == "rejected"
    assert k.text("outcome") == "预审未通过"
    shown = "\n".join(k.texts())
    assert "营业执照正、副本" in shown and "缺少必要材料" in shown
    assert k.find("takeTicket") is None
    k.click("fixNow_business_licence")
    k.wait_screen("materials")
    k.click("material_business_licence_have")
    k.wait(lambda: k.journey.journey.materials["business_licence"])
    k.click("nextButton")
    k.wait_screen("check")
    assert k.submit() == "passed"
    k.take_ticket()
    _check_ticket(k, "A", "请到 3、4 或 5 号窗口办理")
    (declaration,) = k.declarations()  # the fixed declaration kept its reference
    assert declaration.outcome == "passed"
    assert declaration.answers["credit_code"] == good_code
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("homeButton")
    k.wait_screen("home")


def test_deficiency_acceptance_with_commitment(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-address-change", category="enterprise")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["company-address-change"]())
    k.tick_materials(missing=("premises_proof",))
    assert k.submit() == "passed_with_deficiency"
    assert k.text("outcome") == "容缺受理"
    (deficiency,) = k.journey.journey.submitted.review.deficiencies
    day = deficiency.due_date
    assert day > k.journey.journey.today()
    due = f"{day.year}年{day.month}月{day.day}日"
    shown = "\n".join(k.texts())
    assert "新住所使用证明（房产证或租赁合同）" in shown
    assert f"请于 {due} 前补交（5 个工作日内）" in shown
    commitment = k.text("commitmentText")
    assert "容缺受理" in commitment and f"{due}前" in commitment
    assert not k.get("takeTicket").isEnabled()
    assert not k.get("acceptCommitment").isEnabled()  # nothing signed yet
    sign(k)
    k.settle()
    assert k.get("takeTicket").isEnabled()
    k.take_ticket()
    _check_ticket(k, "A", "请到 3、4 或 5 号窗口办理")
    (declaration,) = k.declarations()
    assert declaration.outcome == "passed_with_deficiency"
    assert declaration.commitment_accepted_at is not None


def test_joint_item_to_a_ticket(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-startup", category="enterprise")
    shown = "\n".join(k.texts())
    for approval in ("企业设立登记", "公章刻制备案", "新办纳税人涉税事项"):
        assert approval in shown
    assert "联办" in shown
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["company-startup"]())
    k.tick_materials()
    assert k.submit() == "passed"
    k.take_ticket()
    _check_ticket(k, "A", "请到 1 或 2 号窗口办理")


def test_fix_now_on_a_field_finding_goes_to_the_field(kiosk: Kiosk) -> None:
    """A change made from the check screen can break an answer on another page; the
    pre-review finds it and "fix now" opens that page with the field."""
    k = kiosk
    k.choose("company-startup")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["company-startup"]())
    k.tick_materials()
    k.click("change_company")
    k.wait_screen("form")
    k.click("choice_company_type_sole")  # one investor only, but two shareholders given
    k.wait(lambda: k.journey.journey.answers["company_type"] == "sole")
    k.next_page()
    assert k.journey.screen == "check"
    assert k.submit() == "rejected"
    assert "个人独资企业只能由一个自然人投资" in "\n".join(k.texts())
    k.click("fixNow_shareholder_count")
    k.wait_screen("form")
    assert k.journey.journey.page_id == "people"
    k.type_into("field_shareholder_count", "1")
    k.next_page()
    assert k.journey.screen == "check"
    assert k.submit() == "passed"


def test_help_call_and_its_cancellation(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    before = k.text("callAttendant")
    k.click("callAttendant")
    k.wait(lambda: len(k.help_requests()) == 1)
    k.settle()
    assert k.text("callAttendant") != before
    assert "正在赶来" in k.text("callAttendant")
    (request,) = k.help_requests()
    assert request.state == "open"
    assert request.context["screen"] == "form"
    assert request.context["item_id"] == "elderly-card"
    assert request.context["page_id"] == "applicant"
    (event,) = k.events("help.requested")
    assert event.payload["id"] == request.id
    k.wait(lambda: k.help.active)
    k.click("callAttendant")  # asks first (tests/ui/test_help_hold.py)
    k.wait(lambda: k.popup("cancelCallDialog").property("opened"))
    k.click("helpCancelConfirm")
    k.wait(lambda: [r.state for r in k.help_requests()] == ["cancelled"])
    (cancelled,) = k.events("help.cancelled")
    assert cancelled.payload["id"] == request.id
    k.settle()
    assert k.text("callAttendant") == before


def test_help_call_cancelled_before_it_is_stored(kiosk: Kiosk) -> None:
    """Two quick taps: the second cancels the call even while the first is being stored."""
    k = kiosk
    k.choose("elderly-card")
    k.help.toggle()
    k.help.toggle()
    assert not k.help.active
    k.wait(lambda: [r.state for r in k.help_requests()] == ["cancelled"])
    assert not k.help.active


def test_language_switch_in_the_middle_of_a_form(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.type_into("field_applicant_name", "张玉琴")
    k.type_into("field_applicant_id", "220102195403180424")
    k.click("lang_en_US")
    k.wait(lambda: k.shell.language == "en_US")
    k.settle()
    shown = k.texts()
    assert "The applicant" in shown  # the page title, from the catalog's English
    assert "* Name" in shown and "* Resident ID number" in shown
    assert "* 老年人姓名" not in shown
    assert k.text("field_applicant_name") == "张玉琴"
    assert k.text("field_applicant_id") == "220102195403180424"
    assert k.journey.journey.answers["applicant_name"] == "张玉琴"
    k.click("lang_zh_CN")
    k.wait(lambda: k.shell.language == "zh_CN")
    k.settle()
    shown = k.texts()
    assert "老年人信息" in shown and "* 老年人姓名" in shown
    assert k.text("field_applicant_name") == "张玉琴"
    assert k.journey.journey.answers["applicant_id"] == "220102195403180424"


def test_pinyin_search(kiosk: Kiosk) -> None:
    k = kiosk
    k.click("startButton")
    k.wait_screen("services")
    for query, first in (("lnz", "elderly-card"), ("qykb", "company-startup")):
        k.type_into("searchField", query)
        k.wait(lambda q=query: k.journey.query == q)
        k.wait(lambda f=first: k.journey.services.rows()[0]["itemId"] == f)
        k.settle()
        view = k.get("serviceList")
        view.positionViewAtBeginning()
        k.settle()
        row = k.get(f"item_{first}")
        assert row.y() == 0  # the first row of the list
    k.type_into("searchField", "laonianzheng")
    k.wait(lambda: k.journey.services.rows()[0]["itemId"] == "elderly-card")
