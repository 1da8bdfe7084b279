"""Staff at a real terminal (kiosk.terminal.Terminal on its lanes, a real data folder, the
stub central server on loopback where a test needs one): the PIN pad's lock across a
restart, a help call acknowledged at the terminal reaching the server with who did it,
out of service across a restart, the heartbeat's extra figures, the terminals in service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, KioskConfig, StaffConfig, demo_config
from kiosk.pins import hash_pin
from kiosk.staff.identity import Identity, Outcome
from kiosk.staff.roles import Role
from kiosk.sync.worker import SyncSettings
from kiosk.terminal import Terminal
from printer.fonts import find_cjk_font
from tests.kiosk.staff.conftest import FAST, PEOPLE, staff_list
from tests.kiosk.sync.stub_central import StubCentral

WAIT = 30.0
TECH_PIN = "246813"
WANG = Identity("wang.fang", "王芳", Role.ATTENDANT)
QUICK = SyncSettings(heartbeat_s=None, help_poll_active_s=0.05)


@pytest.fixture
def make_terminal(tmp_path: Path, catalog: Catalog) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(config: KioskConfig, **kwargs: Any) -> Terminal:
        kwargs.setdefault("catalog", catalog)
        kwargs.setdefault("sync_settings", QUICK)
        terminal = Terminal(config, find_cjk_font(), **kwargs)
        made.append(terminal)
        terminal.open().result(WAIT)
        return terminal

    yield make
    for terminal in made:
        terminal.close()


def offline(tmp_path: Path) -> KioskConfig:
    pins = StaffConfig(pins={"technician": (hash_pin(TECH_PIN, iterations=FAST),)})
    return demo_config(tmp_path / "data").model_copy(update={"staff": pins})


def online(tmp_path: Path, stub: StubCentral) -> KioskConfig:
    central = CentralConfig(url=stub.url, token="t" * 43)
    return offline(tmp_path).model_copy(update={"central": central})


def test_a_locked_pad_stays_locked_after_a_restart(
    tmp_path: Path, make_terminal: Callable[..., Terminal]
) -> None:
    config = offline(tmp_path)
    terminal = make_terminal(config)
    signed = terminal.staff_sign_in(TECH_PIN).result(WAIT)
    assert signed.identity == Identity("config:technician", "技术运维", Role.TECHNICIAN, "config")
    outcomes = [terminal.staff_sign_in("000000").result(WAIT).outcome for _ in range(5)]
    assert outcomes == [Outcome.WRONG] * 4 + [Outcome.LOCKED]
    terminal.close()
    again = make_terminal(config)  # the same data folder: the kiosk restarted
    assert again.staff_pad_state().result(WAIT).locked_until is not None
    assert again.staff_sign_in(TECH_PIN).result(WAIT).outcome is Outcome.LOCKED


def test_out_of_service_stays_after_a_restart(
    tmp_path: Path, make_terminal: Callable[..., Terminal]
) -> None:
    config = offline(tmp_path)
    terminal = make_terminal(config)
    assert terminal.out_of_service_state().result(WAIT) is None
    terminal.take_out_of_service(WANG, "printer").result(WAIT)
    terminal.close()
    again = make_terminal(config)
    state = again.out_of_service_state().result(WAIT)
    assert state is not None and (state.reason, state.staff_name) == ("printer", "王芳")
    again.back_in_service(WANG).result(WAIT)
    assert again.out_of_service_state().result(WAIT) is None


def test_a_help_call_acknowledged_at_the_terminal_reaches_the_server_with_who(
    tmp_path: Path, make_terminal: Callable[..., Terminal]
) -> None:
    stub = StubCentral()
    try:
        stub.staff = staff_list("v1")
        terminal = make_terminal(online(tmp_path, stub))
        call_id = terminal.call_help({"screen": "form", "item_id": "elderly-card"}).result(WAIT)
        (listed,) = terminal.open_help_calls().result(WAIT)
        assert listed.id == call_id and listed.screen == "form"
        # The staff list arrives with the first pulls; then the attendant's own PIN.
        assert stub.wait_for(lambda: bool(stub.paths("GET", "/api/v1/staff")), timeout=WAIT)
        terminal.network_lane.submit(lambda: None).result(WAIT)  # that pass is done
        who = terminal.staff_sign_in(PEOPLE["wang.fang"][2]).result(WAIT).identity
        assert who == WANG
        assert terminal.acknowledge_help(who, call_id).result(WAIT) is True
        assert stub.wait_for(lambda: "help.acknowledged" in stub.kinds(), timeout=WAIT)
        (event,) = [e for e in stub.stored.values() if e["kind"] == "help.acknowledged"]
        assert event["payload"]["by"] == "王芳" and event["payload"]["staff"] == "wang.fang"
        assert terminal.resolve_help(who, call_id).result(WAIT) is True
        assert terminal.open_help_calls().result(WAIT) == []
        assert stub.wait_for(lambda: "help.resolved" in stub.kinds(), timeout=WAIT)
        actions = [
            e["payload"]["action"] for e in stub.stored.values() if e["kind"] == "staff.action"
        ]
        assert actions == ["signed_in", "help_acknowledged", "help_resolved"]
    finally:
        stub.close()


def test_the_heartbeat_carries_the_terminals_extra_figures_and_out_of_service_asks_who_serves(
    tmp_path: Path, make_terminal: Callable[..., Terminal]
) -> None:
    stub = StubCentral()
    try:
        stub.in_service = [1, 2, 3]
        settings = SyncSettings(heartbeat_s=30, help_poll_active_s=0.05)
        terminal = Terminal(online(tmp_path, stub), find_cjk_font(), sync_settings=settings)
        terminal.heartbeat_extra = lambda: {"screen": "1080x1920 portrait", "restarts": 2}
        try:
            terminal.open().result(WAIT)
            assert stub.wait_for(lambda: "heartbeat" in stub.kinds(), timeout=WAIT)
            (beat,) = [e["payload"] for e in stub.stored.values() if e["kind"] == "heartbeat"]
            assert beat["screen"] == "1080x1920 portrait" and beat["restarts"] == 2
            assert terminal.in_service_terminals() is None  # in service: not asked
            terminal.take_out_of_service(WANG, "printer").result(WAIT)  # wakes the sync
            assert stub.wait_for(
                lambda: bool(stub.paths("GET", "/api/v1/terminals/in-service")), timeout=WAIT
            )
            terminal.network_lane.submit(lambda: None).result(WAIT)
            assert terminal.in_service_terminals() == (1, 2, 3)
        finally:
            terminal.close()
    finally:
        stub.close()
