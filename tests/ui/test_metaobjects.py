"""Every object QML sees keeps its class's own meta-object.

PySide6 gives a QObject a meta-object of its own (a copy of its class's, per instance)
when one of its undecorated methods is connected to a signal. QML caches what it knows
of a meta-object by its address: when such a per-instance copy is freed and another one
is made at the same address, QML reads the new object through the old cache, and every
property of the journey read `undefined` (one kiosk in a dozen, at random, in the test
run). Methods connected to signals are `@Slot`s; this test keeps it so.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject

from tests.ui.conftest import Kiosk


def _address(obj: object) -> int:
    return int(shiboken6.getCppPointer(obj)[0])


def test_the_view_models_use_their_classes_meta_objects(kiosk: Kiosk) -> None:
    app = kiosk.app
    assert app.journey is not None
    exposed: list[QObject] = [
        app.shell,
        app.nav,
        app.help,
        app.idle,
        app.sync,
        app.tasks,
        app.journey,
        *(app.journey.property(name) for name in ("services", "fields", "errors", "materials")),
    ]
    kiosk.choose("elderly-card")  # connections made on the way count too
    per_instance = [
        type(obj).__name__
        for obj in exposed
        if _address(obj.metaObject()) != _address(type(obj).staticMetaObject)
    ]
    assert per_instance == []


def test_the_check_sees_a_per_instance_meta_object() -> None:
    """The check above can fail: an undecorated method connected makes such a copy."""
    from PySide6.QtCore import QTimer

    class Leaky(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer(self)
            self.timer.timeout.connect(self.fire)

        def fire(self) -> None:
            pass

    leaky = Leaky()
    assert _address(leaky.metaObject()) != _address(Leaky.staticMetaObject)
