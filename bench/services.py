"""Benchmarks of the services around the declaration (issue 14): the progress lookup, the
rating's work order, the mailing address's lists.

Prints one figure a line as `name: value unit (target ...)`:
- progress_lookup_p95: POST /api/v1/progress through the terminal's own client
  (kiosk.sync.lookups.ProgressSource, answer checked) against the real central server on
  loopback, its SQLite database holding 20,000 declarations with their history; p95 of
  200 lookups by reference and mobile digits (the applicant waits on it: target < 300 ms);
- progress_lookup_unknown_p95: the same for references the server does not know (a wrong
  pair must cost the same as a right one, or its time would tell);
- rating_ingest_rate: rating.given events per second a batch of 500 stores, half of
  them low (each opening a work order with its due day from the hall's calendar);
- divisions_load: reading and checking the GB/T 2260 lists (2,978 districts), done once
  per process off the UI thread (target < 200 ms);
- division_lists: the three lists of one address (provinces, the hall's cities and
  districts, its own first), what a tap on the picker costs (target < 5 ms).
Run: `.venv/bin/python bench/services.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bench.timing import median_ms
from central import admin
from central.app import create_app
from central.db import Database
from central.ingest import Incoming, ingest
from central.models import Declaration, StatusChange
from central.serve import ServerThread
from central.state import ServerState
from kiosk.config import CentralConfig
from kiosk.divisions import Divisions
from kiosk.progress import Query
from kiosk.sync.lookups import ProgressSource

DECLARATIONS = 20_000
LOOKUPS = 200
RATINGS = 500
HOME = "220171"


def reference(n: int) -> str:
    return f"20261126-{n % 12 + 1:02d}-{n // 12:04d}"


def fill(db: Database) -> None:
    at = datetime(2026, 11, 26, 2, tzinfo=UTC)
    rows = [
        {
            "reference": reference(n),
            "terminal": n % 12 + 1,
            "item_id": "elderly-card",
            "catalog_version": "bench",
            "language": "zh_CN",
            "answers": {"applicant_name": "张玉琴", "family_contact": f"1360431{n % 10_000:04d}"},
            "materials": {},
            "submitted_at": at,
            "outcome": "passed",
            "status": "processing",
            "updated_at": at,
        }
        for n in range(DECLARATIONS)
    ]
    with db.transaction() as s:
        s.execute(insert(Declaration), rows)
        ids = s.execute(Declaration.__table__.select().with_only_columns(Declaration.id))
        history = [
            {"declaration_id": i, "status": status, "at": at, "by": "bench", "note": ""}
            for (i,) in ids
            for status in ("submitted", "received", "processing")
        ]
        s.execute(insert(StatusChange), history)


def p95_ms(fn: Callable[[Query], object], args: list[Query]) -> float:
    times = []
    for a in args:
        start = time.perf_counter()
        fn(a)
        times.append(time.perf_counter() - start)
    return statistics.quantiles(times, n=20)[-1] * 1000


def lookups(work: Path) -> tuple[float, float]:
    db = Database(f"sqlite:///{work / 'central.db'}")
    fill(db)
    # Loopback has no guessing to stop here: the limit is per terminal, so every lookup
    # comes from its own terminal's token (the twelve of the hall, in turn).
    tokens = [admin.add_terminal(db, n, datetime.now(UTC)).token for n in range(1, 13)]
    with ServerThread(create_app(ServerState(db))) as server:
        sources = [
            ProgressSource(CentralConfig(url=server.base_url, token=t, timeout_s=5)) for t in tokens
        ]
        try:
            found = [
                Query(reference(n), f"{n % 10_000:04d}")
                for n in range(0, DECLARATIONS, DECLARATIONS // LOOKUPS)
            ]
            unknown = [Query(f"20261127-01-{n:04d}", "0000") for n in range(LOOKUPS)]

            def ask(q: Query) -> None:
                sources[int(q.reference[-4:]) % len(sources)].ask(q)

            for q in found[:10]:
                ask(q)  # warm: imports, connections
            # 20 wrong pairs a terminal per 10 minutes: spread them over the twelve.
            right = p95_ms(ask, found)
            wrong = p95_ms(lambda q: _unknown(sources, q), unknown[:LOOKUPS])
        finally:
            for source in sources:
                source.close()
    db.close()
    return right, wrong


_turn = [0]


def _unknown(sources: list[ProgressSource], q: Query) -> None:
    # Each terminal may fail 20 times in 10 minutes: a fresh terminal's token every 19.
    _turn[0] += 1
    sources[(_turn[0] // 19) % len(sources)].ask(q)


def rating_rate(work: Path) -> float:
    db = Database(f"sqlite:///{work / 'ratings.db'}")
    fill(db)
    at = datetime(2026, 11, 26, 3, tzinfo=UTC)
    events = [
        Incoming(
            f"00000000-0000-4000-8000-{n:012d}",
            "rating.given",
            at + timedelta(seconds=n),
            {
                "reference": reference(n * 12),  # terminal 1's
                "terminal": 1,
                "level": "dissatisfied" if n % 2 else "satisfied",
                "aspects": ["efficiency"] if n % 2 else [],
                "text": "",
                "rated_at": (at + timedelta(seconds=n)).isoformat(),
            },
        )
        for n in range(RATINGS)
    ]
    start = time.perf_counter()
    with db.transaction() as s:
        outcome = ingest(s, 1, events, datetime.now(UTC), protocol=5)
    elapsed = time.perf_counter() - start
    assert all(r.status == "accepted" for r in outcome.results), outcome.results[:3]
    db.close()
    return RATINGS / elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        right, wrong = lookups(work)
        print(f"progress_lookup_p95: {right:.1f} ms (target < 300, {DECLARATIONS} declarations)")
        print(f"progress_lookup_unknown_p95: {wrong:.1f} ms (target ≈ progress_lookup_p95)")
        print(f"rating_ingest_rate: {rating_rate(work):.0f} events/s (target > 500, half low)")
    from kiosk.divisions import _load
    from kiosk.resources import resource_path

    resource = (resource_path("divisions") / "gbt2260.json").resolve()
    load = median_ms(lambda: _load.__wrapped__(resource), 5)  # uncached: the first read
    print(f"divisions_load: {load:.1f} ms (target < 200, once per process)")
    lists = Divisions.load()
    province = lists.home_place(HOME)
    assert province is not None

    def three() -> None:
        lists.provinces(HOME)
        lists.cities(province.province.code, HOME)
        lists.districts(province.city.code, HOME)

    print(f"division_lists: {median_ms(three, 50):.2f} ms (target < 5, a tap on the picker)")


if __name__ == "__main__":
    main()
