"""Enrolling from the technician's diagnostics screen through the real QML, against the
real central server on loopback: the URL and the one-time code typed, each step's line
shown, the config written and the kiosk restarted; a wrong code says so and changes
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from central import enrolment
from central.db import Database
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import demo_config, load_config
from tests.ui.conftest import WAIT_MS, Kiosk
from tests.ui.test_staff import TECHNICIAN_PIN, open_kiosk, sign_in
from tests.ui.test_staff import enrol as install_staff


@pytest.fixture
def diagnostics(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> Iterator[tuple[Kiosk, Path]]:
    """A technician on the diagnostics screen of a kiosk whose config file is known."""
    data = tmp_path / "data"
    config_path = tmp_path / "etc" / "config.toml"
    config_path.parent.mkdir()
    config_path.write_text(
        f'terminal_number = 1\ndata_dir = "{data.as_posix()}"\n\n'
        f'[printer]\nconnection = "files"\noutput_dir = "{(data / "tickets").as_posix()}"\n\n'
        "[ui]\ndemo = true\n",
        encoding="utf-8",
    )
    k = open_kiosk(qapp, qtbot, demo_config(data), catalog)
    k.app.diag.config_path = lambda: config_path
    k.app.staff.exitRequested.disconnect(k.app._leave)  # the test's application stays
    install_staff(k)
    try:
        sign_in(k, TECHNICIAN_PIN)
        k.click("openDiagnostics")
        k.wait(lambda: k.app.staff.property("screen") == "diagnostics")
        k.settle()
        yield k, config_path
    finally:
        k.app.close()
    assert k.qml_warnings == []  # type: ignore[attr-defined]


def lines(k: Kiosk) -> list[str]:
    return [str(line) for line in k.app.diag.property("enrolLines")]


def test_a_technician_enrols_the_terminal_and_it_restarts(
    diagnostics: tuple[Kiosk, Path], central: tuple[ServerThread, Database]
) -> None:
    k, config_path = diagnostics
    server, db = central
    code = enrolment.issue(db, 4, datetime.now(UTC), "test").shown
    k.type_into("enrolUrl", server.base_url)
    k.type_into("enrolCode", code.lower())
    with k.qtbot.waitSignal(k.app.staff.exitRequested, timeout=3 * WAIT_MS) as asked:
        k.click("enrol")
    assert asked.args == [75]  # the staff model's restart: the new token is read at start
    shown = lines(k)
    assert len(shown) == 7 and all(line.startswith("✓ ") for line in shown), shown
    config = load_config(config_path)
    assert config.terminal_number == 4 and config.central.url == server.base_url
    token = config.central.token
    assert token and all(token not in text for text in k.texts())
    assert sorted((config.resolved_data_dir() / "tickets").glob("*.bin"))  # the test ticket


def test_a_wrong_code_is_told_and_nothing_changes(
    diagnostics: tuple[Kiosk, Path], central: tuple[ServerThread, Database]
) -> None:
    k, config_path = diagnostics
    server, _db = central
    before = config_path.read_bytes()
    k.type_into("enrolUrl", server.base_url)
    k.type_into("enrolCode", "K7QM-3XPA")
    k.click("enrol")
    k.wait(lambda: not k.app.diag.property("enrolling") and len(lines(k)) == 2)
    k.settle()
    assert lines(k)[0].startswith("✓ ")  # the check before the network
    assert lines(k)[1].startswith("✗ ") and "登记码不正确" in lines(k)[1]
    assert any("登记码不正确" in text for text in k.texts())  # on screen, not only the model
    assert config_path.read_bytes() == before
