"""Read aloud through Qt TextToSpeech's engine interface (its "mock" engine): what a
screen says, in its language; silence on stop; no engine is no voice, not a failure."""

from __future__ import annotations

from typing import Any

from PySide6.QtTextToSpeech import QTextToSpeech

from ui.speech_model import SpeechModel


def model(qtbot: Any, engine: str, language: str = "zh_CN") -> SpeechModel:
    fields = {"field_name": ("老年人姓名", "请输入老年人姓名")}
    return SpeechModel(lambda: language, lambda f: fields.get(f, ("", "")), engine=engine)


def test_a_screen_is_read_with_its_focused_field(qtbot: Any) -> None:
    m = model(qtbot, "mock")
    m.read("申请信息", "请填写申请信息", "field_name")
    said = ["申请信息", "请填写申请信息", "老年人姓名", "请输入老年人姓名"]
    assert m.property("lastSaid") == said
    tts = m._tts
    assert isinstance(tts, QTextToSpeech) and tts.engine() == "mock"
    qtbot.waitUntil(lambda: tts.state() == QTextToSpeech.State.Speaking)
    m.stop()
    qtbot.waitUntil(lambda: tts.state() == QTextToSpeech.State.Ready)
    assert m.property("lastSaid") == []
    m.close()


def test_without_an_engine_the_kiosk_goes_on_silently(qtbot: Any) -> None:
    m = model(qtbot, "no-such-engine")
    assert m.property("available")
    m.read("申请信息", "请填写申请信息", "")
    assert not m.property("available") and m.property("lastSaid") == []
    m.read("again", "", "")  # a second tap: still nothing, no error
    m.close()


def test_a_closed_model_says_nothing(qtbot: Any) -> None:
    m = model(qtbot, "mock")
    m.close()
    m.read("申请信息", "", "")
    assert m.property("lastSaid") == []


def test_an_engine_that_cannot_start_is_no_voice(qtbot: Any, monkeypatch: Any) -> None:
    """speechd without speech-dispatcher running is made in its error state at once."""
    monkeypatch.setattr(SpeechModel, "_engines", lambda self: ["speechd", "mock"])

    class Broken:
        class State:
            Error = QTextToSpeech.State.Error

        def __init__(self, *_args: Any) -> None:
            self.errorOccurred = type("S", (), {"connect": lambda *_a: None})()

        def state(self) -> Any:
            return QTextToSpeech.State.Error

        def errorString(self) -> str:
            return "Text to speech engine not initialized"

    import PySide6.QtTextToSpeech as module

    monkeypatch.setattr(module, "QTextToSpeech", Broken)
    m = model(qtbot, "speechd")
    m.read("申请信息", "", "")
    assert not m.property("available")
    m.close()


def test_the_read_aloud_button_reads_the_screen_and_the_focused_field(kiosk: Any) -> None:
    """Through the real window, with the engine interface's mock engine."""
    k = kiosk
    assert k.all("readAloud") == []  # off unless the config names an engine
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
