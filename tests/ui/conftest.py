"""Driving the real QML offscreen: a kiosk per test, found by objectName, clicked for real.

The environment is set at import time, before pytest-qt creates its QApplication: the
offscreen platform and the in-window on-screen keyboard. Every wait is on a condition
or a signal (qtbot.waitUntil / waitSignal), never a sleep. A QML warning fails the test
that caused it, and so does any Qt message at warning level or above (tests/ui/qt_messages.py).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QStandardPaths

QStandardPaths.setTestModeEnabled(True)  # Qt's own files (the keyboard's) not in ~/.config

from ui.app import prepare_environment  # noqa: E402

prepare_environment()

import gc  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    Q_ARG,
    Q_RETURN_ARG,
    QCoreApplication,
    QDeadlineTimer,
    QEvent,
    QMetaObject,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent  # noqa: E402
from PySide6.QtQml import QQmlComponent  # noqa: E402
from PySide6.QtQuick import QQuickItem  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from pytestqt.exceptions import TimeoutError  # noqa: E402
from sqlalchemy import select  # noqa: E402

from central.app import create_app  # noqa: E402
from central.db import Database  # noqa: E402
from central.serve import ServerThread  # noqa: E402
from central.state import ServerState  # noqa: E402
from kiosk.catalog.loader import Catalog  # noqa: E402
from kiosk.config import demo_config  # noqa: E402
from kiosk.store.models import Declaration, HelpRequest, OutboxEvent, Ticket  # noqa: E402
from printer.fonts import find_cjk_font  # noqa: E402

# Qt's messages at warning level and above fail a test (set up, run and torn down): these
# hooks are registered by their names (see tests/ui/qt_messages.py).
from tests.ui import qt_messages  # noqa: E402
from tests.ui.qt_messages import pytest_runtest_teardown  # noqa: E402, F401
from ui.app import KioskApp  # noqa: E402

# How long a condition may take before a test fails: generous, since scripts/test runs
# the UI tests on two PySide6 versions at once beside the rest of the suite, on 2 cores.
WAIT_MS = 15000
PINYIN = 3  # QVirtualKeyboardInputEngine::InputMode
# Presses the on-screen keyboard's keys through its input engine, as its key panels do,
# and reads and picks its candidates (see the `keys` fixture).
DRIVER = b"""
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

QtObject {
    function locale() { return InputContext.locale }
    function setLocale(name) { VirtualKeyboardSettings.locale = name }
    function press(t) {
        return InputContext.inputEngine.virtualKeyClick(t.toUpperCase().charCodeAt(0), t, 0)
    }
    function key(code) { return InputContext.inputEngine.virtualKeyClick(code, "", 0) }
    function preedit() { return InputContext.preeditText }
    function mode() { return InputContext.inputEngine.inputMode }
    function setMode(mode) { InputContext.inputEngine.inputMode = mode }
    function candidates() {
        const model = InputContext.inputEngine.wordCandidateListModel
        let out = []
        for (let i = 0; i < model.count; ++i) out.push(String(model.dataAt(i)))
        return out.join("\\n")
    }
    function pick(i) { InputContext.inputEngine.wordCandidateListModel.selectItem(i) }
}
"""


class Kiosk:
    """A running kiosk and the applicant's hands: find, click, type, wait."""

    def __init__(self, app: KioskApp, qtbot: Any, data_dir: Path) -> None:
        self.app = app
        self.qtbot = qtbot
        self.data_dir = data_dir
        self.window = app.window
        assert app.journey is not None, "the kiosk is not ready"
        self.journey = app.journey
        self.help = app.help
        self.idle = app.idle
        self.shell = app.shell
        self._panel: QQuickItem | None = None

    # --- finding ----------------------------------------------------------------------

    def _objects(self) -> Iterator[QObject]:
        """Every object under the window: visual children and QObject children."""
        seen: set[int] = set()
        stack: list[QObject] = [self.window]
        while stack:
            obj = stack.pop()
            key = _address(obj)
            if key in seen:
                continue
            seen.add(key)
            yield obj
            stack.extend(obj.children())
            if isinstance(obj, QQuickItem):
                stack.extend(obj.childItems())
            elif obj is self.window:
                stack.append(self.window.contentItem())

    def _shown(self, item: QQuickItem) -> bool:
        """In this window's scene (not a leftover of the last screen) and visible.

        Not `item.window()`: PySide ties the returned window's wrapper to the item's,
        and the window's wrapper dies with the item's.
        """
        if not item.isVisible():
            return False
        root = _address(self.window.contentItem())
        parent = item
        while parent is not None:
            if _address(parent) == root:
                return True
            parent = parent.parentItem()
        return False

    def shown_items(self) -> Iterator[QQuickItem]:
        """Every item shown in this window's scene: its visual tree from the root, the
        subtrees of invisible items skipped (what `_shown` accepts, found faster)."""
        stack = [self.window.contentItem()]
        while stack:
            item = stack.pop()
            # PySide6 6.9 has once handed a QMetaObject here for an item going away (a
            # window closed and another opened in one test): not an item to look at.
            if isinstance(item, QQuickItem) and item.isVisible():
                yield item
                stack.extend(reversed(item.childItems()))

    def all(self, name: str) -> list[QQuickItem]:
        """The items shown under this objectName (the current screen's, not leftovers)."""
        return [o for o in self.shown_items() if o.objectName() == name]

    def find(self, name: str) -> QQuickItem | None:
        """The one item shown with this objectName, scrolling lists to create it."""
        found = self.all(name)
        if not found:
            found = self._scroll_lists_for(name)
        assert len(found) <= 1, f"{len(found)} items named {name!r}"
        return found[0] if found else None

    def get(self, name: str) -> QQuickItem:
        item = self.find(name)
        assert item is not None, f"no item {name!r} on screen {self.journey.screen!r}"
        return item

    def _scroll_lists_for(self, name: str) -> list[QQuickItem]:
        """A ListView creates delegates near its viewport only: walk it until one appears."""
        screen = self.all("screenLoader")[0]
        views = [o for o in _descendants(screen) if _is(o, "QQuickListView") and self._shown(o)]
        for view in views:
            count = view.property("count") or 0
            for index in range(count):
                view.positionViewAtIndex(index, 0)  # ListView.Beginning
                found = self.all(name)
                if found:
                    return found
        return []

    def text(self, name: str) -> str:
        return str(self.get(name).property("text"))

    def texts(self) -> list[str]:
        """Every text shown in the window (Text, TextField, buttons' labels)."""
        return [
            str(o.property("text"))
            for o in self._objects()
            if isinstance(o, QQuickItem)
            and (_is(o, "QQuickText") or _is(o, "QQuickTextInput") or _is(o, "QQuickTextEdit"))
            and self._shown(o)
            and o.property("text")
        ]

    def popup(self, name: str) -> QObject:
        """A Popup (a QObject, not an item) by objectName."""
        (found,) = [o for o in self._objects() if o.objectName() == name and _is(o, "QQuickPopup")]
        return found

    # --- acting -----------------------------------------------------------------------

    def settle(self) -> None:
        """Wait for the next frame: layouts are polished and geometry is final."""
        with self.qtbot.waitSignal(self.window.frameSwapped, timeout=WAIT_MS):
            self.window.update()

    def _flickables(self, item: QQuickItem) -> Iterator[QQuickItem]:
        parent = item.parentItem()
        while parent is not None:
            if _is(parent, "QQuickFlickable"):
                yield parent
            parent = parent.parentItem()

    def in_view(self, item: QQuickItem, at: QPointF | None = None) -> bool:
        """A point of the item (its centre) is inside every Flickable around it (and the
        window), and not under the keyboard."""
        point = item.mapToScene(at or QPointF(item.width() / 2, item.height() / 2))
        for flick in [self.window.contentItem(), *self._flickables(item)]:
            if not flick.contains(flick.mapFromScene(point)):
                return False
        panel = self.keyboard()
        if panel.isVisible() and not _inside(item, panel):
            return not panel.contains(panel.mapFromScene(point))  # not under the keyboard
        return True

    def tap_point(self, item: QQuickItem) -> QPointF | None:
        """Where a finger taps the item: its centre, or else the middle of the part that
        shows (a field taller than the room left beside the keyboard)."""
        w, h = item.width(), item.height()
        for y in (h / 2, *(h * f / 8 for f in (3, 5, 2, 6, 1, 7))):
            if self.in_view(item, QPointF(w / 2, y)):
                return QPointF(w / 2, y)
        return None

    def keyboard(self) -> QQuickItem:
        """The InputPanel (its inner Keyboard has the objectName "keyboard" too); found
        once, it lives as long as the window."""
        if self._panel is None:
            stack = [self.window.contentItem()]  # the visual tree, shown or not
            while stack and self._panel is None:
                item = stack.pop()
                kind = item.metaObject().className()
                if item.objectName() == "keyboard" and kind.startswith("InputPanel"):
                    self._panel = item
                stack.extend(item.childItems())
            assert self._panel is not None, "no InputPanel"
        return self._panel

    def scroll_into_view(self, item: QQuickItem) -> None:
        """Scroll every Flickable around the item so that the whole item is in view."""
        for flick in self._flickables(item):
            content = flick.property("contentItem")
            top = item.mapToItem(content, QPointF(0, 0)).y()
            bottom = top + item.height()
            view_top = flick.property("contentY")
            height = flick.height()
            origin = flick.property("originY") or 0.0
            most = max(origin, origin + flick.property("contentHeight") - height)
            if top < view_top:
                flick.setProperty("contentY", max(origin, top - 10))
            elif bottom > view_top + height:
                target = min(most, bottom - height + 10)
                flick.setProperty("contentY", max(origin, min(target, top - 10)))

    def click(self, name: str) -> QQuickItem:
        """A real mouse click on the item (at its centre if it shows), scrolled into view
        first."""
        item = self.get(name)
        assert item.isEnabled(), f"{name!r} is disabled"
        # A layout change (the keyboard opening, large text) may move it again, over as
        # many frames as a busy machine takes: scroll until it shows, or give up.
        # A finger taps what stands still: the item and the keyboard where they were a
        # frame before (an animation still running on a busy machine would move the
        # item between the press and the release, which takes the focus).
        deadline = QDeadlineTimer(WAIT_MS)
        at = None
        while not deadline.hasExpired():
            self.scroll_into_view(item)
            before = self._placed(item)
            self.settle()
            at = self.tap_point(item)
            if at is not None and self.in_view(item, at) and self._placed(item) == before:
                break
        assert self._shown(item) and at is not None, f"{name!r} cannot be brought into view"
        self.tap(item, at)
        return item

    def _placed(self, item: QQuickItem) -> tuple[float, ...]:
        """Where the item and the keyboard are, to tell when they stop moving."""
        corner, panel = item.mapToScene(QPointF(0, 0)), self.keyboard()
        return (corner.x(), corner.y(), item.width(), item.height(), panel.y(), panel.height())

    def tap(self, item: QQuickItem, at: QPointF | None = None) -> None:
        """A real mouse click on an item as it is (a key of the keyboard): at its centre."""
        point = item.mapToScene(at or QPointF(item.width() / 2, item.height() / 2))
        self.tap_at(QPoint(round(point.x()), round(point.y())))

    def tap_at(self, point: QPoint) -> None:
        """A real mouse click at a point of the window."""
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), point)

    def type_into(self, name: str, text: str) -> QQuickItem:
        """Tap the field (it takes the focus and opens the keyboard), then type."""
        field = self.click(name)
        self.wait(lambda: field.hasActiveFocus(), lambda: self._focus_report(name, field))
        old = str(field.property("text"))
        if old:
            self.press(Qt.Key.Key_End)
            for _ in old:
                self.press(Qt.Key.Key_Backspace)
        for char in text:
            self.key(char)
        self.qtbot.waitUntil(lambda: field.property("text") == text, timeout=WAIT_MS)
        return field

    def _focus_report(self, name: str, field: QQuickItem) -> str:
        """Why a tapped field has no focus: where it is, what has the focus instead."""
        focus = self.window.activeFocusItem()
        where = field.mapRectToScene(QRectF(0, 0, field.width(), field.height()))
        panel = self.keyboard()
        return (
            f"{name!r} took no focus: it is at {where}, enabled {field.isEnabled()}, "
            f"visible {field.isVisible()}; the focus is on "
            f"{focus.metaObject().className() if focus else None} "
            f"{focus.objectName() if focus else ''!r}; the keyboard is "
            f"{'open' if panel.property('active') else 'closed'} at {panel.y()}"
        )

    def key(self, char: str) -> None:
        """One character: a key press for ASCII, an input-method commit for Hanzi (what
        the on-screen keyboard sends when a candidate is chosen)."""
        if char.isascii():
            self.press(Qt.Key(ord(char.upper())), char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QCoreApplication.sendEvent(QGuiApplication.focusObject(), event)

    def press(self, key: Qt.Key, text: str = "") -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            QCoreApplication.sendEvent(self.window, event)

    # --- an applicant's steps ----------------------------------------------------------

    def choose(self, item_id: str, category: str = "all") -> None:
        """From home: start, pick the category, tap the item; on its introduction."""
        self.click("startButton")
        self.wait_screen("services")
        self.click(f"category_{category}")
        self.wait(lambda: self.journey.category == ("" if category == "all" else category))
        # The search index is built after the first frame: the list may still be empty.
        self.wait(lambda: self.journey.services.find("itemId", item_id) >= 0, lambda: item_id)
        self.settle()
        self.click(f"item_{item_id}")
        self.wait_screen("intro")

    def field_rows(self) -> list[dict[str, Any]]:
        return self.journey.fields.rows()

    def answer(self, row: dict[str, Any], value: Any) -> None:
        """Answer one field through its widget, as the applicant would."""
        field_id, kind = row["fieldId"], row["type"]
        if kind == "single_choice":
            self.click(f"choice_{field_id}_{value}")
        elif kind == "multiple_choice":
            for choice in value:
                self.click(f"choice_{field_id}_{choice}")
        elif kind == "yes_no":
            self.click(f"{'yes' if value else 'no'}_{field_id}")
        elif kind == "address":
            for part in ("province", "city", "district", "detail"):
                self.type_into(f"addr_{field_id}_{part}", value[part])
        else:
            self.type_into(f"field_{field_id}", value)
        self.wait(
            lambda: self.journey.journey.answers.get(field_id) == value,
            lambda: f"{field_id}: {self.journey.journey.answers.get(field_id)!r} != {value!r}",
        )

    def fill_page(self, answers: dict[str, Any]) -> None:
        """Answer every shown field of the page that `answers` has a non-empty value for;
        fields that appear on the way (relevance) are answered too."""
        done: set[str] = set()
        while True:
            todo = [
                r
                for r in self.field_rows()
                if r["fieldId"] not in done and answers.get(r["fieldId"]) not in (None, "")
            ]
            if not todo:
                return
            row = todo[0]
            self.answer(row, answers[row["fieldId"]])
            done.add(row["fieldId"])

    def next_page(self) -> None:
        """Tap Next on a form page; the page (or the screen) changes, with no errors."""
        page = self.journey.journey.page_id
        self.click("nextButton")
        self.wait(
            lambda: (
                self.journey.screen != "form"
                or self.journey.journey.page_id != page
                or self.journey.journey.errors
            )
        )
        assert not self.journey.journey.errors, self.journey.errors.rows()
        self.settle()

    def fill_form(self, answers: dict[str, Any]) -> None:
        """Every form page, Next after each, until the form is left."""
        while self.journey.screen == "form":
            self.fill_page(answers)
            self.next_page()

    def tick_materials(self, missing: tuple[str, ...] = ()) -> None:
        """The checklist: "have" for each material except `missing`; then Next."""
        assert self.journey.screen == "materials"
        for row in self.journey.materials.rows():
            mid = row["materialId"]
            self.click(f"material_{mid}_{'missing' if mid in missing else 'have'}")
            self.wait(lambda mid=mid: self.journey.journey.materials.get(mid) is not None)
        self.click("nextButton")
        self.wait_screen("check")

    def submit(self) -> str:
        """Submit for pre-review from the check screen; the outcome shown."""
        self.click("submitButton")
        self.wait_screen("result")
        return str(self.journey.outcome)

    def declare(self, item_id: str, missing: tuple[str, ...] = (), category: str = "all") -> str:
        """From home to the result: the item's sample answers, every material but
        `missing`, submitted; the outcome shown."""
        from kiosk.samples import SAMPLES

        self.choose(item_id, category)
        self.click("beginButton")
        self.wait_screen("form")
        self.fill_form(SAMPLES[item_id]())
        self.tick_materials(missing=missing)
        return self.submit()

    def take_ticket(self) -> None:
        self.click("takeTicket")
        self.wait_screen("ticket")
        self.wait(lambda: self.journey.printed or self.journey.printerMessage)

    # --- waiting ----------------------------------------------------------------------

    def wait_screen(self, screen: str, timeout: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(lambda: self.journey.screen == screen, timeout=timeout)
        self.settle()

    def wait(
        self,
        condition: Callable[[], Any],
        why: Callable[[], str] | None = None,
        timeout: int = WAIT_MS,
    ) -> None:
        try:
            self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)
        except TimeoutError as error:
            raise AssertionError(why() if why else "condition never met") from error

    # --- the store --------------------------------------------------------------------

    def declarations(self) -> list[Declaration]:
        with self.app.terminal.store.session() as s:
            return list(s.scalars(select(Declaration)))

    def ticket_numbers(self) -> list[str]:
        with self.app.terminal.store.session() as s:
            return list(s.scalars(select(Ticket.number).order_by(Ticket.id)))

    def help_requests(self) -> list[HelpRequest]:
        with self.app.terminal.store.session() as s:
            return list(s.scalars(select(HelpRequest).order_by(HelpRequest.requested_at)))

    def events(self, kind: str) -> list[OutboxEvent]:
        with self.app.terminal.store.session() as s:
            return list(s.scalars(select(OutboxEvent).where(OutboxEvent.kind == kind)))


def _address(obj: QObject) -> int:
    """The C++ address: Python wrappers come and go, their id() is reused."""
    return int(shiboken6.getCppPointer(obj)[0])


def _inside(item: QQuickItem, ancestor: QQuickItem) -> bool:
    top = _address(ancestor)
    parent: QQuickItem | None = item
    while parent is not None:
        if _address(parent) == top:
            return True
        parent = parent.parentItem()
    return False


def _descendants(item: QQuickItem) -> Iterator[QQuickItem]:
    for child in item.childItems():
        yield child
        yield from _descendants(child)


def _is(obj: QObject, class_name: str) -> bool:
    return obj.inherits(class_name)


def _forget_a_failure() -> None:
    """After a failed test: its traceback, which pytest keeps (sys.last_traceback, for a
    post-mortem), and its frames, in reference cycles. They hold Python wrappers of the
    closed kiosk's objects, which PySide hands out again, with their old type, for new
    objects at the same addresses ("'QMetaObject' object has no attribute 'isVisible'"
    in the tests after a failure)."""
    if getattr(sys, "last_traceback", None) is None:
        return
    sys.last_type = sys.last_value = sys.last_traceback = None
    gc.collect()


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> None:
    """The last test's kiosk, garbage now, collected here on the UI thread before this
    test's lanes start. Left to the cycle collector, it may run on a lane's thread (the
    thread whose allocation triggers it): a QObject destroyed there takes Qt's connection
    lock, then waits for the GIL, which the UI thread holds while it waits for that lock
    (seen: a test hung in QObject::connect)."""
    gc.collect()


@pytest.fixture
def kiosk(qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog) -> Iterator[Kiosk]:
    """A demo kiosk (files printer) with a fresh data directory, shown at 1280x800."""
    data_dir = tmp_path / "data"
    app = KioskApp(demo_config(data_dir), find_cjk_font(), qapp, catalog=catalog)
    warnings: list[str] = []
    app.engine.warnings.connect(lambda ws: warnings.extend(qt_messages.qml_warnings(ws)))
    app.window.resize(1280, 800)
    app.window.show()
    try:
        qtbot.waitExposed(app.window)
        app.wait_ready()
        k = Kiosk(app, qtbot, data_dir)
        k.settle()
        yield k
    finally:
        # The on-screen keyboard is the process's: nothing composed (a test that failed
        # halfway) is committed into the closing window or passed to the next test's.
        QGuiApplication.inputMethod().reset()
        QGuiApplication.inputMethod().hide()
        app.close()
        _forget_a_failure()
    assert warnings == [], "QML warnings:\n" + "\n".join(warnings)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[ServerThread, Database]]:
    """The real central server on loopback, with its SQLite database."""
    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    server = ServerThread(create_app(ServerState(db))).start()
    try:
        yield server, db
    finally:
        server.stop()
        db.close()


@pytest.fixture
def keys(kiosk: Kiosk) -> Iterator[QObject]:
    """A small QML object in the kiosk's own engine that presses the keyboard's keys."""
    component = QQmlComponent(kiosk.app.engine)
    component.setData(DRIVER, "file:///keyboard_driver.qml")
    driver = component.create()
    assert driver is not None, component.errorString()
    yield driver
    driver.deleteLater()


def call(driver: QObject, name: str, *args: str | int) -> Any:
    """Call a function of the QML driver (its arguments and result are QVariants)."""
    return QMetaObject.invokeMethod(
        driver,
        name,
        Qt.ConnectionType.DirectConnection,
        Q_RETURN_ARG("QVariant"),
        *[Q_ARG("QVariant", a) for a in args],
    )


def candidates(driver: QObject) -> list[str]:
    return str(call(driver, "candidates")).split("\n")


def type_pinyin(k: Kiosk, driver: QObject, syllables: str, hanzi: str) -> None:
    """Press the syllables' letters, then choose the Hanzi from the candidates."""
    for letter in syllables:
        call(driver, "press", letter)
    k.wait(lambda: call(driver, "preedit") == syllables, lambda: call(driver, "preedit"))
    k.wait(lambda: hanzi in candidates(driver), lambda: str(candidates(driver)[:30]))
    call(driver, "pick", candidates(driver).index(hanzi))
    k.wait(lambda: call(driver, "preedit") == "")
