"""The navigator: modes over the journey, and the journey exactly as the applicant left it."""

from __future__ import annotations

from datetime import date

from kiosk.catalog.loader import Catalog
from kiosk.i18n import text
from kiosk.journey import Journey, Screen
from kiosk.modes import HOME, STORE_UNAVAILABLE, Mode, Navigator


def test_home_before_the_journey_exists_and_no_start() -> None:
    nav = Navigator()
    assert (nav.mode, nav.screen, nav.ready, nav.applicant_present) == (
        Mode.APPLICANT,
        HOME,
        False,
        False,
    )


def test_a_mode_over_the_journey_returns_to_where_the_applicant_was(catalog: Catalog) -> None:
    changes: list[str] = []
    nav = Navigator(on_change=lambda: changes.append(nav.screen))
    journey = Journey(catalog, lambda: date(2026, 11, 26))
    nav.attach(journey)
    journey.choose("elderly-card")
    journey.begin()
    journey.answer("applicant_name", "张玉琴")
    assert nav.screen == "form" and nav.ready and nav.applicant_present
    nav.enter(Mode.STAFF)
    assert (nav.mode, nav.screen, nav.ready) == (Mode.STAFF, "staff", False)
    nav.out_of_service(text("暂停", "Paused"), "attendant")
    assert nav.screen == "out_of_service" and nav.reason_code == "attendant"
    nav.leave(Mode.STAFF)  # the one below goes first: out of service stays on top
    assert nav.mode is Mode.OUT_OF_SERVICE
    nav.in_service()
    assert nav.mode is Mode.APPLICANT and nav.screen == "form"
    assert journey.screen is Screen.FORM and journey.answers == {"applicant_name": "张玉琴"}
    assert changes == ["home", "staff", "out_of_service", "out_of_service", "form"]


def test_leaving_a_mode_not_entered_changes_nothing() -> None:
    changes: list[str] = []
    nav = Navigator(on_change=lambda: changes.append(nav.screen))
    nav.leave(Mode.PROGRESS)
    nav.out_of_service(STORE_UNAVAILABLE, "store_unavailable")
    nav.out_of_service(STORE_UNAVAILABLE, "store_unavailable")  # again: still once on top
    nav.in_service()
    assert changes == ["out_of_service", "out_of_service", "home"]
    assert nav.reason is None and nav.reason_code == ""
