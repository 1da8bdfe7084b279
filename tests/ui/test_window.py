"""Kiosk mode: fullscreen, frameless, on top, and a close request is ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from printer.fonts import find_cjk_font
from ui.app import KioskApp


def test_kiosk_mode_window(qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog) -> None:
    config = KioskConfig(terminal_number=5, data_dir=tmp_path / "data")
    assert not config.ui.demo
    app = KioskApp(config, catalog, find_cjk_font(), qapp)
    try:
        app.show()
        qtbot.waitExposed(app.window)
        flags = app.window.flags()
        assert flags & Qt.WindowType.FramelessWindowHint
        assert flags & Qt.WindowType.WindowStaysOnTopHint
        assert app.window.visibility() == app.window.Visibility.FullScreen
        app.window.close()  # Alt+F4, a stray gesture
        qapp.processEvents()  # the close event is handled synchronously; let bindings run
        assert app.window.isVisible()
    finally:
        app.close()


def test_demo_mode_window(qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog) -> None:
    from kiosk.config import demo_config

    app = KioskApp(demo_config(tmp_path / "data"), catalog, find_cjk_font(), qapp)
    try:
        app.show()
        qtbot.waitExposed(app.window)
        assert (app.window.width(), app.window.height()) == (1280, 800)
        assert not app.window.flags() & Qt.WindowType.FramelessWindowHint
        app.window.close()
        qtbot.waitUntil(lambda: not app.window.isVisible())
    finally:
        app.close()


def test_nothing_runs_beside_the_ui_thread_before_the_first_frame(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    """A Python thread busy while QML loads slows every call into Python (start-up time)."""
    import threading

    from kiosk.config import demo_config

    before = set(threading.enumerate())
    app = KioskApp(demo_config(tmp_path / "data"), catalog, find_cjk_font(), qapp)
    try:
        started = [t for t in threading.enumerate() if t not in before]
        assert started == [], "started before the first frame"
        assert app.journey._indexing.ident is None  # not even started and finished
        with qtbot.waitSignal(app.window.frameSwapped, timeout=10_000):
            app.show()
        qtbot.waitUntil(lambda: app.journey._indexing.ident is not None)  # then they start
        app.wait_ready()
    finally:
        app.close()
