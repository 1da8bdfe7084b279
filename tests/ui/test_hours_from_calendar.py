"""The home screen's opening hours follow the central server's calendar: the config's
`[hours]` until a calendar with hours arrives (downloaded, or stored from before at
start), the config's again when a calendar without hours replaces it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from central import admin
from central.db import Database
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.sync.files import install_calendar
from printer.fonts import find_cjk_font
from tests.ui.conftest import Kiosk
from ui.app import KioskApp

CONFIG_LINE = "办公时间：周一至周五 9:00-17:00；星期六 9:00-16:00（法定节假日除外）"


def _kiosk(
    qapp: Any, qtbot: Any, data_dir: Path, catalog: Catalog, central: CentralConfig
) -> Kiosk:
    config = demo_config(data_dir).model_copy(update={"central": central})
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.wait_ready()
    k = Kiosk(app, qtbot, data_dir)
    k.settle()
    return k


@pytest.fixture
def online(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, central: tuple[ServerThread, Database]
) -> Iterator[tuple[Kiosk, Database]]:
    server, db = central
    token = admin.add_terminal(db, 1, datetime.now(UTC)).token
    settings = CentralConfig(url=server.base_url, token=token, timeout_s=5)
    k = _kiosk(qapp, qtbot, tmp_path / "data", catalog, settings)
    try:
        yield k, db
    finally:
        k.app.close()


def _hours_line(k: Kiosk) -> str:
    return k.text("hours")


def test_the_servers_hours_replace_the_configs_when_a_calendar_arrives(
    online: tuple[Kiosk, Database], tmp_path: Path
) -> None:
    k, db = online
    assert _hours_line(k) == CONFIG_LINE  # no calendar on the server yet
    admin.set_hours(db, admin.check_hours("08:30-17:30", None), datetime.now(UTC))
    assert k.app.terminal is not None
    k.app.terminal.download_now()
    k.wait(lambda: "8:30-17:30" in _hours_line(k), lambda: _hours_line(k))
    assert _hours_line(k) == "办公时间：周一至周五 8:30-17:30（法定节假日除外）"  # no Saturdays

    k.shell.setLanguage("en_US")
    k.wait(lambda: _hours_line(k).startswith("Opening hours"), lambda: _hours_line(k))
    assert (
        _hours_line(k) == "Opening hours: Monday to Friday 8:30-17:30 (closed on public holidays)"
    )
    k.shell.setLanguage("zh_CN")

    # A calendar without hours: the config's hours again.
    plain = tmp_path / "calendar.json"
    plain.write_text(json.dumps({"version": "plain.1", "days": {}}), "utf-8")
    admin.import_calendar(db, plain, datetime.now(UTC))
    k.app.terminal.download_now()
    k.wait(lambda: _hours_line(k) == CONFIG_LINE, lambda: _hours_line(k))


def test_the_stored_calendars_hours_are_shown_from_the_start(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    document = {
        "version": "stored.1",
        "days": {},
        "hours": {"weekdays": "08:00-18:00", "saturday": "10:00-15:00"},
    }
    install_calendar(data_dir, "stored.1", document, None)
    # Nobody listening: the terminal starts offline, with the calendar it stored before.
    k = _kiosk(qapp, qtbot, data_dir, catalog, CentralConfig(url="http://127.0.0.1:9", token="t"))
    try:
        expected = "办公时间：周一至周五 8:00-18:00；星期六 10:00-15:00（法定节假日除外）"
        k.wait(lambda: _hours_line(k) == expected, lambda: _hours_line(k))
    finally:
        k.app.close()
