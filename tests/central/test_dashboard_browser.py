"""The dashboard in Debian's headless Chromium against the real server: a terminal's help
call (sent through the terminals' API) shows up live, the attendant acknowledges it, and
the terminal learns of it; screenshots of a busy hall in both languages go to
out/dashboard/ for a person to look at.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from central import helpcalls
from central.app import create_app
from central.db import Database
from central.models import Declaration, HelpCall, Rating, Ticket, WorkOrder
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import event, send
from tests.central.dashboard_helpers import PASSWORD, add_staff, add_terminal, import_catalog

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "dashboard"
HOSTILE = "<script>alert(1)</script>"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # The hall's monitor: the page itself gets 1920x1080 (a window size would include
    # the browser's frame).
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def hall(db: Database, driver: WebDriver) -> Iterator[tuple[ServerState, ServerThread]]:
    """The server on the real clock (calls wait from their real request time)."""
    add_staff(db)
    state = ServerState(db)
    with ServerThread(create_app(state)) as server:
        yield state, server
        driver.get("about:blank")  # closes the page's stream, so the server stops at once


def now_iso(ago: timedelta = timedelta(0)) -> str:
    return (datetime.now(UTC) - ago).isoformat()


def help_requested(terminal: int, context: dict[str, Any], ago: timedelta) -> dict[str, Any]:
    payload = {
        "id": str(uuid.uuid4()),
        "terminal": terminal,
        "context": context,
        "requested_at": now_iso(ago),
    }
    return event("help.requested", payload, now_iso(ago))


def terminal_client(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"})


def sign_in(
    driver: WebDriver, base_url: str, connection: str = "实时", username: str = "zhang"
) -> None:
    driver.get(f"{base_url}/login")
    driver.delete_all_cookies()  # cookies are per host, not port: forget the last test's
    driver.get(f"{base_url}/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, 5).until(ec.url_to_be(f"{base_url}/dashboard"))
    # Live once the stream's first snapshot is drawn ("定时刷新" when polling).
    WebDriverWait(driver, 5).until(
        ec.text_to_be_present_in_element((By.ID, "connection"), connection)
    )


def call_card(driver: WebDriver, call_id: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f'li.call[data-call-id="{call_id}"]')


def test_a_help_call_appears_live_and_its_acknowledgement_reaches_the_terminal(
    driver: WebDriver, hall: tuple[ServerState, ServerThread]
) -> None:
    state, server = hall
    import_catalog(state.db)
    token = add_terminal(state.db, 3)
    sign_in(driver, server.base_url)
    assert driver.find_elements(By.CSS_SELECTOR, "li.call") == []

    context = {
        "screen": "form",
        "item_id": "elderly-card",
        "page_id": "applicant",
        "fields_in_error": ["applicant_id", HOSTILE],
        "language": "zh",
    }
    request = help_requested(3, context, timedelta(seconds=5))
    call_id = request["payload"]["id"]
    with terminal_client(server.base_url, token) as terminal:
        assert send(terminal, request)[0]["status"] == "accepted"
        WebDriverWait(driver, 2).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, f'[data-call-id="{call_id}"]'))
        )
        card = call_card(driver, call_id)
        assert "3号终端" in card.text and "老年人优待证（老年证）办理" in card.text
        assert "填写表单 · 老年人信息" in card.text
        fields = [li.text for li in card.find_elements(By.CSS_SELECTOR, ".call-fields li")]
        assert fields == ["老年人身份证号码", HOSTILE]  # the markup shown as text
        assert card.find_elements(By.TAG_NAME, "script") == []
        # The wait counts up in the browser without any change on the server.
        waited = card.find_element(By.CLASS_NAME, "waited")
        first = waited.text
        WebDriverWait(driver, 3).until(lambda _: waited.text != first)

        card.find_element(By.CSS_SELECTOR, "button.acknowledge").click()
        WebDriverWait(driver, 2).until(
            lambda d: "call-acknowledged" in (call_card(d, call_id).get_attribute("class") or "")
        )
        assert "张辅导 前往中" in call_card(driver, call_id).text
        calls = terminal.get("/api/v1/help-calls", params={"since": 0}).json()["calls"]
        assert [(c["id"], c["state"]) for c in calls] == [(call_id, "acknowledged")]

        call_card(driver, call_id).find_element(By.CSS_SELECTOR, "button.resolve").click()
        WebDriverWait(driver, 2).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-call-id="{call_id}"]')
        )
        assert not driver.find_element(By.ID, "no-calls").get_attribute("hidden")


def busy_hall(state: ServerState, base_url: str) -> None:
    """A morning in the hall: 12 terminals, three help calls, a day's figures so far."""
    import_catalog(state.db)
    tokens = {n: add_terminal(state.db, n) for n in range(1, 13)}
    printer = {4: "paper_out", 9: "cover_open"}
    calls: dict[int, tuple[dict[str, Any], int]] = {
        7: ({"screen": "form", "item_id": "elderly-card", "page_id": "applicant",
             "fields_in_error": ["applicant_id", "applicant_phone"]}, 185),
        2: ({"screen": "materials", "item_id": "company-address-change"}, 40),
        4: ({"screen": "ticket:printer", "item_id": "residence-permit"}, 12),
    }  # fmt: skip
    for number, token in tokens.items():
        if number == 11:
            continue  # switched off this morning: never seen
        heartbeat = {
            "terminal": number,
            "at": now_iso(),
            "outbox_depth": 0 if number != 6 else 23,
            "app_version": "0.1.0",
            "catalog_version": "3f2a9c1b0d4e",
            "printer_status": printer.get(number, "ok"),
        }
        events = [event("heartbeat", heartbeat, now_iso())]
        events += [
            event(
                "guide.viewed",
                {"item_id": "elderly-card", "terminal": number, "at": now_iso()},
                now_iso(),
            )
            for _ in range(number % 4 + 1)
        ]
        if number in calls:
            context, ago = calls[number]
            events.append(help_requested(number, context, timedelta(seconds=ago)))
        with terminal_client(base_url, token) as terminal:
            results = send(terminal, *events, terminal=number)
        assert {r["status"] for r in results} == {"accepted"}, results
    now = datetime.now(UTC)
    outcomes = ["passed"] * 14 + ["passed_with_deficiency"] * 3 + ["rejected"] * 4
    with state.db.transaction() as s:
        for n, outcome in enumerate(outcomes, 1):
            s.add(
                Declaration(
                    reference=f"R{n:04d}", terminal=n % 12 + 1, item_id="elderly-card",
                    catalog_version="3f2a9c1b0d4e", language="zh", answers={}, materials={},
                    submitted_at=now, outcome=outcome, status="submitted", updated_at=now,
                )
            )  # fmt: skip
            if outcome != "rejected":
                s.add(
                    Ticket(
                        reference=f"R{n:04d}", day=now.astimezone(state.timezone).date(),
                        series="A", number=f"A{n:03d}", source="central", terminal=1,
                        counters=[10], allocated_at=now,
                    )
                )  # fmt: skip
        # The supervisor is on the way to terminal 2: the mean time to respond.
        answered = s.scalars(select(HelpCall).where(HelpCall.terminal == 2)).one()
        helpcalls.acknowledge(s, answered, "李主任", now)
        # 好差评 so far: nine of eleven satisfied; the two low ones are work orders, one
        # of last month's overdue.
        rated = s.scalars(select(Declaration).order_by(Declaration.id).limit(11)).all()
        levels = ["very_satisfied"] * 6 + ["satisfied", "satisfied", "basic"]
        levels += ["dissatisfied", "very_dissatisfied"]
        words = {9: "", 10: "等候时间太长，叫号后窗口又说材料不对。" + HOSTILE}
        for n, (declaration, level) in enumerate(zip(rated, levels, strict=True)):
            rating = Rating(
                declaration=declaration, terminal=declaration.terminal, level=level,
                aspects=["efficiency", "guide"] if n == 9 else ["attitude"] if n == 10 else [],
                text=words.get(n, ""), rated_at=now, received_at=now,
            )  # fmt: skip
            s.add(rating)
            if n >= 9:
                today = now.astimezone(state.timezone).date()
                opened = today if n == 10 else today - timedelta(days=30)
                s.add(
                    WorkOrder(
                        rating=rating, state="open", opened_on=opened,
                        due_on=opened + timedelta(days=21),
                    )
                )  # fmt: skip
    state.hub.publish("help")


def test_screenshots_of_a_busy_hall_in_both_languages(
    driver: WebDriver, hall: tuple[ServerState, ServerThread]
) -> None:
    state, server = hall
    busy_hall(state, server.base_url)
    sign_in(driver, server.base_url)
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.call-open")) == 2
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.call-acknowledged")) == 1
    assert len(driver.find_elements(By.CSS_SELECTOR, "#terminals tr")) == 12
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "dashboard-zh.png"))

    driver.find_element(By.ID, "switch-language").click()
    WebDriverWait(driver, 5).until(ec.text_to_be_present_in_element((By.ID, "connection"), "Live"))
    assert "Terminal 7" in driver.find_element(By.ID, "calls").text
    driver.save_screenshot(str(SCREENSHOTS / "dashboard-en.png"))


def test_the_work_orders_page_in_both_languages(
    driver: WebDriver, hall: tuple[ServerState, ServerThread]
) -> None:
    """The supervisor's 整改工单: the overdue one first, answered through the form."""
    state, server = hall
    busy_hall(state, server.base_url)
    add_staff(state.db, "sun", "孙主任", "supervisor")
    sign_in(driver, server.base_url, username="sun")
    tiles = driver.find_element(By.CSS_SELECTOR, ".figures").text
    assert "满意率" in tiles and "81.8%" in tiles  # 9 of 11
    driver.find_element(By.ID, "work-orders-page").click()
    WebDriverWait(driver, 5).until(ec.url_to_be(f"{server.base_url}/dashboard/work-orders"))
    cards = driver.find_elements(By.CSS_SELECTOR, "li.work-order")
    assert [c.get_attribute("data-state") for c in cards] == ["open", "open"]
    assert "overdue" in (cards[0].get_attribute("class") or "")
    assert HOSTILE in cards[1].text  # shown as text, not run
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "work-orders-zh.png"))
    cards[0].find_element(By.CSS_SELECTOR, "textarea").send_keys(
        "已核实：当日叫号系统故障，已修复并电话致歉。"
    )
    cards[0].find_element(By.CSS_SELECTOR, "form.answer button").click()
    WebDriverWait(driver, 5).until(ec.presence_of_element_located((By.ID, "work-order-done")))
    first = driver.find_elements(By.CSS_SELECTOR, "li.work-order")[0]
    assert first.get_attribute("data-state") == "answered"
    first.find_element(By.CSS_SELECTOR, "form.close button").click()
    # The answer's page had work-order-done too: wait for the next page, not that one.
    WebDriverWait(driver, 10).until(ec.staleness_of(first))
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, "work-order-done")))
    states = [
        c.get_attribute("data-state")
        for c in driver.find_elements(By.CSS_SELECTOR, "li.work-order")
    ]
    assert states == ["open", "closed"]
    driver.get(f"{server.base_url}/dashboard/work-orders?lang=en")
    assert "Work orders" in driver.find_element(By.TAG_NAME, "h2").text
    driver.save_screenshot(str(SCREENSHOTS / "work-orders-en.png"))
    driver.get(f"{server.base_url}/dashboard/work-orders?lang=zh")


def test_without_the_stream_the_page_polls(
    driver: WebDriver, hall: tuple[ServerState, ServerThread]
) -> None:
    state, server = hall
    token = add_terminal(state.db, 5)
    # A proxy that will not pass the stream: the page falls back to polling every 2 s.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/dashboard/stream"]})
    try:
        sign_in(driver, server.base_url, connection="定时刷新")
        request = help_requested(5, {"screen": "check"}, timedelta(0))
        with terminal_client(server.base_url, token) as terminal:
            send(terminal, request, terminal=5)
        WebDriverWait(driver, 3).until(
            ec.presence_of_element_located(
                (By.CSS_SELECTOR, f'[data-call-id="{request["payload"]["id"]}"]')
            )
        )
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_the_saturdays_page_closes_and_reopens_a_saturday_in_both_languages(
    driver: WebDriver, hall: tuple[ServerState, ServerThread]
) -> None:
    """The supervisor's 星期六预约: bookings per slot, a Saturday closed (its applicants
    listed for a phone call) and opened again."""
    from central import appointments
    from kiosk.workcalendar import default_calendar

    state, server = hall
    add_staff(state.db, "sun", "孙主任", "supervisor")
    now = state.clock()
    calendar = default_calendar()
    today = now.astimezone(state.timezone).date()
    days = appointments.service_saturdays(calendar, today)
    with state.db.transaction() as s:
        for n, slot in enumerate(("09:00", "09:00", "10:00", "14:00")):
            appointments.book(
                s, terminal=n + 1, item_id="elderly-card", day=days[0], slot=slot,
                name=f"测试{n}", mobile=f"1390000000{n}", id_number=None, credit_code=None,
                now=now, zone=state.timezone, calendar=calendar,
            )  # fmt: skip
        appointments.close(s, days[1], "孙主任", "停电检修", now)
    sign_in(driver, server.base_url, username="sun")
    driver.get(f"{server.base_url}/dashboard/saturdays")
    reopen = driver.find_elements(By.CSS_SELECTOR, "form.saturday-reopen button")
    assert len(reopen) == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "saturdays-zh.png"))
    reopen[0].click()
    WebDriverWait(driver, 5).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "form.saturday-reopen button")
    )
    driver.get(f"{server.base_url}/dashboard/saturdays?lang=en")
    driver.save_screenshot(str(SCREENSHOTS / "saturdays-en.png"))
    driver.get(f"{server.base_url}/dashboard/saturdays?lang=zh")
