"""FakeRelay behaves like the board: switches recorded, unplugging kills the open handle."""

from __future__ import annotations

import pytest

from devices.signal_light.fake import FakeRelay
from devices.signal_light.faults import LightDisconnected, LightNotFound


def test_records_every_switch_in_order() -> None:
    relay = FakeRelay()
    relay.open()
    relay.set(True)
    relay.set(False)
    switches = relay.switches
    assert [on for _, on in switches] == [True, False]
    assert switches[0][0] <= switches[1][0]
    assert not relay.lit


def test_unplugged_the_handle_stays_dead_until_reopened() -> None:
    relay = FakeRelay()
    relay.open()
    relay.set(True)
    relay.unplug()
    assert not relay.lit  # no power, no light
    with pytest.raises(LightDisconnected):
        relay.set(True)
    relay.close()
    with pytest.raises(LightNotFound):
        relay.open()
    relay.plug()
    relay.open()
    relay.set(True)
    assert relay.lit and relay.opens == 2 and relay.closes == 1


def test_plugged_back_without_reopening_still_fails() -> None:
    relay = FakeRelay()
    relay.open()
    relay.unplug()
    relay.plug()
    relay.open()  # the old handle is still "open": as with hidraw, only close() revives it
    with pytest.raises(LightDisconnected):
        relay.set(True)


def test_a_closed_relay_is_not_switched() -> None:
    with pytest.raises(LightDisconnected):
        FakeRelay().set(True)
