"""The dashboard's staff pages on the real server: a terminal's audit of staff actions
(attendants and supervisors), the accounts page (supervisors only), the health column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from central import admin
from central.dashboard import audit
from central.models import Staff, StaffAction
from central.serve import ServerThread
from central.state import ServerState
from kiosk.pins import verify_pin
from tests.central.dashboard_helpers import PASSWORD, add_staff, add_terminal, csrf_in, sign_in

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # the shared clock: 10:30 in the hall
PIN = "583920"


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    """A browser on the real server; 张辅导 (attendant) and 孙主任 (supervisor) exist."""
    add_staff(state.db)
    add_staff(state.db, "sun", "孙主任", "supervisor")
    with httpx.Client(base_url=server.base_url) as c:
        yield c


def add_actions(state: ServerState, terminal: int, n: int) -> None:
    with state.db.transaction() as s:
        for i in range(n):
            s.add(
                StaffAction(
                    terminal=terminal,
                    at=NOW - timedelta(minutes=n - i),
                    action="pin_failed" if i % 2 else "signed_in",
                    staff=None if i % 2 else "zhang",
                    role=None if i % 2 else "attendant",
                    detail={"in_a_row": i, "answers": {"name": "张三"}},
                )
            )


def entries(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-action="([^"]*)" data-staff="([^"]*)">', html)


# --- the audit -------------------------------------------------------------------------


def test_the_audit_lists_a_terminals_actions_newest_first_a_page_at_a_time(
    browser: httpx.Client, state: ServerState
) -> None:
    add_terminal(state.db, 3)
    add_actions(state, 3, audit.PAGE_SIZE + 3)
    add_actions(state, 4, 2)  # another terminal's: not on terminal 3's page
    sign_in(browser)
    first = browser.get("/dashboard/terminals/3/audit")
    assert first.status_code == 200
    rows = entries(first.text)
    assert len(rows) == audit.PAGE_SIZE
    # Newest first: the last added (i = PAGE_SIZE + 2, even: a sign-in by zhang).
    assert rows[0] == ("signed_in", "zhang") and rows[1] == ("pin_failed", "")
    assert "3号终端 工作人员操作记录" in first.text and "第 1 / 2 页" in first.text
    assert "张辅导 · 辅导员" in first.text and "登录终端" in first.text
    assert "未识别的密码" in first.text and "连续错误次数: 52" in first.text
    assert "张三" not in first.text  # only known detail keys are shown, never answers
    second = browser.get("/dashboard/terminals/3/audit?page=2")
    assert len(entries(second.text)) == 3 and "第 2 / 2 页" in second.text
    for hostile in ("999999999999", "-1", "abc", "١", "0"):
        answer = browser.get("/dashboard/terminals/3/audit", params={"page": hostile})
        assert answer.status_code == 200 and len(entries(answer.text)) in (3, audit.PAGE_SIZE)
    for bad in ("13", "0", "x", "9" * 1000):
        assert browser.get(f"/dashboard/terminals/{bad}/audit").status_code == 404
    browser.get("/dashboard?lang=en")
    english = browser.get("/dashboard/terminals/3/audit").text
    assert "Terminal 3: staff actions" in english and "A PIN that matched no one" in english
    assert "Page 1 of 2" in english and "Signed in at the terminal" in english


def test_out_of_service_reasons_are_in_words(browser: httpx.Client, state: ServerState) -> None:
    add_terminal(state.db, 6, last_seen_at=NOW, mode="out_of_service", mode_reason="printer")
    with state.db.transaction() as s:
        detail = {"reason": "printer", "since": NOW.isoformat()}
        s.add(StaffAction(terminal=6, at=NOW, action="in_service", staff="zhang", detail=detail))
    sign_in(browser)
    html = browser.get("/dashboard/terminals/6/audit").text
    assert "恢复服务" in html and "原因: 打印机故障" in html
    row = browser.get("/dashboard/snapshot.json").json()["terminals"][0]
    assert row["mode_label"] == "暂停服务 · 打印机故障"
    assert [a["label"] for a in row["alerts"]] == ["暂停服务 · 打印机故障"]


def test_an_unknown_action_is_shown_as_its_word_and_escaped(
    browser: httpx.Client, state: ServerState
) -> None:
    with state.db.transaction() as s:
        s.add(
            StaffAction(
                terminal=5,
                at=NOW,
                action="<b>x</b>",
                staff="<i>ghost</i>",
                role="attendant",
                detail={"reason": "<script>alert(1)</script>" + "长" * 200},
            )
        )
    sign_in(browser)
    html = browser.get("/dashboard/terminals/5/audit").text
    assert "<b>x" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>alert" not in html and "&lt;i&gt;ghost&lt;/i&gt;" in html
    assert "长" * 81 not in html  # a long detail is cut


def test_who_may_see_the_audit(browser: httpx.Client, state: ServerState) -> None:
    assert browser.get("/dashboard/terminals/3/audit").headers["location"] == "/login"
    admin.add_staff(state.db, "liu", "刘工", "technician", PASSWORD, NOW)
    sign_in(browser, "liu")
    refused = browser.get("/dashboard/terminals/3/audit")
    assert refused.status_code == 403 and "您的角色无权查看此页" in refused.text
    assert "audit-link" not in browser.get("/dashboard").text
    browser.cookies.clear()
    sign_in(browser, "sun")
    assert browser.get("/dashboard/terminals/3/audit").status_code == 200


def test_the_board_links_each_terminal_to_its_audit_and_shows_its_alerts(
    browser: httpx.Client, state: ServerState
) -> None:
    add_terminal(
        state.db,
        3,
        last_seen_at=NOW - timedelta(seconds=10),
        printer_status="ok",
        disk_free_mb=500.0,
        pin_locked_until=NOW + timedelta(minutes=2),
    )
    sign_in(browser)
    html = browser.get("/dashboard").text
    assert 'href="/dashboard/terminals/3/audit"' in html
    assert '<li class="alert alert-warning" data-alert="disk_low">' in html
    assert "密码键盘已锁定至 10:32" in html and "告警" in html
    row = browser.get("/dashboard/snapshot.json").json()["terminals"][0]
    assert row["audit_url"] == "/dashboard/terminals/3/audit"
    assert [a["code"] for a in row["alerts"]] == ["pin_locked", "disk_low"]
    assert browser.get("/dashboard/snapshot.json").json()["figures"]["assisted"] == 0


# --- the accounts page ---------------------------------------------------------------------


def test_attendants_see_no_staff_page(browser: httpx.Client) -> None:
    csrf = sign_in(browser)
    assert 'href="/dashboard/staff"' not in browser.get("/dashboard").text
    assert browser.get("/dashboard/staff").status_code == 403
    form = {"csrf": csrf, "role": "supervisor", "display_name": "x", "username": "me2"}
    assert browser.post("/dashboard/staff/add", data=form).status_code == 403
    assert (
        browser.post("/dashboard/staff/disable", data={"csrf": csrf, "username": "sun"}).status_code
        == 403
    )


def staff_row(state: ServerState, username: str) -> Staff:
    with state.db.read() as s:
        row = s.scalars(select(Staff).where(Staff.username == username)).one()
        s.expunge(row)
        return row


def test_a_supervisor_adds_an_account_sets_a_pin_and_disables_it(
    browser: httpx.Client, state: ServerState
) -> None:
    csrf = sign_in(browser, "sun")
    page = browser.get("/dashboard/staff")
    assert page.status_code == 200 and 'data-username="zhang"' in page.text
    assert "人员管理" in page.text and "未设置" in page.text
    form = {
        "role": "technician",
        "display_name": "刘工",
        "username": "liu",
        "password": "",
        "pin": PIN,
    }
    assert browser.post("/dashboard/staff/add", data=form).status_code == 403  # no CSRF
    added = browser.post("/dashboard/staff/add", data=form | {"csrf": csrf})
    assert (added.status_code, added.headers["location"]) == (303, "/dashboard/staff?done=added")
    liu = staff_row(state, "liu")
    assert liu.role == "technician" and liu.password_hash == ""
    assert liu.pin_hash is not None and verify_pin(PIN, liu.pin_hash)
    assert "已新增人员" in browser.get("/dashboard/staff?done=added").text
    # The same PIN for another account: refused, naming nobody.
    taken = browser.post(
        "/dashboard/staff/pin", data={"csrf": csrf, "username": "zhang", "pin": PIN}
    )
    assert taken.status_code == 409
    assert "该密码不可使用，请另选" in taken.text and "刘工" not in taken.text.split("<tbody>")[0]
    assert staff_row(state, "zhang").pin_hash is None
    done = browser.post(
        "/dashboard/staff/pin", data={"csrf": csrf, "username": "zhang", "pin": "40719368"}
    )
    assert done.status_code == 303 and staff_row(state, "zhang").pin_hash is not None
    # Disable: the account's dashboard session ends too.
    other = httpx.Client(base_url=str(browser.base_url))
    try:
        sign_in(other)
        assert other.get("/dashboard/snapshot.json").status_code == 200
        off = browser.post("/dashboard/staff/disable", data={"csrf": csrf, "username": "zhang"})
        assert off.status_code == 303 and staff_row(state, "zhang").disabled
        assert other.get("/dashboard/snapshot.json").status_code == 401
    finally:
        other.close()
    assert "已停用" in browser.get("/dashboard/staff").text
    on = browser.post("/dashboard/staff/enable", data={"csrf": csrf, "username": "zhang"})
    assert on.status_code == 303 and not staff_row(state, "zhang").disabled
    myself = browser.post("/dashboard/staff/disable", data={"csrf": csrf, "username": "sun"})
    assert myself.status_code == 400 and "不能停用自己的账号" in myself.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pin": "12345678901234"}, "终端密码须为6至8位数字（0-9）"),
        ({"pin": "５８３９２０"}, "终端密码须为6至8位数字（0-9）"),
        ({"pin": "654321"}, "该密码过于简单，请另选"),
        ({"username": "u" * 10_000}, "用户名须为1至64位字母、数字或 . _ @ -"),
        ({"role": "root"}, "角色无效"),
        ({"display_name": ""}, "姓名须为1至64个字符"),
        ({"password": "short"}, "密码至少8个字符"),
        ({"username": "zhang"}, "该用户名已存在"),
    ],
)
def test_hostile_account_forms_are_refused_with_a_message(
    browser: httpx.Client, state: ServerState, fields: dict[str, str], message: str
) -> None:
    csrf = sign_in(browser, "sun")
    form = {"role": "attendant", "display_name": "李", "username": "li", "pin": PIN}
    answer = browser.post("/dashboard/staff/add", data=form | fields | {"csrf": csrf})
    assert answer.status_code in (400, 409)
    assert message in answer.text and "Traceback" not in answer.text
    with state.db.read() as s:
        assert s.scalars(select(Staff.username).order_by(Staff.username)).all() == ["sun", "zhang"]


def test_a_terminal_only_account_cannot_sign_in(browser: httpx.Client, state: ServerState) -> None:
    admin.add_staff(state.db, "zhao", "赵网格长", "grid_leader", None, NOW, pin=PIN)
    csrf = csrf_in(browser.get("/login").text)
    for password in ("", PIN, "anything long"):
        answer = browser.post(
            "/login", data={"username": "zhao", "password": password, "csrf": csrf}
        )
        assert answer.status_code == 401
