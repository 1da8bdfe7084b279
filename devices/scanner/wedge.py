"""Telling a keyboard-wedge scanner from typing, by timing alone (pure logic).

A USB HID scanner "types" its code: every character a key press, the whole code within
a few hundred milliseconds, then Enter. A person never keeps keys a few milliseconds
apart for long, so a run of at least `min_length` keys, each within `max_gap_ms` of the
last, ended by Enter, is a code. Every key is held back until that is decided:

- HOLD: the key may be part of a code; keep it.
- PASS: typing; give the key on (after the held keys in `release`, oldest first).
- CODE: Enter completed a code; the held keys and the Enter are swallowed, never typed.

When no next key comes, `flush(now_ms)` (a timer calls it) releases the held keys as
typing once the gap has passed, so typing is delayed by `max_gap_ms` and nothing is lost.

Bounded: at most `max_length` keys are held. A run longer than that, or longer in time
than `max_total_ms`, or an auto-repeated key (a key held down) is typing: what is held is
released and the run's further keys pass until a pause or an Enter. Timestamps that go
backwards (a clock wrapped or another event source) count as a pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ENTER = "\r"  # what Qt's Key_Return carries as text; the detector's terminator


class Action(StrEnum):
    HOLD = "hold"
    PASS = "pass"
    CODE = "code"


@dataclass(frozen=True)
class Verdict:
    """What to do with one key: `release` first (held keys that were typing, in order),
    then the key itself by `action`; `code` is the completed code (action CODE)."""

    action: Action
    release: tuple[str, ...] = ()
    code: str | None = None


class WedgeDetector:
    """Fed with each key press and its time; says hold, pass or code (see the module)."""

    def __init__(
        self,
        max_gap_ms: int = 35,
        max_total_ms: int = 2000,
        min_length: int = 4,
        max_length: int = 2048,
    ) -> None:
        # 35 ms: scanners type a key every 1-10 ms (a USB report per press and release);
        # a fast typist's roll of two or three keys may be this quick, never four and Enter.
        # 2000 ms: the hall's codes (about 60 characters) take well under half a second;
        # this bounds how long a stuck fast stream could keep keys from a field.
        if not 0 < max_gap_ms <= max_total_ms or not 1 <= min_length <= max_length:
            raise ValueError("need 0 < max_gap_ms <= max_total_ms, 1 <= min_length <= max_length")
        self.max_gap_ms = max_gap_ms
        self.max_total_ms = max_total_ms
        self.min_length = min_length
        self.max_length = max_length
        self._held: list[str] = []
        self._first = 0  # the first held key's time
        self._last: int | None = None  # the last key's time, held or not
        self._typing = False  # this run was found to be typing: its quick keys pass

    @property
    def held(self) -> tuple[str, ...]:
        return tuple(self._held)

    @property
    def deadline(self) -> int | None:
        """The time from which `flush` releases the held keys (None: nothing held)."""
        if not self._held or self._last is None:
            return None
        return self._last + self.max_gap_ms + 1

    def feed(self, key: str, timestamp_ms: int, *, repeat: bool = False) -> Verdict:
        """One key press: a character, or ENTER; `repeat`: an auto-repeated key."""
        if len(key) != 1:
            raise ValueError(f"one character or ENTER, not {key!r}")
        quick = self._last is not None and 0 <= timestamp_ms - self._last <= self.max_gap_ms
        self._last = timestamp_ms
        release: tuple[str, ...] = ()
        if not quick:
            self._typing = False  # a pause: whatever came before is over
            release = self._take()
        if repeat:  # a key held down: a person's, whatever its speed
            release += self._take()
            self._typing = True
            return Verdict(Action.PASS, release)
        if key == ENTER:
            if (
                self._held
                and len(self._held) >= self.min_length
                and timestamp_ms - self._first <= self.max_total_ms
            ):
                return Verdict(Action.CODE, release, "".join(self._take()))
            self._typing = False  # a scanner scanning again may start right after it
            return Verdict(Action.PASS, release + self._take())
        if self._typing:
            return Verdict(Action.PASS, release)
        if self._held and (
            len(self._held) >= self.max_length or timestamp_ms - self._first > self.max_total_ms
        ):
            self._typing = True
            return Verdict(Action.PASS, release + self._take())
        if not self._held:
            self._first = timestamp_ms
        self._held.append(key)
        return Verdict(Action.HOLD, release)

    def flush(self, now_ms: int) -> tuple[str, ...]:
        """No key came until `now_ms`: the held keys, once the gap has passed (typing)."""
        if not self._held or self._last is None:
            return ()
        if 0 <= now_ms - self._last <= self.max_gap_ms:
            return ()  # the next key may still come in time
        return self.interrupt()

    def interrupt(self) -> tuple[str, ...]:
        """Another kind of key came (Backspace, an arrow, a synthesized key) or the timer
        ran out: what is held is typing, and so is the rest of this run."""
        released = self._take()
        if released:
            # The run's next keys, should they come quickly after all (a stalled event
            # loop), continue what was typed: never a code cut from its beginning.
            self._typing = True
        return released

    def _take(self) -> tuple[str, ...]:
        held = tuple(self._held)
        self._held.clear()
        return held
