"""The hall's clock follows the configured zone, never the machine's (TZ=UTC here)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.clock import HallClock, zone

ROOT = Path(__file__).parents[2]


def test_a_moment_late_in_the_utc_day_is_the_next_day_in_the_hall() -> None:
    clock = HallClock("Asia/Shanghai", lambda: datetime(2026, 11, 26, 17, 30, tzinfo=UTC))
    assert clock().isoformat() == "2026-11-27T01:30:00+08:00"
    assert clock.today().isoformat() == "2026-11-27"
    assert HallClock("UTC", clock._source).today().isoformat() == "2026-11-26"


def test_an_unknown_zone_is_refused_with_its_name() -> None:
    for bad in ("Asia/Beijing", "", " Asia/Shanghai", "../../etc/passwd", "x" * 100):
        with pytest.raises(ValueError, match="time zone"):
            zone(bad)


def test_declarations_use_the_hall_zone_on_a_utc_machine(tmp_path: Path) -> None:
    """The machine set to UTC: the reference and the ticket day are the hall's."""
    script = textwrap.dedent(f"""
        from datetime import UTC, datetime
        from kiosk.catalog.loader import load_catalog
        from kiosk.clock import HallClock
        from kiosk.declarations import Declarations
        from kiosk.resources import resource_path
        from kiosk.samples import SAMPLES
        from kiosk.store.database import Store

        catalog = load_catalog(resource_path("catalog"))
        clock = HallClock("Asia/Shanghai", lambda: datetime(2026, 11, 26, 17, 30, tzinfo=UTC))
        store = Store(__import__("pathlib").Path({str(tmp_path / "k.db")!r}))
        desk = Declarations(store, catalog, 3, clock=clock)
        answers = SAMPLES["elderly-card"]()
        item = catalog["elderly-card"]
        sub = desk.submit("elderly-card", answers, {{m.id: True for m in item.materials}})
        ticket = desk.issue_ticket(sub.reference)
        print(sub.reference, ticket.day.isoformat(), ticket.issued_at.isoformat())
        store.close()
    """)
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "TZ": "UTC"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    reference, day, issued = out.stdout.split()
    assert reference.startswith("20261127-03-") and day == "2026-11-27"
    assert issued.endswith("+08:00")
