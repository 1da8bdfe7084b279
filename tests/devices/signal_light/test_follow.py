"""What the light shows for the terminal's help calls."""

from __future__ import annotations

from devices.signal_light import follow
from devices.signal_light.follow import light_for
from devices.signal_light.light import LightMode
from kiosk import help_requests


def test_the_states_are_the_help_desks() -> None:
    assert follow.OPEN == help_requests.OPEN
    assert follow.ACKNOWLEDGED == help_requests.ACKNOWLEDGED


def test_one_call_from_open_to_resolved() -> None:
    assert light_for([]) is LightMode.OFF
    assert light_for(["open"]) is LightMode.BLINK
    assert light_for(["acknowledged"]) is LightMode.STEADY
    assert light_for(["resolved"]) is LightMode.OFF


def test_a_cancelled_call_turns_it_off() -> None:
    assert light_for(["cancelled"]) is LightMode.OFF
    assert light_for(["resolved", "cancelled"]) is LightMode.OFF


def test_any_open_call_blinks_whatever_the_others() -> None:
    assert light_for(["acknowledged", "open"]) is LightMode.BLINK
    assert light_for(iter(["open", "acknowledged", "resolved"])) is LightMode.BLINK
    assert light_for(["acknowledged", "resolved"]) is LightMode.STEADY


def test_an_unknown_state_is_nobody_waiting() -> None:
    assert light_for(["escalated"]) is LightMode.OFF
