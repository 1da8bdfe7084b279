"""The terminal's sync worker: the outbox to the server, and what the server hands back.

Its work runs on the terminal's network lane (kiosk.lanes), never the UI thread (the
Anki pattern in ../shared/DESIGN.md), as two kinds of pass:

- *events*: sends the outbox in batches, oldest first, and writes the heartbeat. A
  failed batch is rescheduled in its rows (attempts, next_attempt_at, last_error), so
  the schedule survives a restart; a rejected event goes to the dead-letter state.
- *pulls*: the catalog, the calendar and the staff accounts (If-None-Match; a new one
  is checked before it is used), the attendant's answers to help calls while an
  applicant waits, and the terminals in service while this one is out of service (for
  its screen to send applicants elsewhere).

No polling: a commit that queues an outbox event wakes the events pass (Store.on_outbox),
and each pass schedules the next one for when something is due (a retry, a heartbeat,
a pull); a terminal at rest sleeps.

No server can stall it: each duty (the outbox, heartbeats, each download, the help
calls) has its own due time and its own count of failures in a row, and whatever one
meets (a fault, an answer that fails its checks, an exception) only moves that duty's
due time, by a backoff that grows and is bounded. A pulls pass makes one request (help
calls first, then the download most overdue, never help twice while a download is due),
so no duty waits more than one request for another; the client bounds each request's
time and size (kiosk.sync.client). A download refused by its checks is remembered by
its ETag: asked for again only after the backoff, with If-None-Match naming it, and
never checked twice.

Writes to the store go through `run_store` (the terminal's store lane, its only writer);
every callback is called on the lanes' threads: a Qt composition root re-emits it as a
signal. Without a `central.url` nothing is sent and nothing fails: the outbox fills, the
status shows its depth, and a later configured start catches up.

Every answer of the server feeds `self.link` (kiosk.sync.link: the round trip, the
clock's drift), which the heartbeat and the diagnostics screen read; `heartbeat_extra`
adds the diagnostics' own figures to each heartbeat. A server older than the staff
endpoints answers them 404: no staff list (the config's fallback PINs stay in use until
one arrives) and the terminals in service unknown, neither a fault.
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

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.catalog.loader import Catalog, CatalogError
from kiosk.config import CentralConfig
from kiosk.help_requests import ACKNOWLEDGED, RESOLVED, HelpCallChange, HelpDesk
from kiosk.lanes import Lane
from kiosk.protocol import InvalidPayload, payload
from kiosk.protocol.events import Heartbeat
from kiosk.protocol.limits import BATCH_MAX_EVENTS, within_batch_bytes
from kiosk.staff.accounts import (
    StaffListRefused,
    install_staff_list,
    installed_etag,
    installed_version,
)
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent, OutOfServiceState, SyncState
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
    retry_now,
)
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import (
    CONNECT_TIMEOUT_S,
    MAX_CATALOG_BYTES,
    AuthFault,
    CentralClient,
    ProtocolFault,
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
from kiosk.sync.link import Link
from kiosk.sync.status import StatusBox, SyncStatus
from kiosk.workcalendar import WorkCalendar

log = logging.getLogger(__name__)

HEARTBEAT = "heartbeat"
CATALOG_REFUSED = "catalog.refused"
HELP_CURSOR = "help_calls.cursor"
MAX_PROBLEMS = 50  # in a catalog.refused event: enough to act on, bounded in size
MAX_SLEEP_S = 60.0  # a pass at least this often: a clock set back cannot stall the sync
MAX_PROBLEM_CHARS = 500  # of each problem in a catalog.refused event, of a dead letter's reason
MAX_ID_CHARS = 64  # a help call's id (a UUID) in the server's answer
MAX_TERMINALS = 100  # in the terminals in service: the hall has 12
# The heartbeat's fields the worker fills itself: heartbeat_extra cannot replace them.
OWN_BEAT_FIELDS = frozenset(
    {
        "terminal",
        "at",
        "outbox_depth",
        "oldest_pending_age_s",
        "app_version",
        "catalog_version",
        "calendar_version",
        "printer_status",
    }
)
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

    batch_size: int = BATCH_MAX_EVENTS  # the server's limit per request
    heartbeat_s: float | None = 30.0  # None: no heartbeats
    pull_s: float = 600.0  # catalog and calendar
    pull_retry_s: float = 60.0  # the first wait after a failed or refused download
    # ... doubling after each failure in a row, up to pull_s (jittered, kiosk.sync.backoff)
    help_poll_active_s: float = 1.0  # while an applicant waits for the attendant
    help_retry_cap_s: float = 10.0  # the longest wait between help polls after failures
    # The terminals in service, asked while this one is out of service: its screen names
    # them to applicants, and a neighbour may go out of service too. Cheap (a few bytes).
    in_service_s: float = 60.0
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 300.0
    connect_timeout_s: float = CONNECT_TIMEOUT_S


class SyncWorker:
    """Start once with `start(lane)`, `stop()` at exit; `wake()` looks at once.

    Callbacks (all optional, called on a worker thread, exceptions logged and ignored):
    `on_status(SyncStatus)` on every change; `on_catalog(Catalog)` when a downloaded
    catalog is checked and current (switch between applicants); `on_calendar(WorkCalendar)`;
    `on_help_call(HelpCallChange)` when the attendant acknowledged or resolved a call;
    `heartbeat_extra()` (on the network lane) the diagnostics' figures for each heartbeat.
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
        heartbeat_extra: Callable[[], Mapping[str, Any]] | None = None,
    ) -> None:
        self.store = store
        self.heartbeat_extra = heartbeat_extra
        self.link = Link()
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
        rng = rng or random.Random()
        st = self.settings
        self.backoff = Backoff(st.backoff_base_s, st.backoff_cap_s, rng)
        # A failed download waits pull_retry_s, then twice that..., never more than pull_s.
        self._pull_backoff = Backoff(st.pull_retry_s, max(st.pull_retry_s, st.pull_s), rng)
        self._help_backoff = Backoff(
            st.help_poll_active_s, max(st.help_poll_active_s, st.help_retry_cap_s), rng
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
        # The ETags of downloads their checks refused: never downloaded and checked again.
        self._refused_catalog_etag: str | None = None
        self._refused_calendar_etag: str | None = None
        self._help_cursor: int | None = None
        self._staff_etag, self._staff_version = self._installed_staff()
        self._refused_staff_etag: str | None = None
        self.staff_error: str | None = None  # the last staff list refused, and why
        # The terminals in service, as the server last said (None: not known).
        self._in_service: tuple[int, ...] | None = None
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
        self._next_heartbeat = now
        self._catalog = Duty("catalog", now)
        self._calendar = Duty("calendar", now)
        self._help = Duty("help calls", now)
        self._staff = Duty("staff", now)
        self._in_service_duty = Duty("terminals in service", now)
        self._last_pull: Duty | None = None
        # The outbox's own hold after an exception (a fault is kept in the rows instead).
        self._outbox = Duty("outbox", now)

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

    def send_now(self) -> None:
        """The technician's "send now": every pending event due at once, its backoff
        ended, and the events pass run (on the worker's lane)."""

        def due_now() -> None:
            now = self.clock()
            self._outbox.due = now
            self._write(lambda s: retry_now(s, now))

        lane = self._lane
        if lane is None or lane.closed:
            return
        lane.submit(due_now)
        self.wake_events()

    def download_now(self) -> None:
        """The technician's "download now": every download (catalog, calendar, staff)
        due at once, whatever its schedule or backoff."""

        def due_now() -> None:
            now = self.clock()
            for duty in (self._catalog, self._calendar, self._staff):
                duty.due = now

        lane = self._lane
        if lane is None or lane.closed or not self.config.url:
            return
        lane.submit(due_now)
        self._wake(PULLS)

    def in_service_terminals(self) -> tuple[int, ...] | None:
        """The hall's terminals in service, as the server last said while this one was
        out of service; None when not known (no answer yet, an older server)."""
        return self._in_service

    def staff_version(self) -> str | None:
        """The version of the staff list installed (None: never one)."""
        return self._staff_version

    def _installed_staff(self) -> tuple[str | None, str | None]:
        try:
            with self.store.session() as s:
                return installed_etag(s), installed_version(s)
        except Exception:  # the store unreadable: the download starts from nothing
            log.exception("sync: reading the installed staff list")
            return None, None

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
            self._outbox_failed(e)
        # A queue that moves is drained without pause; else sleep until something is due.
        try:
            delay = 0.0 if moved else self._events_due_in()
        except Exception as e:  # the store could not be read: try again after the backoff
            self._outbox_failed(e)
            delay = self._until(self._outbox.due)
        self._next_pass(EVENTS, delay)

    def _outbox_failed(self, error: Exception) -> None:
        """An exception in the outbox's pass: it waits its backoff; the others go on."""
        duty = self._outbox
        duty.failures += 1
        wait = self.backoff.delay(duty.failures)
        duty.due = self.clock() + timedelta(seconds=wait)
        log.error(
            "sync outbox: %s: %s (next in %.1f s)",
            type(error).__name__,
            _brief(error),
            wait,
            exc_info=not isinstance(error, RecursionError),
        )
        self._status.update(last_error=f"outbox: {type(error).__name__}: {_brief(error)}")

    def _events_due_in(self) -> float:
        due = []
        if self.config.url and self.settings.heartbeat_s is not None:
            due.append(self._until(self._next_heartbeat))
        if self.config.url:
            with self.store.session() as s:
                head = oldest_pending(s)
                if head is not None:
                    at = head.next_attempt_at or self.clock()
                    due.append(self._until(max(at, self._outbox.due)))
        return min(due, default=MAX_SLEEP_S)

    def _pulls_pass(self) -> None:
        if not self._begin(PULLS):
            return
        try:
            self._run_pulls(force=False, limit=1)  # one request: the others wait no longer
        except Exception as e:  # each duty is contained; this is the scheduler's own bug
            log.exception("sync pulls pass")
            self._status.update(last_error=f"{type(e).__name__}: {_brief(e)}")
        due = [
            self._until(self._catalog.due),
            self._until(self._calendar.due),
            self._until(self._staff.due),
        ]
        if self._help_active():  # an applicant waits for the attendant's answer
            due.append(self._until(self._help.due))
        if self._out_of_service():
            due.append(self._until(self._in_service_duty.due))
        self._next_pass(PULLS, min(due))

    def _help_active(self) -> bool:
        try:
            return self.help_desk.has_active()
        except Exception:  # the store could not be read: look again soon, poll meanwhile
            log.exception("sync: reading the open help calls")
            return True

    def _out_of_service(self) -> bool:
        try:
            with self.store.session() as s:
                return s.scalar(select(OutOfServiceState.id).limit(1)) is not None
        except Exception:  # the store could not be read: the list is not needed then
            log.exception("sync: reading the out-of-service state")
            return False

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
            self.config,
            connect_timeout_s=self.settings.connect_timeout_s,
            clock=self.clock,
            link=self.link,
        )

    def run_events_once(self) -> bool:
        """One pass of the events thread on the calling thread: heartbeat when due, one
        batch, the status. True when the queue moved. For tests and technicians' tools:
        not while the worker is started (one lane per connection)."""
        moved = False
        if self.config.url:
            if self._events_client is None:
                self._events_client = self._client()
            beat = self.settings.heartbeat_s
            if beat is not None and self.clock() >= self._next_heartbeat:
                # Due again in heartbeat_s whatever this one meets: its own schedule.
                self._next_heartbeat = self.clock() + timedelta(seconds=beat)
                try:
                    self._write_heartbeat()
                except Exception as e:
                    log.error("sync heartbeat not written: %s: %s", type(e).__name__, _brief(e))
            if self.clock() >= self._outbox.due:
                try:
                    moved = self._send_batch(self._events_client)
                except Exception as e:  # the batch's rows keep their schedule; this waits
                    self._outbox_failed(e)
                else:
                    self._outbox.failures = 0
        self._refresh_outbox_status()
        return moved

    def _send_batch(self, client: CentralClient) -> bool:
        """Send the next due batch; True when the queue moved (so go on at once)."""
        now = self.clock()
        with self.store.session() as s:
            batch = next_batch(s, now, self.settings.batch_size)
            docs = within_batch_bytes(
                [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "created_at": e.created_at.isoformat(),
                        "payload": e.payload,
                    }
                    for e in batch
                ]
            )
            batch = batch[: len(docs)]
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
        extra = self._beat_extra(now)
        link = self.link.figures()
        if link.clock_drift_s is not None:
            extra.setdefault("clock_drift_s", link.clock_drift_s)
        if link.round_trip_ms is not None:
            extra.setdefault("round_trip_ms", link.round_trip_ms)

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
            own = {
                "terminal": self.terminal,
                "at": now,
                "outbox_depth": depth(s),
                "oldest_pending_age_s": age,
                # The server keeps 32 characters of each (a dev build's version is long).
                "app_version": app_version()[:32],
                "catalog_version": _short(self._catalog_version),
                "calendar_version": _short(self._calendar_version),
                "printer_status": printer,
            }
            figures = {"dead_letters": dead_count(s), **extra}
            try:
                beat_payload = payload(HEARTBEAT, **own, **figures)
            except InvalidPayload as e:  # each was checked alone: together, too large
                log.error("heartbeat figures dropped: %s", _brief(e))
                beat_payload = payload(HEARTBEAT, **own)
            add_event(s, HEARTBEAT, beat_payload, now)

        self._write(beat)

    def _beat_extra(self, now: datetime) -> dict[str, Any]:
        """`heartbeat_extra`'s figures, each checked alone with the heartbeat's model: a
        failing callable or a refused figure is logged and left out, the beat still goes."""
        if self.heartbeat_extra is None:
            return {}
        try:
            given = dict(self.heartbeat_extra())
        except Exception as e:
            log.error("heartbeat figures: %s: %s", type(e).__name__, _brief(e))
            return {}
        checked: dict[str, Any] = {}
        for name, value in given.items():
            if not isinstance(name, str) or name not in Heartbeat.model_fields:
                log.error("heartbeat figure %.40r dropped: not a heartbeat field", name)
                continue
            if name in OWN_BEAT_FIELDS or value is None:
                continue
            try:
                payload(HEARTBEAT, terminal=self.terminal, at=now, **{name: value})
            except (InvalidPayload, TypeError) as e:
                log.error("heartbeat figure %s dropped: %s", name, _brief(e))
                continue
            checked[name] = value
        return checked

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
        self._run_pulls(force=force, limit=None)

    def _run_pulls(self, *, force: bool, limit: int | None) -> None:
        """Run the due duties (at most `limit`): help calls first, then the most overdue
        download; help calls and a due download take turns."""
        if not self.config.url:
            return
        if self._pulls_client is None:
            self._pulls_client = self._client()
        client, now, st = self._pulls_client, self.clock(), self.settings
        due: list[tuple[Duty, Callable[[CentralClient], bool], Backoff, float]] = []
        # The attendant's answers matter only while an applicant waits for one: no call
        # open, no request (the cursor catches up with the next call).
        if (force or now >= self._help.due) and self._help_active():
            due.append(
                (self._help, self._poll_help_calls, self._help_backoff, st.help_poll_active_s)
            )
        out_of_service = self._out_of_service()
        if (force or now >= self._in_service_duty.due) and out_of_service:
            due.append(
                (
                    self._in_service_duty,
                    self._pull_in_service,
                    self._help_backoff,
                    st.in_service_s,
                )
            )
        elif not out_of_service:
            self._in_service = None  # in service: a list from before would be stale
        downloads = [
            (self._catalog, self._pull_catalog, self._pull_backoff, st.pull_s),
            (self._calendar, self._pull_calendar, self._pull_backoff, st.pull_s),
            (self._staff, self._pull_staff, self._pull_backoff, st.pull_s),
        ]
        due += sorted((d for d in downloads if force or now >= d[0].due), key=lambda d: d[0].due)
        if len(due) > 1 and due[0][0] is self._help and self._last_pull is self._help:
            # Help calls go first, but not twice in a row while a download is due: on a
            # machine slower than help_poll_active_s the downloads would never run.
            due.append(due.pop(0))
        for duty, work, backoff, every in due[:limit]:
            self._last_pull = duty
            self._run_duty(duty, work, client, backoff, every)

    def _run_duty(
        self,
        duty: Duty,
        work: Callable[[CentralClient], bool],
        client: CentralClient,
        backoff: Backoff,
        every_s: float,
    ) -> None:
        """Run one duty whatever it meets, and set when it is next due: `every_s` after a
        success, a growing backoff after a fault, a refusal or an exception in a row."""
        started = self.clock()
        try:
            ok = work(client)  # False: the server's answer failed its checks
        except SyncFault as e:
            log.warning("sync %s: %s", duty.name, e)
            self._status.update(
                online=False, last_error=str(e), auth_fault=isinstance(e, AuthFault)
            )
            ok = False
        except Exception as e:  # a bug or an answer nothing foresaw: this duty waits
            log.error(
                "sync %s: %s: %s",
                duty.name,
                type(e).__name__,
                _brief(e),
                exc_info=not isinstance(e, RecursionError),
            )
            self._status.update(last_error=f"{duty.name}: {type(e).__name__}: {_brief(e)}")
            ok = False
        else:
            self._status.update(online=True, last_success_at=self.clock(), auth_fault=False)
        if ok:
            duty.failures = 0
            duty.due = started + timedelta(seconds=every_s)
        else:
            duty.failures += 1
            wait = backoff.delay(duty.failures)
            duty.due = self.clock() + timedelta(seconds=wait)
            log.info(
                "sync %s: next in %.1f s (failure %d in a row)", duty.name, wait, duty.failures
            )

    def _pull_catalog(self, client: CentralClient) -> bool:
        """Download, check and install a new catalog; False when its checks refused it."""
        etag = self._catalog_etag
        if etag is None and self._catalog_version:
            etag = f'"{self._catalog_version}"'
        fetched = client.get(
            "/catalog",
            etag=_if_none_match(etag, self._refused_catalog_etag),
            max_bytes=MAX_CATALOG_BYTES,
        )
        if fetched.body is None:  # 304: the one we run (or refused); 404: the server has none
            return True
        version, files = fetched.body.get("version"), fetched.body.get("files")
        # It names the catalog in logs, the status and the refusal event: kept short.
        version = version if isinstance(version, str) and 0 < len(version) <= 64 else "?"
        refused_etag = fetched.etag is not None and fetched.etag == self._refused_catalog_etag
        if refused_etag or version == self._refused_catalog:
            # The server ignored If-None-Match: not checked again, and it counts as a failure.
            log.warning("catalog %s: the one refused before, not checked again", _short(version))
            return False
        if version == self._catalog_version:
            self._catalog_etag = fetched.etag
            return True
        try:
            if not isinstance(files, Mapping):
                raise ValueError("files: expected an object of file names and texts")
            catalog = install_catalog(self.data_dir, files, fetched.etag)
        except CatalogError as e:
            problems = [str(p) for p in e.problems]
        except RecursionError:  # the other checks' own limit, if they have none
            problems = ["nested too deep to check"]
        except ValueError as e:
            problems = [str(e)]
        except Exception as e:  # whatever broke the checks, the download is refused
            log.exception("checking catalog %s", _short(version))
            problems = [f"the checks failed: {type(e).__name__}: {_brief(e)}"]
        else:
            problems = []
        if problems:
            self._refused_catalog_etag = fetched.etag
            self._refuse_catalog(version, problems)
            return False
        if catalog.version != version:
            log.warning("catalog %s from the server loads as %s", version, catalog.version)
        self._catalog_etag = fetched.etag
        self._refused_catalog = self._refused_catalog_etag = None
        changed = catalog.version != self._catalog_version
        self._catalog_version = catalog.version
        self._status.update(catalog_version=catalog.version, catalog_error=None)
        log.info("catalog %s downloaded and checked", catalog.version)
        if changed and self.on_catalog is not None:
            _call(self.on_catalog, catalog)
        return True

    def _refuse_catalog(self, version: str, problems: list[str]) -> None:
        self._refused_catalog = version
        problems = [p[:MAX_PROBLEM_CHARS] for p in problems[:MAX_PROBLEMS]]
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
                    problems=problems,
                    at=now,
                ),
                now,
            )
        )
        first = problems[0] if problems else "?"
        self._status.update(
            catalog_error=f"catalog {version} refused ({len(problems)} problems): {first}"
        )

    def _pull_calendar(self, client: CentralClient) -> bool:
        """Download, check and store a new calendar; False when its checks refused it."""
        fetched = client.get(
            "/calendar", etag=_if_none_match(self._calendar_etag, self._refused_calendar_etag)
        )
        if fetched.body is None:  # 304, or 404: no calendar imported, keep ours
            return True
        version = fetched.body.get("version")
        shown = _short(version) if isinstance(version, str) else "?"
        if fetched.etag is not None and fetched.etag == self._refused_calendar_etag:
            log.warning("calendar %s: the one refused before, not checked again", shown)
            return False
        problem: str | None
        try:
            calendar = install_calendar(
                self.data_dir, version, fetched.body.get("calendar"), fetched.etag
            )
        except (ValueError, TypeError) as e:
            problem = _brief(e)
        except RecursionError:
            problem = "nested too deep to check"
        except Exception as e:  # whatever broke the checks, the download is refused
            log.exception("checking calendar %s", shown)
            problem = f"the checks failed: {type(e).__name__}: {_brief(e)}"
        else:
            problem = None
        if problem is not None:
            self._refused_calendar_etag = fetched.etag
            log.error("calendar %s refused: %s", shown, problem)
            self._status.update(calendar_error=f"calendar {shown} refused: {problem}")
            return False
        self._calendar_etag = fetched.etag
        self._refused_calendar_etag = None
        changed = calendar.version != self._calendar_version
        self._calendar_version = calendar.version
        self._status.update(calendar_version=calendar.version, calendar_error=None)
        if changed and self.on_calendar is not None:
            _call(self.on_calendar, calendar)
        return True

    def _pull_staff(self, client: CentralClient) -> bool:
        """Download, check and install the staff accounts; False when refused."""
        fetched = client.get(
            "/staff", etag=_if_none_match(self._staff_etag, self._refused_staff_etag)
        )
        if fetched.body is None:  # 304: ours; 404: an older server, no staff list
            return True
        version = fetched.body.get("version")
        shown = _short(version) if isinstance(version, str) else "?"
        if fetched.etag is not None and fetched.etag == self._refused_staff_etag:
            log.warning("staff list %s: the one refused before, not checked again", shown)
            return False
        if isinstance(version, str) and version == self._staff_version:
            self._staff_etag = fetched.etag  # the server ignored If-None-Match: nothing new
            return True
        now = self.clock()
        body, etag = fetched.body, fetched.etag
        try:
            installed = self._write(lambda s: install_staff_list(s, body, now, etag))
        except StaffListRefused as e:
            self._refused_staff_etag = fetched.etag
            self.staff_error = f"staff list {shown} refused: {_brief(e)}"
            log.error("%s; the previous one is kept", self.staff_error)
            return False
        self._staff_etag, self._staff_version = fetched.etag, installed
        self._refused_staff_etag = self.staff_error = None
        log.info("staff list %s installed", installed)
        return True

    def _pull_in_service(self, client: CentralClient) -> bool:
        """The terminals in service, for this one's out-of-service screen."""
        fetched = client.get("/terminals/in-service")
        if fetched.body is None:  # 404: an older server; not known
            self._in_service = None
            return True
        terminals = fetched.body.get("terminals")
        if (
            not isinstance(terminals, list)
            or len(terminals) > MAX_TERMINALS
            or not all(_is_terminal(n) for n in terminals)
        ):
            raise ProtocolFault(
                "GET /terminals/in-service: expected a list of terminal numbers 1 to 12"
            )
        self._in_service = tuple(sorted(set(terminals)))
        return True

    def _poll_help_calls(self, client: CentralClient) -> bool:
        if self._help_cursor is None:
            with self.store.session() as s:
                row = s.get(SyncState, HELP_CURSOR)
                self._help_cursor = int(row.value) if row else 0
        fetched = client.get("/help-calls", params={"since": self._help_cursor})
        body = fetched.body or {}
        cursor, calls = body.get("cursor"), body.get("calls")
        if not isinstance(calls, list) or not isinstance(cursor, int) or not _is_cursor(cursor):
            raise ProtocolFault("GET /help-calls: answer without a cursor and a calls list")
        now = self.clock()
        changes = [
            HelpCallChange(c["id"], c["state"], _when(c, now))
            for c in calls
            if isinstance(c, dict)
            and isinstance(c.get("id"), str)
            and len(c["id"]) <= MAX_ID_CHARS
            and c.get("state") in (ACKNOWLEDGED, RESOLVED)
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
        return True


@dataclass
class Duty:
    """One thing the sync does on its own schedule: when it is next due, and how many
    times in a row it failed (its backoff's exponent)."""

    name: str
    due: datetime
    failures: int = 0


def _short(value: str | None) -> str | None:
    return None if value is None else value[:32]


def _brief(error: BaseException) -> str:
    """An exception's message for a log line or the status: one line, bounded."""
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _if_none_match(*etags: str | None) -> str | None:
    """If-None-Match naming the version we run and the one refused: a 304 for either."""
    named = list(dict.fromkeys(t for t in etags if t))
    return ", ".join(named) or None


def _is_terminal(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12


def _is_cursor(value: int) -> bool:
    return not isinstance(value, bool) and 0 <= value < 2**63


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
            # Kept in the row for technicians: bounded, whatever the server says.
            dead.append((event_id, str(r.get("reason") or "rejected")[:MAX_PROBLEM_CHARS]))
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
