"""The diagnostics of one terminal, read on its lanes: the screen's figures and the
heartbeat's.

`TerminalDiagnostics(terminal)` never blocks its caller: every read goes to the lane
that owns what it reads (kiosk.terminal): the store's figures on the store lane, the TLS
probe on the network lane, the printer and the CUPS queue on the printer lane. The
parts are combined when the last one is done; a part that fails (a lane closed, a bug)
leaves its figures "unknown" instead of failing the whole screen.

`heartbeat_fields()` is for the sync worker's heartbeat (on the network lane): it reads
only memory, stat calls and /proc, from what the last collection left (the TLS expiry,
the A4 queue, the store's schema), and starts a quiet refresh of those when they are
older than `REFRESH_S`, so the dashboard has them without a technician at the screen.

The run record (kiosk.diagnostics.runs) is the composition root's to start and end;
this object moves its last known time on with each heartbeat (`SEEN_EVERY_S`).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.diagnostics import figures as rules
from kiosk.diagnostics.cups import CupsQueue, CupsState, queue_state
from kiosk.diagnostics.dead_letters import DeadLetter, dead_letters
from kiosk.diagnostics.figures import Figure, ScreenInfo, State
from kiosk.diagnostics.logtail import MAX_LINES, log_tail
from kiosk.diagnostics.machine import (
    disk_free_mb,
    process_uptime_s,
    resident_memory_mb,
    store_size_mb,
)
from kiosk.diagnostics.printer_check import (
    PrintCheck,
    PrinterCheck,
    print_test_ticket,
    printer_detail,
    printer_link,
    query_printer,
)
from kiosk.diagnostics.runs import RunRecord
from kiosk.diagnostics.tls import TlsProbeError, certificate_expiry
from kiosk.lanes import done_future, then
from kiosk.logsetup import log_file
from kiosk.privacy import mask_text

if TYPE_CHECKING:
    from kiosk.device_hub import DeviceHub
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["Figure", "ScreenInfo", "State", "TerminalDiagnostics"]

REFRESH_S = 600.0  # the TLS expiry, the A4 queue and the schema, for the heartbeat
TLS_REFRESH_S = 600.0  # a certificate changes rarely: the screen's refresh reuses it
SEEN_EVERY_S = 60.0  # the run record's last known time, at most this often


@dataclass(frozen=True)
class _StoreFacts:
    schema: str | None
    depth: int
    oldest_pending_at: datetime | None
    dead: int
    store_mb: float | None
    disk_free_mb: float | None


@dataclass(frozen=True)
class _Tls:
    url: str
    expires_at: datetime | None
    error: str | None
    at: float  # time.monotonic() of the probe


class TerminalDiagnostics:
    """The diagnostics of `terminal`; `runs` is the process's run record."""

    def __init__(
        self,
        terminal: Terminal,
        *,
        runs: RunRecord | None = None,
        lpstat: str = "lpstat",
        tls_timeout_s: float = 3.0,
        cups_timeout_s: float = 2.0,
    ) -> None:
        self._t = terminal
        self.runs = runs if runs is not None else RunRecord(terminal.data_dir)
        self._lpstat = lpstat
        self._tls_timeout = tls_timeout_s
        self._cups_timeout = cups_timeout_s
        self._lock = threading.Lock()
        self._screen: str | None = None
        self._schema: str | None = None
        self._tls: _Tls | None = None
        self._a4: CupsQueue | None = None
        self._printer: PrinterCheck | None = None
        self._refreshed_at: float | None = None  # monotonic; None: never
        self._seen_at: float | None = None
        # The devices beside the printer (the composition root sets it once they start).
        self.devices: Callable[[], DeviceHub | None] = lambda: None

    # -- the screen ----------------------------------------------------------------------

    def set_screen(self, description: str) -> None:
        """The window's size and orientation, e.g. "1920x1080 landscape" (the UI's)."""
        with self._lock:
            self._screen = description[:32] or None

    def collect(
        self, screen: ScreenInfo | None = None, *, ask_printer: bool = False
    ) -> Future[list[Figure]]:
        """Every figure, in the screen's order. The printer is asked its status when
        `ask_printer` or when it was never asked; otherwise its last answer is shown."""
        if screen is not None and screen.width > 0 and screen.height > 0:
            self.set_screen(screen.describe())
        t = self._t
        store = then(t.open(), t.store_lane, lambda _: self._store_facts())
        tls = t.network_lane.submit(lambda: self._probe_tls(force=False))
        with self._lock:
            ask = ask_printer or self._printer is None
        printer = then(t.open(), t.printer_lane, lambda _: self._printer_facts(ask))
        return _settled(
            [store, tls, printer],
            lambda parts: self._figures(parts[0], parts[1], parts[2], screen),
        )

    def refresh(self) -> Future[None]:
        """Read again what the heartbeat takes from memory: the store's schema, the TLS
        expiry, the A4 queue (each on its lane)."""
        with self._lock:
            self._refreshed_at = time.monotonic()
        t = self._t
        parts: list[Future[Any]] = [
            then(t.open(), t.store_lane, lambda _: self._store_facts()),
            t.network_lane.submit(lambda: self._probe_tls(force=True)),
            t.printer_lane.submit(self._a4_queue),
        ]
        return _settled(parts, lambda _: None)

    # -- the actions ----------------------------------------------------------------------

    def query_printer(self) -> Future[PrinterCheck]:
        """Ask the ticket printer's status (DLE EOT) now, on the printer lane."""
        t = self._t
        return then(t.open(), t.printer_lane, lambda _: self._query_printer())

    def print_test_ticket(self) -> Future[PrintCheck]:
        """Print a test ticket on the printer lane; the Future holds its outcome."""
        t = self._t
        return then(
            t.open(),
            t.printer_lane,
            lambda _: print_test_ticket(t.ticket_printer, t.config, t.clock()),
        )

    def dead_letters(self) -> Future[list[DeadLetter]]:
        """The newest dead letters (masked, at most 50), read on the store lane."""
        t = self._t
        return then(t.open(), t.store_lane, lambda _: dead_letters(t.store))

    def log_tail(self, lines: int = MAX_LINES) -> Future[list[str]]:
        """The log's last lines (masked again), read on the store lane (the disk's)."""
        path = log_file(self._t.data_dir)
        return self._t.store_lane.submit(lambda: log_tail(path, lines))

    # -- the heartbeat --------------------------------------------------------------------

    def heartbeat_fields(self) -> dict[str, Any]:
        """The heartbeat's protocol-4 figures (kiosk.protocol.events.Heartbeat), None
        where unknown; fast: memory, stat calls and /proc only."""
        t = self._t
        now = t.clock()
        link = _link_figures(t)
        with self._lock:
            tls, a4, schema, screen = self._tls, self._a4, self._schema, self._screen
            due = self._refreshed_at is None or time.monotonic() - self._refreshed_at > REFRESH_S
        if due:
            self._quietly(self.refresh())
        if schema is None and vars(t).get("store") is not None:
            # The first heartbeat comes before the first refresh, and may come before
            # open() has returned (the sync starts inside it, the store already open):
            # one small read (reads are anyone's; the store lane owns the writes), so
            # the server knows at once.
            schema = self._read_schema()
        self._note_alive(now)
        a4_status = (
            CupsState.NOT_CONFIGURED.value
            if not t.config.documents.cups_queue
            else a4.state.value
            if a4 is not None
            else None
        )
        crash = self.runs.last_crash_at()
        return {
            "store_schema": schema[:32] if schema else None,
            # The worker counts the dead letters itself, in the heartbeat's own transaction:
            # a figure from here could only be older.
            "dead_letters": None,
            "clock_drift_s": link.get("clock_drift_s"),
            "round_trip_ms": link.get("round_trip_ms"),
            "tls_expires_at": tls.expires_at if tls is not None else None,
            "printer_detail": printer_detail(t.config),
            "a4_status": a4_status,
            "disk_free_mb": disk_free_mb(t.data_dir),
            "store_mb": store_size_mb(t.data_dir / "kiosk.db"),
            "memory_mb": resident_memory_mb(),
            "uptime_s": self._uptime_s(now),
            "restarts": self.runs.restarts_since_boot(),
            "last_crash_at": crash.astimezone(now.tzinfo) if crash is not None else None,
            "screen": screen,
            **_device_words(self.devices()),
        }

    def _read_schema(self) -> str | None:
        from sqlalchemy import text as sql

        try:
            with self._t.store.session() as s:
                heads = s.execute(sql("SELECT version_num FROM alembic_version")).scalars().all()
        except Exception:  # the heartbeat goes without it
            log.exception("reading the store's schema version")
            return None
        schema = ",".join(sorted(str(h) for h in heads)) or None
        with self._lock:
            self._schema = schema
        return schema

    # -- the parts, each on its lane --------------------------------------------------------

    def _store_facts(self) -> _StoreFacts:

        from kiosk.store.outbox import dead_count, depth, oldest_pending

        store = self._t.store
        schema = self._read_schema()
        with store.session() as s:
            head = oldest_pending(s)
            facts = _StoreFacts(
                schema=schema,
                depth=depth(s),
                oldest_pending_at=head.created_at if head is not None else None,
                dead=dead_count(s),
                store_mb=store_size_mb(store.path),
                disk_free_mb=disk_free_mb(self._t.data_dir),
            )
        return facts

    def _probe_tls(self, *, force: bool) -> _Tls:
        url = self._t.config.central.url
        with self._lock:
            cached = self._tls
        fresh = cached is not None and time.monotonic() - cached.at < TLS_REFRESH_S
        if cached is not None and cached.url == url and fresh and not force:
            return cached
        expires: datetime | None = None
        error: str | None = None
        if url.lower().startswith("https://"):
            try:
                expires = certificate_expiry(url, self._tls_timeout)
            except TlsProbeError as e:
                error = mask_text(str(e))[:200]
        probed = _Tls(url, expires, error, time.monotonic())
        with self._lock:
            self._tls = probed
        return probed

    def _a4_queue(self) -> CupsQueue:
        queue = queue_state(
            self._t.config.documents.cups_queue, lpstat=self._lpstat, timeout=self._cups_timeout
        )
        with self._lock:
            self._a4 = queue
        return queue

    def _query_printer(self) -> PrinterCheck:
        check = query_printer(self._t.ticket_printer, self._t.clock())
        with self._lock:
            self._printer = check
        return check

    def _printer_facts(self, ask: bool) -> tuple[CupsQueue, PrinterCheck | None]:
        check = self._query_printer() if ask else None
        with self._lock:
            check = check or self._printer
        return self._a4_queue(), check

    # -- the figures ------------------------------------------------------------------------

    def _figures(
        self,
        store: _StoreFacts | None,
        tls: _Tls | None,
        printer: tuple[CupsQueue, PrinterCheck | None] | None,
        screen: ScreenInfo | None,
    ) -> list[Figure]:
        from kiosk.protocol import PROTOCOL_VERSION
        from kiosk.sync.worker import app_version

        t = self._t
        config, now = t.config, t.clock()
        demo = config.ui.demo
        catalog = vars(t).get("catalog")  # set by open(); absent when it failed
        sync = t.sync
        status = sync.status() if sync is not None else None
        link = _link_figures(t)
        configured = bool(config.central.url)
        last_contact = link.get("last_contact_at") or (
            status.last_success_at if status is not None else None
        )
        oldest_age = (
            max(0.0, (now - store.oldest_pending_at).total_seconds())
            if store is not None and store.oldest_pending_at is not None
            else None
        )
        a4, check = printer if printer is not None else (None, None)
        p = config.printer
        crash = self.runs.last_crash_at()
        out = [
            rules.version("app_version", app_version()),
            rules.version("catalog_version", getattr(catalog, "version", None)),
            rules.version("store_schema", store.schema if store else None),
            rules.version("protocol_version", str(PROTOCOL_VERSION)),
            rules.version("terminal_number", str(config.terminal_number)),
            rules.time_zone(config.timezone, now),
            rules.clock_drift(link.get("clock_drift_s")),
            rules.central_url(config.central.url, demo),
            rules.sync_state(
                configured,
                bool(status and status.online),
                bool(status and status.auth_fault),
                mask_text(status.last_error) if status and status.last_error else None,
                demo,
            ),
            rules.last_contact(configured, last_contact, now, demo),
            rules.round_trip(link.get("round_trip_ms")),
            rules.tls_certificate(
                config.central.url,
                tls.expires_at if tls else None,
                now,
                demo,
                tls.error if tls else None,
            ),
            rules.outbox(store.depth if store else None, oldest_age),
            rules.dead_letters(store.dead if store else None),
            rules.printer_info("printer_connection", printer_link(config)),
            rules.printer_info("printer_profile", p.profile),
            rules.printer_info("paper_width", f"{p.paper_width_mm} mm"),
            check.figure if check is not None else rules.printer_state("printer_status", "unknown"),
            rules.printer_state("last_print", _last_print(t)),
            rules.a4_queue(a4.state.value, a4.queue, a4.detail)
            if a4 is not None
            else rules.a4_queue("unknown", config.documents.cups_queue),
            rules.disk_free(store.disk_free_mb if store else disk_free_mb(t.data_dir)),
            rules.store_size(store.store_mb if store else None),
            rules.memory(resident_memory_mb()),
            rules.uptime(self._uptime_s(now)),
            rules.restarts(self.runs.restarts_since_boot()),
            rules.last_crash(crash, now),
            rules.screen(screen if screen is not None else _screen_of(self._screen)),
            *_device_figures(self.devices()),
        ]
        return out

    # -- helpers ----------------------------------------------------------------------------

    def _uptime_s(self, now: datetime) -> float | None:
        up = process_uptime_s()
        if up is not None:
            return up
        run = self.runs.current()  # where /proc is missing: since the run record's start
        return max(0.0, (now - run.started_at).total_seconds()) if run is not None else None

    def _note_alive(self, now: datetime) -> None:
        """Move the run record's last known time on (on the store lane, at most once a
        minute): a crash after this is dated from here."""
        with self._lock:
            mono = time.monotonic()
            if self._seen_at is not None and mono - self._seen_at < SEEN_EVERY_S:
                return
            self._seen_at = mono
        if self.runs.current() is not None:
            self._quietly(self._t.store_lane.submit(lambda: self.runs.seen(now)))

    @staticmethod
    def _quietly(future: Future[Any]) -> None:
        """Log a background job's failure (a closed lane at shutdown is no news)."""

        def done(f: Future[Any]) -> None:
            from kiosk.lanes import LaneClosed

            if f.cancelled():
                return
            error = f.exception()
            if error is not None and not isinstance(error, LaneClosed):
                log.warning("diagnostics refresh failed: %s: %s", type(error).__name__, error)

        future.add_done_callback(done)


def _device_words(hub: DeviceHub | None) -> dict[str, str | None]:
    """The heartbeat's word a device (protocol 6); None before the devices start."""
    if hub is None:
        return {"id_card_status": None, "scanner_status": None, "signal_light_status": None}
    return dict(hub.states())


def _device_figures(hub: DeviceHub | None) -> list[Figure]:
    if hub is None:
        return []
    words, details = hub.states(), hub.details()
    return [
        rules.device(key, words[f"{key}_status"], details[key])
        for key in ("id_card", "scanner", "signal_light")
    ]


def _link_figures(terminal: Terminal) -> dict[str, Any]:
    """The sync link's figures (kiosk.sync.link), {} without a sync or a link."""
    link = getattr(terminal.sync, "link", None)
    if link is None:
        return {}
    try:
        figures = link.figures()
    except Exception:  # the diagnostics must show what they can
        log.exception("the sync link's figures")
        return {}
    return {
        "last_contact_at": figures.last_contact_at,
        "round_trip_ms": figures.round_trip_ms,
        "clock_drift_s": figures.clock_drift_s,
    }


def _last_print(terminal: Terminal) -> str:
    """The last print's result as the terminal keeps it for the heartbeat ("ok", a
    fault's code, or "unknown" before the first print)."""
    return terminal.printer_state


def _screen_of(description: str | None) -> ScreenInfo | None:
    """A ScreenInfo back from "1920x1080 landscape" (what set_screen was given)."""
    if not description:
        return None
    size = description.split()[0]
    width, _, height = size.partition("x")
    if not (width.isdigit() and height.isdigit()):
        return None
    return ScreenInfo(int(width), int(height))


def _settled(parts: Sequence[Future[Any]], combine: Callable[[list[Any]], T]) -> Future[T]:
    """Once every part is done, `combine(results)`: None for a part that failed (logged).

    Runs on the thread that completes the last part (a lane's): `combine` is pure.
    """
    out: Future[T] = Future()
    results: list[Any] = [None] * len(parts)
    left = [len(parts)]
    lock = threading.Lock()

    def finish() -> None:
        try:
            out.set_result(combine(results))
        except Exception as e:  # a bug in the figures: the caller hears of it
            log.exception("diagnostics figures")
            out.set_exception(e)

    def one(i: int, f: Future[Any]) -> None:
        if not f.cancelled():
            error = f.exception()
            if error is None:
                results[i] = f.result()
            else:
                log.warning("diagnostics part %d failed: %s: %s", i, type(error).__name__, error)
        with lock:
            left[0] -= 1
            last = left[0] == 0
        if last:
            finish()

    if not parts:
        return done_future(combine(results))
    for i, f in enumerate(parts):
        f.add_done_callback(functools.partial(one, i))
    return out
