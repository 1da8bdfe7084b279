"""Signing in on the PIN pad: personal PINs from the staff list, the config's fallback
before enrolment only, wrong PINs and the lock (5 minutes, then 10, ...), the lock kept
in the store, a clock set back, one derivation for the whole hall; and no PIN anywhere
in the audit or the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosk.pins import hash_pin
from kiosk.protocol import parse
from kiosk.staff.desk import FIRST_LOCK_S, StaffDesk, lock_length_s
from kiosk.staff.identity import Identity, Outcome
from kiosk.staff.roles import Role
from kiosk.store.database import Store
from tests.conftest import Clock
from tests.kiosk.staff.conftest import FAST, PEOPLE, staff_list, written

MakeDesk = Callable[..., StaffDesk]
WANG_PIN = PEOPLE["wang.fang"][2]


def test_a_personal_pin_signs_its_account_in_with_one_derivation(make_desk: MakeDesk) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    assert desk.enrolled
    result = desk.sign_in(WANG_PIN)
    assert result.outcome is Outcome.SIGNED_IN and result.signed_in
    assert result.identity == Identity("wang.fang", "王芳", Role.ATTENDANT, "central")
    # Four accounts, one hall-wide salt: the PIN was derived once, not once per account.
    assert desk.derivations == 1
    assert desk.sign_in(PEOPLE["chen.jing"][2]).identity.username == "chen.jing"  # type: ignore[union-attr]
    assert desk.derivations == 2


def test_a_wrong_pin_says_how_many_attempts_are_left(make_desk: MakeDesk) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    assert [desk.sign_in("000000").attempts_left for _ in range(4)] == [4, 3, 2, 1]
    assert desk.pad_state().attempts_left == 1
    assert desk.sign_in(WANG_PIN).signed_in  # a success resets the count
    assert desk.pad_state().attempts_left == 5


@pytest.mark.parametrize("entry", ["", "123", "123456789", "１２３４５６", "12a456", " 482917"])
def test_what_is_not_a_pin_is_neither_checked_nor_counted(make_desk: MakeDesk, entry: str) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    before = written(desk.store)
    assert desk.sign_in(entry).outcome is Outcome.NOT_A_PIN
    assert desk.derivations == 0
    assert desk.pad_state().attempts_left == 5
    after = written(desk.store)
    assert len(after.events) == len(before.events) and len(after.audit) == len(before.audit)


def test_five_wrong_pins_lock_for_5_minutes_then_10(make_desk: MakeDesk, clock: Clock) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    for _ in range(4):
        assert desk.sign_in("111111").outcome is Outcome.WRONG
    locked = desk.sign_in("111111")
    assert locked.outcome is Outcome.LOCKED
    assert locked.locked_until == clock() + timedelta(minutes=5)
    # While locked even the right PIN is not checked.
    derived = desk.derivations
    assert desk.sign_in(WANG_PIN).outcome is Outcome.LOCKED
    assert desk.derivations == derived
    clock.now += timedelta(minutes=5)
    assert desk.pad_state().locked_until is None
    for _ in range(4):
        assert desk.sign_in("111111").outcome is Outcome.WRONG
    again = desk.sign_in("111111")
    assert again.locked_until == clock() + timedelta(minutes=10)  # the second lock: longer
    clock.now += timedelta(minutes=10)
    assert desk.sign_in(WANG_PIN).signed_in
    for _ in range(5):  # the success reset the locks in a row: 5 minutes again
        last = desk.sign_in("111111")
    assert last.locked_until == clock() + timedelta(minutes=5)
    actions = written(desk.store).actions()
    assert actions.count("pin_locked") == 3 and actions.count("pin_failed") == 15


def test_locks_double_up_to_an_hour() -> None:
    assert [lock_length_s(n) // 60 for n in range(1, 8)] == [5, 10, 20, 40, 60, 60, 60]
    assert lock_length_s(10_000) == 3600


def test_the_lock_survives_reopening_the_store(tmp_path, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "kiosk.db")
    desk = StaffDesk(store, 7, clock, {})
    desk.install_accounts(staff_list())
    for _ in range(5):
        desk.sign_in("222222")
    store.close()
    reopened = Store(tmp_path / "kiosk.db")
    try:
        desk = StaffDesk(reopened, 7, clock, {})
        state = desk.pad_state()
        assert state.locked_until == clock() + timedelta(seconds=FIRST_LOCK_S)
        assert desk.sign_in(WANG_PIN).outcome is Outcome.LOCKED
    finally:
        reopened.close()


def test_a_clock_set_back_does_not_lock_for_ever(make_desk: MakeDesk, clock: Clock) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    for _ in range(5):
        desk.sign_in("333333")
    clock.now -= timedelta(days=365)  # the machine's clock jumps a year back
    state = desk.sign_in(WANG_PIN)
    # At most the lock's own length from now, not a year and 5 minutes.
    assert state.outcome is Outcome.LOCKED
    assert state.locked_until == clock() + timedelta(seconds=FIRST_LOCK_S)
    clock.now += timedelta(seconds=FIRST_LOCK_S)
    assert desk.sign_in(WANG_PIN).signed_in


def test_the_config_pins_sign_in_only_before_enrolment(make_desk: MakeDesk) -> None:
    technician = hash_pin("5555", iterations=FAST)
    desk = make_desk({"technician": (technician,)})
    assert not desk.enrolled
    result = desk.sign_in("5555")
    assert result.identity == Identity("config:technician", "技术运维", Role.TECHNICIAN, "config")
    desk.install_accounts(staff_list())
    assert desk.enrolled
    assert desk.sign_in("5555").outcome is Outcome.WRONG  # enrolled: the staff list only
    assert desk.sign_in(PEOPLE["li.qiang"][2]).signed_in


def test_an_empty_staff_list_also_enrols(make_desk: MakeDesk) -> None:
    """A hall that removed every account has said who may sign in: nobody."""
    desk = make_desk({"technician": (hash_pin("5555", iterations=FAST),)})
    desk.install_accounts({"version": "none", "salt": "", "accounts": []})
    assert desk.enrolled and desk.sign_in("5555").outcome is Outcome.WRONG


def test_a_revoked_account_is_refused_after_the_next_list(make_desk: MakeDesk) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list("v1"))
    assert desk.sign_in(WANG_PIN).signed_in
    remaining = {k: v for k, v in PEOPLE.items() if k != "wang.fang"}
    desk.install_accounts(staff_list("v2", remaining))
    assert desk.sign_in(WANG_PIN).outcome is Outcome.WRONG
    assert desk.sign_in(PEOPLE["li.qiang"][2]).signed_in


def test_each_attempt_is_audited_and_sent_without_the_pin(make_desk: MakeDesk) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    wrong = "906417"
    for _ in range(5):
        desk.sign_in(wrong)
    got = written(desk.store)
    assert got.actions() == ["pin_failed"] * 5 + ["pin_locked"]
    failed = [e.payload for e in got.events if e.kind == "staff.action"]
    for p in failed:
        parse("staff.action", p)  # each one as the server will check it
        assert p["staff"] is None and p["terminal"] == 7
    assert failed[-1]["detail"]["lock_s"] == 300
    audited = [a.action for a in got.audit if a.action.startswith("staff.pin")]
    assert audited == ["staff.pin_failed"] * 5 + ["staff.pin_locked"]
    text = got.text()
    assert wrong not in text and WANG_PIN not in text


def test_a_signed_in_attempt_is_audited_with_who(make_desk: MakeDesk) -> None:
    desk = make_desk()
    desk.install_accounts(staff_list())
    desk.sign_in(WANG_PIN)
    got = written(desk.store)
    (event,) = [e.payload for e in got.events if e.kind == "staff.action"]
    assert (event["action"], event["staff"], event["role"]) == (
        "signed_in",
        "wang.fang",
        "attendant",
    )
    entry = got.audit[-1]
    assert (entry.actor, entry.action, entry.detail["staff"]) == (
        "attendant",
        "staff.signed_in",
        "wang.fang",
    )
    assert WANG_PIN not in got.text()
    for account in staff_list()["accounts"]:  # no hash either
        assert account["pin_hash"].split("$")[3] not in got.text()
