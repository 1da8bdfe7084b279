"""What the call light shows for the terminal's help calls: ``light_for``, pure logic.

A call still open (nobody has come yet) blinks the light, so the attendants see it from
across the hall; once an attendant has acknowledged every open call, the light stays
steady until the last is resolved or cancelled, then goes off. The states are
kiosk.help_requests's strings (a test checks they agree); a state this module does not
know (a newer one) is taken as nobody waiting.
"""

from __future__ import annotations

from collections.abc import Iterable

from devices.signal_light.light import LightMode

OPEN = "open"
ACKNOWLEDGED = "acknowledged"


def light_for(states: Iterable[str]) -> LightMode:
    """The light for the terminal's help calls in these states (any order)."""
    seen = set(states)
    if OPEN in seen:
        return LightMode.BLINK
    if ACKNOWLEDGED in seen:
        return LightMode.STEADY
    return LightMode.OFF
