"""Read aloud through Qt TextToSpeech's engine interface (its "mock" engine): what a
screen says, in its language; silence on stop; no engine is no voice, not a failure."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk import speech_probe
from ui import speech_model
from ui.speech_model import SpeechModel
from ui.speech_voice import choose_engine


def model(qtbot: Any, engine: str, language: str = "zh_CN") -> SpeechModel:
    fields = {"field_name": ("老年人姓名", "请输入老年人姓名")}
    return SpeechModel(lambda: language, lambda f: fields.get(f, ("", "")), engine=engine)


def test_a_screen_is_read_with_its_focused_field(qtbot: Any) -> None:
    m = model(qtbot, "mock")
    m.read("申请信息", "请填写申请信息", "field_name")
    said = ["申请信息", "请填写申请信息", "老年人姓名", "请输入老年人姓名"]
    assert m.property("lastSaid") == said
    assert m.engine == "mock"
    thread = m.speech_thread
    assert thread is not None and thread is not QThread.currentThread()
    qtbot.waitUntil(lambda: m.property("speaking"))  # heard back from the speech thread
    m.stop()
    qtbot.waitUntil(lambda: not m.property("speaking"))
    assert m.property("lastSaid") == []
    m.close()
    assert thread.isFinished()


def test_without_an_engine_the_kiosk_goes_on_silently(qtbot: Any) -> None:
    m = model(qtbot, "no-such-engine")
    assert m.property("available")
    m.read("申请信息", "请填写申请信息", "")
    assert not m.property("available") and m.property("lastSaid") == []
    assert m.speech_thread is None  # nothing started for nothing
    m.read("again", "", "")  # a second tap: still nothing, no error
    m.close()


def test_a_closed_model_says_nothing(qtbot: Any) -> None:
    m = model(qtbot, "mock")
    m.close()
    m.read("申请信息", "", "")
    assert m.property("lastSaid") == [] and m.speech_thread is None


def test_auto_takes_the_platforms_engine_never_the_mock() -> None:
    assert choose_engine("auto", ["mock", "speechd"]) == "speechd"
    assert choose_engine("auto", ["sapi", "winrt", "mock"]) == "winrt"
    assert choose_engine("auto", ["mock"]) is None
    assert choose_engine("mock", ["mock", "speechd"]) == "mock"
    assert choose_engine("flite", ["speechd"]) is None
    assert choose_engine("", ["speechd"]) is None


class _Engine(QObject):
    """An engine made on the speech thread: broken at once, or stuck until released."""

    release = threading.Event()
    made_on: ClassVar[list[threading.Thread]] = []
    said: ClassVar[list[str]] = []
    broken = True
    errorOccurred = Signal(object, str)
    stateChanged = Signal(object)

    class State:
        Error = QTextToSpeech.State.Error
        Ready = QTextToSpeech.State.Ready

    def __init__(self, _name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _Engine.made_on.append(threading.current_thread())
        if not _Engine.broken:
            _Engine.release.wait(30)  # spd_open waiting for a daemon that never answers

    def state(self) -> Any:
        return QTextToSpeech.State.Error if _Engine.broken else QTextToSpeech.State.Ready

    def errorString(self) -> str:
        return "Text to speech engine not initialized"

    def availableLocales(self) -> list[Any]:
        return []

    def setVolume(self, _volume: float) -> None:
        pass

    def stop(self) -> None:
        pass

    def say(self, words: str) -> None:
        _Engine.said.append(words)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> type[_Engine]:
    import PySide6.QtTextToSpeech as module

    monkeypatch.setattr(module, "QTextToSpeech", _Engine)
    monkeypatch.setattr(speech_model, "installed_engines", lambda: ["flite", "mock"])
    monkeypatch.setattr(speech_probe, "ready", lambda *_a: True)
    _Engine.release.clear()
    _Engine.made_on.clear()
    _Engine.said.clear()
    return _Engine


def test_an_engine_that_cannot_start_is_no_voice(qtbot: Any, engine: type[_Engine]) -> None:
    """speechd without speech-dispatcher running is made in its error state at once."""
    engine.broken = True
    m = model(qtbot, "flite")
    m.read("申请信息", "", "")
    qtbot.waitUntil(lambda: not m.property("available"))
    assert engine.made_on and engine.made_on[0] is not threading.main_thread()
    m.close()


def test_an_engine_that_never_answers_leaves_the_kiosk_responsive(
    qtbot: Any, engine: type[_Engine]
) -> None:
    """The hang seen in spd_open: the engine's making never returns. The UI thread does
    not wait for it (read returns, the button still answers); close() ends the thread."""
    engine.broken = False
    m = model(qtbot, "flite")
    m.read("申请信息", "", "")
    qtbot.waitUntil(lambda: bool(engine.made_on))  # the speech thread is stuck in it
    m.read("第二次", "", "")  # the next tap: queued behind it, the UI thread goes on
    assert m.property("lastSaid") == ["第二次"] and m.property("available")
    m.stop()
    engine.release.set()  # the daemon answers at last
    qtbot.waitUntil(lambda: engine.said == ["申请信息", "第二次"])  # in order, none lost
    m.close()
    assert m.speech_thread is None


def test_the_read_aloud_button_reads_the_screen_and_the_focused_field(kiosk: Any) -> None:
    """Through the real window, with the engine interface's mock engine."""
    k = kiosk
    k.app.speech.configure("", 0.8)
    k.wait(lambda: k.all("readAloud") == [])  # off when the config says so
    k.app.speech.configure("mock", 0.8)
    k.wait(lambda: len(k.all("readAloud")) == 1)
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.click("nextButton")  # errors on every required field
    k.wait(lambda: bool(k.journey.errors.rows()))
    row = k.journey.fields.rows()[0]
    field = k.click(f"field_{row['fieldId']}")
    k.wait(lambda: field.hasActiveFocus())
    k.click("readAloud")
    said = k.app.speech.property("lastSaid")
    assert said[0].startswith(k.text("stepIndicator"))  # as shown, in the screen's language
    assert "".join(said).count(k.text("guidance")) == 1
    assert said[-2:] == [row["label"], row["error"]] and row["error"]
    k.idle.expire_now()  # the applicant leaves: silence, nothing of theirs kept
    k.wait_screen("home")
    assert k.app.speech.property("lastSaid") == []
