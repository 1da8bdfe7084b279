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
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog)
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

    app = KioskApp(demo_config(tmp_path / "data"), find_cjk_font(), qapp, catalog=catalog)
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
    """A Python thread busy while QML loads slows every call into Python (start-up time):
    no lane is even started before the first frame; the terminal, its store and the
    search index come after, and end with the kiosk."""
    import threading

    from kiosk.config import demo_config

    before = set(threading.enumerate())
    app = KioskApp(demo_config(tmp_path / "data"), find_cjk_font(), qapp, catalog=catalog)
    try:
        assert set(threading.enumerate()) == before, "started before the first frame"
        assert app.terminal is None and app.journey is None
        with qtbot.waitSignal(app.window.frameSwapped, timeout=10_000):
            app.show()
        app.wait_ready()  # then they run: the store opens, the index is built
        t = app.terminal
        assert t is not None and t.opened and t.store_lane.jobs_started > 0
        lanes = (t.store_lane, t.printer_lane, t.network_lane)
        qtbot.waitUntil(lambda: bool(app.journey and app.journey.searchReady))
    finally:
        app.close()
    assert not any(lane.thread.is_alive() for lane in lanes)  # and end with the kiosk
