"""The kiosk's colours, for normal and large text, and the contrasts they must hold.

Every colour a screen shows comes from here (QML reads them through `ui.theme.Theme`), so
one test can compute every ratio that matters (WCAG 2.1): text at least 4.5:1 against what
it sits on (1.4.3), and the parts that identify a control or its state (input borders,
focus rings, the chosen option's border) at least 3:1 against what is next to them
(1.4.11). Large text is the high-contrast theme: black on white.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum

TEXT_MIN = 4.5  # WCAG 1.4.3: body text (we keep it for large type as well)
NON_TEXT_MIN = 3.0  # WCAG 1.4.11: borders, focus rings, selected states


@dataclass(frozen=True)
class Palette:
    """One theme's colours by role, as #rrggbb."""

    window: str  # the page behind everything
    surface: str  # cards, inputs, plain buttons
    band: str  # the step and guidance row
    header: str
    on_header: str
    header_note: str  # "offline" in the header
    text: str
    heading: str
    muted: str  # secondary text (opening hours, hints)
    accent: str  # the step, notices
    ok: str  # passed, "brought"
    bad: str  # rejected, "missing"
    error: str  # an answer in error: its message and its thick border
    error_fill: str  # the error summary's background
    primary: str
    primary_down: str
    primary_border: str
    on_primary: str
    danger: str
    danger_down: str
    button_down: str
    button_text: str
    button_border: str
    selected_fill: str
    selected_border: str
    disabled_fill: str
    disabled_text: str
    input_border: str
    focus: str
    placeholder: str
    card_border: str  # decoration only: a card is not a control
    cue: str  # "more below"
    on_cue: str
    hold_fill: str  # "the attendant is coming" banner
    hold_border: str
    hold_text: str

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


NORMAL = Palette(
    window="#eef3f8",
    surface="#ffffff",
    band="#dbe7f5",
    header="#0d47a1",
    on_header="#ffffff",
    header_note="#ffe082",
    text="#263238",
    heading="#0d2b4e",
    muted="#455a64",
    accent="#0d47a1",
    ok="#1b5e20",
    bad="#b71c1c",
    error="#c62828",
    error_fill="#fff5f5",
    primary="#1565c0",
    primary_down="#0b4f9c",
    primary_border="#0d47a1",
    on_primary="#ffffff",
    danger="#c62828",
    danger_down="#a61b1b",
    button_down="#d6e4f5",
    button_text="#0d2b4e",
    button_border="#5f6b73",
    selected_fill="#cfe0f7",
    selected_border="#1565c0",
    disabled_fill="#e0e0e0",
    disabled_text="#595959",
    input_border="#5f6b73",
    focus="#1565c0",
    placeholder="#5f6b73",
    card_border="#cfd8dc",
    cue="#0d2b4e",
    on_cue="#ffffff",
    hold_fill="#fff3cd",
    hold_border="#8a6d00",
    hold_text="#5d4037",
)

LARGE = Palette(
    window="#ffffff",
    surface="#ffffff",
    band="#ffffff",
    header="#000000",
    on_header="#ffffff",
    header_note="#ffe082",
    text="#000000",
    heading="#000000",
    muted="#263238",
    accent="#0d47a1",
    ok="#1b5e20",
    bad="#b71c1c",
    error="#b71c1c",
    error_fill="#fff5f5",
    primary="#0d47a1",
    primary_down="#0b3c8a",
    primary_border="#000000",
    on_primary="#ffffff",
    danger="#b71c1c",
    danger_down="#8e1515",
    button_down="#d6e4f5",
    button_text="#000000",
    button_border="#000000",
    selected_fill="#cfe0f7",
    selected_border="#0d47a1",
    disabled_fill="#e0e0e0",
    disabled_text="#424242",
    input_border="#000000",
    focus="#0d47a1",
    placeholder="#424242",
    card_border="#000000",
    cue="#000000",
    on_cue="#ffffff",
    hold_fill="#ffe082",
    hold_border="#000000",
    hold_text="#000000",
)


class Kind(Enum):
    TEXT = TEXT_MIN
    NON_TEXT = NON_TEXT_MIN


# (foreground, background, kind): every pairing a screen shows.
PAIRS: tuple[tuple[str, str, Kind], ...] = (
    *(
        (fg, bg, Kind.TEXT)
        for fg in ("text", "heading", "muted", "accent", "ok", "bad", "error")
        for bg in ("window", "surface")
    ),
    ("text", "band", Kind.TEXT),
    ("accent", "band", Kind.TEXT),
    ("error", "error_fill", Kind.TEXT),
    ("text", "error_fill", Kind.TEXT),
    ("on_header", "header", Kind.TEXT),
    ("header_note", "header", Kind.TEXT),
    ("on_primary", "primary", Kind.TEXT),
    ("on_primary", "primary_down", Kind.TEXT),
    ("on_primary", "danger", Kind.TEXT),
    ("on_primary", "danger_down", Kind.TEXT),
    ("button_text", "surface", Kind.TEXT),
    ("button_text", "button_down", Kind.TEXT),
    ("button_text", "selected_fill", Kind.TEXT),
    ("disabled_text", "disabled_fill", Kind.TEXT),
    ("placeholder", "surface", Kind.TEXT),
    ("on_cue", "cue", Kind.TEXT),
    ("hold_text", "hold_fill", Kind.TEXT),
    # What identifies a control, and its state, against the page and its own fill.
    *(
        (fg, bg, Kind.NON_TEXT)
        for fg in ("input_border", "focus", "error", "button_border", "selected_border")
        for bg in ("window", "surface", "band")
    ),
    ("selected_border", "selected_fill", Kind.NON_TEXT),
    ("primary", "window", Kind.NON_TEXT),
    ("primary", "band", Kind.NON_TEXT),
    ("danger", "band", Kind.NON_TEXT),
    ("hold_border", "hold_fill", Kind.NON_TEXT),
    ("hold_border", "window", Kind.NON_TEXT),
)


def _channel(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not #rrggbb: {colour!r}")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def shortfalls(palette: Palette) -> list[str]:
    """Every pairing below its minimum, in words (empty when the theme passes)."""
    shades = palette.as_dict()
    out = []
    for fg, bg, kind in PAIRS:
        ratio = contrast(shades[fg], shades[bg])
        if ratio < kind.value:
            out.append(f"{fg} {shades[fg]} on {bg} {shades[bg]}: {ratio:.2f}:1 < {kind.value}:1")
    return out


PALETTES = {"normal": NORMAL, "large": LARGE}

__all__ = ["LARGE", "NORMAL", "PAIRS", "PALETTES", "Kind", "Palette", "contrast", "shortfalls"]
