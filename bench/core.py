"""Core benchmarks: catalog load, pre-review of the largest item, durable commits.

Prints one figure a line as `name: value unit (target ...)`. Run with the project's
environment: `.venv/bin/python bench/core.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.timing import median_ms
from kiosk.catalog.loader import load_catalog
from kiosk.declarations import Declarations
from kiosk.forms import check_answer, form_state
from kiosk.prereview import prereview
from kiosk.resources import resource_path
from kiosk.samples import SAMPLES
from kiosk.store.database import Store
from kiosk.workcalendar import default_calendar


def main() -> None:
    folder = resource_path("catalog")
    load_catalog(folder)  # imports and first-use caches out of the way
    load_ms = median_ms(lambda: load_catalog(folder), 30)
    catalog = load_catalog(folder)
    print(f"catalog_load: {load_ms:.1f} ms (target <= 50 ms; {len(catalog)} items, median of 30)")

    largest = max(catalog, key=lambda i: len(i.fields()) + len(i.materials))
    answers = SAMPLES[largest.id]() if largest.id in SAMPLES else {}
    materials = {m.id: True for m in largest.materials}
    on = date(2026, 11, 26)
    default_calendar().add_working_days(on, 5)
    review_ms = median_ms(lambda: prereview(largest, answers, materials, on), 1000)
    outcome = prereview(largest, answers, materials, on).outcome.value
    print(
        f"prereview_largest_item: {review_ms:.3f} ms (target <= 1 ms; {largest.id}, "
        f"{len(largest.fields())} fields, {outcome}, median of 1000)"
    )

    hostile_ms = _hostile_pattern_ms(on)
    print(
        f"prereview_hostile_pattern_field: {hostile_ms:.3f} ms (target <= 1 ms; pattern "
        "^(a+)+$ against 199 a's and a '!', and the longest text answer, median of 1000)"
    )

    item = "company-address-change"
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        desk = Declarations(store, catalog, terminal=1)
        sample = SAMPLES[item]()
        have = {m.id: True for m in catalog[item].materials}

        submit_times: list[float] = []
        ticket_times: list[float] = []
        for _ in range(201):
            start = time.perf_counter()
            reference = desk.submit(item, sample, have).reference
            middle = time.perf_counter()
            desk.issue_ticket(reference)
            submit_times.append(middle - start)
            ticket_times.append(time.perf_counter() - middle)
        store.close()
    submit_ms = statistics.median(submit_times[1:]) * 1000
    ticket_ms = statistics.median(ticket_times[1:]) * 1000
    print(
        f"commit_declaration: {submit_ms:.2f} ms (target <= 10 ms; pre-review, declaration, "
        "review, 2 outbox events, audit in one transaction, synchronous=FULL, median of 200)"
    )
    print(
        f"commit_ticket: {ticket_ms:.2f} ms (target <= 10 ms; ticket number, ticket, outbox "
        "event, audit in one transaction, synchronous=FULL, median of 200)"
    )


def _hostile_pattern_ms(on: date) -> float:
    """Pre-review of one text field whose catalog pattern backtracks catastrophically in
    Python's re (exponential in the answer): RE2 runs it in linear time."""
    shipped = resource_path("catalog") / "construction-permit.toml"
    text = shipped.read_text(encoding="utf-8")
    pattern = 'pattern = "[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}"'
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / shipped.name).write_text(
            text.replace(pattern, "pattern = '^(a+)+$'"), encoding="utf-8"
        )
        item = load_catalog(folder)["construction-permit"]
    f = item.field("project_code")
    state = form_state(item, {}, on)
    answers = ["a" * 199 + "!", "a" * (f.max_length or 200)]
    return median_ms(lambda: [check_answer(f, a, state, on) for a in answers], 1000) / 2


if __name__ == "__main__":
    main()
