"""The terminal's sync worker: the outbox to the server, and what the server hands back.

Its work runs on the terminal's network lane (kiosk.lanes), never the UI thread (the
Anki pattern in ../shared/DESIGN.md), as two kinds of pass:

- *events*: sends the outbox in batches, oldest first, and writes the heartbeat. A
  failed batch is rescheduled in its rows (attempts, next_attempt_at, last_error), so
  the schedule survives a restart; a rejected event goes to the dead-letter state.
- *pulls*: the catalog and the calendar (If-None-Match; a new one is checked before
  it is used), and the attendant's answers to help calls while an applicant waits.

No polling: a commit that queues an outbox event wakes the events pass (Store.on_outbox),
and each pass schedules the next one for when something is due (a retry, a heartbeat,
a pull); a terminal at rest sleeps. Writes to the store go through `run_store` (the
terminal's store lane, its only writer); every callback is called on the lanes' threads:
a Qt composition root re-emits it as a signal. Without a `central.url` nothing is sent
and nothing fails: the outbox fills, the status shows its depth, and a later configured
start catches up.
"""

from __future__ import annotations

import importlib.metadata
import logging
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.orm import Session

from kiosk.catalog.loader import Catalog, CatalogError
from kiosk.config import CentralConfig
from kiosk.help_requests import ACKNOWLEDGED, RESOLVED, HelpCallChange, HelpDesk
from kiosk.lanes import Lane
from kiosk.protocol import payload
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent, SyncState
from kiosk.store.outbox import (
    PENDING,
    add_event,
    dead_count,
    depth,
    mark_dead,
    mark_sent,
    next_batch,
    oldest_pending,
    reschedule,
)
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import (
    CONNECT_TIMEOUT_S,
    AuthFault,
    CentralClient,
    ServerBusy,
    SyncFault,
    utc_now,
)
from kiosk.sync.files import (
    current_pointer,
    install_calendar,
    install_catalog,
    stored_calendar,
)
from kiosk.sync.status import StatusBox, SyncStatus
from kiosk.workcalendar import WorkCalendar

log = logging.getLogger(__name__)

HEARTBEAT = "heartbeat"
CATALOG_REFUSED = "catalog.refused"
HELP_CURSOR = "help_calls.cursor"
MAX_PROBLEMS = 50  # in a catalog.refused event: enough to act on, bounded in size
MAX_SLEEP_S = 60.0  # a pass at least this often: a clock set back cannot stall the sync
EVENTS, PULLS = "sync.events", "sync.pulls"  # the passes' keys on the lane
T = TypeVar("T")


def app_version() -> str:
    try:
        return importlib.metadata.version("declaration-kiosk")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return "unknown"


@dataclass(frozen=True)
class SyncSettings:
    """Timings of the worker; the defaults are the hall's, tests shorten them."""

    batch_size: int = 500  # the server's limit per request
    heartbeat_s: float | None = 30.0  # None: no heartbeats
    pull_s: float = 600.0  # catalog and calendar
    pull_retry_s: float = 60.0  # after a failed pull
    help_poll_active_s: float = 1.0  # while an applicant waits for the attendant
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 300.0
    connect_timeout_s: float = CONNECT_TIMEOUT_S


class SyncWorker:
    """Start once with `start(lane)`, `stop()` at exit; `wake()` looks at once.

    Callbacks (all optional, called on a worker thread, exceptions logged and ignored):
    `on_status(SyncStatus)` on every change; `on_catalog(Catalog)` when a downloaded
    catalog is checked and current (switch between applicants); `on_calendar(WorkCalendar)`;
    `on_help_call(HelpCallChange)` when the attendant acknowledged or resolved a call.
    """

    def __init__(
        self,
        store: Store,
        config: CentralConfig,
        terminal: int,
        data_dir: Path,
        *,
        catalog_version: str | None = None,
        calendar_version: str | None = None,
        printer_status: Callable[[], str] = lambda: "unknown",
        on_status: Callable[[SyncStatus], None] | None = None,
        on_catalog: Callable[[Catalog], None] | None = None,
        on_calendar: Callable[[WorkCalendar], None] | None = None,
        on_help_call: Callable[[HelpCallChange], None] | None = None,
        settings: SyncSettings | None = None,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        run_store: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        self.store = store
        # Writes go to the store's owner (the terminal's store lane); inline without one.
        self._run_store: Callable[[Callable[[], Any]], Any] = run_store or (lambda fn: fn())
        self.config = config
        self.terminal = terminal
        self.data_dir = data_dir
        self.settings = settings or SyncSettings()
        self.clock = clock
        self.printer_status = printer_status
        self.on_catalog = on_catalog
        self.on_calendar = on_calendar
        self.on_help_call = on_help_call
        self.backoff = Backoff(
            self.settings.backoff_base_s, self.settings.backoff_cap_s, rng or random.Random()
        )
        self.help_desk = HelpDesk(store, terminal, clock)
        pointer = current_pointer(data_dir)
        self._catalog_etag = pointer.etag if pointer else None
        self._catalog_version = catalog_version
        stored = stored_calendar(data_dir)
        self._calendar_etag = stored.etag if stored else None
        if calendar_version is None and stored is not None:
            calendar_version = stored.calendar.version
        self._calendar_version = calendar_version
        self._refused_catalog: str | None = None
        self._help_cursor: int | None = None
        self._status = StatusBox(
            SyncStatus(
                configured=bool(config.url),
                catalog_version=catalog_version,
                calendar_version=calendar_version,
            ),
            on_status,
        )
        self._lane: Lane | None = None
        self._own_lane = False
        self._stopping = threading.Event()
        # A wake-up during a pass must not be lost when the pass schedules its successor.
        self._wake_lock = threading.Lock()
        self._woken = {EVENTS: False, PULLS: False}
        self._unsubscribe: Callable[[], None] | None = None
        # One connection per pass (requests.Session is not for sharing), used on the lane.
        self._events_client: CentralClient | None = None
        self._pulls_client: CentralClient | None = None
        now = clock()
        self._next_heartbeat = self._next_catalog = self._next_calendar = now
        self._last_help_poll: datetime | None = None

    # -- control (any thread) ----------------------------------------------------------

    def start(self, lane: Lane | None = None) -> None:
        """Run the passes on `lane` (the terminal's network lane), or on a lane of its own."""
        if self._lane is not None:
            raise RuntimeError("the sync worker is already started")
        self._own_lane = lane is None
        self._lane = lane or Lane("sync", rank=2)
        self._unsubscribe = self.store.on_outbox(self.wake_events)
        self._schedule(EVENTS, 0.0)
        if self.config.url:
            self._schedule(PULLS, 0.0)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop scheduling passes; a request in flight ends within its timeout."""
        self._stopping.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        lane = self._lane
        if lane is None or lane.closed:  # used pass by pass: the connections are closed here
            self._close_clients()
            return
        # Replace whatever pass waits by a no-op, then close the connections on the lane.
        for key in (EVENTS, PULLS):
            lane.after(0.0, lambda: None, key=key)
        closing = lane.submit(self._close_clients)
        if self._own_lane:
            lane.close(timeout)
        else:
            try:
                closing.result(timeout)
            except Exception:
                log.exception("closing the sync connections")

    def _close_clients(self) -> None:
        for client in (self._events_client, self._pulls_client):
            if client is not None:
                client.close()
        self._events_client = self._pulls_client = None

    def wake(self) -> None:
        """Look at the outbox and the help calls now rather than when next due."""
        self.wake_events()
        if self.config.url:
            self._wake(PULLS)

    def wake_events(self) -> None:
        """Send the outbox now (called after every commit that queued an event)."""
        self._wake(EVENTS)

    def _wake(self, key: str) -> None:
        with self._wake_lock:
            self._woken[key] = True
            self._schedule(key, 0.0)

    def _begin(self, key: str) -> bool:
        """A pass starts: False when stopping; wake-ups from now on count for the next."""
        with self._wake_lock:
            self._woken[key] = False
        return not self._stopping.is_set()

    def _next_pass(self, key: str, delay_s: float) -> None:
        with self._wake_lock:
            self._schedule(key, 0.0 if self._woken[key] else delay_s)

    def status(self) -> SyncStatus:
        return self._status.get()

    def wait_for_status(
        self, predicate: Callable[[SyncStatus], bool], timeout: float
    ) -> SyncStatus:
        return self._status.wait_for(predicate, timeout)

    def _schedule(self, key: str, delay_s: float) -> None:
        lane = self._lane
        if lane is None or self._stopping.is_set() or lane.closed:
            return
        run = self._events_pass if key == EVENTS else self._pulls_pass
        lane.after(min(max(0.0, delay_s), MAX_SLEEP_S), run, key=key)

    def _until(self, moment: datetime | None) -> float:
        if moment is None:
            return MAX_SLEEP_S
        return (moment - self.clock()).total_seconds()

    def _events_pass(self) -> None:
        if not self._begin(EVENTS):
            return
        moved = False
        try:
            moved = self.run_events_once()
        except Exception as e:  # the sync must outlive a bug or a locked database
            log.exception("sync events pass")
            self._status.update(last_error=f"{type(e).__name__}: {e}")
        # A queue that moves is drained without pause; else sleep until something is due.
        self._next_pass(EVENTS, 0.0 if moved else self._events_due_in())

    def _events_due_in(self) -> float:
        due = []
        if self.config.url and self.settings.heartbeat_s is not None:
            due.append(self._until(self._next_heartbeat))
        if self.config.url:
            with self.store.session() as s:
                head = oldest_pending(s)
                if head is not None and head.next_attempt_at is not None:
                    due.append(self._until(head.next_attempt_at))
        return min(due, default=MAX_SLEEP_S)

    def _pulls_pass(self) -> None:
        if not self._begin(PULLS):
            return
        try:
            self.run_pulls_once()
        except Exception as e:
            log.exception("sync pulls pass")
            self._status.update(last_error=f"{type(e).__name__}: {e}")
        due = [self._until(self._next_catalog), self._until(self._next_calendar)]
        if self.help_desk.has_active():  # an applicant waits for the attendant's answer
            last = self._last_help_poll or self.clock()
            due.append(self._until(last + timedelta(seconds=self.settings.help_poll_active_s)))
        self._next_pass(PULLS, min(due))

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a transaction on the store's owner."""

        def job() -> T:
            with self.store.transaction() as s:
                return work(s)

        result: T = self._run_store(job)
        return result

    # -- the events thread -------------------------------------------------------------

    def _client(self) -> CentralClient:
        return CentralClient(
            self.config, connect_timeout_s=self.settings.connect_timeout_s, clock=self.clock
        )

    def run_events_once(self) -> bool:
        """One pass of the events thread on the calling thread: heartbeat when due, one
        batch, the status. True when the queue moved. For tests and technicians' tools:
        not while the worker is started (one lane per connection)."""
        if self.config.url:
            if self._events_client is None:
                self._events_client = self._client()
            if self.settings.heartbeat_s is not None and self.clock() >= self._next_heartbeat:
                self._write_heartbeat()
                self._next_heartbeat = self.clock() + timedelta(seconds=self.settings.heartbeat_s)
            moved = self._send_batch(self._events_client)
        else:
            moved = False
        self._refresh_outbox_status()
        return moved

    def _send_batch(self, client: CentralClient) -> bool:
        """Send the next due batch; True when the queue moved (so go on at once)."""
        now = self.clock()
        with self.store.session() as s:
            batch = next_batch(s, now, self.settings.batch_size)
            docs = [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "created_at": e.created_at.isoformat(),
                    "payload": e.payload,
                }
                for e in batch
            ]
            failures = max((e.attempts for e in batch), default=0) + 1
        if not docs:
            return False
        ids = [e.id for e in batch]
        try:
            results = client.post_events(self.terminal, docs)
        except SyncFault as e:
            self._failed(ids, failures, e)
            return False
        sent, dead, unanswered = _sort_results(ids, results)
        done = self.clock()
        retry_at = done + timedelta(seconds=self.backoff.delay(failures))

        def record(s: Session) -> None:
            mark_sent(s, sent, done)
            for event_id, reason in dead:
                mark_dead(s, event_id, reason)
            reschedule(s, unanswered, retry_at, "no result for this event in the answer")

        self._write(record)
        for event_id, reason in dead:
            log.error("event %s rejected by the server (dead letter): %s", event_id, reason)
        problem = f"{len(unanswered)} events without a result" if unanswered else None
        self._status.update(
            online=True,
            last_success_at=done,
            last_sent_at=done,
            last_error=problem,
            auth_fault=False,
            next_attempt_at=retry_at if unanswered else None,
        )
        return bool(sent or dead)

    def _failed(self, ids: Sequence[str], failures: int, fault: SyncFault) -> None:
        delay = self.backoff.delay(failures)
        if isinstance(fault, ServerBusy) and fault.retry_after is not None:
            delay = max(delay, fault.retry_after)  # the server's wait is a minimum
        at = self.clock() + timedelta(seconds=delay)
        self._write(lambda s: reschedule(s, ids, at, str(fault)))
        log.warning("events not sent (attempt %d, next in %.1f s): %s", failures, delay, fault)
        self._status.update(
            online=False,
            last_error=str(fault),
            auth_fault=isinstance(fault, AuthFault),
            next_attempt_at=at,
        )

    def _write_heartbeat(self) -> None:
        now = self.clock()
        try:
            # The server keeps 32 characters: a longer status would get the beat rejected.
            printer = str(self.printer_status())[:32]
        except Exception:
            log.exception("printer status for the heartbeat")
            printer = "unknown"

        def beat(s: Session) -> None:
            # Only the latest figures matter: an unsent heartbeat (the server down) is
            # replaced rather than queued behind, so an outage does not pile them up.
            s.execute(
                delete(OutboxEvent).where(
                    OutboxEvent.kind == HEARTBEAT, OutboxEvent.state == PENDING
                )
            )
            head = oldest_pending(s)
            age = None if head is None else max(0.0, (now - head.created_at).total_seconds())
            add_event(
                s,
                HEARTBEAT,
                payload(
                    HEARTBEAT,
                    terminal=self.terminal,
                    at=now,
                    outbox_depth=depth(s),
                    oldest_pending_age_s=age,
                    # The server keeps 32 characters of each (a dev build's version is long).
                    app_version=app_version()[:32],
                    catalog_version=_short(self._catalog_version),
                    calendar_version=_short(self._calendar_version),
                    printer_status=printer,
                ),
                now,
            )

        self._write(beat)

    def _refresh_outbox_status(self) -> None:
        with self.store.session() as s:
            head = oldest_pending(s)
            self._status.update(
                outbox_depth=depth(s),
                oldest_pending_at=None if head is None else head.created_at,
                dead_count=dead_count(s),
            )

    # -- the pulls thread --------------------------------------------------------------

    def run_pulls_once(self, *, force: bool = False) -> None:
        """One pass of the pulls thread on the calling thread: whatever is due (everything
        with `force`). For tests and technicians' tools: not while the worker is started."""
        if not self.config.url:
            return
        if self._pulls_client is None:
            self._pulls_client = self._client()
        client, settings = self._pulls_client, self.settings
        now = self.clock()
        if force or now >= self._next_catalog:
            ok = self._pull(self._pull_catalog, client)
            wait = settings.pull_s if ok else settings.pull_retry_s
            self._next_catalog = now + timedelta(seconds=wait)
        if force or now >= self._next_calendar:
            ok = self._pull(self._pull_calendar, client)
            wait = settings.pull_s if ok else settings.pull_retry_s
            self._next_calendar = now + timedelta(seconds=wait)
        # The attendant's answers matter only while an applicant waits for one: no call
        # open, no request (the cursor catches up with the next call).
        last = self._last_help_poll
        due = last is None or (now - last).total_seconds() >= settings.help_poll_active_s
        if force or (due and self.help_desk.has_active()):
            self._last_help_poll = now
            self._pull(self._poll_help_calls, client)

    def _pull(self, pull: Callable[[CentralClient], None], client: CentralClient) -> bool:
        try:
            pull(client)
        except SyncFault as e:
            log.warning("sync pull: %s", e)
            self._status.update(
                online=False, last_error=str(e), auth_fault=isinstance(e, AuthFault)
            )
            return False
        self._status.update(online=True, last_success_at=self.clock(), auth_fault=False)
        return True

    def _pull_catalog(self, client: CentralClient) -> None:
        etag = self._catalog_etag
        if etag is None and self._catalog_version:
            etag = f'"{self._catalog_version}"'
        fetched = client.get("/catalog", etag=etag)
        if fetched.body is None:  # 304: the one we run; 404: the server has none
            return
        version, files = fetched.body.get("version"), fetched.body.get("files")
        version = version if isinstance(version, str) else "?"
        if version in (self._catalog_version, self._refused_catalog):
            self._catalog_etag = fetched.etag
            return
        try:
            if not isinstance(files, Mapping):
                raise ValueError("files: expected an object of file names and texts")
            catalog = install_catalog(self.data_dir, files, fetched.etag)
        except CatalogError as e:
            self._refuse_catalog(version, [str(p) for p in e.problems])
            return
        except ValueError as e:
            self._refuse_catalog(version, [str(e)])
            return
        if catalog.version != version:
            log.warning("catalog %s from the server loads as %s", version, catalog.version)
        self._catalog_etag = fetched.etag
        self._refused_catalog = None
        changed = catalog.version != self._catalog_version
        self._catalog_version = catalog.version
        self._status.update(catalog_version=catalog.version, catalog_error=None)
        log.info("catalog %s downloaded and checked", catalog.version)
        if changed and self.on_catalog is not None:
            _call(self.on_catalog, catalog)

    def _refuse_catalog(self, version: str, problems: list[str]) -> None:
        self._refused_catalog = version
        log.error("catalog %s refused, keeping %s: %s", version, self._catalog_version, problems)
        now = self.clock()
        self._write(
            lambda s: add_event(
                s,
                CATALOG_REFUSED,
                payload(
                    CATALOG_REFUSED,
                    terminal=self.terminal,
                    version=version,
                    problems=problems[:MAX_PROBLEMS],
                    at=now,
                ),
                now,
            )
        )
        first = problems[0] if problems else "?"
        self._status.update(
            catalog_error=f"catalog {version} refused ({len(problems)} problems): {first}"
        )

    def _pull_calendar(self, client: CentralClient) -> None:
        fetched = client.get("/calendar", etag=self._calendar_etag)
        if fetched.body is None:  # 304, or 404: no calendar imported, keep ours
            return
        version = fetched.body.get("version")
        try:
            calendar = install_calendar(
                self.data_dir, version, fetched.body.get("calendar"), fetched.etag
            )
        except (ValueError, TypeError) as e:
            log.error("calendar %s refused: %s", version, e)
            self._status.update(calendar_error=f"calendar {version} refused: {e}")
            return
        self._calendar_etag = fetched.etag
        changed = calendar.version != self._calendar_version
        self._calendar_version = calendar.version
        self._status.update(calendar_version=calendar.version, calendar_error=None)
        if changed and self.on_calendar is not None:
            _call(self.on_calendar, calendar)

    def _poll_help_calls(self, client: CentralClient) -> None:
        if self._help_cursor is None:
            with self.store.session() as s:
                row = s.get(SyncState, HELP_CURSOR)
                self._help_cursor = int(row.value) if row else 0
        fetched = client.get("/help-calls", params={"since": self._help_cursor})
        body = fetched.body or {}
        cursor, calls = body.get("cursor"), body.get("calls")
        if not isinstance(calls, list) or not isinstance(cursor, int):
            return
        now = self.clock()
        changes = [
            HelpCallChange(str(c["id"]), c["state"], _when(c, now))
            for c in calls
            if isinstance(c, dict) and "id" in c and c.get("state") in (ACKNOWLEDGED, RESOLVED)
        ]
        applied: list[HelpCallChange] = self._run_store(
            lambda: self.help_desk.apply_central(changes)
        )
        if cursor != self._help_cursor:
            self._write(lambda s: s.merge(SyncState(name=HELP_CURSOR, value=str(cursor))))
            self._help_cursor = cursor
        for change in applied:
            if self.on_help_call is not None:
                _call(self.on_help_call, change)


def _short(value: str | None) -> str | None:
    return None if value is None else value[:32]


def _sort_results(
    ids: Sequence[str], results: Sequence[Any]
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Split a batch by the server's answers: sent, dead (with the reason), unanswered."""
    by_id: dict[str, Any] = {}
    for r in results:
        if isinstance(r, dict) and isinstance(r.get("id"), str):
            by_id[r["id"]] = r
    sent: list[str] = []
    dead: list[tuple[str, str]] = []
    unanswered: list[str] = []
    for event_id in ids:
        r = by_id.get(event_id)
        status = r.get("status") if r else None
        if status in ("accepted", "duplicate"):
            sent.append(event_id)
        elif status == "rejected":
            assert r is not None
            dead.append((event_id, str(r.get("reason") or "rejected")))
        else:
            unanswered.append(event_id)
    return sent, dead, unanswered


def _when(call: Mapping[str, Any], default: datetime) -> datetime:
    stamp = call.get("resolved_at") if call.get("state") == RESOLVED else None
    stamp = stamp or call.get("acknowledged_at")
    if isinstance(stamp, str):
        try:
            parsed = datetime.fromisoformat(stamp)
        except ValueError:
            return default
        if parsed.tzinfo is not None:
            return parsed
    return default


def _call(callback: Callable[[Any], None], value: object) -> None:
    try:
        callback(value)
    except Exception:  # a UI bug must not stop the sync
        log.exception("sync callback failed")
