"""证照免费邮寄 from the touch screen to the counter and back, against the real central
server on loopback: the applicant asks for the certificate to be mailed, the server keeps
the address, the counter records the dispatch with its tracking number (through the
API), and the progress lookup by the ticket's QR shows it, with nothing personal."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from central import admin
from central.db import Database
from central.models import Mailing
from tests.ui.conftest import Kiosk
from tests.ui.test_central import online  # noqa: F401  (the fixture)


def _mailing(db: Database) -> tuple[str, str] | None:
    with db.read() as s:
        row = s.scalars(select(Mailing)).first()
        return (row.state, row.district) if row is not None else None


def test_mailed_dispatched_at_the_counter_and_shown_at_the_lookup(
    online: tuple[Kiosk, Database],  # noqa: F811
) -> None:
    k, db = online
    mailing = k.app.mailing
    assert k.declare("elderly-card", category="personal") == "passed"
    reference = k.journey.journey.submitted.reference  # type: ignore[union-attr]
    k.wait(lambda: mailing.property("offered") and mailing.property("district") != "")
    k.click("mailChoose")
    k.wait(lambda: k.find("mailStreet") is not None)
    k.type_into("mailStreet", "会展社区福临家园5栋2单元")
    k.type_into("mailPostcode", "130033")
    k.click("mailSave")
    k.wait(lambda: mailing.property("saved"))
    k.take_ticket()
    k.wait(lambda: _mailing(db) == ("requested", "长春经济技术开发区"), timeout=15_000)

    counter = admin.add_counter(db, "counter 10", datetime.now(UTC)).token
    url = k.app.config.central.url  # type: ignore[union-attr]
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {counter}"}) as c:
        sent = c.post(
            f"/api/v1/declarations/{reference}/dispatch",
            json={"counter": 10, "carrier": "EMS", "tracking": "1170123456789"},
        )
        assert sent.status_code == 200, sent.text
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("homeButton")
    k.wait_screen("home")

    k.click("progressButton")
    k.wait(lambda: k.app.nav.property("mode") == "progress")
    template = k.app.terminal.config.printer.qr_url_template  # type: ignore[union-attr]
    assert k.app.lookup.scanned(template.format(reference=reference))
    k.wait(lambda: k.app.lookup.property("found"))
    k.settle()
    shown = k.text("progressMailing")
    assert "已寄出" in shown and "EMS" in shown and "1170123456789" in shown
    texts = " ".join(k.texts())
    assert "福临家园" not in texts and "13604317788" not in texts  # nothing personal
    k.click("lookupHome")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
