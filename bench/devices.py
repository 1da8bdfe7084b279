"""Benchmarks of the terminal's devices (issue 15): the ID card reader's process, the
keyboard-wedge scanner's detector.

Prints one figure a line as `name: value unit (target ...)`:
- card_reader_start: the reader's own process started (kiosk.device_hub, the made-up
  reader on a pty speaking GA/T 467) until its first card is read (what a restart after
  a crash costs an applicant: target < 3000 ms);
- card_to_values_p50 / card_to_values_p95: a card placed until its values reach the
  kiosk, over 20 placements at random moments, polling every 0.5 s as configured by default
  (the applicant waits on it: target p95 < 1000 ms; the poll interval is most of it);
- wedge_key_us: the detector's work per key of a 60-character code with its Enter (the
  UI thread does it for every key: target < 50 us).
Run: `.venv/bin/python bench/devices.py`.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.id_card.fake_reader import FakeReader
from devices.scanner.wedge import ENTER, WedgeDetector
from kiosk.config import ScannerConfig, demo_config
from kiosk.device_hub import DeviceHub
from tests.ui.cards import OLDER

PLACEMENTS = 20
POLL_S = 0.5  # [id_card] poll_s's default


def card_figures() -> tuple[float, list[float]]:
    """The first card's time from the process's start, then each placement's."""
    read = threading.Event()
    chance = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp:
        config = demo_config(Path(tmp)).model_copy(
            update={"signal_light": None, "scanner": ScannerConfig(connection="none")}
        )
        hub = DeviceHub(
            config,
            today=date.today,
            on_card=lambda values, expired, valid_to: read.set(),
            on_unreadable=lambda _: None,
            on_reader=lambda _: None,
            on_code=lambda _: None,
        )
        began = time.perf_counter()
        hub.start()
        reader = hub._fake_reader
        assert isinstance(reader, FakeReader)
        reader.place(OLDER)
        if not read.wait(30):
            raise SystemExit("the reader's process read no card in 30 s")
        start_ms = (time.perf_counter() - began) * 1000
        times = []
        try:
            for _ in range(PLACEMENTS):
                read.clear()
                polls = reader.count((0x20, 0x01))  # the hub lifted the card once read
                while reader.count((0x20, 0x01)) < polls + 2:  # seen gone
                    time.sleep(0.01)
                time.sleep(chance.uniform(0, POLL_S))  # a hand comes at any time
                placed = time.perf_counter()
                reader.place(OLDER)
                if not read.wait(30):
                    raise SystemExit("a placed card was not read in 30 s")
                times.append((time.perf_counter() - placed) * 1000)
        finally:
            hub.close()
    return start_ms, times


def wedge_key_us() -> float:
    code = "https://zwfw.jkq.gov.cn/progress?ref=20261204-01-0007&x=abcdefghij"[:60]
    runs = []
    for _ in range(200):
        detector = WedgeDetector()
        at = 1_000_000
        began = time.perf_counter()
        for char in code:
            at += 5
            detector.feed(char, at)
        detector.feed(ENTER, at + 5)
        runs.append((time.perf_counter() - began) / (len(code) + 1))
    return statistics.median(runs) * 1e6


def main() -> None:
    start_ms, times = card_figures()
    print(f"card_reader_start: {start_ms:.0f} ms (target < 3000 ms)")
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(f"card_to_values_p50: {statistics.median(times):.0f} ms (target < 1000 ms)")
    print(f"card_to_values_p95: {p95:.0f} ms (target < 1000 ms)")
    print(f"wedge_key_us: {wedge_key_us():.1f} us (target < 50 us)")


if __name__ == "__main__":
    main()
