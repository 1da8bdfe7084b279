"""The run record: each start of the kiosk in a small JSON file in the data folder.

`start(now)` appends this run (the machine's boot id, the pid, the start time, not yet
clean); `seen(now)` moves its last known time on (the heartbeat's cadence); `end(now)`
marks it clean. A run that never ended cleanly is a crash (or a power cut): its last
known time is the crash's. Restarts since boot are the runs of this boot, less this one.

The file is bounded (the last `KEEP` runs), written atomically (a power cut leaves the
old file or the new one), and read with a size limit; a corrupt or hostile file is
logged and replaced, never a crash: the figures then start again from this run.
Thread-safe; the answers come from memory (the heartbeat asks them on any thread).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.atomic import write_atomic
from kiosk.diagnostics.machine import boot_id

log = logging.getLogger(__name__)

FILE_NAME = "runs.json"
KEEP = 50
MAX_BYTES = 64 * 1024  # 50 runs take some 8 KB; anything larger is not ours
_VERSION = 1


@dataclass(frozen=True)
class Run:
    """One start of the kiosk."""

    boot: str | None
    pid: int
    started_at: datetime
    last_seen_at: datetime
    clean: bool = False
    ended_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "boot": self.boot,
            "pid": self.pid,
            "started_at": self.started_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
            "clean": self.clean,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Run:
        """Raises ValueError (or TypeError) for anything that is not a run we wrote."""
        if not isinstance(data, dict):
            raise ValueError("a run is not an object")
        boot, pid, clean = data.get("boot"), data.get("pid"), data.get("clean")
        if boot is not None and (not isinstance(boot, str) or len(boot) > 64):
            raise ValueError("bad boot id")
        if not isinstance(pid, int) or isinstance(pid, bool) or not 0 <= pid < 2**32:
            raise ValueError("bad pid")
        if not isinstance(clean, bool):
            raise ValueError("bad clean flag")
        ended = data.get("ended_at")
        return cls(
            boot,
            pid,
            _moment(data.get("started_at")),
            _moment(data.get("last_seen_at")),
            clean,
            None if ended is None else _moment(ended),
        )


def _moment(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("bad time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without its offset")
    return moment


class RunRecord:
    """The kiosk's runs in `<data_dir>/runs.json`."""

    def __init__(
        self,
        data_dir: Path,
        *,
        pid: int | None = None,
        boot: Callable[[], str | None] = boot_id,
    ) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self._pid = os.getpid() if pid is None else pid
        self._boot = boot
        self._lock = threading.Lock()
        self._runs: list[Run] | None = None  # read once, then kept in memory
        self._current: int | None = None  # this run's index in _runs once started

    # -- reading ---------------------------------------------------------------------------

    def _load(self) -> list[Run]:
        """The runs on file; [] for none, or for a file that is corrupt (replaced later)."""
        try:
            with self.path.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return []
        except OSError as e:
            log.warning("run record %s unreadable: %s; starting a new one", self.path, e)
            return []
        try:
            if len(raw) > MAX_BYTES:
                raise ValueError(f"larger than {MAX_BYTES} bytes")
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("version") != _VERSION:
                raise ValueError("not a run record of this version")
            runs = data.get("runs")
            if not isinstance(runs, list):
                raise ValueError("no list of runs")
            return [Run.from_json(r) for r in runs[-KEEP:]]
        except (ValueError, TypeError, UnicodeDecodeError, RecursionError) as e:
            log.warning("run record %s is corrupt (%s); replacing it", self.path, e)
            return []

    def _loaded(self) -> list[Run]:
        if self._runs is None:
            self._runs = self._load()
        return self._runs

    def _save(self) -> None:
        runs = self._loaded()
        blob = json.dumps(
            {"version": _VERSION, "runs": [r.to_json() for r in runs]}, ensure_ascii=True
        ).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, blob)
        except OSError as e:  # a full disk must not stop the kiosk from starting
            log.warning("run record %s not written: %s", self.path, e)

    # -- writing ---------------------------------------------------------------------------

    def start(self, now: datetime) -> None:
        """This run began at `now` (once; a second call is ignored)."""
        with self._lock:
            if self._current is not None:
                return
            runs = self._loaded()
            runs.append(Run(self._boot(), self._pid, _utc(now), _utc(now)))
            del runs[:-KEEP]
            self._current = len(runs) - 1
            self._save()

    def seen(self, now: datetime) -> None:
        """This run was alive at `now`: a crash after it is dated from here."""
        self._update(now, clean=False)

    def end(self, now: datetime) -> None:
        """This run ends cleanly at `now`."""
        self._update(now, clean=True)

    def _update(self, now: datetime, *, clean: bool) -> None:
        with self._lock:
            if self._current is None:
                return
            runs = self._loaded()
            run = runs[self._current]
            if run.clean:
                return  # ended already
            runs[self._current] = Run(
                run.boot,
                run.pid,
                run.started_at,
                _utc(now),
                clean,
                _utc(now) if clean else None,
            )
            self._save()

    # -- the figures -------------------------------------------------------------------------

    def current(self) -> Run | None:
        with self._lock:
            return None if self._current is None else self._loaded()[self._current]

    def restarts_since_boot(self) -> int | None:
        """Kiosk starts since the machine booted, less this one; None: no boot id."""
        with self._lock:
            runs = self._loaded()
            boot = self._boot() if self._current is None else runs[self._current].boot
            if boot is None:
                return None
            count = sum(1 for r in runs if r.boot == boot)
            return max(0, count - (1 if self._current is not None else 0))

    def last_crash_at(self) -> datetime | None:
        """The last known time of the latest earlier run that did not end cleanly."""
        with self._lock:
            runs = self._loaded()
            for i in range(len(runs) - 1, -1, -1):
                if i != self._current and not runs[i].clean:
                    return runs[i].last_seen_at
            return None


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the run record needs aware times")
    return moment.astimezone(UTC)
