"""The signed 容缺 commitment on the touch screen: who commits, a finger's signature that
the core checks, stored with the declaration and printed for the applicant, and gone
from the screen with them."""

from __future__ import annotations

from PySide6.QtCore import QObject

from tests.ui.conftest import Kiosk
from tests.ui.signing import NAME, TAP, draw, sign


def _to_commitment(k: Kiosk) -> None:
    assert k.declare("company-address-change", ("premises_proof",), "enterprise") == (
        "passed_with_deficiency"
    )


def _pad(k: Kiosk) -> QObject:
    return k.get("signaturePad")


def test_the_commitment_names_who_commits_and_waits_for_a_signature(kiosk: Kiosk) -> None:
    k = kiosk
    _to_commitment(k)
    committer = k.text("committer")
    assert committer.startswith("承诺人：") and len(committer) > len("承诺人：")
    assert not k.get("acceptCommitment").isEnabled()  # nothing drawn yet
    assert k.get("signatureHint").isVisible()
    draw(k, NAME)
    assert _pad(k).property("inked") > 5
    assert k.find("signatureHint") is None  # the hint gives way to the ink
    assert k.get("acceptCommitment").isEnabled() and not k.get("takeTicket").isEnabled()


def test_a_tap_is_not_a_signature(kiosk: Kiosk) -> None:
    k = kiosk
    _to_commitment(k)
    draw(k, TAP)
    k.click("acceptCommitment")
    k.wait(lambda: k.journey.signatureMessage != "")
    assert "签名" in k.text("signatureMessage")
    assert _pad(k).property("invalid")
    assert not k.journey.commitmentAccepted and not k.get("takeTicket").isEnabled()
    (declaration,) = k.declarations()
    assert declaration.commitment_accepted_at is None
    # Sign again: the pad is cleared, a real signature is taken.
    k.click("signAgain")
    k.wait(lambda: _pad(k).property("empty"))
    sign(k)
    assert not k.find("signatureMessage")


def test_signing_stores_it_sends_it_and_prints_the_commitment(kiosk: Kiosk) -> None:
    k = kiosk
    _to_commitment(k)
    sign(k)
    k.settle()
    assert k.get("acceptCommitment").property("text") == "已签名确认"
    assert not _pad(k).isEnabled()  # signed: no more ink
    k.wait(lambda: "承诺书" in k.journey.paperMessage or "打印" in k.journey.paperMessage)
    k.wait(lambda: not k.journey.paperBusy)
    (declaration,) = k.declarations()
    assert declaration.commitment_accepted_at is not None
    (event,) = k.events("commitment.accepted")
    strokes = event.payload["signature"]["strokes"]
    assert len(strokes) == len(NAME) and all(len(stroke) >= 4 for stroke in strokes)
    # The slip was handed to the (files) ticket printer, and the PDF kept.
    assert list((k.data_dir / "documents").rglob("*commitment*.pdf"))
    assert k.get("takeTicket").isEnabled()


def test_the_signature_goes_with_the_applicant(kiosk: Kiosk) -> None:
    k = kiosk
    _to_commitment(k)
    draw(k, NAME)
    pad = _pad(k)
    assert pad.property("inked") > 0
    k.idle.expire_now()
    k.wait_screen("home")
    assert k.journey.journey.signature is None
    assert k.find("signaturePad") is None
