"""The end of the kiosk's log for the diagnostics screen, masked once more.

At most `MAX_LINES` lines from at most the last `MAX_BYTES` of the file, each cut to
`LINE_CHARS`: a huge or binary log costs one bounded read. The file is masked when
written (kiosk.logsetup's MaskingFilter), but a log written by an older version, or by
something else, may not be: every line goes through kiosk.privacy.mask_text again.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.privacy import mask_text

MAX_LINES = 200
MAX_BYTES = 64 * 1024
LINE_CHARS = 500


def log_tail(path: Path, lines: int = MAX_LINES) -> list[str]:
    """The last `lines` (at most 200) lines of the log at `path`, oldest first, masked;
    [] when there is no log yet. Raises OSError when the file exists but cannot be read."""
    lines = max(0, min(lines, MAX_LINES))
    if lines == 0:
        return []
    try:
        f = path.open("rb")
    except FileNotFoundError:
        return []
    with f:
        size = f.seek(0, os.SEEK_END)
        start = max(0, size - MAX_BYTES)
        f.seek(start)
        blob = f.read(MAX_BYTES)
    rows = blob.decode("utf-8", "replace").splitlines()
    if start > 0 and rows:
        rows = rows[1:]  # the read began inside a line: its start is not there
    return [_clean(row) for row in rows[-lines:]]


def _clean(row: str) -> str:
    """One line, masked, with control characters shown as '?' (a terminal escape in a
    log must not reach the screen as one), cut to LINE_CHARS."""
    shown = "".join(c if c.isprintable() or c == "\t" else "?" for c in row[: LINE_CHARS * 2])
    # Masked before cutting: a number split by the cut would escape the pattern.
    masked = mask_text(shown)
    return masked if len(masked) <= LINE_CHARS else masked[: LINE_CHARS - 1] + "…"
