"""The read-aloud voice in a process of its own: Qt TextToSpeech's engine lives there.

Why a process, not a thread: PySide calls into Qt holding Python's lock (the GIL), and
speechd's engine was seen to wait for good inside speech-dispatcher's client library
(spd_open, spd_execute_command) when the daemon stopped answering. On a thread of the
kiosk that froze every thread, the UI's too; in a child process it freezes only the
child, which the kiosk kills (ui/speech_model.py).

The child reads one JSON command a line on stdin ({"do": "say", "text", "language",
"volume"} or {"do": "stop"}), answers each with "ok" on stdout once the engine has it,
and reports "ready", "speaking", "idle" and "failed <why>". stdin closing (the kiosk
gone, however it went) ends it. Run as `python -m ui.voice_process ENGINE`, or, in the
bundle, as `kiosk --voice ENGINE`.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal, Slot

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


# espeak-ng's Mandarin voice, which Qt's speechd plugin lists under the "C" locale (it
# does not know "cmn"), so no zh locale is offered for it.
MANDARIN = "Chinese (Mandarin"


def pick_voice(language: str, locales: list[str], voices: list[str]) -> tuple[str, int]:
    """How to speak `language`: ("locale", i) for locales[i], ("voice", i) for voices[i]
    when only a voice by name fits (Mandarin on speechd), ("", -1) for the default."""
    wanted = language.split("_")[0]
    for i, name in enumerate(locales):
        if name.split("_")[0] == wanted:
            return "locale", i
    if wanted == "zh":
        for i, name in enumerate(voices):
            if name.startswith(MANDARIN):
                return "voice", i
    return "", -1


def _tell(line: str) -> None:
    sys.stdout.write(line.replace("\n", " ") + "\n")
    sys.stdout.flush()


class _Commands(QObject):
    """stdin's lines, read on a thread, handed to the main thread (queued)."""

    line = Signal(str)
    ended = Signal()

    def read(self) -> None:
        for raw in sys.stdin:
            self.line.emit(raw)
        self.ended.emit()


class _Voice(QObject):
    def __init__(self, tts: Any) -> None:
        super().__init__()
        self._tts = tts

    @Slot(str)
    def run(self, raw: str) -> None:
        try:
            command = json.loads(raw)
            if command.get("do") == "say":
                self._say(str(command["text"]), str(command["language"]), command["volume"])
            elif command.get("do") == "stop":
                self._tts.stop()
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            _tell(f"failed bad command: {error}")
        _tell("ok")

    def _say(self, words: str, language: str, volume: Any) -> None:
        locales = list(self._tts.availableLocales())
        names = [QLocale(loc).name() for loc in locales]
        voices: list[Any] = []
        if language.startswith("zh") and not any(n.startswith("zh") for n in names):
            # The voices are listed per locale: the Mandarin one is under "C".
            self._tts.setLocale(QLocale.c())
            voices = list(self._tts.availableVoices())
        how, at = pick_voice(language, names, [v.name() for v in voices])
        if how == "locale":
            self._tts.setLocale(locales[at])
        elif how == "voice":
            self._tts.setVoice(voices[at])
        self._tts.setVolume(min(1.0, max(0.0, float(volume))))
        self._tts.stop()
        self._tts.say(words[:2000])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    engine = args[0] if args else ""
    app = QCoreApplication([sys.argv[0]])
    from PySide6.QtTextToSpeech import QTextToSpeech

    from kiosk import speech_probe

    if engine == "speechd" and not speech_probe.ready():
        _tell("failed speech-dispatcher does not answer")
        return 3
    tts = QTextToSpeech(engine)
    if tts.state() == QTextToSpeech.State.Error:
        _tell(f"failed {engine}: {tts.errorString()}")
        return 3
    speaking = QTextToSpeech.State.Speaking
    tts.stateChanged.connect(lambda state: _tell("speaking" if state == speaking else "idle"))
    tts.errorOccurred.connect(lambda _reason, message: _tell(f"failed {message}"))
    voice, commands = _Voice(tts), _Commands()
    commands.line.connect(voice.run)
    commands.ended.connect(app.quit)
    threading.Thread(target=commands.read, name="stdin", daemon=True).start()
    _tell("ready")
    code = app.exec()
    tts.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
