"""The home screen before the catalog: the first frame needs neither the catalog nor its
models; they load right after, and a malformed catalog still stops the kiosk (exit 3,
its message) before an applicant could start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[2]
KIOSK = str(Path(sys.executable).with_name("kiosk"))

FIRST_FRAME = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQuick import QQuickItem
    from kiosk.config import demo_config
    from printer.fonts import find_cjk_font
    from ui.app import KioskApp, prepare_environment

    prepare_environment()
    app = QGuiApplication(sys.argv)
    kiosk = KioskApp(demo_config(Path({folder!r})), find_cjk_font(), app)
    seen = {{}}

    def first_frame():
        start = kiosk.window.findChild(QQuickItem, "startButton")
        seen.update(
            models="kiosk.catalog.models" in sys.modules,
            journey_model="ui.journey_model" in sys.modules,
            opened=kiosk.terminal.opened,
            start_enabled=bool(start and start.isEnabled()),
            home_shown=start is not None,
        )
        kiosk.wait_ready()
        seen["ready_after"] = kiosk.nav.ready
        app.quit()

    kiosk.window.frameSwapped.connect(first_frame, Qt.ConnectionType.SingleShotConnection)
    kiosk.show()
    app.exec()
    kiosk.close()
    print(seen)
""")


def test_the_first_frame_comes_before_the_catalog(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME.format(folder=str(tmp_path / "data"))],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    seen = eval(out.stdout.strip().splitlines()[-1])  # a dict printed by our own child
    assert seen == {
        "models": False,  # the catalog's pydantic models are not even imported
        "journey_model": False,
        "opened": False,
        "start_enabled": False,  # nobody can start before the catalog is there
        "home_shown": True,
        "ready_after": True,
    }


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
    out = subprocess.run(
        [KIOSK, "--config", str(config)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 3, out.stderr[-3000:]
    assert "服务事项目录有误 / The service catalog has problems" in out.stderr
    assert "elderly-card.toml" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "data" / "kiosk.db").exists()  # nothing was opened on it
