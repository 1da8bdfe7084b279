"""Everything a kiosk starts has an owner that ends it: after close(), nothing fires.

A kiosk is closed in the middle of a form, with short idle, countdown and return-home
waits; the event loop then runs well past all of them: no wipe, no countdown, no clock
tick, no lane result, no thread left, no warning.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.catalog.loader import Catalog
from kiosk.config import demo_config
from printer.fonts import find_cjk_font
from tests.ui import qt_messages
from tests.ui.conftest import Kiosk
from ui.app import KioskApp, Timings

SHORT = Timings(idle_s=0.2, countdown_s=3, countdown_tick_ms=50, finish_return_s=0.2)


def _timers(app: KioskApp) -> list[QTimer]:
    owned: list[QObject] = [app.idle, app.shell, app.nav, app.tasks]
    if app.journey is not None:
        owned.append(app.journey)
    return [t for o in owned for t in o.findChildren(QTimer)]


def test_a_closed_kiosk_does_nothing_more(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    before = set(threading.enumerate())
    app = KioskApp(
        demo_config(tmp_path / "data"), find_cjk_font(), qapp, catalog=catalog, timings=SHORT
    )
    warnings: list[str] = []
    app.engine.warnings.connect(lambda ws: warnings.extend(qt_messages.qml_warnings(ws)))
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.wait_ready()
    k = Kiosk(app, qtbot, tmp_path)
    journey = k.journey
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    # The waits work while the kiosk is open: the idle wait runs out and asks.
    k.wait(lambda: app.idle.warning)
    app.idle.stillHere()
    events: list[str] = []
    app.idle.changed.connect(lambda: events.append("idle"))
    app.shell.clockChanged.connect(lambda: events.append("clock"))
    journey.applicantGone.connect(lambda: events.append("wiped"))
    journey.screenChanged.connect(lambda: events.append("screen"))
    guide_view = app.terminal.guide_viewed("elderly-card")  # a lane result on its way
    app.tasks.watch(guide_view, lambda _: events.append("delivered"))
    app.close()

    assert [t for t in _timers(app) if t.isActive()] == []
    # Run the event loop well past the idle wait, the whole countdown and the return home.
    past = (SHORT.idle_s + SHORT.countdown_s * SHORT.countdown_tick_ms / 1000) * 1000 * 4
    with qtbot.waitSignal(_sentinel(int(past)).timeout, timeout=int(past) + 10_000):
        pass
    assert events == []
    assert journey.journey.screen.value == "form"  # never wiped after the close
    assert set(threading.enumerate()) <= before  # the lanes and the sync ended
    assert guide_view.done()
    assert warnings == []


def _sentinel(ms: int) -> QTimer:
    timer = QTimer()
    timer.setSingleShot(True)
    timer.start(ms)
    _KEEP.append(timer)
    return timer


_KEEP: list[QTimer] = []


def test_the_thank_you_screen_returns_home_after_the_configured_wait(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    """The return-home delay is the config's rule (ui.finish_return_s), timed in Python."""
    from kiosk.samples import SAMPLES

    app = KioskApp(
        demo_config(tmp_path / "data"),
        find_cjk_font(),
        qapp,
        catalog=catalog,
        timings=Timings(idle_s=3600, countdown_s=30, countdown_tick_ms=1000, finish_return_s=0.3),
    )
    try:
        app.window.resize(1280, 800)
        app.window.show()
        qtbot.waitExposed(app.window)
        app.wait_ready()
        k = Kiosk(app, qtbot, tmp_path)
        k.choose("elderly-card")
        k.click("beginButton")
        k.fill_form(SAMPLES["elderly-card"]())
        k.tick_materials()
        assert k.submit() == "passed"
        k.take_ticket()
        k.click("finishButton")
        k.wait_screen("finish")
        assert app.nav.timers[0].isActive()
        k.wait_screen("home")  # by itself, without a tap
        assert not app.nav.timers[0].isActive()
    finally:
        app.close()
