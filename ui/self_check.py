"""The interface's part of `kiosk self-test` (kiosk.selftest): the home screen to its
first frame, and the pinyin keyboard finding a word.

Both run on a QGuiApplication of their own (offscreen, set by the self-test), wait on
conditions with deadlines, and answer a short detail or raise CheckFailed: never hang.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QEventLoop, QMetaObject, QObject, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.selftest import CheckFailed

if TYPE_CHECKING:
    from kiosk.catalog.loader import Catalog
    from kiosk.config import KioskConfig
    from printer.fonts import CjkFont
    from ui.app import KioskApp

DEADLINE_S = 60.0  # generous: a cold bundle on a slow terminal's disk
PINYIN = 3  # QVirtualKeyboardInputEngine::InputMode::Pinyin
MIN_COLOURS = 8  # a drawn screen has text, buttons, edges; a blank one has one or two

_KEYBOARD_QML = b"""
import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Window {
    width: 1280
    height: 800
    visible: true
    TextField {
        id: field
        width: 600
        Component.onCompleted: {
            VirtualKeyboardSettings.locale = "zh_CN"
            forceActiveFocus()
        }
    }
    InputPanel { width: parent.width; y: parent.height - height }
    property QtObject driver: QtObject {
        function ready() { return InputContext.locale === "zh_CN" && field.activeFocus }
        function setMode(mode) { InputContext.inputEngine.inputMode = mode }
        function mode() { return InputContext.inputEngine.inputMode }
        function press(t) {
            return InputContext.inputEngine.virtualKeyClick(t.toUpperCase().charCodeAt(0), t, 0)
        }
        function preedit() { return InputContext.preeditText }
        function candidates() {
            const model = InputContext.inputEngine.wordCandidateListModel
            let out = []
            for (let i = 0; i < model.count; ++i) out.push(String(model.dataAt(i)))
            return out.join("\\n")
        }
    }
}
"""


def application() -> QGuiApplication:
    """The process's QGuiApplication, made with the kiosk's environment the first time."""
    from ui.app import prepare_environment

    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    prepare_environment()
    return QGuiApplication(sys.argv[:1])


def _wait(app: QGuiApplication, condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what}: not within {DEADLINE_S:.0f} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def colours(image: QImage, step: int = 8) -> int:
    """How many different colours a grid of the picture's pixels has."""
    seen = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(seen)


def home_screen(config: KioskConfig, font: CjkFont, catalog: Catalog | None) -> str:
    """The kiosk's real window with the config, to its first frame; the picture drawn."""
    from ui.app import KioskApp

    app = application()
    began = time.perf_counter()
    kiosk = KioskApp(config, font, app, catalog=catalog)
    framed: list[float] = []
    kiosk.window.frameSwapped.connect(
        lambda: framed.append(time.perf_counter()), Qt.ConnectionType.SingleShotConnection
    )
    try:
        kiosk.show()
        _wait(app, lambda: framed, "the first frame")
        first_ms = (framed[0] - began) * 1000
        try:
            kiosk.wait_ready(DEADLINE_S)
        except (RuntimeError, TimeoutError) as e:
            raise CheckFailed(f"the terminal behind the screen: {e}") from None
        picture = kiosk.window.grabWindow()
        drawn = colours(picture)
        if drawn < MIN_COLOURS:
            raise CheckFailed(f"the screen is blank ({drawn} colours)")
        size = f"{picture.width()}x{picture.height()}"
        return f"first frame in {first_ms:.0f} ms, {size}, {drawn} colours, {_chime(kiosk)}"
    finally:
        kiosk.close()


def _chime(kiosk: KioskApp) -> str:
    """The help call's chime loaded (Qt's own audio: the bundle has no media backend)."""
    chime = kiosk.window.findChild(QObject, "chime")
    if chime is None:
        raise CheckFailed("no chime on the screen")
    if not QMediaDevices.audioOutputs():  # nothing to play it on (a machine without sound)
        return "no audio output for the chime"
    Status = QSoundEffect.Status

    def status() -> QSoundEffect.Status:
        value = chime.property("status")
        return value if isinstance(value, Status) else Status(value)

    _wait(kiosk.app, lambda: status() not in (Status.Null, Status.Loading), "the chime")
    if status() != Status.Ready:
        raise CheckFailed("the chime could not be loaded")
    return "chime ready"


def _call(driver: QObject, name: str, *args: Any) -> Any:
    return QMetaObject.invokeMethod(
        driver,
        name,
        Qt.ConnectionType.DirectConnection,
        Q_RETURN_ARG("QVariant"),
        *[Q_ARG("QVariant", a) for a in args],
    )


def pinyin(syllables: str, word: str) -> str:
    """Type `syllables` on the on-screen keyboard's pinyin layout; `word` must be offered."""
    app = application()
    engine = QQmlApplicationEngine()
    try:
        engine.loadData(_KEYBOARD_QML, QUrl("file:///self_check_keyboard.qml"))
        roots = engine.rootObjects()
        if not roots:
            raise CheckFailed("the on-screen keyboard (Qt Virtual Keyboard) did not load")
        driver = roots[0].property("driver")
        if not isinstance(driver, QObject):
            raise CheckFailed("the keyboard's test scene has no driver")
        _wait(app, lambda: _call(driver, "ready"), "the keyboard in Chinese")
        _call(driver, "setMode", PINYIN)
        _wait(app, lambda: _call(driver, "mode") == PINYIN, "the pinyin input mode")
        for letter in syllables:
            _call(driver, "press", letter)

        # The engine shows the syllables it has split with separators: "zhong'wen".
        def typed() -> str:
            return "".join(c for c in str(_call(driver, "preedit")) if c.isalpha())

        _wait(app, lambda: typed() == syllables, f"the letters {syllables!r}")

        def offered() -> list[str]:
            return str(_call(driver, "candidates")).split("\n")

        try:
            _wait(app, lambda: word in offered(), f"{word} among the candidates")
        except CheckFailed:
            raise CheckFailed(f"{word} not offered for {syllables!r}: {offered()[:5]}") from None
        return f"{syllables!r} offers {word} (candidate {offered().index(word) + 1})"
    finally:
        for root in engine.rootObjects():
            root.deleteLater()
        engine.deleteLater()
        app.processEvents()
