"""Retry timing: capped exponential backoff with jitter, and the server's Retry-After.

After the n-th failed attempt in a row the next one waits a random time in
[ceiling/2, ceiling], ceiling = min(cap, base * 2**(n-1)) ("equal jitter"): the wait
grows with every failure, never exceeds the cap, and twelve terminals that lost the
server at the same moment do not come back at the same moment. A `Retry-After` from
the server is a minimum on top of that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# A broken or hostile header must not silence a terminal for days.
MAX_RETRY_AFTER_S = 3600.0


@dataclass
class Backoff:
    """Delays between attempts; `rng` is injectable so tests can pin the jitter."""

    base_s: float = 1.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if not 0 < self.base_s <= self.cap_s:
            raise ValueError(f"need 0 < base_s <= cap_s, got {self.base_s}, {self.cap_s}")

    def ceiling(self, failures: int) -> float:
        """The longest wait after `failures` failed attempts in a row (>= 1)."""
        n = max(1, failures)
        # 2**n overflows a float long after the cap is reached: stop doubling at 64.
        return min(self.cap_s, self.base_s * 2.0 ** min(n - 1, 64))

    def delay(self, failures: int) -> float:
        """A jittered wait in [ceiling/2, ceiling] after `failures` failed attempts."""
        top = self.ceiling(failures)
        return self.rng.uniform(top / 2, top)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date); None if unusable.

    A date in the past means 0; anything longer than an hour is cut to an hour.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER_S)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means -0000
        when = when.replace(tzinfo=UTC)
    seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)
