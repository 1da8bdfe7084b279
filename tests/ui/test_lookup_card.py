"""办件进度查询 by ID card through the real QML and the reader's real process: with the
lookup open, the card placed shows its holder's declarations (offline here: what this
terminal knows, marked so), several to choose from; a card whose number is in none is
told so; and the lookup's result goes with the applicant. Against the real central
server on loopback: the server's own answer, and a card it knows nothing of."""

from __future__ import annotations

from sqlalchemy import select

from central.db import Database
from central.models import Declaration
from devices.id_card.fake_reader import FakeCard
from kiosk.modes import Mode
from kiosk.samples import SAMPLES
from tests.ui.cards import OLDER
from tests.ui.conftest import Kiosk
from tests.ui.test_central import online  # noqa: F401  (the fixture)
from tests.ui.test_id_card import _reader
from tests.ui.test_privacy import view_model_strings

NUMBER = "220104195003070018"
STRANGER = FakeCard(name="张三", id_number="110101199003070011", valid_to="20400307")


def _declare_for_the_card_holder(k: Kiosk) -> str:
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["elderly-card"]() | {"applicant_id": NUMBER})
    k.tick_materials()
    assert k.submit() == "passed"
    reference = k.declarations()[-1].reference
    k.app.wipe()
    k.wait_screen("home")
    return reference


def _place(k: Kiosk) -> None:
    reader = _reader(k)
    reader.lift()  # the reader must see the last card go before it reads the next
    polls = reader.count((0x20, 0x01))
    k.wait(lambda: reader.count((0x20, 0x01)) >= polls + 2)
    reader.place(OLDER)


def test_the_card_holders_declarations_are_shown_and_one_is_chosen(kiosk: Kiosk) -> None:
    k = kiosk
    first = _declare_for_the_card_holder(k)
    second = _declare_for_the_card_holder(k)
    lookup = k.app.lookup
    lookup.open()
    k.wait(lambda: k.app.navigator.mode is Mode.PROGRESS and k.find("lookupCardHint") is not None)
    _place(k)
    k.wait(lambda: lookup.property("found"))
    choices = [c["reference"] for c in lookup.property("choices")]
    assert choices == [second, first]  # the newest first
    assert lookup.property("reference") == second
    assert k.get("progressStale").isVisible()  # offline: this terminal's record
    k.click(f"lookupChoice_{first}")
    k.wait(lambda: lookup.property("reference") == first)
    k.click("lookupHome")
    k.wait_screen("home")
    assert lookup.property("choices") == []
    assert not [s for s in view_model_strings(k) if first in s or second in s]


def test_offline_a_card_found_in_none_of_this_terminals_declarations_is_told_so(
    kiosk: Kiosk,
) -> None:
    k = kiosk
    lookup = k.app.lookup
    lookup.open()
    k.wait(lambda: k.app.navigator.mode is Mode.PROGRESS)
    _place(k)
    # Offline the server cannot be asked: this terminal has no record of one either.
    k.wait(lambda: "本终端也没有这件申报的记录" in lookup.property("problem"))
    assert not lookup.property("found")
    assert k.journey.journey.answers == {}  # not a form's: nothing was filled


def test_online_the_servers_declarations_of_the_card_and_a_card_it_does_not_know(
    online: tuple[Kiosk, Database],  # noqa: F811
) -> None:
    k, db = online
    reference = _declare_for_the_card_holder(k)
    k.wait(lambda: _on_the_server(db, reference), timeout=15_000)
    lookup = k.app.lookup
    lookup.open()
    k.wait(lambda: k.app.navigator.mode is Mode.PROGRESS)
    _place(k)
    k.wait(lambda: lookup.property("found"))
    assert lookup.property("reference") == reference and lookup.property("current")
    assert lookup.property("choices") == []  # one declaration: shown at once
    k.click("lookupAgain")
    reader = _reader(k)
    reader.lift()
    polls = reader.count((0x20, 0x01))
    k.wait(lambda: reader.count((0x20, 0x01)) >= polls + 2)
    reader.place(STRANGER)
    k.wait(lambda: "没有查到与这张身份证有关的申报" in lookup.property("problem"))
    assert not lookup.property("found")


def _on_the_server(db: Database, reference: str) -> bool:
    with db.read() as s:
        found = s.scalar(select(Declaration.id).where(Declaration.reference == reference))
        return found is not None
