"""The US layout both ways, and KeyDecoder's codes and faults."""

from __future__ import annotations

import string

import pytest

from devices.scanner.keymap import (
    KEY_ENTER,
    KEY_LEFTSHIFT,
    PRESS,
    RELEASE,
    REPEAT,
    KeyDecoder,
    character,
    strokes,
)
from devices.scanner.status import TOO_LONG

PRINTABLE = string.ascii_letters + string.digits + string.punctuation + " "


@pytest.mark.parametrize("char", PRINTABLE)
def test_every_printable_ascii_character_round_trips(char: str) -> None:
    code, shift = strokes(char)
    assert character(code, shift=shift) == char


def test_the_symbols_a_url_needs() -> None:
    assert [character(*strokes(c)[:1], shift=strokes(c)[1]) for c in ":/?=&.-_"] == list(":/?=&.-_")
    assert character(39) == ";" and character(39, shift=True) == ":"
    assert character(12, shift=True) == "_" and character(8, shift=True) == "&"


def test_caps_lock_and_shift_cancel_for_letters_only() -> None:
    assert character(30, caps=True) == "A"
    assert character(30, shift=True, caps=True) == "a"
    assert character(2, caps=True) == "1"
    assert character(59) is None  # F1


def test_no_stroke_for_what_a_us_keyboard_cannot_type() -> None:
    with pytest.raises(KeyError):
        strokes("é")


def press(decoder: KeyDecoder, code: int) -> object:
    first = decoder.key(code, PRESS)
    assert decoder.key(code, RELEASE) is None
    return first


def test_a_decoder_makes_a_code_per_enter() -> None:
    decoder = KeyDecoder(16)
    assert press(decoder, KEY_ENTER) is None  # an Enter alone is no code
    decoder.key(KEY_LEFTSHIFT, PRESS)
    press(decoder, 30)
    decoder.key(KEY_LEFTSHIFT, RELEASE)
    press(decoder, 30)
    assert decoder.key(30, REPEAT) is None
    assert press(decoder, KEY_ENTER) == "Aa"


def test_a_decoder_drops_an_over_long_code_once() -> None:
    decoder = KeyDecoder(3)
    for _ in range(100):
        press(decoder, 2)
    assert len(decoder._chars) == 0
    assert press(decoder, KEY_ENTER) == TOO_LONG.format(limit=3)
    press(decoder, 3)
    assert press(decoder, KEY_ENTER) == "2"
