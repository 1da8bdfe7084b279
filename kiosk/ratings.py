"""好差评: the applicant rates the service of one declaration, once (一事一评).

Five national levels, from 非常满意 to 非常不满意; the lower two say which aspects fell
short (办事效率, 服务态度, 指南准确, 操作便捷, other) and may add a few words. The rating is
stored with the declaration on the terminal (so the terminal refuses a second one at
once, even offline) and sent to the central server as a `rating.given` event through the
outbox, in the same transaction: a rating given offline is never lost. The server turns a
low rating into a work order (整改工单). The applicant's words are checked here, where
they enter, and never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.protocol import payload
from kiosk.rating_scale import ASPECTS, LEVELS, LOW, TEXT_MAX
from kiosk.store.database import Store
from kiosk.store.models import Declaration
from kiosk.store.outbox import add_event
from kiosk.text import clean_answer

log = logging.getLogger(__name__)

__all__ = ["ASPECTS", "LEVELS", "LOW", "TEXT_MAX", "Rating", "RatingRefused", "Ratings"]


class RatingRefused(ValueError):
    """A rating that cannot be stored: `code` says why in a word (`unknown_reference`,
    `already_rated`, `level`, `aspects`), for the screen to word."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class Rating:
    """A checked rating: `aspects` and `text` only for a low level (empty otherwise)."""

    reference: str
    level: str
    aspects: tuple[str, ...] = ()
    text: str = ""

    @classmethod
    def of(cls, reference: str, level: str, aspects: Iterable[str] = (), text: str = "") -> Rating:
        """Check what the screen sends: a known level, known aspects each once, the words
        cleaned and cut to TEXT_MAX (an applicant's text is cleaned, never refused)."""
        if level not in LEVELS:
            raise RatingRefused("level", repr(level)[:40])
        chosen = tuple(dict.fromkeys(aspects))  # each once, in the order tapped
        if any(a not in ASPECTS for a in chosen):
            raise RatingRefused("aspects", ", ".join(repr(a)[:20] for a in chosen))
        if level not in LOW:  # a good rating asks nothing more
            return cls(reference, level)
        return cls(reference, level, chosen, clean_answer(text, max_chars=TEXT_MAX))

    @property
    def low(self) -> bool:
        return self.level in LOW


class Ratings:
    """Stores ratings and queues their events; call from the store's owner (its lane)."""

    def __init__(self, store: Store, terminal: int, clock: Callable[[], datetime]) -> None:
        self.store, self.terminal, self.clock = store, terminal, clock

    def rate(self, rating: Rating) -> datetime:
        """Store `rating` with its declaration and queue `rating.given`; the time rated.
        RatingRefused for an unknown declaration or one rated already."""
        now = self.clock()
        with self.store.transaction() as s:
            decl = s.scalar(select(Declaration).where(Declaration.reference == rating.reference))
            if decl is None:
                raise RatingRefused("unknown_reference", rating.reference)
            if decl.rating is not None:
                raise RatingRefused("already_rated", rating.reference)
            decl.rating, decl.rated_at = rating.level, now
            add_event(
                s,
                "rating.given",
                payload(
                    "rating.given",
                    reference=rating.reference,
                    terminal=self.terminal,
                    level=rating.level,
                    aspects=list(rating.aspects),
                    text=rating.text,
                    rated_at=now,
                ),
                now,
            )
        # The level only: the applicant's words stay out of the log.
        log.info("declaration %s rated %s", rating.reference, rating.level)
        return now

    def rated(self, reference: str) -> str | None:
        """The level given for `reference`, None when it has none yet (or is unknown)."""
        with self.store.session() as s:
            level: str | None = s.scalar(
                select(Declaration.rating).where(Declaration.reference == reference)
            )
            return level
