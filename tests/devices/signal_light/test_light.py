"""SignalLight on a FakeRelay: modes, blinking, faults and recovery, the test blink, close.

Every wait is a condition polled with a generous deadline; the blink is checked by the
relay's recorded switches, never by their timing.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator

import pytest

from devices.signal_light.fake import FakeRelay
from devices.signal_light.faults import LightDisconnected, LightNotFound
from devices.signal_light.light import (
    STOPPED,
    TESTING,
    UNEXPECTED,
    LightMode,
    LightStatus,
    SignalLight,
)
from devices.signal_light.relay import Relay
from tests.devices.signal_light.polling import wait_until

Status = Callable[[LightStatus], None]
Make = Callable[..., SignalLight]


def fast(transport: Relay, on_status: Status | None = None) -> SignalLight:
    """A light that blinks, retries and refreshes quickly, for short tests."""
    return SignalLight(
        transport, blink_period_s=0.04, on_status=on_status, retry_s=0.05, refresh_s=0.05
    )


@pytest.fixture
def make() -> Iterator[Make]:
    """Build lights; every one is closed after the test, even a failed one."""
    made: list[SignalLight] = []

    def build(transport: Relay, on_status: Status | None = None) -> SignalLight:
        made.append(fast(transport, on_status))
        return made[-1]

    yield build
    for light in made:
        light.close()


def alternations(switches: list[tuple[float, bool]]) -> int:
    """How many times consecutive recorded switches changed the relay's state."""
    states = [on for _, on in switches]
    return sum(1 for a, b in itertools.pairwise(states) if a != b)


def test_steady_then_off(make: Make) -> None:
    relay = FakeRelay()
    light = make(relay)
    wait_until(lambda: relay.is_open and light.status.state == "ok")
    assert not relay.lit and light.status.mode is LightMode.OFF
    light.show(LightMode.STEADY)
    wait_until(lambda: relay.lit and light.status.mode is LightMode.STEADY)
    light.show(LightMode.OFF)
    wait_until(lambda: not relay.lit and light.status.mode is LightMode.OFF)
    assert light.status.state == "ok"


def test_blink_toggles_until_another_mode(make: Make) -> None:
    relay = FakeRelay()
    light = make(relay)
    light.show(LightMode.BLINK)
    wait_until(lambda: alternations(relay.switches) >= 6)
    assert light.status == LightStatus("ok", LightMode.BLINK, light.status.detail)
    light.show(LightMode.STEADY)
    wait_until(lambda: light.status.mode is LightMode.STEADY and relay.lit)
    # Steady now: the state is refreshed, never toggled again.
    settled = len(relay.switches)
    wait_until(lambda: len(relay.switches) >= settled + 3)
    assert all(on for _, on in relay.switches[settled:])


def test_show_from_many_threads_ends_in_the_last_mode(make: Make) -> None:
    relay = FakeRelay()
    light = make(relay)
    modes = [LightMode.BLINK, LightMode.STEADY, LightMode.OFF] * 20
    threads = [threading.Thread(target=light.show, args=(m,)) for m in modes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    light.show(LightMode.STEADY)
    wait_until(lambda: light.status.mode is LightMode.STEADY and relay.lit)


def test_unplugged_is_a_fault_with_advice_and_replugged_recovers(make: Make) -> None:
    relay = FakeRelay()
    seen: list[LightStatus] = []
    light = make(relay, on_status=seen.append)
    light.show(LightMode.STEADY)
    wait_until(lambda: relay.lit)
    relay.unplug()  # noticed by the refresh, without a change of mode
    wait_until(lambda: light.status.state == "fault")
    assert light.status.mode is LightMode.STEADY
    assert light.status.detail in (LightDisconnected.default_advice, LightNotFound.default_advice)
    relay.plug()  # the board powers up with its relay off: the light sets it again
    wait_until(lambda: light.status.state == "ok" and relay.lit)
    assert relay.opens >= 2
    assert [s.state for s in seen].count("fault") >= 1


def test_a_board_missing_at_start_is_found_once_plugged_in(make: Make) -> None:
    relay = FakeRelay()
    relay.unplug()
    light = make(relay)
    light.show(LightMode.BLINK)
    faulted = LightStatus("fault", LightMode.BLINK, LightNotFound.default_advice)
    wait_until(lambda: light.status == faulted)
    light.show(LightMode.STEADY)  # the wanted mode follows, even while faulted
    wait_until(lambda: light.status.mode is LightMode.STEADY)
    relay.plug()
    wait_until(lambda: light.status.state == "ok" and relay.lit)


def test_the_test_blink_returns_to_the_wanted_mode(make: Make) -> None:
    relay = FakeRelay()
    light = make(relay)
    light.show(LightMode.STEADY)
    wait_until(lambda: relay.lit)
    before = len(relay.switches)
    light.test(seconds=0.6)
    wait_until(lambda: light.status.detail == TESTING)
    assert light.status.mode is LightMode.BLINK
    wait_until(lambda: light.status.mode is LightMode.STEADY and relay.lit)
    assert alternations(relay.switches[before:]) >= 2


def test_close_turns_it_off_closes_the_transport_and_ends_the_thread() -> None:
    before = set(threading.enumerate())
    relay = FakeRelay()
    seen: list[LightStatus] = []
    light = fast(relay, on_status=seen.append)
    light.show(LightMode.BLINK)
    wait_until(lambda: relay.lit)
    light.close()
    assert set(threading.enumerate()) == before
    assert not relay.lit and not relay.is_open and relay.closes >= 1
    assert relay.switches[-1][1] is False
    assert light.status == LightStatus("stopped", LightMode.OFF, STOPPED)
    assert seen[-1] == light.status
    light.show(LightMode.STEADY)  # after close: ignored, no error
    light.test()
    light.close()
    assert not relay.lit


def test_close_while_unplugged_ends_too() -> None:
    before = set(threading.enumerate())
    relay = FakeRelay()
    light = fast(relay)
    relay.unplug()
    light.show(LightMode.STEADY)
    wait_until(lambda: light.status.state == "fault")
    light.close()
    assert set(threading.enumerate()) == before
    assert light.status.state == "stopped"


class Broken(FakeRelay):
    """A transport with a bug: it raises what no transport should."""

    def set(self, on: bool) -> None:
        raise RuntimeError("a bug in the transport")


def test_an_unexpected_error_is_a_fault_not_a_dead_thread(make: Make) -> None:
    light = make(Broken())
    wait_until(lambda: light.status.state == "fault")
    assert light.status.detail == UNEXPECTED
    light.show(LightMode.STEADY)
    wait_until(lambda: light.status.mode is LightMode.STEADY)  # the thread still answers


def test_a_failing_status_callback_does_not_stop_the_light(make: Make) -> None:
    def fails(status: LightStatus) -> None:
        raise ValueError("the callback's own bug")

    relay = FakeRelay()
    light = make(relay, on_status=fails)
    light.show(LightMode.STEADY)
    wait_until(lambda: relay.lit and light.status.mode is LightMode.STEADY)


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        SignalLight(FakeRelay(), blink_period_s=0)
    with pytest.raises(ValueError):
        SignalLight(FakeRelay(), retry_s=float("nan"))
