"""The staff side over the journey, without a window: the PIN pad, the signed-in screens,
assist mode and the return to exactly where the applicant was; what each role may do; a
help call in words; where to go when the terminal is out of service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.journey import Journey, Screen
from kiosk.modes import Mode, Navigator
from kiosk.staff import reasons
from kiosk.staff.help_view import describe_call
from kiosk.staff.session import (
    ASSIST,
    DIAGNOSTICS,
    EXIT,
    HELP,
    OUT_OF_SERVICE,
    StaffFlow,
    StaffScreen,
    may,
)
from tests.kiosk.test_journey import fill_page, to_check

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Someone:
    username: str
    display_name: str
    role: str


ATTENDANT = Someone("zhang.wei", "张伟", "attendant")
TECHNICIAN = Someone("li.na", "李娜", "technician")


def mid_form(catalog: Catalog) -> tuple[Navigator, Journey]:
    nav = Navigator()
    j = Journey(catalog, lambda: date(2026, 12, 2))
    nav.attach(j)
    j.choose("elderly-card")
    j.begin()
    j.answer("applicant_name", "张玉琴")
    return nav, j


def test_the_pad_then_a_session_then_back_to_exactly_where_the_applicant_was(
    catalog: Catalog,
) -> None:
    nav, j = mid_form(catalog)
    page = j.page_id
    changes: list[str] = []
    flow = StaffFlow(nav, on_change=lambda: changes.append(str(flow.screen)))
    flow.open_pad()
    assert (nav.mode, flow.screen, flow.shown, flow.session) == (
        Mode.STAFF,
        StaffScreen.PIN,
        True,
        None,
    )
    assert not flow.show(StaffScreen.HOME)  # nothing past the pad before a PIN
    flow.signed_in(ATTENDANT, NOW)
    assert flow.screen is StaffScreen.HOME and flow.session is not None
    ended = flow.end()
    assert ended is not None and ended.identity is ATTENDANT
    assert (nav.mode, nav.screen, j.page_id) == (Mode.APPLICANT, "form", page)
    assert j.answers == {"applicant_name": "张玉琴"}
    assert flow.session is None and not flow.active and changes


def test_assist_shows_the_journey_with_the_session_kept(catalog: Catalog) -> None:
    nav, _ = mid_form(catalog)
    flow = StaffFlow(nav)
    flow.open_pad()
    flow.signed_in(ATTENDANT, NOW)
    assert flow.start_assist()
    assert nav.mode is Mode.APPLICANT and nav.screen == "form"
    assert flow.assisting and flow.active and not flow.shown
    flow.open_pad()  # the staff menu from the assist band: the home screen, no PIN again
    assert flow.screen is StaffScreen.HOME and not flow.assisting
    flow.end()
    assert not flow.assisting and nav.screen == "form"


def test_what_each_role_may_do(catalog: Catalog) -> None:
    assert may("attendant", ASSIST) and may("attendant", HELP) and may("attendant", OUT_OF_SERVICE)
    assert not may("attendant", DIAGNOSTICS) and not may("attendant", EXIT)
    assert may("technician", DIAGNOSTICS) and may("technician", EXIT)
    assert not may("technician", ASSIST)
    assert not any(may("grid_leader", p) for p in (HELP, ASSIST, OUT_OF_SERVICE, DIAGNOSTICS))
    assert all(may("supervisor", p) for p in (HELP, ASSIST, OUT_OF_SERVICE, DIAGNOSTICS, EXIT))
    assert not may("intruder", HELP)
    nav, _ = mid_form(catalog)
    flow = StaffFlow(nav)
    flow.open_pad()
    flow.signed_in(ATTENDANT, NOW)
    assert not flow.show(StaffScreen.DIAGNOSTICS) and flow.screen is StaffScreen.HOME
    flow.end()
    flow.open_pad()
    flow.signed_in(TECHNICIAN, NOW)
    assert not flow.start_assist() and flow.screen is StaffScreen.HOME
    assert flow.show(StaffScreen.DIAGNOSTICS) and flow.show(StaffScreen.TOUCH_TEST)


def test_a_help_call_in_words_from_the_catalog(catalog: Catalog) -> None:
    item = catalog["elderly-card"]
    page = item.pages[0]
    field = page.fields[0]
    view = describe_call(
        "c1",
        "open",
        {
            "screen": "form",
            "item_id": item.id,
            "page_id": page.id,
            "fields_in_error": [field.id, "nope"],
        },
        NOW - timedelta(minutes=2, seconds=5),
        NOW,
        catalog,
    )
    assert view.item == item.name and view.page == page.title
    assert view.fields == (field.label,)
    assert view.where.zh == "填写表单" and view.waited().zh == "已等待 2 分 5 秒"
    printer = describe_call("c2", "acknowledged", {"screen": "ticket:printer"}, NOW, NOW, catalog)
    assert printer.where.zh == "取号（打印机故障）" and printer.state_label.en.startswith(
        "Acknowledged"
    )
    unknown = describe_call("c3", "open", {"item_id": "gone", "screen": 7}, NOW, NOW, catalog)
    assert unknown.item is not None and unknown.item.zh == "gone" and unknown.fields == ()


def test_where_to_go_when_out_of_service() -> None:
    line = reasons.in_service_line((8, 3, 5, 7), own=7)
    assert (line.zh, line.en) == ("正在服务的终端：3、5、8 号", "Terminals in service: 3, 5, 8")
    assert reasons.in_service_line(None, 7) is reasons.NONE_IN_SERVICE
    assert reasons.in_service_line((7,), 7) is reasons.NONE_IN_SERVICE
    assert reasons.reason_text("printer").zh == "打印机故障"
    assert reasons.reason_text("🙃") is reasons.REASONS["other"]


def test_assist_jumps_to_any_page_and_to_the_materials(catalog: Catalog) -> None:
    j = Journey(catalog, lambda: date(2026, 12, 2))
    assert not j.jump("anything") and not j.jump_to_materials()  # no item chosen
    to_check(j, "elderly-card")
    pages = [p.id for p in j.visible_pages()]
    assert j.jump(pages[-1]) and (j.screen, j.page_id) == (Screen.FORM, pages[-1])
    fill_page(j, {})
    assert j.next() and j.screen is Screen.CHECK  # on from the page as usual
    assert j.jump(pages[0]) and j.page_id == pages[0]
    assert j.next() and j.page_id == pages[1]  # not back to the check at once
    assert not j.jump("no-such-page") and j.page_id == pages[1]
    assert j.jump_to_materials() and j.screen is Screen.MATERIALS


@pytest.mark.parametrize("frozen", [False, True])
def test_a_restart_runs_the_same_command_again(
    monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    import sys

    from kiosk.__main__ import restart_command

    monkeypatch.setattr(sys, "orig_argv", ["python3", "-m", "kiosk", "--demo"])
    monkeypatch.setattr(sys, "argv", ["/opt/kiosk/kiosk", "--config", "/etc/kiosk.toml"])
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        assert restart_command() == [sys.executable, "--config", "/etc/kiosk.toml"]
    else:
        monkeypatch.delattr(sys, "frozen", raising=False)
        assert restart_command() == [sys.executable, "-m", "kiosk", "--demo"]
