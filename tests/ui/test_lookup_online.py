"""Progress lookup and 好差评 against the real central server on loopback: a declaration
sent, moved through its statuses at the counter, looked up by reference and digits and
by its ticket's QR code (a wrong pair tells nothing), then rated low: the server opens a
work order, due in 15 working days."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from central import statuses
from central.db import Database
from central.models import Declaration
from tests.ui.conftest import Kiosk
from tests.ui.test_central import online  # noqa: F401  (the fixture)
from tests.ui.test_lookup_offline import FAMILY_MOBILE_TAIL, ticketed


def _status(db: Database, reference: str) -> str | None:
    with db.read() as s:
        return s.scalar(select(Declaration.status).where(Declaration.reference == reference))


def _move(db: Database, reference: str, *moves: str) -> None:
    with db.transaction() as s:
        decl = s.scalars(select(Declaration).where(Declaration.reference == reference)).one()
        for status in moves:
            statuses.move(s, decl, status, "counter 3", "", datetime.now(UTC))


def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.read() as s:
        return [tuple(row) for row in s.execute(text(sql))]


def test_a_completed_declaration_is_looked_up_and_rated_low_into_a_work_order(
    online: tuple[Kiosk, Database],  # noqa: F811
) -> None:
    k, db = online
    reference = ticketed(k)
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("homeButton")  # no rating yet: skipped in one tap
    k.wait_screen("home")
    k.wait(lambda: _status(db, reference) == "submitted", timeout=15_000)
    _move(db, reference, "received", "processing", "completed")

    k.click("progressButton")
    k.wait(lambda: k.app.nav.property("mode") == "progress")
    k.settle()
    k.type_into("lookupReference", reference)
    k.type_into("lookupDigits", "0000")  # a wrong pair: the same as no such declaration
    k.click("lookupSubmit")
    k.wait(lambda: "没有查到" in k.app.lookup.property("problem"))
    assert not k.app.lookup.property("found")
    k.type_into("lookupDigits", FAMILY_MOBILE_TAIL)
    k.click("lookupSubmit")
    k.wait(lambda: k.app.lookup.property("found"))
    k.settle()
    assert k.app.lookup.property("current") and k.find("progressStale") is None
    assert k.text("progressStatus") == "当前状态：已办结"
    steps = [step["status"] for step in k.app.lookup.property("history")]
    assert steps == ["submitted", "received", "processing", "completed"]
    assert k.find("ratingPanel") is not None  # a completed declaration may be rated here

    k.click("rate_very_dissatisfied")
    k.click("aspect_attitude")
    k.click("ratingSubmit")
    k.wait(lambda: k.app.rating.property("state") == "thanks")
    k.wait(lambda: _rows(db, "SELECT level FROM ratings"), timeout=15_000)
    assert _rows(db, "SELECT level, aspects FROM ratings")[0][0] == "very_dissatisfied"
    ((state, opened, due),) = _rows(db, "SELECT state, opened_on, due_on FROM work_orders")
    assert state == "open" and str(due) > str(opened)

    # Another lookup by the ticket's QR code: the rating is known, and not offered again.
    k.click("lookupAgain")
    template = k.app.terminal.config.printer.qr_url_template
    assert k.app.lookup.scanned(template.format(reference=reference))
    k.wait(lambda: k.app.lookup.property("found"))
    k.settle()
    assert k.app.rating.property("state") == "already"
    assert not k.app.lookup.scanned("https://example.com/?ref=" + reference)
    k.click("lookupHome")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
