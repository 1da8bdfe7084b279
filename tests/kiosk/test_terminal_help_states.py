"""The terminal tells the states of the help calls still waited on after every change
(TerminalHooks.on_help_states): the call light above the terminal follows them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.staff.identity import Identity, Role
from kiosk.sync import SyncSettings
from kiosk.terminal import Terminal, TerminalHooks
from printer.fonts import find_cjk_font
from tests.kiosk.sync.stub_central import StubCentral

WAIT = 30.0
ATTENDANT = Identity("li.na", "李娜", Role.ATTENDANT)


class States:
    """What the hook was told, in order; waits on a condition, never a fixed time."""

    def __init__(self) -> None:
        self.told: list[list[str]] = []
        self._changed = threading.Condition()

    def __call__(self, states: list[str]) -> None:
        with self._changed:
            self.told.append(list(states))
            self._changed.notify_all()

    def until(self, wanted: list[str]) -> None:
        deadline = time.monotonic() + WAIT
        with self._changed:
            while not self.told or self.told[-1] != wanted:
                left = deadline - time.monotonic()
                assert left > 0, f"last told {self.told[-1:]}, wanted {wanted}"
                self._changed.wait(left)


@pytest.fixture
def states() -> States:
    return States()


@pytest.fixture
def make(tmp_path: Path, catalog: Catalog, states: States) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def build(**update: object) -> Terminal:
        config = demo_config(tmp_path / "data").model_copy(update=update)
        terminal = Terminal(
            config,
            find_cjk_font(),
            catalog=catalog,
            hooks=TerminalHooks(on_help_states=states),
            sync_settings=SyncSettings(heartbeat_s=None, help_poll_active_s=0.05),
        )
        made.append(terminal)
        return terminal

    yield build
    for terminal in made:
        terminal.close()


def test_a_call_then_the_attendant_at_the_terminal(
    make: Callable[..., Terminal], states: States
) -> None:
    terminal = make()
    terminal.open().result(WAIT)
    states.until([])  # nothing waits when it opens
    call = terminal.call_help({"screen": "form"}).result(WAIT)
    states.until(["open"])
    assert terminal.acknowledge_help(ATTENDANT, call).result(WAIT)
    states.until(["acknowledged"])
    assert terminal.resolve_help(ATTENDANT, call).result(WAIT)
    states.until([])


def test_a_call_cancelled_by_the_applicant(make: Callable[..., Terminal], states: States) -> None:
    terminal = make()
    terminal.open().result(WAIT)
    first = terminal.call_help({"screen": "form"}).result(WAIT)
    second = terminal.call_help({"screen": "check"}).result(WAIT)
    states.until(["open", "open"])
    assert terminal.cancel_help(first).result(WAIT)
    states.until(["open"])
    assert terminal.cancel_help(second).result(WAIT)
    states.until([])


def test_the_attendant_on_the_dashboard(make: Callable[..., Terminal], states: States) -> None:
    stub = StubCentral()
    try:
        terminal = make(central=CentralConfig(url=stub.url, token="t" * 43))
        terminal.open().result(WAIT)
        call = terminal.call_help({"screen": "form"}).result(WAIT)
        states.until(["open"])
        stub.help_calls = [{"id": call, "state": "acknowledged", "changed": 1}]
        terminal.wake_sync()
        states.until(["acknowledged"])
        stub.help_calls.append({"id": call, "state": "resolved", "changed": 2})
        terminal.wake_sync()
        states.until([])
    finally:
        stub.close()


def test_a_call_left_open_before_a_restart_is_told_at_the_opening(
    make: Callable[..., Terminal], states: States
) -> None:
    first = make()
    first.open().result(WAIT)
    first.call_help({"screen": "form"}).result(WAIT)
    states.until(["open"])
    first.close()
    states.told.clear()
    make().open().result(WAIT)
    states.until(["open"])
