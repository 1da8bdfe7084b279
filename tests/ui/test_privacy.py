"""The privacy timeout: the dialog, "continue", and the wipe that forgets the applicant.

After the wipe nothing of the applicant may be reachable: not from a property of any
view-model, not from a row of any list model (the public service list excepted), not
from any Python object the view-models hold, not from any text item in the QML scene.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.help_requests import HelpDesk
from kiosk.search import ServiceIndex
from kiosk.store.database import Store
from tests.ui.conftest import Kiosk
from ui.tasks import Tasks

NAME = "张玉琴"
RESIDENT_ID = "220102195403180424"
PHONE = "13904311234"
SECRETS = (NAME, RESIDENT_ID, PHONE)
# Held by the view-models but not the applicant's: the public catalog, the store, workers.
NOT_THE_APPLICANTS = (
    Catalog,
    ServiceIndex,
    Store,
    Declarations,
    HelpDesk,
    Tasks,
    QQmlApplicationEngine,
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    types.ModuleType,
    type,
)
ATOMS = (int, float, bool, bytes, Decimal, date, datetime, type(None))


def qt_properties(obj: QObject) -> Iterator[tuple[str, Any]]:
    meta = obj.metaObject()
    for i in range(meta.propertyCount()):
        name = meta.property(i).name()
        yield name, obj.property(name)


def reachable_strings(roots: Iterable[object], skip: Iterable[object]) -> list[str]:
    """Every string reachable from `roots`: Qt properties, Python attributes, containers,
    list model rows (a DictListModel keeps them in a Python list)."""
    skipped = {id(o) for o in skip}
    seen: set[int] = set()
    alive: list[object] = []  # keeps every visited object alive: ids stay unique
    found: list[str] = []
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in skipped:
            continue
        seen.add(id(obj))
        alive.append(obj)
        if isinstance(obj, str):
            found.append(obj)
        elif isinstance(obj, ATOMS + NOT_THE_APPLICANTS):
            continue
        elif isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        else:
            if isinstance(obj, QObject):
                stack.extend(value for _, value in qt_properties(obj))
            stack.extend(getattr(obj, "__dict__", {}).values())
            for slot in getattr(type(obj), "__slots__", ()):
                stack.append(getattr(obj, slot, None))
    return found


def view_model_strings(k: Kiosk) -> list[str]:
    roots = (
        k.journey,
        k.shell,
        k.help,
        k.idle,
        k.app.lookup,
        k.app.rating,
        k.app.mailing,
        k.app.appointment,
        k.app.id_card,
        k.app.devices,
    )
    # The scanner's filter holds the window (to re-send typing): its held keys go in
    # a fraction of a second (tests/ui/test_scanner_filter.py).
    return reachable_strings(roots, skip=[k.journey.services, k.app.devices.filter])


def leaks(strings: Iterable[str]) -> list[str]:
    return [s for s in strings if any(secret in s for secret in SECRETS)]


def qml_texts(k: Kiosk) -> list[str]:
    """The text of every text item in the scene, shown or not (the keyboard's too)."""
    out = []
    for obj in k._objects():
        if obj.inherits("QQuickTextInput") or obj.inherits("QQuickTextEdit"):
            out += [str(obj.property(p) or "") for p in ("text", "displayText", "preeditText")]
        elif obj.inherits("QQuickText"):
            out.append(str(obj.property("text") or ""))
    return out


def fill_some(k: Kiosk) -> None:
    k.choose("elderly-card", category="personal")
    k.click("beginButton")
    k.wait_screen("form")
    k.type_into("field_applicant_name", NAME)
    k.type_into("field_applicant_id", RESIDENT_ID)
    k.type_into("field_applicant_phone", PHONE)
    k.click("choice_hukou_local")
    k.wait(lambda: k.journey.journey.answers.get("hukou") == "local")


def test_a_touch_anywhere_starts_the_idle_wait_again(kiosk: Kiosk) -> None:
    k = kiosk
    fill_some(k)
    waiting = k.idle._idle  # the idle wait before "do you need more time?"
    waiting.stop()  # as if it were about to run out
    k.qtbot.mouseClick(k.window, Qt.MouseButton.LeftButton, pos=QPoint(5, 300))
    assert waiting.isActive()
    assert waiting.remainingTime() > (k.idle._idle_s - 5) * 1000


def test_idle_dialog_counts_down_and_continue_keeps_everything(kiosk: Kiosk) -> None:
    k = kiosk
    fill_some(k)
    dialog = k.popup("idleDialog")
    assert not dialog.property("visible")
    k.idle.ask_now()  # as if the idle wait (90 s by default) had passed
    k.wait(lambda: dialog.property("opened"))
    k.settle()
    assert k.idle.countdown >= 20
    seconds = int(re.search(r"\d+", k.text("idleCountdown")).group())
    assert seconds >= 20
    with k.qtbot.waitSignal(k.idle.changed, timeout=3000):
        pass  # the countdown ticks
    assert k.idle.countdown < seconds
    k.click("idleContinue")
    k.wait(lambda: not dialog.property("visible"))
    assert not k.idle.warning
    assert k.journey.screen == "form"
    assert k.text("field_applicant_name") == NAME
    assert k.journey.journey.answers["applicant_id"] == RESIDENT_ID


def test_timeout_in_a_form_forgets_the_applicant(kiosk: Kiosk) -> None:
    k = kiosk
    k.click("lang_en_US")  # the language and text size are the applicant's too
    k.click("largeText")
    k.wait(lambda: k.shell.largeText and k.shell.language == "en_US")
    fill_some(k)
    k.click("callAttendant")
    k.wait(lambda: len(k.help_requests()) == 1)
    assert leaks(view_model_strings(k))  # the walk does see the applicant before
    assert leaks(qml_texts(k))

    k.idle.expire_now()
    k.wait_screen("home")
    k.app.engine.collectGarbage()
    k.settle()

    assert leaks(view_model_strings(k)) == []
    for name, value in qt_properties(k.journey):
        model = value if isinstance(value, QObject) else None
        if model is not None and model is not k.journey.services:
            assert model.rowCount() == 0, name
    assert leaks(qml_texts(k)) == []
    assert k.journey.journey.answers == {} and k.journey.journey.item is None
    assert (k.shell.language, k.shell.largeText) == ("zh_CN", False)
    assert not k.help.active
    k.wait(lambda: [r.state for r in k.help_requests()] == ["cancelled"])
    assert k.declarations() == []  # an unsubmitted draft is discarded
    assert k.find("startButton") is not None


def test_timeout_after_submitting_keeps_the_declaration_only_in_the_store(
    kiosk: Kiosk,
) -> None:
    from kiosk.samples import SAMPLES

    k = kiosk
    answers = {**SAMPLES["elderly-card"](), "applicant_name": NAME}
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(answers)
    k.tick_materials()
    assert k.submit() == "passed"
    assert leaks(view_model_strings(k))

    k.idle.expire_now()
    k.wait_screen("home")
    k.settle()

    assert leaks(view_model_strings(k)) == []
    assert leaks(qml_texts(k)) == []
    (declaration,) = k.declarations()  # the hall's record stays
    assert declaration.answers["applicant_name"] == NAME
