"""网格化零跑代办 through the real QML against the real central server on loopback: a grid
leader signs in with their PIN, starts a proxy declaration (only the items that allow it
are offered, the form starts prefilled as the catalog says), declares for a resident,
and the 委托代办授权书 naming both comes out by itself (its PDF parsed back); the server
records the proxy and the dashboard counts it; ending the proxy forgets the resident."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from central import admin
from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import Mailing
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.samples import SAMPLES
from tests.central.dashboard_helpers import PASSWORD
from tests.central.dashboard_helpers import sign_in as sign_in_dashboard
from tests.ui.conftest import Kiosk
from tests.ui.test_staff import ACCOUNTS, ATTENDANT_PIN, open_kiosk, sign_in

GRID_PIN = "813572"
PREFILLED = ("by_proxy", "proxy_role", "proxy_name")


@pytest.fixture
def proxied(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, central: tuple[ServerThread, Database]
) -> Iterator[tuple[Kiosk, Database]]:
    server, db = central
    now = datetime.now(UTC)
    token = admin.add_terminal(db, 1, now).token
    for username, name, role, pin in [*ACCOUNTS, ("wang.jz", "王婧姝", "grid_leader", GRID_PIN)]:
        admin.add_staff(db, username, name, role, None, now, pin=pin)
    config = demo_config(tmp_path / "data").model_copy(
        update={"central": CentralConfig(url=server.base_url, token=token, timeout_s=5)}
    )
    k = open_kiosk(qapp, qtbot, config, catalog)
    terminal = k.app.terminal
    assert terminal is not None
    k.wait(lambda: terminal.staff.enrolled, timeout=15_000)
    try:
        yield k, db
    finally:
        k.app.close()
    assert k.qml_warnings == []  # type: ignore[attr-defined]


def _visible(k: Kiosk, name: str) -> bool:
    item = k.find(name)
    return item is not None and bool(item.property("visible"))


def _offered(k: Kiosk) -> set[str]:
    return {str(r["itemId"]) for r in k.journey.services.rows()}


def _proxy_row(db: Database, reference: str) -> tuple[Any, ...]:
    with db.read() as s:
        row = s.scalar(select(CentralDeclaration).where(CentralDeclaration.reference == reference))
        if row is None:
            return ()
        return row.proxy_by, row.proxy_by_name, row.proxy_authorisation, row.proxy_valid_until


def test_a_grid_leader_declares_for_a_resident_and_the_authorisation_comes_out(
    proxied: tuple[Kiosk, Database],
) -> None:
    k, db = proxied
    sign_in(k, GRID_PIN)
    k.settle()
    assert _visible(k, "startProxy") and not _visible(k, "startAssist")
    k.click("startProxy")
    k.wait(lambda: k.app.nav.property("mode") == "applicant" and k.journey.screen == "services")
    k.wait(lambda: _offered(k))  # the search index may still be building
    k.settle()
    assert "网格长代办中" in k.text("assistText") and "王婧姝" in k.text("assistText")
    assert _offered(k) == {"elderly-card", "birth-registration"}  # the catalog's proxy items
    k.click("item_elderly-card")
    k.wait_screen("intro")
    k.click("beginButton")
    k.wait_screen("form")
    answers = SAMPLES["elderly-card"]()
    for key in PREFILLED:  # left to the prefill
        answers.pop(key)
    k.fill_form(answers)
    given = k.journey.journey.answers
    assert (given["by_proxy"], given["proxy_role"], given["proxy_name"]) == (
        True,
        "grid_leader",
        "王婧姝",
    )
    k.tick_materials()
    assert k.submit() == "passed"
    reference = k.journey.journey.submitted.reference  # type: ignore[union-attr]
    documents = k.data_dir / "documents"
    k.wait(lambda: list(documents.glob(f"{reference}-authorisation*.pdf")), timeout=15_000)
    k.wait(lambda: not k.journey.paperBusy)
    (pdf,) = documents.glob(f"{reference}-authorisation*.pdf")
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "委托代办授权书" in printed
    for shown in ("张玉琴", answers["applicant_id"], "王婧姝", f"WT{reference}"):
        assert shown in printed, shown
    assert list((k.data_dir / "tickets").glob("*authorisation*.bin"))  # no A4 printer: a slip
    assert _visible(k, "printAuthorisation")
    # The grid leader brings the certificate home: one of the ways to collect it here.
    mailing = k.app.mailing
    k.wait(lambda: mailing.property("gridLeaderOffered"))
    k.settle()
    k.click("mailGridLeader")
    k.wait(lambda: mailing.property("gridLeaderChosen"))
    k.settle()
    assert "王婧姝" in k.text("mailByGridLeader")
    k.take_ticket()

    def recorded() -> tuple[Any, ...]:
        return _proxy_row(db, reference)

    k.wait(lambda: recorded()[:3] == ("wang.jz", "王婧姝", f"WT{reference}"), timeout=15_000)

    def delivery() -> str | None:
        with db.read() as s:
            row = s.scalars(select(Mailing)).first()
            return row.state if row is not None else None

    k.wait(lambda: delivery() == "grid_leader", lambda: str(delivery()), timeout=15_000)
    admin.add_staff(db, "sun", "孙主任", "supervisor", PASSWORD, datetime.now(UTC))
    url = k.app.config.central.url  # type: ignore[union-attr]
    with httpx.Client(base_url=url) as browser:
        sign_in_dashboard(browser, "sun", PASSWORD)
        assert browser.get("/dashboard/snapshot.json").json()["figures"]["proxied"] == 1

    k.click("assistEnd")  # the grid leader is done: the resident's declaration goes
    k.wait(lambda: not k.app.staff.property("signedIn"))
    k.wait_screen("home")
    assert not k.journey.property("proxying") and k.journey.journey.answers == {}
    k.choose("residence-permit")  # every item again, for the next applicant


def test_an_attendant_cannot_start_a_proxy_declaration(proxied: tuple[Kiosk, Database]) -> None:
    k, _ = proxied
    sign_in(k, ATTENDANT_PIN)
    k.settle()
    assert not _visible(k, "startProxy") and _visible(k, "startAssist")
    k.app.staff.startProxy()  # not even by the slot
    k.settle()
    assert not k.app.staff.property("proxying") and k.app.nav.property("mode") == "staff"
