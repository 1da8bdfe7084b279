"""The 星期六预约 page in Debian's headless Chromium against the real server: a supervisor
sees the coming Saturdays' bookings (made through the terminals' API), sets a plan and
closes a Saturday, after which its call list shows; screenshots in both languages go to
out/dashboard/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from central.app import create_app
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import register_terminal
from tests.central.dashboard_helpers import add_staff, import_catalog
from tests.central.test_dashboard_browser import (  # the module's Chromium and sign-in
    CHROMIUM,
    SCREENSHOTS,
    driver,  # noqa: F401  (a fixture)
    sign_in,
)
from tests.conftest import CST, Clock

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")

PEOPLE = [
    ("09:00", "王婧姝", "13912345678", "company-startup"),
    ("09:00", "李明", "13800001111", "company-startup"),
    ("10:00", "张玉琴", "13700002222", "elderly-card"),
    ("14:00", "<script>alert(1)</script>", "13600003333", "company-startup"),
]


@pytest.fixture
def hall(db: Database, driver: WebDriver) -> Iterator[ServerThread]:  # noqa: F811
    """The server on a Thursday's clock (26 November 2026), with four bookings for the
    Saturday after."""
    add_staff(db, "sun", "孙主任", "supervisor")
    import_catalog(db)
    state = ServerState(db, clock=Clock(datetime(2026, 11, 26, 10, 30, tzinfo=CST)))
    with ServerThread(create_app(state)) as server:
        token = register_terminal(db, 3)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as terminal:
            for slot, name, mobile, item in PEOPLE:
                body = {
                    "terminal": 3,
                    "item_id": item,
                    "day": "2026-11-28",
                    "slot": slot,
                    "name": name,
                    "mobile": mobile,
                }
                answer = terminal.post("/api/v1/appointments", json=body)
                assert answer.status_code == 201, answer.text
        yield server
        driver.get("about:blank")  # closes the board's stream, so the server stops at once


def test_the_saturdays_page_in_both_languages(
    hall: ServerThread,
    driver: WebDriver,  # noqa: F811
) -> None:
    base = hall.base_url
    sign_in(driver, base, username="sun")
    driver.find_element(By.ID, "saturdays-page").click()
    WebDriverWait(driver, 5).until(ec.url_to_be(f"{base}/dashboard/saturdays"))
    sections = driver.find_elements(By.CSS_SELECTOR, "section.saturday")
    assert sections[0].get_attribute("data-day") == "2026-11-28"
    assert len(sections) == 4
    first = sections[0]
    assert "共 4 人预约" in first.text
    nine = first.find_element(By.CSS_SELECTOR, 'tr[data-slot="09:00"]')
    assert nine.find_element(By.CSS_SELECTOR, "td.booked").text == "2"
    assert "13912345678" not in driver.page_source  # no mobile before it is closed
    plan = first.find_element(By.CSS_SELECTOR, "form.saturday-plan")
    counters = plan.find_element(By.NAME, "counters")
    counters.clear()
    counters.send_keys("1、2、3")
    plan.find_element(By.CSS_SELECTOR, "button").click()
    WebDriverWait(driver, 5).until(ec.presence_of_element_located((By.ID, "saturday-done")))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "saturdays-zh.png"))

    first = driver.find_element(By.CSS_SELECTOR, 'section[data-day="2026-11-28"]')
    close = first.find_element(By.CSS_SELECTOR, "form.saturday-close")
    close.find_element(By.NAME, "note").send_keys("大厅停电检修，请改约下周六")
    close.find_element(By.CSS_SELECTOR, "button").click()
    # The plan's page had saturday-done too: wait for the next page, not that one.
    WebDriverWait(driver, 10).until(ec.staleness_of(close))
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, "saturday-done")))
    first = driver.find_element(By.CSS_SELECTOR, 'section[data-day="2026-11-28"]')
    assert first.get_attribute("data-closed") == "yes"
    people = first.find_elements(By.CSS_SELECTOR, "tr.person")
    assert [p.find_element(By.CSS_SELECTOR, "td.mobile").text for p in people] == [
        mobile for _, _, mobile, _ in PEOPLE
    ]
    assert "<script>alert(1)</script>" in people[3].text  # shown as text, not run
    driver.save_screenshot(str(SCREENSHOTS / "saturdays-closed-zh.png"))
    driver.get(f"{base}/dashboard/saturdays?lang=en")
    assert "Saturday appointments" in driver.find_element(By.TAG_NAME, "h2").text
    driver.save_screenshot(str(SCREENSHOTS / "saturdays-en.png"))
    driver.get(f"{base}/dashboard/saturdays?lang=zh")
