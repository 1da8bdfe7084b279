"""The read-aloud voice on a thread of its own: Qt TextToSpeech's engine lives there.

Qt makes an engine on the thread that asks for it, and speechd's can wait for good inside
speech-dispatcher's client library (spd_open) when the daemon does not answer. On the UI
thread that was a frozen kiosk; here it is at worst a silent one. The engine is made at
the first thing to say, after speech-dispatcher has answered a probe with a deadline
(kiosk.speech_probe). `SpeechModel` (ui/speech_model.py) talks to this object only
through queued signals and hears back the same way.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QLocale, QObject, QThread, Signal, Slot

from kiosk import speech_probe

log = logging.getLogger(__name__)

# The engines "auto" tries, in order: the platform's own, never the test engine.
AUTO = ("speechd", "winrt", "sapi", "darwin", "android", "flite")


def choose_engine(wanted: str, found: list[str]) -> str | None:
    """The engine to use: the named one if it is there; for "auto" the platform's."""
    if wanted == "auto":
        return next((name for name in AUTO if name in found), None)
    return wanted if wanted and wanted in found else None


def installed_engines() -> list[str]:
    """Qt's engine plugins (their metadata only: no engine is made)."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    return [str(e) for e in QTextToSpeech.availableEngines()]


class Voice(QObject):
    """The engine's owner, on the speech thread."""

    # On the speech thread, heard on the UI thread (queued).
    speaking = Signal(bool)
    failed = Signal(str)

    def __init__(self, engine: str) -> None:
        super().__init__()
        self._engine = engine
        self._tts: Any = None
        self._broken = False

    def _make(self) -> Any:
        if self._tts is not None or self._broken:
            return self._tts
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech

            if self._engine == "speechd" and not speech_probe.ready():
                raise RuntimeError("speech-dispatcher does not answer")
            tts = QTextToSpeech(self._engine, self)
            if tts.state() == QTextToSpeech.State.Error:
                raise RuntimeError(f"{self._engine}: {tts.errorString()}")
            tts.stateChanged.connect(self._state)
            tts.errorOccurred.connect(self._error)
            self._tts = tts
        except Exception as error:  # no voice: the kiosk goes on without one
            self._broken = True
            self.failed.emit(str(error))
        return self._tts

    @Slot(object)
    def _state(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.speaking.emit(state == QTextToSpeech.State.Speaking)

    @Slot(object, str)
    def _error(self, _reason: Any, message: str) -> None:
        self._broken = True
        self.failed.emit(message)

    @Slot(str, str, float)
    def say(self, words: str, language: str, volume: float) -> None:
        tts = self._make()
        if tts is None:
            return
        wanted = QLocale(language)
        for locale in tts.availableLocales():
            if locale.language() == wanted.language():
                tts.setLocale(locale)
                break
        tts.setVolume(volume)
        tts.stop()
        tts.say(words)

    @Slot()
    def hush(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    @Slot()
    def finish(self) -> None:
        """The last job: the engine goes with this thread, which then ends."""
        if self._tts is not None:
            self._tts.stop()
            shiboken6.delete(self._tts)  # on its own thread, where it must go
            self._tts = None
        thread = QThread.currentThread()
        self.moveToThread(None)  # type: ignore[arg-type]  # no thread: it has ended
        thread.quit()


__all__ = ["AUTO", "Voice", "choose_engine", "installed_engines"]
