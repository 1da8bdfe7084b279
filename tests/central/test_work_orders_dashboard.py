"""The 整改工单 page on the real server: a supervisor sees the work orders of low ratings
with their due days, answers and closes them (CSRF checked, hostile answers refused with
a message); attendants cannot; the board's figures count today's ratings, the
satisfaction rate and the open and overdue work orders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from central.models import WorkOrder
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import register_terminal, send
from tests.central.dashboard_helpers import add_staff, sign_in
from tests.central.test_ingest import submitted
from tests.central.test_ratings import rated
from tests.conftest import Clock

OTHER = "20261126-03-0002"
THIRD = "20261126-03-0003"


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    """A browser on the real server, with three ratings of terminal 3: a very
    dissatisfied one (a work order), a satisfied one and a dissatisfied one."""
    add_staff(state.db)
    add_staff(state.db, "sun", "孙主任", "supervisor")
    token = register_terminal(state.db, 3)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as terminal:
        send(
            terminal,
            submitted(),
            submitted(OTHER),
            submitted(THIRD),
            rated(text="<script>alert(1)</script>等了很久"),
            rated("satisfied", reference=OTHER, aspects=(), text=""),
            rated("dissatisfied", reference=THIRD, aspects=("efficiency", "guide"), text=""),
        )
    with httpx.Client(base_url=server.base_url, timeout=30) as c:
        yield c


def order_ids(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-order="(\d+)" data-state="(\w+)"', html)


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert found, key
    return found.group(1)


def test_only_supervisors_see_and_change_work_orders(browser: httpx.Client) -> None:
    csrf = sign_in(browser)  # 张辅导, an attendant
    assert 'href="/dashboard/work-orders"' not in browser.get("/dashboard").text
    assert browser.get("/dashboard/work-orders").status_code == 403
    answer = {"csrf": csrf, "order": "1", "answer": "已处理"}
    assert browser.post("/dashboard/work-orders/answer", data=answer).status_code == 403
    browser.cookies.clear()
    assert browser.get("/dashboard/work-orders").status_code == 303


def test_a_supervisor_answers_and_closes_a_work_order(
    browser: httpx.Client, state: ServerState
) -> None:
    csrf = sign_in(browser, "sun")
    board = browser.get("/dashboard")
    assert 'href="/dashboard/work-orders"' in board.text
    shown = browser.get("/dashboard/work-orders")
    assert shown.status_code == 200 and "整改工单" in shown.text
    page = shown.text
    assert [s for _, s in order_ids(page)] == ["open", "open"]
    assert "非常不满意" in page and "不满意" in page
    assert "办事效率、指南准确" in page and "服务态度" in page
    assert "2026-12-17" in page and "剩 21 个自然日" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    with state.db.read() as s:
        first = s.scalars(select(WorkOrder).order_by(WorkOrder.id)).first()
        assert first is not None
        number = str(first.id)

    form = {"order": number, "answer": "已约谈窗口人员，并电话回访申请人。"}
    assert browser.post("/dashboard/work-orders/answer", data=form).status_code == 403
    refused = browser.post("/dashboard/work-orders/close", data={"csrf": csrf, "order": number})
    assert refused.status_code == 409 and "请先答复再办结" in refused.text
    for hostile, message in (("  ", "请填写答复内容"), ("长" * 1001, "答复不能超过 1000 字")):
        bad = browser.post(
            "/dashboard/work-orders/answer", data={"csrf": csrf, "order": number, "answer": hostile}
        )
        assert bad.status_code == 400 and message in bad.text
    for missing in ("999", "x", "", "1" * 40):
        gone = browser.post(
            "/dashboard/work-orders/answer", data={"csrf": csrf, "order": missing, "answer": "a"}
        )
        assert gone.status_code == 404 and "没有这个工单" in gone.text
    done = browser.post("/dashboard/work-orders/answer", data=form | {"csrf": csrf})
    assert (done.status_code, done.headers["location"]) == (303, "/dashboard/work-orders?done=1")
    page = browser.get("/dashboard/work-orders?done=1").text
    assert "已保存" in page and "已约谈窗口人员" in page and "孙主任 答复于" in page
    closed = browser.post("/dashboard/work-orders/close", data={"csrf": csrf, "order": number})
    assert closed.status_code == 303
    with state.db.read() as s:
        row = s.get(WorkOrder, int(number))
        assert row is not None
        assert (row.state, row.answered_by, row.closed_by) == ("closed", "孙主任", "孙主任")
    page = browser.get("/dashboard/work-orders").text
    assert [s for _, s in order_ids(page)] == ["open", "closed"]  # the closed one below
    again = browser.post(
        "/dashboard/work-orders/answer", data={"csrf": csrf, "order": number, "answer": "改"}
    )
    assert again.status_code == 409 and "该工单已办结" in again.text
    english = browser.get("/dashboard/work-orders?lang=en", follow_redirects=True).text
    assert "Work orders" in english and "Very dissatisfied" in english


def test_the_board_counts_ratings_satisfaction_and_work_orders(
    browser: httpx.Client, state: ServerState, clock: Clock
) -> None:
    sign_in(browser)
    board = browser.get("/dashboard").text
    assert figure(board, "ratings") == "3"
    assert figure(board, "satisfaction") == "33.3%"  # one satisfied of three
    assert (figure(board, "work_orders_open"), figure(board, "work_orders_overdue")) == ("2", "0")
    data = browser.get("/dashboard/snapshot.json").json()["figures"]
    assert (data["ratings"], data["satisfied"], data["satisfaction"]) == (3, 1, "33.3%")
    clock.now += timedelta(days=22)  # 18 December: past the 17th, the due day
    sign_in(browser)  # (the session of 22 days ago has ended)
    data = browser.get("/dashboard/snapshot.json").json()["figures"]
    assert (data["ratings"], data["satisfaction"]) == (0, "–")
    assert (data["work_orders_open"], data["work_orders_overdue"]) == (2, 2)
