"""证照免费邮寄 through the real QML: after a pass, an item that issues a certificate
offers the counter or free mailing; the address is typed and chosen from the lists (the
hall's own area first), refused with a message where it is wrong, kept with the
declaration and queued for the server, taken back by choosing the counter, and gone with
the applicant. A rejected declaration offers nothing (it is fixed first)."""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from kiosk.store.models import MailingRequest, OutboxEvent
from tests.ui.conftest import Kiosk
from tests.ui.test_privacy import reachable_strings


def _mailings(k: Kiosk) -> list[dict[str, Any]]:
    terminal = k.app.terminal
    assert terminal is not None
    with terminal.store.session() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "mailing.requested"))
        return [dict(e.payload) for e in rows]


def _stored(k: Kiosk) -> list[tuple[str, str]]:
    terminal = k.app.terminal
    assert terminal is not None
    with terminal.store.session() as s:
        return [(m.district, m.street) for m in s.scalars(select(MailingRequest))]


def test_an_address_is_chosen_checked_kept_and_taken_back(kiosk: Kiosk) -> None:
    k = kiosk
    mailing = k.app.mailing
    assert k.declare("elderly-card") == "passed"
    k.wait(lambda: mailing.property("offered") and mailing.property("district") != "")
    k.settle()
    assert mailing.property("mode") == "counter"  # the counter until chosen otherwise
    k.click("mailChoose")
    k.wait(lambda: k.find("mailRecipient") is not None)
    k.settle()
    # The hall's own area is chosen already; the applicant's name and mobile are filled.
    assert (mailing.property("province"), mailing.property("city")) == ("吉林省", "长春市")
    assert mailing.property("district") == "长春经济技术开发区"
    assert k.text("mailRecipient") == "张玉琴" and k.text("mailMobile") == "13604317788"

    k.type_into("mailStreet", "会展社区福临家园5栋2单元")
    k.type_into("mailPostcode", "13003")  # one digit short
    k.click("mailSave")
    k.wait(lambda: mailing.property("problemField") == "postcode")
    assert "邮政编码" in k.text("mailProblem") and _mailings(k) == []

    k.click("mailDistrict")
    k.wait(lambda: mailing.property("picker") == "district")
    k.settle()
    options = [o["name"] for o in mailing.property("options")]
    assert options[0] == "长春经济技术开发区" and "南关区" in options  # the hall's first
    k.click("mailOption_220102")
    k.wait(lambda: mailing.property("district") == "南关区" and mailing.property("picker") == "")
    k.type_into("mailPostcode", "130033")
    k.click("mailSave")
    k.wait(lambda: mailing.property("saved"))
    k.settle()
    lines = " ".join(mailing.property("savedLines"))
    assert "吉林省长春市南关区会展社区福临家园5栋2单元" in lines and "136****7788" in lines
    assert _stored(k) == [("南关区", "会展社区福临家园5栋2单元")]
    (sent,) = _mailings(k)
    assert (sent["mail"], sent["division"], sent["postcode"]) == (True, "220102", "130033")
    # The confirmation printed now says where the certificate goes (the mobile masked).
    k.click("printPaper")
    k.wait(lambda: not k.journey.paperBusy and "已打印" in k.journey.paperMessage)
    (pdf,) = (k.data_dir / "documents").glob("*confirmation*.pdf")
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "免费邮寄" in printed and "南关区" in printed and "136****7788" in printed

    k.click("mailCounter")  # after all, the counter
    k.wait(lambda: len(_mailings(k)) == 2 and not mailing.property("busy"))
    assert _mailings(k)[-1]["mail"] is False and _stored(k) == []

    k.click("mailChoose")
    k.wait(lambda: k.find("mailStreet") is not None)
    k.app.wipe()  # the privacy timeout: nothing of the address stays
    k.wait_screen("home")
    assert not mailing.property("offered") and mailing.property("savedLines") == []
    kept = reachable_strings([mailing], skip=[])
    assert not [s for s in kept if "福临家园" in s or "7788" in s or "张玉琴" in s]
    for name in ("mailRecipient", "mailMobile", "mailStreet"):
        field = k.find(name)  # the result screen is gone with its fields; else they are empty
        assert field is None or field.property("text") == ""


def test_a_rejected_declaration_offers_no_mailing(kiosk: Kiosk) -> None:
    k = kiosk
    outcome = k.declare("company-address-change", ("business_licence",), "enterprise")
    assert outcome == "rejected"
    k.settle()
    assert not k.app.mailing.property("offered")
    card = k.find("mailingCard")
    assert card is None or not card.property("visible")
