"""A help call for a ticket never printed (kiosk.recovery) on the hall's dashboard, and
the supervisor's link to the enrolment page.

The call is made by the terminal's own help desk on a real SQLite store, and its
help.requested event is sent through the real API on loopback, as the sync sends it; the
dashboard is read signed in, as its page and as its JSON snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.serve import ServerThread
from central.state import ServerState
from kiosk.help_requests import HelpDesk
from kiosk.recovery import SCREEN
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from tests.central.conftest import event, send
from tests.central.dashboard_helpers import add_help_call, add_staff, import_catalog, sign_in
from tests.conftest import Clock

NUMBER, REFERENCE = "A07-003", "20261126-03-0007"
# What kiosk.recovery writes for a ticket committed but never printed.
CONTEXT = {
    "screen": SCREEN,
    "ticket": NUMBER,
    "reference": REFERENCE,
    "item_id": "elderly-card",
    "language": "zh_CN",
}


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    """A browser on the real server; 张辅导 (attendant) and 王主管 (supervisor) exist."""
    add_staff(state.db)
    add_staff(state.db, "wang", "王主管", "supervisor")
    with httpx.Client(base_url=server.base_url) as c:
        yield c


def the_terminal_s_event(store: Store, clock: Clock, context: dict[str, Any]) -> dict[str, Any]:
    """Terminal 3's help desk stores the call; its outbox event as the sync sends it."""
    call_id = HelpDesk(store, 3, clock).request(context)
    with store.session() as s:
        row = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "help.requested")).one()
        assert row.payload["id"] == call_id and row.payload["context"] == context
        return event(row.kind, dict(row.payload))


def test_a_ticket_never_printed_is_named_on_the_dashboard_in_both_languages(
    browser: httpx.Client,
    terminal: httpx.Client,
    state: ServerState,
    store: Store,
    clock: Clock,
) -> None:
    import_catalog(state.db)
    # The terminal's own guard (kiosk.help_requests.CONTEXT_KEYS) lets the ticket through.
    [result] = send(terminal, the_terminal_s_event(store, clock, CONTEXT))
    assert result["status"] == "accepted", result
    sign_in(browser)
    [call] = browser.get("/dashboard/snapshot.json").json()["calls"]
    assert call["step"] == f"号票 {NUMBER} 未打印"
    assert call["item"] == "老年人优待证（老年证）办理" and call["terminal"] == 3
    assert REFERENCE not in str(call)  # the number is what the hall reads
    assert f"号票 {NUMBER} 未打印" in browser.get("/dashboard").text
    browser.get("/dashboard?lang=en")
    [call] = browser.get("/dashboard/snapshot.json").json()["calls"]
    assert call["step"] == f"Ticket {NUMBER} was not printed"


@pytest.mark.parametrize(
    ("ticket", "step"),
    [
        ("<b>7</b>", "号票 <b>7</b> 未打印"),  # short: shown, and escaped by the page
        (7, "号票未打印"),
        (None, "号票未打印"),
        ("", "号票未打印"),
        ("A" * 17, "号票未打印"),
        ("<script>alert(1)</script>" * 200, "号票未打印"),
        ("A07\n<hr>", "号票未打印"),
        (["A07-003"], "号票未打印"),
    ],
)
def test_a_garbled_ticket_never_reaches_the_wall_as_markup(
    browser: httpx.Client, state: ServerState, ticket: Any, step: str
) -> None:
    context: dict[str, Any] = {"screen": SCREEN, "ticket": ticket}
    add_help_call(state, 5, context, state.clock() - timedelta(minutes=2))
    sign_in(browser)
    [call] = browser.get("/dashboard/snapshot.json").json()["calls"]
    assert call["step"] == step
    html = browser.get("/dashboard").text
    assert "<b>7</b>" not in html and "<script>alert" not in html and "<hr>" not in html
    if ticket == "<b>7</b>":
        assert "号票 &lt;b&gt;7&lt;/b&gt; 未打印" in html


def test_the_enrolment_page_is_linked_for_a_supervisor_only(
    browser: httpx.Client, server: ServerThread
) -> None:
    sign_in(browser)  # 张辅导, an attendant
    board = browser.get("/dashboard").text
    assert 'id="enrol-page"' not in board and 'id="staff-page"' not in board
    with httpx.Client(base_url=server.base_url) as supervisor:
        sign_in(supervisor, "wang")
        for page in ("/dashboard", "/dashboard/staff", "/dashboard/enrol"):
            html = supervisor.get(page).text
            assert '<a href="/dashboard/enrol" id="enrol-page">终端登记</a>' in html, page
            assert 'id="staff-page"' in html
        supervisor.get("/dashboard?lang=en")
        assert 'id="enrol-page">Enrol a terminal</a>' in supervisor.get("/dashboard").text


def test_the_reference_and_the_number_are_not_an_applicant_s_answers(
    store: Store, clock: Clock
) -> None:
    """The guard still keeps answers out: only the ticket's two names were added."""
    desk = HelpDesk(store, 3, clock)
    assert desk.request(CONTEXT)
    with pytest.raises(ValueError, match="answers"):
        desk.request({**CONTEXT, "answers": {"applicant_id": "x"}})
