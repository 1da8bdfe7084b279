"""The 朗读 (read aloud) button: Qt TextToSpeech, off until tapped, in a child process.

What a screen says is kiosk.read_aloud's; this object hands it to the voice process
(ui/voice_process.py) in the screen's language, at the configured volume, one JSON line
at a time over its stdin, through QProcess: the UI thread never waits for an engine.
The engine cannot live in the kiosk's process, not even on a thread: PySide holds
Python's lock while Qt runs, and speechd's engine was seen to wait for good inside
speech-dispatcher's client library, which froze every thread. A child that stops
answering (no "ok" within `ANSWER_MS` of a command) is killed; the next tap starts a
fresh one.

`[ui] read_aloud_engine` names the engine: "auto" (the default) takes the platform's
(speechd on Debian, UOS and Kylin; WinRT or SAPI on Windows 10), "" turns read aloud off.
A terminal without an engine, or whose engine fails, keeps working: the button hides and
the failure is logged once. The process starts at the first tap, never at start; the
wipe between applicants and close() stop any speech; close() ends the process.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import Property, QObject, QProcess, QTimer, Signal, Slot

from kiosk.read_aloud import ScreenReading, script
from ui.voice_process import choose_engine, installed_engines

log = logging.getLogger(__name__)

ANSWER_MS = 8000  # a command's "ok" (the first one waits for the engine to be made)
STOP_MS = 2000  # close(): the process's time to end before it is killed


def voice_command(engine: str) -> list[str]:
    """How to start the voice process: the bundle's own executable, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--voice", engine]
    return [sys.executable, "-m", "ui.voice_process", engine]


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
        command: Callable[[str], Sequence[str]] = voice_command,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._language, self._field_texts = language, field_texts
        self._wanted, self._volume = engine or "", volume
        self._command = command
        self._engine: str | None = None  # the one chosen, at the first tap
        self._failed = not engine  # no engine named: no button
        self._process: QProcess | None = None
        self._buffer = b""
        self._pending = 0  # commands sent and not yet answered
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(ANSWER_MS)
        self._watchdog.timeout.connect(self._no_answer)
        self._speaking = False
        self._last: list[str] = []
        self._closed = False

    # --- the voice process ------------------------------------------------------------

    def _start(self) -> bool:
        """The voice process, started at the first tap; False: no engine."""
        if self._process is not None:
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
        program, *args = self._command(engine)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._heard)
        process.finished.connect(self._ended)
        process.errorOccurred.connect(self._process_error)
        self._process, self._buffer, self._pending = process, b"", 0
        process.start(program, args)
        return True

    def _send(self, command: dict[str, object]) -> None:
        if self._process is None:
            return
        self._process.write((json.dumps(command, ensure_ascii=False) + "\n").encode("utf-8"))
        self._pending += 1
        if not self._watchdog.isActive():
            self._watchdog.start()

    @Slot()
    def _heard(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if line == "ok":
                self._pending = max(0, self._pending - 1)
                if self._pending == 0:
                    self._watchdog.stop()
                else:
                    self._watchdog.start()
            elif line in ("speaking", "idle"):
                self._set_speaking(line == "speaking")
            elif line.startswith("failed"):
                self._give_up(line.removeprefix("failed").strip())

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.changed.emit()

    @Slot()
    def _no_answer(self) -> None:
        """The voice stopped answering (its engine hangs): killed; the next tap starts a
        fresh one."""
        log.error("the read-aloud voice (%s) does not answer: stopped", self._engine)
        self._end_process(wait=False)
        self._set_speaking(False)

    @Slot(int, QProcess.ExitStatus)
    def _ended(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self._process is not None and not self._closed:
            log.warning("the read-aloud voice ended (exit %d)", code)
            self._process.deleteLater()
            self._process = None
            self._watchdog.stop()
            self._set_speaking(False)

    @Slot(QProcess.ProcessError)
    def _process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up("the voice process did not start")

    def _give_up(self, reason: str) -> None:
        if not self._failed:
            log.warning("read aloud is not available: %s", reason)
        self._failed, self._speaking, self._last = True, False, []
        self.changed.emit()

    def _end_process(self, *, wait: bool = True) -> None:
        """The voice ends: told to (its stdin closed) and waited for a bounded time, then
        killed (close()); or, hung, killed at once and never waited for (the UI thread
        does not wait: it is reaped, then deleted, once it has ended)."""
        process, self._process = self._process, None
        self._watchdog.stop()
        if process is None:
            return
        process.finished.disconnect(self._ended)
        if process.state() == QProcess.ProcessState.NotRunning:
            process.deleteLater()
        elif not wait:
            process.finished.connect(process.deleteLater)
            process.kill()
        else:
            process.closeWriteChannel()  # stdin's end: the voice quits
            if not process.waitForFinished(STOP_MS):
                process.kill()
                process.waitForFinished(STOP_MS)
            process.deleteLater()

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
        self._send({"do": "say", "text": joined, "language": language, "volume": self._volume})
        self.changed.emit()

    def configure(self, engine: str, volume: float) -> None:
        """The config's engine and volume (known once the config is checked, after the
        first frame); an empty engine turns read aloud off."""
        if self._process is None:
            self._wanted, self._failed = engine, not engine
        self._volume = volume
        self.changed.emit()

    @Slot()
    def stop(self) -> None:
        """Silence (the applicant left, or tapped again)."""
        self._last = []
        self._send({"do": "stop"})
        self.changed.emit()

    def close(self) -> None:
        """Silence, and end the voice process (killed if it does not end)."""
        self._closed = True
        self._end_process()

    @property
    def engine(self) -> str | None:
        return self._engine

    @property
    def process(self) -> QProcess | None:
        return self._process

    available = Property(bool, lambda s: not s._failed, notify=changed)
    speaking = Property(bool, lambda s: s._speaking, notify=changed)
    lastSaid = Property(list, lambda s: list(s._last), notify=changed)
