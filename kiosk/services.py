"""The services around the declaration, on the terminal's lanes: progress lookup and
the applicant's rating.

A lookup asks the central server on the network lane (a few seconds at most); when the
server cannot say (unreachable, busy, misbehaving) or does not know the declaration yet
(still in this terminal's outbox), the store lane answers what this terminal knows,
marked as perhaps out of date. A rating is one store transaction (the declaration's
rating and its outbox event), then the sync is woken. Nothing here waits on another
lane: each step is chained (kiosk.lanes.then).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import TypeVar

from kiosk.card_lookup import CardQuery, local_by_card
from kiosk.lanes import Lane, done_future, then
from kiosk.progress import Attempts, LookupResult, Progress, Query, local_progress
from kiosk.ratings import Rating, Ratings
from kiosk.store.database import Store
from kiosk.sync.client import ServerBusy, SyncFault
from kiosk.sync.lookups import ProgressSource

log = logging.getLogger(__name__)

_NOT_FOUND = "not_found"
T = TypeVar("T")


class Services:
    """Lookups and ratings for one terminal; built when the terminal opens."""

    def __init__(
        self,
        store: Store,
        ratings: Ratings,
        source: ProgressSource,
        store_lane: Lane,
        network_lane: Lane,
        wake_sync: Callable[[], None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.ratings, self.source = store, ratings, source
        self._store_lane, self._network_lane = store_lane, network_lane
        self._wake_sync = wake_sync
        self._monotonic = monotonic
        self.attempts = Attempts()  # used on the store lane only

    def look_up(self, query: Query) -> Future[LookupResult]:
        return self._look_up(
            "progress lookup",
            lambda: self.source.ask(query),
            lambda answer: self._settle(query, answer),
        )

    def _look_up(
        self,
        what: str,
        ask: Callable[[], T | None],
        settle: Callable[[T | str], LookupResult],
    ) -> Future[LookupResult]:
        """`ask` the server on the network lane (its answer; None: not found), then
        `settle` on the store lane with the answer or why there is none."""
        if self.attempts.paused(self._monotonic()):
            return done_future(LookupResult(None, "paused"))

        def asked_server() -> T | str:
            try:
                return ask() or _NOT_FOUND
            except ServerBusy as e:
                log.warning("%s: server busy: %s", what, e)
                return "busy"
            except SyncFault as e:
                log.warning("%s: %s", what, e)
                return "unreachable"

        asked: Future[T | str] = (
            self._network_lane.submit(asked_server, urgent=True)
            if self.source.configured
            else done_future("unreachable")
        )
        return then(asked, self._store_lane, settle)

    def _settle(self, query: Query, answer: Progress | str | None) -> LookupResult:
        """On the store lane: the server's answer, else this terminal's own record."""
        if isinstance(answer, Progress):
            self.attempts.record(True, self._monotonic())
            return LookupResult(answer)
        with self.store.session() as s:
            known = local_progress(s, query)
        if known is not None:  # not sent yet, or the server cannot be asked
            self.attempts.record(True, self._monotonic())
            return LookupResult(known)
        if answer == _NOT_FOUND:
            self.attempts.record(False, self._monotonic())
            return LookupResult(None, "not_found")
        if answer == "busy":
            return LookupResult(None, "busy")
        # Offline: a wrong pair and an unknown reference still look alike.
        self.attempts.record(False, self._monotonic())
        return LookupResult(None, "unreachable")

    def look_up_card(self, query: CardQuery) -> Future[LookupResult]:
        """The card holder's declarations: the server's, else this terminal's own."""
        return self._look_up(
            "progress lookup by card",
            lambda: self.source.ask_card(query),
            lambda answer: self._settle_card(query, answer),
        )

    def _settle_card(self, query: CardQuery, answer: tuple[Progress, ...] | str) -> LookupResult:
        if isinstance(answer, tuple):
            found = answer
        else:
            with self.store.session() as s:
                found = local_by_card(s, query)  # not sent yet, or the server unreachable
        if found:
            self.attempts.record(True, self._monotonic())
            return (
                LookupResult(found[0], choices=found) if len(found) > 1 else LookupResult(found[0])
            )
        if answer == "busy":
            return LookupResult(None, "busy")
        self.attempts.record(False, self._monotonic())
        return LookupResult(None, "card_not_found" if answer == _NOT_FOUND else "unreachable")

    def rate(self, rating: Rating) -> Future[datetime]:
        def store() -> datetime:
            at = self.ratings.rate(rating)
            self._wake_sync()
            return at

        return self._store_lane.submit(store)

    def close(self) -> None:
        self.source.close()
