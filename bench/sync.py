"""Sync benchmarks: terminals and the central server on loopback, durable commits on both.

Prints one figure a line as `name: value unit (target ...)`:
- drain_rate: events per second draining a 10,000-event outbox to the server (one
  terminal, batches as the sync worker sends them);
- ingest_rate_12_terminals: the server's events per second with 12 terminals (12 processes,
  each with its own SQLite store) draining at once;
- help_call_to_dashboard_p95: from a help call's commit on the terminal to its appearance
  in the dashboard's live stream (the worker running as in the kiosk), p95 of 40 calls.
The server is `central serve` in its own process with SQLite (synchronous=FULL), as in a
small hall. Run: `.venv/bin/python bench/sync.py`.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from central.admin import add_terminal
from central.db import Database
from central.demo import DEMO_PASSWORD, DEMO_USER, DemoCentral
from central.demo import start as start_central
from kiosk.config import CentralConfig
from kiosk.resources import resource_path
from kiosk.store.database import Store
from kiosk.store.outbox import add_event

DRAIN_EVENTS = 10_000
TERMINALS, PER_TERMINAL = 12, 1_000
HELP_CALLS = 40


def fill_outbox(store: Store, terminal: int, n: int) -> None:
    """`n` guide views (small events, as most of a day's are), in transactions of 500."""
    now = datetime.now(UTC)
    for start in range(0, n, 500):
        with store.transaction() as s:
            for _ in range(start, min(n, start + 500)):
                payload = {"item_id": "elderly-card", "terminal": terminal, "at": now.isoformat()}
                add_event(s, "guide.viewed", payload, now)


def drain(store: Store, config: CentralConfig, terminal: int, data_dir: Path) -> float:
    """Send the whole outbox, pass after pass as the worker would; the seconds it took."""
    from kiosk.sync import SyncSettings, SyncWorker

    worker = SyncWorker(store, config, terminal, data_dir, settings=SyncSettings(heartbeat_s=None))
    began = time.perf_counter()
    while worker.run_events_once():
        pass
    elapsed = time.perf_counter() - began
    left = worker.status().outbox_depth
    worker.stop()
    if left:
        raise RuntimeError(f"terminal {terminal}: {left} events not sent")
    return elapsed


def terminal_process(args: tuple[str, str, int, str, Any]) -> float:
    """One terminal of the 12: fill its own store, wait for the start, drain; seconds."""
    url, token, terminal, folder, barrier = args
    store = Store(Path(folder) / f"t{terminal}.db")
    fill_outbox(store, terminal, PER_TERMINAL)
    barrier.wait()
    elapsed = drain(store, CentralConfig(url=url, token=token), terminal, Path(folder))
    store.close()
    return elapsed


def dashboard_stream(url: str, seen: dict[str, float], ready: threading.Event) -> None:
    """Sign in as the demo supervisor and note when each help call id first appears."""
    session = requests.Session()
    form = session.get(f"{url}/login", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf, "no CSRF field on the login form"
    login = {"username": DEMO_USER, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    session.post(f"{url}/login", data=login, timeout=10).raise_for_status()
    try:
        with session.get(f"{url}/dashboard/stream", stream=True, timeout=60) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                ready.set()
                if line and line.startswith("data: ") and line != "data: {}":
                    now = time.perf_counter()
                    for call in json.loads(line[6:]).get("calls", []):
                        seen.setdefault(call["id"], now)
    except requests.RequestException:
        return  # the server stopped at the end of the run


def help_call_latency(central: DemoCentral, data_dir: Path) -> list[float]:
    from kiosk.help_requests import HelpDesk
    from kiosk.sync import SyncWorker

    store = Store(data_dir / "help.db")
    config = CentralConfig(url=central.url, token=central.token)
    worker = SyncWorker(store, config, 1, data_dir)
    worker.start()
    seen: dict[str, float] = {}
    ready = threading.Event()
    threading.Thread(target=dashboard_stream, args=(central.url, seen, ready), daemon=True).start()
    if not ready.wait(30):
        raise RuntimeError("the dashboard stream did not open")
    desk = HelpDesk(store, 1, lambda: datetime.now(UTC))
    latencies = []
    for _ in range(HELP_CALLS):
        # The commit itself wakes the sync (Store.on_outbox): no poll, no explicit wake.
        call = desk.request({"screen": "form", "item_id": "elderly-card", "page_id": "applicant"})
        committed = time.perf_counter()
        deadline = committed + 10
        while call not in seen and time.perf_counter() < deadline:
            time.sleep(0.002)  # polling a dict another thread fills: nothing to wait on
        if call not in seen:
            raise RuntimeError("a help call never reached the dashboard")
        latencies.append(seen[call] - committed)
        desk.cancel(call)
    worker.stop()
    store.close()
    return latencies


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        central = start_central(folder / "central", resource_path("catalog"))
        try:
            store = Store(folder / "drain.db")
            fill_outbox(store, 1, DRAIN_EVENTS)
            seconds = drain(store, CentralConfig(url=central.url, token=central.token), 1, folder)
            store.close()
            print(
                f"drain_rate: {DRAIN_EVENTS / seconds:.0f} events/s (target >= 2000; "
                f"{DRAIN_EVENTS} events from one terminal, durable commits on both sides)"
            )

            db = Database(f"sqlite:///{folder / 'central' / 'central.db'}", migrate=False)
            tokens = [add_terminal(db, n, datetime.now(UTC)).token for n in range(1, 13)]
            db.close()
            spawn = multiprocessing.get_context("spawn")
            with spawn.Manager() as manager:
                barrier = manager.Barrier(TERMINALS + 1)
                with spawn.Pool(TERMINALS) as pool:
                    jobs = [(central.url, tokens[n - 1], n, tmp, barrier) for n in range(1, 13)]
                    result = pool.map_async(terminal_process, jobs)
                    barrier.wait()  # every outbox filled: go
                    began = time.perf_counter()
                    result.get(600)
                    elapsed = time.perf_counter() - began
            total = TERMINALS * PER_TERMINAL
            print(
                f"ingest_rate_12_terminals: {total / elapsed:.0f} events/s (target: none set; "
                f"{TERMINALS} terminal processes x {PER_TERMINAL} events at once)"
            )

            # The terminal token was replaced above: the help calls come from terminal 1 anew.
            db = Database(f"sqlite:///{folder / 'central' / 'central.db'}", migrate=False)
            central.token = add_terminal(db, 1, datetime.now(UTC)).token
            db.close()
            latencies = sorted(help_call_latency(central, folder))
            p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
            median = statistics.median(latencies) * 1000
            print(
                f"help_call_to_dashboard_p95: {p95:.0f} ms (target <= 1000 ms; median "
                f"{median:.0f} ms over {len(latencies)} calls, commit on the terminal to the "
                "dashboard's live stream)"
            )
        finally:
            central.stop()


if __name__ == "__main__":
    main()
