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
- appointment_saturdays_p95 / appointment_booking_p95 / appointment_check_in_p95: the
  Saturday appointments through the terminal's own client
  (kiosk.sync.appointments.AppointmentSource) against the real server on loopback, 300
  bookings already made: the four Saturdays' places, a booking confirmed, an arrival
  checked in (the applicant waits on each: target < 300 ms);
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
from datetime import UTC, datetime, timedelta, timezone
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


BOOKINGS = 300


def appointment_figures(work: Path) -> tuple[float, float, float]:
    """p95 of the Saturdays' listing, of a booking and of a check-in, in ms."""
    from datetime import date
    from datetime import time as clock_time

    from central import appointments
    from kiosk.appointments import Booking, BookingRequest, CheckInQuery
    from kiosk.sync.appointments import AppointmentSource

    cst = timezone(timedelta(hours=8))
    now = [datetime(2026, 11, 26, 10, tzinfo=cst)]  # a Thursday
    saturdays = [date(2026, 11, 28) + timedelta(weeks=w) for w in range(4)]
    db = Database(f"sqlite:///{work / 'appointments.db'}")
    with db.transaction() as s:
        for day in saturdays:
            appointments.set_plan(s, day, 50, [1, 2, 3, 4])
    tokens = [admin.add_terminal(db, n, datetime.now(UTC)).token for n in range(1, 13)]
    with ServerThread(create_app(ServerState(db, clock=lambda: now[0]))) as server:
        sources = [
            AppointmentSource(CentralConfig(url=server.base_url, token=t, timeout_s=5))
            for t in tokens
        ]
        try:
            slots = [f"{h:02d}:00" for h in range(9, 16)]
            requests = [
                BookingRequest.of(
                    "elderly-card",
                    saturdays[n % 4],
                    slots[(n // 4) % len(slots)],
                    "王婧姝",
                    f"139{n:08d}",
                )
                for n in range(BOOKINGS)
            ]
            codes: list[str] = []
            times: list[float] = []
            for n, request in enumerate(requests):
                start = time.perf_counter()
                booking = sources[n % 12].book(request, n % 12 + 1)
                times.append(time.perf_counter() - start)
                assert isinstance(booking, Booking), booking
                codes.append(booking.code)
            booking_p95 = statistics.quantiles(times[10:], n=20)[-1] * 1000
            listing: list[float] = []
            for n in range(100):
                start = time.perf_counter()
                sources[n % 12].saturdays("elderly-card")
                listing.append(time.perf_counter() - start)
            listing_p95 = statistics.quantiles(listing, n=20)[-1] * 1000
            # The first Saturday, 8:40: the 09:00 slot's applicants arrive on time.
            now[0] = datetime.combine(saturdays[0], clock_time(8, 40), cst)
            arriving = [c for n, c in enumerate(codes) if n % 4 == 0 and (n // 4) % 7 == 0]
            check_ins: list[float] = []
            for n, code in enumerate(arriving):
                start = time.perf_counter()
                arrival = sources[n % 12].check_in(CheckInQuery(code))
                check_ins.append(time.perf_counter() - start)
                assert getattr(arrival, "result", None) == "on_time", arrival
            check_in_p95 = statistics.quantiles(check_ins, n=20)[-1] * 1000
        finally:
            for source in sources:
                source.close()
    db.close()
    return listing_p95, booking_p95, check_in_p95


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        right, wrong = lookups(work)
        print(f"progress_lookup_p95: {right:.1f} ms (target < 300, {DECLARATIONS} declarations)")
        print(f"progress_lookup_unknown_p95: {wrong:.1f} ms (target ≈ progress_lookup_p95)")
        print(f"rating_ingest_rate: {rating_rate(work):.0f} events/s (target > 500, half low)")
        listing, booking, check_in = appointment_figures(work)
        print(f"appointment_saturdays_p95: {listing:.1f} ms (target < 300, {BOOKINGS} booked)")
        print(f"appointment_booking_p95: {booking:.1f} ms (target < 300)")
        print(f"appointment_check_in_p95: {check_in:.1f} ms (target < 300)")
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
