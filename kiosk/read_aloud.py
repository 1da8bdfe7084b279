"""What the 朗读 (read aloud) button says on a screen, in the screen's language.

For applicants who cannot read the screen well: the screen's heading, its one line of
guidance, and, when a form field has the focus, that field's label and its error. Each
piece once, in that order, without the decoration a voice should not say (a ▼, a
"×"). Plain Python: ui/speech_model.py hands the result to the speech engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Marks that mean something to the eye only.
_SILENT = re.compile(r"[▼▲►◄●•★☆✓✔×→←]")
_SPACES = re.compile(r"\s+")
MAX_CHARS = 600  # a screen's reading stays short: the applicant can tap again


@dataclass(frozen=True)
class ScreenReading:
    """The texts of one screen, as shown, in its language."""

    heading: str = ""
    guidance: str = ""
    field_label: str = ""
    field_error: str = ""


def _plain(text: str) -> str:
    return _SPACES.sub(" ", _SILENT.sub(" ", text)).strip()


def script(screen: ScreenReading) -> list[str]:
    """The sentences to say, in order: heading, guidance, the focused field and its error."""
    out: list[str] = []
    for piece in (screen.heading, screen.guidance, screen.field_label, screen.field_error):
        said = _plain(piece)
        if said and said not in out:
            out.append(said)
    total, kept = 0, list[str]()
    for sentence in out:
        total += len(sentence)
        if total > MAX_CHARS and kept:
            break
        kept.append(sentence[:MAX_CHARS])
    return kept
