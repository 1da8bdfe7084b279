"""Staff benchmarks: a PIN's sign-in, the diagnostics' figures and the heartbeat's fields.

Prints one figure a line as `name: value unit (target ...)`:
- pin_hash: one PBKDF2 derivation at the cost the hall uses (200,000 iterations), the
  cost a guessed PIN pays (target about 100 ms);
- sign_in_30_accounts: StaffDesk.sign_in with a hall of 30 staff whose PINs share the
  hall's salt (one derivation for all of them), on a real store, audit row and event
  included; and, in the same run, the baseline it replaces:
- sign_in_30_salts_baseline: the same PIN checked against 30 hashes with 30 salts (one
  derivation per account), which a per-account salt would cost every sign-in;
- diagnostics_collect: TerminalDiagnostics.collect on a demo terminal (every figure,
  read on its lane; the screen refreshes it every 2 s: target well under 2 s);
- heartbeat_fields: what every heartbeat adds (target a few ms: memory and stat calls).
Run: `.venv/bin/python bench/staff.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_ms
from kiosk.clock import utc_now
from kiosk.config import demo_config
from kiosk.pins import derive, hash_pin, parse_pin_hash
from kiosk.store.database import Store

ACCOUNTS = 30
HALL_SALT = bytes.fromhex("7e57ab1e7e57ab1e7e57ab1e7e57ab1e")


def staff_list(n: int) -> dict[str, object]:
    return {
        "version": "bench",
        "salt": HALL_SALT.hex(),
        "accounts": [
            {
                "username": f"staff{i}",
                "display_name": f"员工{i}",
                "role": "attendant",
                "pin_hash": hash_pin(f"{700000 + i * 7919}", salt=HALL_SALT),
            }
            for i in range(n)
        ],
    }


def main() -> None:
    from kiosk.staff.desk import StaffDesk

    pin_ms = median_ms(lambda: hash_pin("246813"), 5)
    print(f"pin_hash: {pin_ms:.0f} ms (target about 100)")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "kiosk.db")
        desk = StaffDesk(store, 1, utc_now)
        desk.install_accounts(staff_list(ACCOUNTS))
        last = f"{700000 + (ACCOUNTS - 1) * 7919}"
        signed = median_ms(lambda: desk.sign_in(last), 5)
        print(f"sign_in_{ACCOUNTS}_accounts: {signed:.0f} ms (target ≈ pin_hash: one derivation)")
        store.close()

    salted = [parse_pin_hash(hash_pin(f"{800000 + i}")) for i in range(ACCOUNTS)]

    def per_account() -> None:
        for h in salted:
            derive("246813", h.salt, h.iterations)

    baseline = median_ms(per_account, 3)
    print(f"sign_in_{ACCOUNTS}_salts_baseline: {baseline:.0f} ms (what per-account salts cost)")

    from kiosk.diagnostics.collect import ScreenInfo, TerminalDiagnostics
    from kiosk.diagnostics.runs import RunRecord
    from kiosk.terminal import Terminal
    from printer.fonts import find_cjk_font

    with tempfile.TemporaryDirectory() as tmp:
        config = demo_config(Path(tmp))
        terminal = Terminal(config, find_cjk_font())
        terminal.open().result(60)
        runs = RunRecord(terminal.data_dir)
        runs.start(terminal.clock())
        diag = TerminalDiagnostics(terminal, runs=runs)
        screen = ScreenInfo(1920, 1080)
        collect = median_ms(lambda: diag.collect(screen).result(30), 20)
        print(f"diagnostics_collect: {collect:.1f} ms (target < 2000, the screen's refresh)")
        fields = median_ms(diag.heartbeat_fields, 50)
        print(f"heartbeat_fields: {fields:.2f} ms (target < 5)")
        start = time.perf_counter()
        terminal.close()
        runs.end(terminal.clock())
        print(f"terminal_close: {(time.perf_counter() - start) * 1000:.0f} ms (target < 1000)")


if __name__ == "__main__":
    main()
