"""Linux key codes to characters, as a US-layout keyboard types them (pure logic).

A scanner read through evdev sends key codes, not characters: which character a code
stands for is the layout's business, and scanners default to the US layout. Digits,
letters (shift or caps lock for upper case), the symbols URLs and codes use, the keypad.
`KeyDecoder` turns a device's key presses into codes, one per Enter; `strokes` does the
opposite for the fake device.

Codes are the kernel's (linux/input-event-codes.h); only what a scanner types is here.
"""

from __future__ import annotations

from devices.scanner.status import TOO_LONG
from kiosk.i18n import Text, text

EV_SYN, EV_KEY = 0, 1
RELEASE, PRESS, REPEAT = 0, 1, 2
KEY_ENTER, KEY_KPENTER = 28, 96
KEY_LEFTSHIFT, KEY_RIGHTSHIFT = 42, 54
KEY_CAPSLOCK = 58
SHIFTS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
# Ctrl, Alt and Meta, left and right: a character typed with one of these is no character.
CHORDS = frozenset({29, 97, 56, 100, 125, 126})
IGNORED = frozenset({69, 70})  # Num Lock, Scroll Lock: they type nothing

_ROW = {  # code: (plain, shifted)
    2: "1!", 3: "2@", 4: "3#", 5: "4$", 6: "5%", 7: "6^", 8: "7&", 9: "8*", 10: "9(", 11: "0)",
    12: "-_", 13: "=+", 15: "\t\t", 26: "[{", 27: "]}", 39: ";:", 40: "'\"", 41: "`~",
    43: "\\|", 51: ",<", 52: ".>", 53: "/?", 57: "  ",
}  # fmt: skip
_LETTERS = {
    code: letter
    for start, letters in ((16, "qwertyuiop"), (30, "asdfghjkl"), (44, "zxcvbnm"))
    for code, letter in enumerate(letters, start)
}
_KEYPAD = {  # the same with or without shift (Num Lock on, as scanners assume)
    71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
    79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/", 117: "=",
}  # fmt: skip

UNKNOWN_KEY = text(
    "扫码器送来了无法对应字符的按键(键码 {code}),此码已丢弃。请把扫码器设为美式键盘布局。",
    "The scanner sent a key with no character (key code {code}); the code was dropped. "
    "Set the scanner to the US keyboard layout.",
)


def character(code: int, *, shift: bool = False, caps: bool = False) -> str | None:
    """The character key `code` types (None: none, or not one this map knows)."""
    if code in _LETTERS:
        letter = _LETTERS[code]
        return letter.upper() if shift != caps else letter
    if code in _ROW:
        return _ROW[code][1 if shift else 0]
    return _KEYPAD.get(code)


def strokes(char: str) -> tuple[int, bool]:
    """The key code and shift that type `char` (KeyError: none does)."""
    for code, letter in _LETTERS.items():
        if char in (letter, letter.upper()):
            return code, char.isupper()
    for code, pair in _ROW.items():
        if char in pair:
            return code, char != pair[0]
    raise KeyError(char)


class KeyDecoder:
    """One device's key events, in order, to codes: `key()` returns the code an Enter
    completed, the fault (Text) that made it dropped, or None (nothing completed yet)."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._chars: list[str] = []
        self._shifts: set[int] = set()
        self._chords: set[int] = set()
        self._caps = False
        self._broken: Text | None = None

    def key(self, code: int, value: int) -> str | Text | None:
        if value == REPEAT:
            return None  # a scanner does not hold keys down; typing repeats are noise here
        down = value == PRESS
        if code in SHIFTS or code in CHORDS:
            held = self._shifts if code in SHIFTS else self._chords
            if down:
                held.add(code)
            else:
                held.discard(code)
            return None
        if not down or code in IGNORED:
            return None
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            return self._finish()
        if self._broken is not None:
            return None  # the rest of a dropped code, up to its Enter
        char = None if self._chords else character(code, shift=bool(self._shifts), caps=self._caps)
        if char is None:
            self._drop(UNKNOWN_KEY.format(code=code))
        elif len(self._chars) >= self.max_chars:
            self._drop(TOO_LONG.format(limit=self.max_chars))
        else:
            self._chars.append(char)
        return None

    def _drop(self, why: Text) -> None:
        self._broken = why
        self._chars.clear()

    def _finish(self) -> str | Text | None:
        broken, self._broken = self._broken, None
        code = "".join(self._chars)
        self._chars.clear()
        if broken is not None:
            return broken
        return code or None
