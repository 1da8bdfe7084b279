"""The keyboard-wedge filter on a real QML window (offscreen): a focused TextField, key
events sent to the window with set timestamps, as the window system delivers them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    QCoreApplication,
    QEvent,
    QMetaObject,
    QObject,
    Qt,
    QUrl,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQml import QQmlApplicationEngine, QQmlComponent
from PySide6.QtQuick import QQuickItem, QQuickWindow

from devices.scanner.wedge import WedgeDetector
from tests.ui.conftest import DRIVER, WAIT_MS
from ui.scanner_filter import ScannerFilter

WINDOW = b"""
import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard

ApplicationWindow {
    id: root
    width: 800; height: 600; visible: true
    property int enters: 0
    TextField {
        objectName: "field"; focus: true; width: 400
        onAccepted: root.enters += 1
    }
    InputPanel { y: parent.height - height; width: parent.width }
}
"""
CODE = "https://zwfw.jkq.gov.cn/appointment?code=ABCD2345"
START = 1_000_000  # ms: any clock, as long as it is not 0 (software's keys)


class Window:
    def __init__(self, qtbot: Any, folder: Path) -> None:
        self.qtbot = qtbot
        self.engine = QQmlApplicationEngine()
        # From a file: PySide6 lets go of the GIL in load(), not in loadData(), and QML's
        # loader thread logs (a Python message handler is installed): loadData hangs.
        qml = folder / "scanner_window.qml"
        qml.write_bytes(WINDOW)
        self.engine.load(QUrl.fromLocalFile(str(qml)))
        roots = self.engine.rootObjects()
        assert roots, "the window did not load"
        window = roots[0]
        assert isinstance(window, QQuickWindow)
        self.window = window
        field = window.findChild(QQuickItem, "field")
        assert field is not None
        self.field = field
        self.clock = START

    @property
    def text(self) -> str:
        return str(self.field.property("text"))

    def send(self, kind: QEvent.Type, char: str, at: int, *, repeat: bool = False) -> None:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char.upper()))
        shift = char.isupper() or char in ':?_&"'
        modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
        event = QKeyEvent(kind, key, modifiers, char, repeat)
        event.setTimestamp(at)
        QCoreApplication.sendEvent(self.window, event)

    def shift(self, kind: QEvent.Type, at: int) -> None:
        event = QKeyEvent(kind, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier, "")
        event.setTimestamp(at)
        QCoreApplication.sendEvent(self.window, event)

    def keys(self, text: str, gap_ms: int, *, enter: bool = False, repeat: bool = False) -> None:
        """Press and release each character `gap_ms` apart (Shift around upper case, as a
        scanner and a typist do), then Enter."""
        for char in text + ("\r" if enter else ""):
            self.clock += gap_ms
            shifted = char.isupper() or char in ':?_&"'
            if shifted:
                self.shift(QEvent.Type.KeyPress, self.clock)
            self.send(QEvent.Type.KeyPress, char, self.clock, repeat=repeat)
            self.send(QEvent.Type.KeyRelease, char, self.clock + 1, repeat=repeat)
            if shifted:
                self.shift(QEvent.Type.KeyRelease, self.clock + 1)

    def type_slowly(self, text: str) -> None:
        self.keys(text, 150)
        self.clock += 1000  # the next burst starts after a pause
        self.qtbot.waitUntil(lambda: self.text.endswith(text), timeout=WAIT_MS)

    def close(self) -> None:
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def assert_no_code(codes: list[str]) -> None:
    QCoreApplication.sendPostedEvents()  # a code is queued: any would be delivered now
    assert codes == []


@pytest.fixture
def window(qapp: Any, qtbot: Any, tmp_path: Path) -> Iterator[Window]:
    w = Window(qtbot, tmp_path)
    try:
        qtbot.waitExposed(w.window)
        w.window.requestActivate()
        qtbot.waitUntil(lambda: w.field.hasActiveFocus(), timeout=WAIT_MS)
        yield w
    finally:
        QGuiApplication.inputMethod().reset()
        QGuiApplication.inputMethod().hide()
        w.close()


@pytest.fixture
def scanner(qapp: Any, window: Window) -> Iterator[tuple[ScannerFilter, list[str]]]:
    f = ScannerFilter()
    f.install(qapp)
    codes: list[str] = []
    f.scanned.connect(codes.append)
    yield f, codes
    f.close()


def test_a_burst_ending_in_enter_is_a_code_and_types_nothing(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    _, codes = scanner
    window.keys(CODE, 5, enter=True)
    window.qtbot.waitUntil(lambda: codes == [CODE], timeout=WAIT_MS)
    assert window.text == ""
    assert window.window.property("enters") == 0  # its Enter was swallowed too
    # Nothing of the code comes later either: the next typed key is the field's first.
    window.clock += 1000
    window.type_slowly("x")
    assert window.text == "x"
    assert codes == [CODE]


def test_keys_150_ms_apart_are_typing(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    _, codes = scanner
    window.keys("Hello:2026", 150, enter=True)
    window.qtbot.waitUntil(lambda: window.window.property("enters") == 1, timeout=WAIT_MS)
    assert window.text == "Hello:2026"
    assert_no_code(codes)


def test_a_burst_leaves_what_the_field_holds_alone(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    _, codes = scanner
    window.type_slowly("Zhang")
    window.keys(CODE, 3, enter=True)
    window.keys("20261126", 4, enter=True)  # a second scan right after the first
    window.qtbot.waitUntil(lambda: codes == [CODE, "20261126"], timeout=WAIT_MS)
    window.type_slowly("!")
    assert window.text == "Zhang!"


def test_a_quick_roll_of_keys_and_a_short_enter_are_typing(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    """Three keys rolled within a few ms and Enter: fewer than four, so typing, in order."""
    _, codes = scanner
    window.keys("abc", 10, enter=True)
    assert window.text == "abc"  # released before the Enter was delivered
    assert window.window.property("enters") == 1
    assert_no_code(codes)


def test_backspace_after_held_keys_comes_after_them(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    _, codes = scanner
    window.keys("abcd", 10)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(window.clock + 10)
        QCoreApplication.sendEvent(window.window, event)
    assert window.text == "abc"
    assert_no_code(codes)


def test_a_key_held_down_types(window: Window, scanner: tuple[ScannerFilter, list[str]]) -> None:
    _, codes = scanner
    window.keys("a", 5)
    window.keys("a" * 30, 30, repeat=True)
    window.keys("\r", 30)
    assert window.text == "a" * 31
    assert_no_code(codes)


def test_a_code_longer_in_time_than_the_bound_is_typing(window: Window, qapp: Any) -> None:
    f = ScannerFilter(detector=WedgeDetector(max_total_ms=100))
    f.install(window.window)  # on the window alone, this time
    codes: list[str] = []
    f.scanned.connect(codes.append)
    try:
        window.keys("1234567890" * 3, 5, enter=True)  # 150 ms
        window.qtbot.waitUntil(lambda: window.text == "1234567890" * 3, timeout=WAIT_MS)
        assert_no_code(codes)
    finally:
        f.close()


def test_software_keys_pass_untouched(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    """Key events without a timestamp (tests, tools) are not a keyboard's: no delay."""
    _, codes = scanner
    for char in "12345\r":
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                window.window, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )
        if char == "3":
            assert window.text == "123"  # at once: nothing held
    assert window.text == "12345"
    assert_no_code(codes)


def test_the_on_screen_keyboard_is_never_held(
    window: Window, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    """Qt Virtual Keyboard sends its Latin letters and Enter as key events, but without a
    timestamp (verified here: typed as fast as its engine takes them, nothing scanned)."""
    _, codes = scanner
    component = QQmlComponent(window.engine)
    component.setData(DRIVER, "file:///keyboard_driver.qml")
    driver = component.create()
    assert driver is not None, component.errorString()
    try:
        # The English layout whatever an earlier test left (pinyin would compose "kiosk").
        QMetaObject.invokeMethod(
            driver,
            "setLocale",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("QVariant"),
            Q_ARG("QVariant", "en_GB"),
        )
        window.qtbot.waitUntil(lambda: _locale(driver) == "en_GB", timeout=WAIT_MS)
        for letter in "kiosk":  # as fast as the engine takes them, then Enter at once
            QMetaObject.invokeMethod(
                driver,
                "press",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("QVariant"),
                Q_ARG("QVariant", letter),
            )
        QMetaObject.invokeMethod(
            driver,
            "key",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("QVariant"),
            Q_ARG("QVariant", int(Qt.Key.Key_Return)),
        )
        assert window.text.lower() == "kiosk"  # at once: nothing was held
        window.qtbot.waitUntil(lambda: window.window.property("enters") == 1, timeout=WAIT_MS)
        assert_no_code(codes)
    finally:
        driver.deleteLater()


def test_deliver_from_another_thread_emits_on_the_ui_thread(
    qapp: Any, qtbot: Any, scanner: tuple[ScannerFilter, list[str]]
) -> None:
    f, _ = scanner
    threads: list[bool] = []
    f.scanned.connect(
        lambda _: threads.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(f.scanned, timeout=WAIT_MS) as blocker:
        sender = threading.Thread(target=f.deliver, args=("KIOSK-ENROL:ABCD2345",))
        sender.start()
        sender.join()
    assert blocker.args == ["KIOSK-ENROL:ABCD2345"]
    assert threads == [True]


def test_after_close_nothing_is_held_or_delivered(qapp: Any, window: Window) -> None:
    f = ScannerFilter()
    f.install(qapp)
    codes: list[str] = []
    f.scanned.connect(codes.append)
    window.keys("12", 5)  # held, when the kiosk closes
    f.close()
    f.close()  # twice is harmless
    f.deliver("late")  # a serial scanner's thread, still reading
    window.keys("3456", 5, enter=True)
    assert window.text == "3456"  # straight to the field: the filter is gone
    assert_no_code(codes)


def _locale(driver: QObject) -> str:
    return str(
        QMetaObject.invokeMethod(
            driver, "locale", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("QVariant")
        )
    )
