"""A ticket the applicant has seen survives its process being killed right after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent, Ticket

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.catalog.loader import load_catalog
    from kiosk.declarations import Declarations
    from kiosk.resources import resource_path
    from kiosk.samples import company_address_change_answers
    from kiosk.store.database import Store

    catalog = load_catalog(resource_path("catalog"))
    desk = Declarations(Store(Path(sys.argv[1])), catalog, terminal=9)
    materials = {m.id: True for m in catalog["company-address-change"].materials}
    while True:
        sub = desk.submit("company-address-change", company_address_change_answers(),
                          materials)
        ticket = desk.issue_ticket(sub.reference)
        # what the applicant sees: printed only after issue_ticket has committed
        print(ticket.number, ticket.reference, flush=True)
""")


def test_tickets_survive_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert proc.stdout is not None
    shown = [proc.stdout.readline().split() for _ in range(15)]
    os.kill(proc.pid, signal.SIGKILL)  # the power cut: no clean shutdown, no checkpoint
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert all(len(line) == 2 for line in shown), shown

    store = Store(db)
    with store.session() as s:
        stored = {(t.number, t.declaration.reference) for t in s.scalars(select(Ticket))}
        issued_events = {
            e.payload["number"]
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "ticket.issued"))
        }
    store.close()
    for number, reference in shown:
        assert (number, reference) in stored
        assert number in issued_events
