"""The home screen first: its first frame needs neither the config's check (pydantic)
nor the catalog or its models; they come right after, and a bad config (exit 2) or a
malformed catalog (exit 3) still stops the kiosk with its message before an applicant
could start."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtQuick import QQuickItem

from kiosk.catalog.loader import Catalog

ROOT = Path(__file__).parents[2]
KIOSK = str(Path(sys.executable).with_name("kiosk"))

FIRST_FRAME = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtQuick import QQuickItem
    from ui import app as ui_app

    start_backend = ui_app.KioskApp.start_backend
    seen = {{}}

    def look_then_start(kiosk):
        # Called when the first frame is on screen, before anything comes after it.
        if not seen:
            start = kiosk.window.findChild(QQuickItem, "startButton")
            seen.update(
                pydantic="pydantic" in sys.modules,  # not even the config's check
                models="kiosk.catalog.models" in sys.modules,
                journey_model="ui.journey_model" in sys.modules,
                terminal=kiosk.terminal is not None,
                start_enabled=bool(start and start.isEnabled()),
                home_shown=start is not None,
                hall=kiosk.shell.hallName,
            )
        start_backend(kiosk)

    def ready(kiosk):
        kiosk.wait_ready()
        seen["ready_after"] = kiosk.nav.ready
        seen["checked"] = kiosk.config is not None and kiosk.config.hall_name == seen["hall"]
        kiosk.app.quit()

    show = ui_app.KioskApp.show

    def show_and_wait(kiosk):
        kiosk.window.frameSwapped.connect(
            lambda: ready(kiosk), Qt.ConnectionType.SingleShotConnection
        )
        show(kiosk)

    ui_app.KioskApp.start_backend = look_then_start
    ui_app.KioskApp.show = show_and_wait
    from kiosk.__main__ import main
    code = main(["--config", {config!r}])
    print(seen)
    sys.exit(code)
""")


def _config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'terminal_number = 2\nhall_name = "测试政务服务中心"\ndata_dir = "{tmp_path / "data"}"\n'
        f"{extra}[ui]\ndemo = true\n",
        encoding="utf-8",
    )
    return config


def test_the_first_frame_comes_before_the_config_check_and_the_catalog(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME.format(config=str(_config(tmp_path)))],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    seen = ast.literal_eval(out.stdout.strip().splitlines()[-1])  # printed by our own child
    assert seen == {
        "pydantic": False,  # neither the config's check nor the catalog's models
        "models": False,
        "journey_model": False,
        "terminal": False,
        "start_enabled": False,  # nobody can start before the catalog is there
        "home_shown": True,
        "hall": "测试政务服务中心",  # the config's own name, from the first frame on
        "ready_after": True,
        "checked": True,
    }


def _kiosk(config: Path) -> subprocess.CompletedProcess[str]:
    """The `kiosk` command on `config`, offscreen, until it ends by itself."""
    return subprocess.run(
        [KIOSK, "--config", str(config)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_config_that_fails_its_check_stops_the_kiosk_after_the_first_frame(
    tmp_path: Path,
) -> None:
    out = _kiosk(_config(tmp_path, extra='log_level = "LOUD"\n'))
    assert out.returncode == 2, out.stderr[-3000:]
    assert "配置错误 / Configuration error" in out.stderr and "log_level" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "data" / "kiosk.db").exists()  # nothing opened on it


def test_a_malformed_catalog_stops_the_kiosk_with_its_message(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "elderly-card.toml").write_text('id = "elderly-card"\nname = 3\n', "utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'terminal_number = 2\ndata_dir = "{tmp_path / "data"}"\n'
        f'catalog_dir = "{catalog}"\n[ui]\ndemo = true\n',
        encoding="utf-8",
    )
    out = _kiosk(config)
    assert out.returncode == 3, out.stderr[-3000:]
    assert "服务事项目录有误 / The service catalog has problems" in out.stderr
    assert "elderly-card.toml" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "data" / "kiosk.db").exists()  # nothing was opened on it


def test_the_call_button_waits_for_the_terminal_and_a_failed_store_disables_it(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    """Before the store opens a call could not be kept: the button shows, disabled; a
    store that cannot open puts the terminal out of service, the button stays disabled."""
    from kiosk.config import demo_config
    from printer.fonts import find_cjk_font
    from ui.app import KioskApp

    data = tmp_path / "data"
    (data / "kiosk.db").mkdir(parents=True)  # a folder where the database file should be
    app = KioskApp(demo_config(data), find_cjk_font(), qapp, catalog=catalog)
    try:
        button = app.window.findChild(QQuickItem, "callAttendant")
        assert button is not None and not button.isEnabled() and not app.help.available
        app.show()
        qtbot.waitUntil(lambda: app.nav.mode == "out_of_service", timeout=30_000)
        assert app.nav.view == "modes/OutOfService.qml" and "其他终端" in app.nav.reason
        assert not app.help.available and not button.isEnabled()
        app.help.toggle()  # a tap anyway: nothing to store it in, nothing happens
        assert not app.help.active
    finally:
        app.close()
