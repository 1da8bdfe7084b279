"""The touch kiosk with the real central server on loopback: help calls answered on the
dashboard reach the applicant, tickets carry the hall-wide number and the queue ahead,
guide views are counted, and the header says when the terminal is offline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from central.admin import add_terminal
from central.db import Database
from central.helpcalls import acknowledge, resolve
from central.models import Event, HelpCall
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.samples import SAMPLES
from printer.fonts import find_cjk_font
from tests.ui.conftest import Kiosk
from ui.app import KioskApp


def _kiosk(qapp: Any, qtbot: Any, data_dir: Path, catalog: Catalog, url: str, token: str) -> Kiosk:
    config = demo_config(data_dir).model_copy(
        update={"central": CentralConfig(url=url, token=token, timeout_s=5)}
    )
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.wait_ready()
    return Kiosk(app, qtbot, data_dir)


@pytest.fixture
def online(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, central: tuple[ServerThread, Database]
) -> Iterator[tuple[Kiosk, Database]]:
    server, db = central
    token = add_terminal(db, 1, datetime.now(UTC)).token
    k = _kiosk(qapp, qtbot, tmp_path / "data", catalog, server.base_url, token)
    try:
        yield k, db
    finally:
        k.app.close()


def _call(db: Database) -> dict[str, Any] | None:
    with db.read() as s:
        call = s.scalars(select(HelpCall)).first()
        return None if call is None else {"id": call.id, "terminal": call.terminal, **call.context}


def test_a_call_acknowledged_on_the_dashboard_reaches_the_applicant(
    online: tuple[Kiosk, Database],
) -> None:
    k, db = online
    k.choose("elderly-card")
    k.click("callAttendant")
    k.wait(lambda: _call(db) is not None, timeout=10_000)  # sent at once, not at a poll
    call = _call(db)
    assert call is not None and call["terminal"] == 1
    assert call["item_id"] == "elderly-card"
    k.settle()
    assert "正在赶来" in k.text("callAttendant")
    with db.transaction() as s:  # what the dashboard's "acknowledge" does
        acknowledge(s, s.get(HelpCall, call["id"]), "张辅导", datetime.now(UTC))
    k.wait(lambda: k.help.acknowledged, timeout=10_000)
    k.settle()
    assert "已收到" in k.text("callAttendant")
    with db.transaction() as s:
        resolve(s, s.get(HelpCall, call["id"]), "张辅导", datetime.now(UTC))
    k.wait(lambda: not k.help.active, timeout=10_000)
    k.settle()
    assert k.text("callAttendant") == "呼叫辅导员"


def test_ticket_from_the_central_series_with_the_queue_ahead(
    online: tuple[Kiosk, Database],
) -> None:
    k, db = online
    k.choose("elderly-card")
    k.click("beginButton")
    k.fill_form(SAMPLES["elderly-card"]())
    k.tick_materials()
    assert k.submit() == "passed"
    k.take_ticket()
    assert k.journey.ticketNumber == "B001"  # the hall's series, not the offline B01-001
    assert k.journey.ahead == "无人等候，请直接前往"

    def guide_views() -> int:  # the intro was opened: a consultation for the hall's figures
        with db.read() as s:
            return s.scalar(select(func.count()).where(Event.kind == "guide.viewed")) or 0

    k.wait(lambda: guide_views() == 1, timeout=10_000)


def test_offline_is_shown_and_the_outbox_waits(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    # A loopback port with nothing listening: the server is down.
    k = _kiosk(qapp, qtbot, tmp_path / "data", catalog, "http://127.0.0.1:9", "token")
    try:
        k.choose("elderly-card")
        k.click("callAttendant")
        k.wait(lambda: len(k.help_requests()) == 1)
        k.wait(lambda: k.app.sync.outboxDepth >= 1, timeout=10_000)
        k.settle()
        assert k.text("offline").startswith("离线")
        assert k.help.active  # the call is stored and shown, offline or not
    finally:
        k.app.close()
