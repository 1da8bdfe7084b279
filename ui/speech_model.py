"""The 朗读 (read aloud) button's voice: Qt TextToSpeech, off until tapped.

Only with an engine named in the config (`[ui] read_aloud_engine`): Qt makes an engine
on the calling thread, and speechd's (speech-dispatcher) was seen to block there for
good when its daemon did not answer, which on the UI thread is a dead kiosk. Until the
engine runs on a thread of its own, a hall turns it on where its engine is known to
answer.

What a screen says is kiosk.read_aloud's; this object only hands it to the engine, in the
screen's language, at the configured volume. The engine is made at the first tap, never
at start (the first frame must not wait for speech-dispatcher). A terminal without any
engine, or whose engine fails, keeps working: the button hides and the failure is
logged once. The wipe between applicants and close() stop any speech.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot

from kiosk.read_aloud import ScreenReading, script

log = logging.getLogger(__name__)


class SpeechModel(QObject):
    """`read(heading, guidance, focus)` from QML; `available` says whether to show 朗读."""

    changed = Signal()

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
        self._engine_name, self._volume = engine, volume
        self._tts: Any = None
        self._failed = not engine  # no engine named: no button
        self._last: list[str] = []
        self._closed = False

    def _engines(self) -> list[str]:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return [str(e) for e in QTextToSpeech.availableEngines()]

    def _engine(self) -> Any:
        """The engine, made at the first use; None when there is none."""
        if self._tts is not None or self._failed:
            return self._tts
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech

            engines = self._engines()
            name = self._engine_name
            if not name or name not in engines:
                raise RuntimeError(f"no speech engine {name!r} (found: {engines})")
            self._tts = QTextToSpeech(name, self)
            # A lambda, not a method: no slot is added to this object's meta-object.
            self._tts.errorOccurred.connect(lambda _reason, message: self._engine_error(message))
            if self._tts.state() == QTextToSpeech.State.Error:  # e.g. no speech-dispatcher
                raise RuntimeError(f"{name}: {self._tts.errorString()}")
            self._tts.setVolume(self._volume)
        except Exception as error:  # no engine: the kiosk goes on without a voice
            log.warning("read aloud is not available: %s", error)
            self._failed = True
            self._tts = None
            self.changed.emit()
        return self._tts

    def _engine_error(self, message: str) -> None:
        log.warning("the speech engine failed: %s", message)
        self._failed = True
        self.changed.emit()

    def _set_locale(self, tts: Any) -> None:
        wanted = QLocale(self._language())
        for locale in tts.availableLocales():
            if locale.language() == wanted.language():
                tts.setLocale(locale)
                return

    @Slot(str, str, str)
    def read(self, heading: str, guidance: str, focus: str) -> None:
        """Say the screen's heading, its guidance and the focused field (objectName)."""
        if self._closed:
            return
        label, error = self._field_texts(focus) if focus else ("", "")
        sentences = script(ScreenReading(heading, guidance, label, error))
        tts = self._engine()
        if tts is None or not sentences:
            return
        self._last = sentences
        self._set_locale(tts)
        tts.stop()
        tts.say("。".join(sentences) if self._language().startswith("zh") else ". ".join(sentences))
        self.changed.emit()

    def configure(self, engine: str, volume: float) -> None:
        """The config's engine and volume (known once the config is checked, after the
        first frame); an empty engine turns read aloud off."""
        if self._tts is None:
            self._engine_name, self._failed = engine, not engine
        self._volume = volume
        if self._tts is not None:
            self._tts.setVolume(volume)
        self.changed.emit()

    @Slot()
    def stop(self) -> None:
        """Silence (the applicant left, or tapped again)."""
        self._last = []
        if self._tts is not None:
            self._tts.stop()
        self.changed.emit()

    def close(self) -> None:
        self._closed = True
        if self._tts is not None:
            self._tts.stop()  # the engine is this object's child: it goes with it

    available = Property(bool, lambda s: not s._failed, notify=changed)
    lastSaid = Property(list, lambda s: list(s._last), notify=changed)
