"""The 朗读 (read aloud) button: Qt TextToSpeech, off until tapped, on its own thread.

What a screen says is kiosk.read_aloud's; this object hands it to the voice (ui.speech_
voice.Voice) on the speech thread, in the screen's language, at the configured volume,
through queued signals: the UI thread never waits for an engine. The thread starts at
the first tap, never at start (the first frame must not wait for speech-dispatcher).

`[ui] read_aloud_engine` names the engine: "auto" (the default) takes the platform's
(speechd on Debian, UOS and Kylin; WinRT or SAPI on Windows 10), "" turns read aloud off.
A terminal without an engine, or whose engine fails, keeps working: the button hides and
the failure is logged once. The wipe between applicants and close() stop any speech;
close() ends the thread (a thread stuck in an engine that never answered is cut off
after a deadline, so the kiosk still stops).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QThread, Signal, Slot

from kiosk.read_aloud import ScreenReading, script
from ui.speech_voice import Voice, choose_engine, installed_engines

log = logging.getLogger(__name__)

STOP_MS = 3000  # close(): the speech thread's time to end before it is cut off


class SpeechModel(QObject):
    """`read(heading, guidance, focus)` from QML; `available` says whether to show 朗读."""

    changed = Signal()
    # To the voice, on its thread (queued).
    _say = Signal(str, str, float)
    _hush = Signal()
    _finish = Signal()

    def __init__(
        self,
        language: Callable[[], str],
        field_texts: Callable[[str], tuple[str, str]],
        *,
        engine: str | None = None,
        volume: float = 0.8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._language, self._field_texts = language, field_texts
        self._wanted, self._volume = engine or "", volume
        self._engine: str | None = None  # the one chosen, at the first tap
        self._failed = not engine  # no engine named: no button
        self._thread: QThread | None = None
        self._voice: Voice | None = None
        self._speaking = False
        self._last: list[str] = []
        self._closed = False

    # --- the voice's thread ---------------------------------------------------------

    def _start(self) -> bool:
        """The speech thread with its voice, made at the first tap; False: no engine."""
        if self._voice is not None:
            return True
        if self._failed or self._closed:
            return False
        try:
            engine = choose_engine(self._wanted, installed_engines())
        except Exception as error:  # no QtTextToSpeech at all
            engine, reason = None, str(error)
        else:
            reason = f"no speech engine {self._wanted!r}"
        if engine is None:
            self._give_up(reason)
            return False
        self._engine = engine
        thread = QThread()
        thread.setObjectName("speech")
        voice = Voice(engine)
        voice.moveToThread(thread)
        self._say.connect(voice.say)
        self._hush.connect(voice.hush)
        self._finish.connect(voice.finish)
        voice.speaking.connect(self._voice_speaking)
        voice.failed.connect(self._give_up)
        self._thread, self._voice = thread, voice
        thread.start()
        return True

    @Slot(bool)
    def _voice_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.changed.emit()

    @Slot(str)
    def _give_up(self, reason: str) -> None:
        if not self._failed:
            log.warning("read aloud is not available: %s", reason)
        self._failed, self._speaking, self._last = True, False, []
        self.changed.emit()

    # --- from QML and the app ---------------------------------------------------------

    @Slot(str, str, str)
    def read(self, heading: str, guidance: str, focus: str) -> None:
        """Say the screen's heading, its guidance and the focused field (objectName)."""
        if self._closed:
            return
        label, error = self._field_texts(focus) if focus else ("", "")
        sentences = script(ScreenReading(heading, guidance, label, error))
        if not sentences or not self._start():
            return
        self._last = sentences
        language = self._language()
        joined = "。".join(sentences) if language.startswith("zh") else ". ".join(sentences)
        self._say.emit(joined, language, self._volume)
        self.changed.emit()

    def configure(self, engine: str, volume: float) -> None:
        """The config's engine and volume (known once the config is checked, after the
        first frame); an empty engine turns read aloud off."""
        if self._voice is None:
            self._wanted, self._failed = engine, not engine
        self._volume = volume
        self.changed.emit()

    @Slot()
    def stop(self) -> None:
        """Silence (the applicant left, or tapped again)."""
        self._last = []
        if self._voice is not None:
            self._hush.emit()
        self.changed.emit()

    def close(self) -> None:
        """Silence, and end the speech thread (cut off if its engine never answered)."""
        self._closed = True
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._finish.emit()
        if not thread.wait(STOP_MS):
            log.error("the speech thread did not end (its engine hangs): cut off")
            thread.terminate()
            thread.wait(STOP_MS)
        self._voice = None

    @property
    def engine(self) -> str | None:
        return self._engine

    @property
    def speech_thread(self) -> QThread | None:
        return self._thread

    available = Property(bool, lambda s: not s._failed, notify=changed)
    speaking = Property(bool, lambda s: s._speaking, notify=changed)
    lastSaid = Property(list, lambda s: list(s._last), notify=changed)
