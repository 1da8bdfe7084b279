"""办件进度查询 by ID card through the real QML and the reader's real process: with the
lookup open, the card placed shows its holder's declarations (offline here: what this
terminal knows, marked so), several to choose from; a card whose number is in none is
told so; and the lookup's result goes with the applicant. (Against the real central
server: tests/ui/test_lookup_online.py.)"""

from __future__ import annotations

from kiosk.modes import Mode
from kiosk.samples import SAMPLES
from tests.ui.conftest import Kiosk
from tests.ui.test_id_card import OLDER, _reader
from tests.ui.test_privacy import view_model_strings

NUMBER = "220104195003070018"


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
