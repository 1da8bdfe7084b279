"""Read aloud through Qt TextToSpeech's engine interface (its "mock" engine): what a
screen says, in its language; silence on stop; no engine is no voice, not a failure."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import pytest
from PySide6.QtCore import QProcess

from ui import speech_model
from ui.speech_model import SpeechModel
from ui.voice_process import choose_engine, pick_voice


def model(qtbot: Any, engine: str, language: str = "zh_CN") -> SpeechModel:
    fields = {"field_name": ("老年人姓名", "请输入老年人姓名")}
    return SpeechModel(lambda: language, lambda f: fields.get(f, ("", "")), engine=engine)


def test_a_screen_is_read_with_its_focused_field(qtbot: Any) -> None:
    """Through the voice process and Qt's mock engine: what is said, and silence."""
    m = model(qtbot, "mock")
    m.read("申请信息", "请填写申请信息", "field_name")
    said = ["申请信息", "请填写申请信息", "老年人姓名", "请输入老年人姓名"]
    assert m.property("lastSaid") == said
    assert m.engine == "mock"
    process = m.process
    assert process is not None and process.processId() != os.getpid()
    qtbot.waitUntil(lambda: m.property("speaking"), timeout=20_000)  # heard from the child
    m.stop()
    qtbot.waitUntil(lambda: not m.property("speaking"), timeout=10_000)
    assert m.property("lastSaid") == []
    m.close()
    assert process.state() == QProcess.ProcessState.NotRunning and m.process is None


def test_without_an_engine_the_kiosk_goes_on_silently(qtbot: Any) -> None:
    m = model(qtbot, "no-such-engine")
    assert m.property("available")
    m.read("申请信息", "请填写申请信息", "")
    assert not m.property("available") and m.property("lastSaid") == []
    assert m.process is None  # nothing started for nothing
    m.read("again", "", "")  # a second tap: still nothing, no error
    m.close()


def test_a_closed_model_says_nothing(qtbot: Any) -> None:
    m = model(qtbot, "mock")
    m.close()
    m.read("申请信息", "", "")
    assert m.property("lastSaid") == [] and m.process is None


def test_auto_takes_the_platforms_engine_never_the_mock() -> None:
    assert choose_engine("auto", ["mock", "speechd"]) == "speechd"
    assert choose_engine("auto", ["sapi", "winrt", "mock"]) == "winrt"
    assert choose_engine("auto", ["mock"]) is None
    assert choose_engine("mock", ["mock", "speechd"]) == "mock"
    assert choose_engine("flite", ["speechd"]) is None
    assert choose_engine("", ["speechd"]) is None


def test_an_engine_that_cannot_start_is_no_voice(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine is listed but cannot be made: the voice process says so and ends."""
    monkeypatch.setattr(speech_model, "installed_engines", lambda: ["no-such-plugin"])
    m = model(qtbot, "no-such-plugin")
    m.read("申请信息", "", "")
    qtbot.waitUntil(lambda: not m.property("available"), timeout=20_000)
    m.close()


def test_a_voice_that_never_answers_is_stopped_and_the_kiosk_goes_on(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hang seen in speech-dispatcher's client library: the voice takes the command
    and never answers. The UI thread does not wait for it; the voice is killed after
    the deadline, and the next tap starts a fresh one."""
    monkeypatch.setattr(speech_model, "ANSWER_MS", 300)
    monkeypatch.setattr(speech_model, "installed_engines", lambda: ["mock"])
    hung = [sys.executable, "-c", "import time; time.sleep(120)"]
    m = SpeechModel(lambda: "zh_CN", lambda _f: ("", ""), engine="mock", command=lambda _e: hung)
    started = time.monotonic()
    m.read("申请信息", "", "")
    assert time.monotonic() - started < 2  # the tap returns at once
    first = m.process
    assert first is not None
    pid = first.processId()
    qtbot.waitUntil(lambda: m.process is None, timeout=10_000)
    # Killed without the UI thread waiting: reaped when its end is heard, so wait for it.
    qtbot.waitUntil(lambda: not _alive(pid), timeout=10_000)
    with pytest.raises(ProcessLookupError):  # killed, and reaped
        os.kill(pid, 0)
    assert m.property("available") and not m.property("speaking")
    m.read("第二次", "", "")
    assert m.process is not None and m.process.processId() != pid
    m.close()
    assert m.process is None


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


def test_chinese_is_read_by_a_chinese_voice() -> None:
    """speechd lists espeak-ng's Mandarin under the "C" locale: taken by its name."""
    assert pick_voice("zh_CN", ["en_GB", "zh_CN"], []) == ("locale", 1)
    mandarin = ["English (Great Britain)", "Chinese (Mandarin, latin as English)"]
    assert pick_voice("zh_CN", ["C", "en_GB", "yue_HK"], mandarin) == ("voice", 1)
    assert pick_voice("en_US", ["C", "en_GB"], mandarin) == ("locale", 1)
    assert pick_voice("zh_CN", ["en_GB"], ["English"]) == ("", -1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
