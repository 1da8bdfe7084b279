"""The reader's own process: polls the backend and reports on stdout, one JSON line each.

Started by devices.id_card.process as ``python -m devices.id_card.worker '<json>'`` (in
the bundle: ``kiosk --id-card-reader '<json>'``), the settings being
devices.id_card.settings.ReaderSettings as JSON. A vendor's library may hang or crash:
only this process suffers, and the kiosk restarts it.

Lines written (nothing else ever is: the process's own stdout, where a library may
print, goes to /dev/null; the lines go to a copy of it made first):

- ``{"state": "ready" | "no_reader" | "fault", "detail": code}`` when the state changes;
- ``{"alive": n}`` every cycle, the heartbeat the kiosk watches;
- ``{"card": {...}}`` a card read (IdCard.to_wire: only ever on this pipe, never logged);
- ``{"unreadable": code, "reason": reason}`` a card that could not be read.

Lines read from stdin: ``{"do": "stop"}`` ends the process, as stdin closing does (the
kiosk gone); with the "fake" backend ``{"do": "place"}`` / ``{"do": "lift"}`` move the
demo's card.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import IO, Any, Final

from devices.id_card.backend import FakeBackend, Reader, make_reader
from devices.id_card.faults import BadSettings, CardUnreadable, ReaderFault, ReaderNotFound
from devices.id_card.settings import ReaderSettings

log = logging.getLogger("devices.id_card.worker")

REOPEN_S: Final = 2.0  # between attempts to open a reader that is not there or not ready
MAX_COMMAND: Final = 1024  # a line from the kiosk is a short command

Emit = Callable[[dict[str, Any]], None]


def _channel() -> IO[bytes]:
    """The pipe to the kiosk: a copy of stdout; stdout itself then goes to /dev/null."""
    sys.stdout.flush()
    pipe = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return pipe


def _emitter(pipe: IO[bytes], stop: threading.Event) -> Emit:
    lock = threading.Lock()

    def emit(event: dict[str, Any]) -> None:
        line = json.dumps(event, ensure_ascii=False).encode() + b"\n"
        with lock:
            try:
                pipe.write(line)
            except (BrokenPipeError, OSError):
                stop.set()  # the kiosk is gone

    return emit


def _listen(stdin: IO[bytes], stop: threading.Event, commands: deque[str]) -> None:
    """Read the kiosk's commands until stdin closes or says stop."""
    try:
        while not stop.is_set():
            line = stdin.readline(MAX_COMMAND)
            if not line:
                break
            try:
                command = json.loads(line)
            except ValueError:
                continue
            do = command.get("do") if isinstance(command, dict) else None
            if do == "stop":
                break
            if isinstance(do, str):
                commands.append(do)
    except (OSError, ValueError):
        pass
    stop.set()


class _Loop:
    """The poll loop: open (again) when needed, poll, report."""

    def __init__(self, settings: ReaderSettings, emit: Emit, stop: threading.Event) -> None:
        self.settings, self.emit, self.stop = settings, emit, stop
        self.reader: Reader | None = None
        self.state: tuple[str, str] | None = None
        self.next_open = 0.0

    def set_state(self, state: str, detail: str) -> bool:
        """Report the state if it changed; whether it did."""
        if self.state == (state, detail):
            return False
        self.state = (state, detail)
        self.emit({"state": state, "detail": detail})
        return True

    def drop(self, fault: ReaderFault) -> None:
        state = "no_reader" if isinstance(fault, ReaderNotFound) else "fault"
        if self.set_state(state, fault.code):  # once, not at every attempt to open again
            log.warning("%s", fault)
        if self.reader is not None:
            self.reader.close()
        self.reader = None
        self.next_open = time.monotonic() + REOPEN_S

    def try_open(self) -> None:
        try:
            reader = make_reader(self.settings)
            reader.open()
        except ReaderFault as fault:
            self.drop(fault)
            return
        self.reader = reader
        self.set_state("ready", "")

    def command(self, do: str) -> None:
        if isinstance(self.reader, FakeBackend):
            if do == "place":
                self.reader.place()
            elif do == "lift":
                self.reader.lift()

    def cycle(self) -> None:
        if self.reader is None:
            if time.monotonic() < self.next_open:
                self.stop.wait(self.settings.poll_s)
                return
            self.try_open()
            if self.reader is None:
                return
        try:
            card = self.reader.poll()
        except CardUnreadable as exc:
            log.info("a card could not be read: %s", exc.reason)
            self.emit({"unreadable": exc.code, "reason": exc.reason})
        except ReaderFault as fault:
            self.drop(fault)
        else:
            if card is not None:
                self.emit({"card": card.to_wire()})

    def run(self, commands: deque[str]) -> None:
        alive = 0
        try:
            while not self.stop.is_set():
                alive += 1
                self.emit({"alive": alive})
                while commands:
                    self.command(commands.popleft())
                self.cycle()
        finally:
            if self.reader is not None:
                self.reader.close()


def main(argv: Sequence[str]) -> int:
    """The worker's entry point: ``argv`` is ``[settings_json]``; 0 when told to stop."""
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="id-card-reader: %(message)s"
    )
    stop = threading.Event()
    # SIGTERM (the kiosk's terminate()) ends the loop in order, in the bundle as well,
    # where kiosk.__main__ has put its own handler in place.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    emit = _emitter(_channel(), stop)
    try:
        settings = ReaderSettings.from_json(argv[0] if argv else "")
    except ValueError as exc:
        log.error("bad settings: %s", exc)
        emit({"state": "fault", "detail": BadSettings.code})
        return 2
    commands: deque[str] = deque()
    threading.Thread(
        target=_listen, args=(sys.stdin.buffer, stop, commands), name="stdin", daemon=True
    ).start()
    try:
        _Loop(settings, emit, stop).run(commands)
    except Exception:
        log.exception("the reader's loop failed")
        emit({"state": "fault", "detail": "internal"})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
