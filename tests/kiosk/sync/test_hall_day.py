"""A terminal and its server on machines set to UTC count the hall's day, not UTC's.

17:30 UTC on 26 November is 01:30 on the 27th in the hall (Asia/Shanghai): a ticket
issued then belongs to the 27th, and the dashboard's "today" (the 27th) counts it. With
the machine's zone (UTC) the terminal would file it under the 26th: 取号 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[3]

SCRIPT = textwrap.dedent("""
    import time
    from datetime import UTC, datetime
    from pathlib import Path

    assert time.strftime("%Z") in ("UTC", "GMT"), time.strftime("%Z")  # the machine's zone
    from central.admin import add_terminal
    from central.app import create_app
    from central.dashboard.figures import today
    from central.db import Database
    from central.serve import ServerThread
    from central.state import ServerState
    from kiosk.catalog.loader import load_catalog
    from kiosk.config import CentralConfig, demo_config
    from kiosk.resources import resource_path
    from kiosk.samples import SAMPLES
    from kiosk.terminal import Terminal
    from printer.fonts import find_cjk_font

    NOW = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
    folder = Path({folder!r})
    db = Database(f"sqlite:///{{folder / 'central.db'}}")
    state = ServerState(db, clock=lambda: NOW)  # the hall's zone: the default, Shanghai
    server = ServerThread(create_app(state)).start()
    token = add_terminal(db, 1, NOW).token
    catalog = load_catalog(resource_path("catalog"))
    config = demo_config(folder / "data").model_copy(
        update={{"central": CentralConfig(url=server.base_url, token=token)}}
    )
    terminal = Terminal(config, find_cjk_font(), catalog=catalog, time_source=lambda: NOW)
    try:
        terminal.open().result(30)
        item = catalog["elderly-card"]
        sub = terminal.submit(
            "elderly-card", SAMPLES["elderly-card"](), {{m.id: True for m in item.materials}},
            "zh_CN",
        ).result(30)
        issued, printed = terminal.take_ticket(sub.reference, sub.review)
        ticket = issued.result(30)
        printed.result(30)
        terminal.sync.wait_for_status(lambda s: s.outbox_depth == 0 and s.online, 30)
        with db.read() as s:
            figures = today(s, NOW, state.timezone)
        print(ticket.number, ticket.day.isoformat(), sub.reference, figures.day.isoformat(),
              figures.tickets, figures.declarations)
    finally:
        terminal.close()
        server.stop()
        db.close()
""")


def test_the_days_figures_count_the_ticket_just_issued_on_utc_machines(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(folder=str(tmp_path))],
        cwd=ROOT,
        env={**os.environ, "TZ": "UTC"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    number, day, reference, figures_day, tickets, declarations = out.stdout.split()
    assert number == "B001" and day == "2026-11-27" and reference.startswith("20261127-01-")
    assert figures_day == "2026-11-27"
    assert (tickets, declarations) == ("1", "1")  # not 取号 0
