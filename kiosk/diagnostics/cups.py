"""The A4 printer's CUPS queue, from ``lpstat -p <queue>`` (run with LC_ALL=C, 2 s).

``lpstat`` words its answer per printer state (CUPS' systemv/lpstat.c), e.g.::

    printer A4 is idle.  enabled since Thu 26 Nov 2026 10:30:00 AM CST
    printer A4 now printing A4-12.  enabled since Thu 26 Nov 2026 10:31:02 AM CST
    printer A4 disabled since Thu 26 Nov 2026 10:40:00 AM CST -
    \treason unknown
    printer A4 is holding new jobs.  enabled since ...
    lpstat: Invalid destination name in list "A4".      (CUPS 2.3 on; before: Unknown destination)

LC_ALL=C pins that wording (a Chinese locale would translate it). The state is one word
(`CupsState`, also the heartbeat's `a4_status`); `detail` is the printer's own message
line (a disabled queue's reason), cut short.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass
from enum import StrEnum

TIMEOUT_S = 2.0
MAX_OUTPUT = 16 * 1024  # characters of lpstat's answer looked at
DETAIL_CHARS = 200


class CupsState(StrEnum):
    IDLE = "idle"
    PRINTING = "printing"
    DISABLED = "disabled"
    HELD = "held"  # enabled, holding new jobs
    UNKNOWN_QUEUE = "unknown_queue"
    NO_CUPS = "no_cups"  # lpstat is not installed
    NO_SCHEDULER = "no_scheduler"  # cupsd is not running or not reachable
    NOT_CONFIGURED = "none"  # no `[documents] cups_queue`: PDFs are only saved
    UNKNOWN = "unknown"  # lpstat timed out, or said something not understood


@dataclass(frozen=True)
class CupsQueue:
    queue: str | None
    state: CupsState
    detail: str | None = None


_MISSING = re.compile(
    r"invalid destination name|unknown destination|no destinations added|"
    r"does not exist|not found",
    re.IGNORECASE,
)
_NO_SCHEDULER = re.compile(
    r"scheduler is not running|unable to connect|connection refused|bad file descriptor|"
    r"no such file or directory",
    re.IGNORECASE,
)


def parse_lpstat(queue: str, stdout: str, stderr: str = "") -> CupsQueue:
    """The queue's state from what ``lpstat -p <queue>`` wrote (LC_ALL=C)."""
    out, err = stdout[:MAX_OUTPUT], stderr[:MAX_OUTPUT]
    lines = out.splitlines()
    mine = f"printer {queue} "
    for i, line in enumerate(lines):
        if not line.startswith(mine):
            continue
        rest = line[len(mine) :]
        # The message line(s) after it are indented with a tab.
        following = lines[i + 1] if i + 1 < len(lines) else ""
        detail = following.strip()[:DETAIL_CHARS] if following.startswith(("\t", " ")) else None
        if rest.startswith("is idle"):
            return CupsQueue(queue, CupsState.IDLE, detail)
        if rest.startswith("now printing"):
            return CupsQueue(queue, CupsState.PRINTING, detail)
        if rest.startswith("disabled"):
            return CupsQueue(queue, CupsState.DISABLED, detail or None)
        if rest.startswith("is holding new jobs"):
            return CupsQueue(queue, CupsState.HELD, detail)
        return CupsQueue(queue, CupsState.UNKNOWN, rest.strip()[:DETAIL_CHARS])
    said = (err.strip() or out.strip())[:DETAIL_CHARS] or None
    if said and _NO_SCHEDULER.search(said):
        return CupsQueue(queue, CupsState.NO_SCHEDULER, said)
    if said and _MISSING.search(said):
        return CupsQueue(queue, CupsState.UNKNOWN_QUEUE, said)
    return CupsQueue(queue, CupsState.UNKNOWN, said)


def queue_state(
    queue: str | None, *, lpstat: str = "lpstat", timeout: float = TIMEOUT_S
) -> CupsQueue:
    """Ask CUPS about `queue` (blocking, at most `timeout`): run it on the printer lane."""
    if not queue:
        return CupsQueue(None, CupsState.NOT_CONFIGURED)
    if queue.startswith("-") or any(c.isspace() or c in "\x00/#" for c in queue):
        # Not a CUPS name (and never an option smuggled to lpstat).
        return CupsQueue(queue[:64], CupsState.UNKNOWN_QUEUE, "not a CUPS queue name")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        # A session of its own, so that a timeout ends whatever it started too (a child
        # holding the pipes would keep communicate() waiting after lpstat itself died).
        proc = subprocess.Popen(
            [lpstat, "-p", queue],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except FileNotFoundError:
        return CupsQueue(queue, CupsState.NO_CUPS, "lpstat not found (package cups-client)")
    except OSError as e:
        return CupsQueue(queue, CupsState.NO_CUPS, f"cannot run lpstat: {e.strerror or e}")
    with proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.communicate()
            return CupsQueue(
                queue, CupsState.UNKNOWN, f"lpstat did not answer within {timeout:g} s"
            )
    stdout = out[: MAX_OUTPUT * 4].decode("utf-8", "replace")
    stderr = err[: MAX_OUTPUT * 4].decode("utf-8", "replace")
    return parse_lpstat(queue, stdout, stderr)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End `proc` and its session (POSIX), or `proc` alone (Windows)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        proc.kill()
