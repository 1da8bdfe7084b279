"""Plain words for the diagnostics' values, in both languages: ages, durations, sizes.

A technician reads "12 分钟前" / "12 minutes ago", not a timestamp to subtract in their
head; sizes come in MB below a gigabyte and GB above it; local times are the hall's.
"""

from __future__ import annotations

import math
from datetime import datetime

from kiosk.i18n import Text, text

UNKNOWN = text("未知", "unknown")
NEVER = text("从未", "never")
NONE = text("无", "none")

_UNITS = (  # (seconds in one, Chinese, English singular)
    (86400, "天", "day"),
    (3600, "小时", "hour"),
    (60, "分钟", "minute"),
    (1, "秒", "second"),
)


def _count(n: int, zh: str, en: str) -> Text:
    return text(f"{n} {zh}", f"{n} {en}" + ("" if n == 1 else "s"))


def duration(seconds: float) -> Text:
    """A span in its largest unit and the next one: "3 天 4 小时" / "3 days 4 hours"."""
    if not math.isfinite(seconds) or seconds < 0:
        return UNKNOWN
    whole = int(seconds)
    for i, (size, zh, en) in enumerate(_UNITS):
        if whole >= size or size == 1:
            big = _count(whole // size, zh, en)
            if i + 1 < len(_UNITS) and size > 1:
                small_size, small_zh, small_en = _UNITS[i + 1]
                rest = (whole % size) // small_size
                if rest:
                    small = _count(rest, small_zh, small_en)
                    return text(f"{big.zh} {small.zh}", f"{big.en} {small.en}")
            return big
    return UNKNOWN  # not reached: the last unit is one second


def ago(seconds: float) -> Text:
    """How long ago, in the largest whole unit: "12 分钟前" / "12 minutes ago"."""
    if not math.isfinite(seconds):
        return UNKNOWN
    if seconds < 2:  # also a slightly negative age (clocks a second apart)
        return text("刚刚", "just now")
    whole = int(seconds)
    for size, zh, en in _UNITS:
        if whole >= size:
            n = _count(whole // size, zh, en)
            return text(f"{n.zh}前", f"{n.en} ago")
    return UNKNOWN  # not reached


def megabytes(mb: float) -> Text:
    """A size: "850 MB" below a gigabyte, "12.3 GB" from one on (the same in both)."""
    if not math.isfinite(mb) or mb < 0:
        return UNKNOWN
    decimals = 1 if mb < 10 else 0  # a new store's 0.1 MB is not "0 MB"
    words = f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.{decimals}f} MB"
    return text(words, words)


def local_time(moment: datetime, now: datetime) -> str:
    """`moment` in `now`'s zone (the hall's), to the minute."""
    return f"{moment.astimezone(now.tzinfo):%Y-%m-%d %H:%M}"


def same(words: str) -> Text:
    """A value that reads the same in both languages (a version, a URL, a number)."""
    return text(words, words)
