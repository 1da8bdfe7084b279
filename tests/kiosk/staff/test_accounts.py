"""The downloaded staff list is checked strictly: one bad account refuses the whole list
with a reason (never a hash), and the previous list stays."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.pins import hash_pin
from kiosk.staff.accounts import MAX_ACCOUNTS, StaffListRefused, check_staff_list
from kiosk.staff.desk import StaffDesk
from kiosk.store.models import StaffAccount
from tests.kiosk.staff.conftest import FAST, HALL_SALT, PEOPLE, staff_list

MakeDesk = Callable[..., StaffDesk]
OTHER_SALT = bytes(16)


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    body = copy.deepcopy(GOOD)
    change(body)
    return body


GOOD = staff_list("v1")


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(body: dict[str, Any]) -> None:
        target: Any = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


CASES = {
    "not an object": (lambda b: b.clear(), "version"),
    "no version": (_set(("version",), None), "version"),
    "version with a slash": (_set(("version",), "../x"), "version"),
    "accounts not a list": (_set(("accounts",), {"a": 1}), "accounts: expected a list"),
    "bad salt": (_set(("salt",), "zz"), "salt"),
    "account not an object": (_set(("accounts", 0), "wang"), "accounts[0]: expected an object"),
    "username with a space": (_set(("accounts", 0, "username"), "wang fang"), "username"),
    "username too long": (_set(("accounts", 0, "username"), "w" * 65), "username"),
    "name with a line break": (_set(("accounts", 1, "display_name"), "李\n强"), "display_name"),
    "empty name": (_set(("accounts", 1, "display_name"), "  "), "display_name"),
    "name too long": (_set(("accounts", 1, "display_name"), "名" * 65), "display_name"),
    "unknown role": (_set(("accounts", 2, "role"), "boss"), "role: expected one of"),
    "plain pin": (_set(("accounts", 3, "pin_hash"), "264810"), "pin_hash"),
    "hash cut short": (
        _set(("accounts", 3, "pin_hash"), GOOD["accounts"][3]["pin_hash"][:-2]),
        "pin_hash",
    ),
    "another salt": (
        _set(("accounts", 3, "pin_hash"), hash_pin("264810", iterations=FAST, salt=OTHER_SALT)),
        "the hall's salt",
    ),
    "too slow a hash": (
        _set(("accounts", 3, "pin_hash"), hash_pin("2648", iterations=2_000_000, salt=HALL_SALT)),
        "iterations",
    ),
    "same pin twice": (
        _set(("accounts", 3, "pin_hash"), GOOD["accounts"][0]["pin_hash"]),
        "another account has the same PIN",
    ),
    "same username twice": (
        _set(("accounts", 3, "username"), "wang.fang"),
        "listed twice",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_one_bad_account_refuses_the_list_and_keeps_the_old_one(
    make_desk: MakeDesk, case: str
) -> None:
    desk = make_desk()
    desk.install_accounts(GOOD)
    change, says = CASES[case]
    body = broken(change)
    with pytest.raises(StaffListRefused) as info:
        desk.install_accounts(body)
    assert says in str(info.value)
    for account in GOOD["accounts"]:  # the reason never repeats a hash
        assert account["pin_hash"].split("$")[3] not in str(info.value)
    with desk.store.session() as s:
        assert sorted(s.scalars(select(StaffAccount.username))) == sorted(PEOPLE)
    assert desk.sign_in(PEOPLE["wang.fang"][2]).signed_in


@pytest.mark.parametrize("body", [None, [], "staff", 7])
def test_a_body_that_is_no_object_is_refused(body: object) -> None:
    with pytest.raises(StaffListRefused, match="not a JSON object"):
        check_staff_list(body)


def test_too_many_accounts_are_refused_unread() -> None:
    account = GOOD["accounts"][0]
    body = {**GOOD, "accounts": [account] * (MAX_ACCOUNTS + 1)}
    with pytest.raises(StaffListRefused, match="over the limit"):
        check_staff_list(body)


def test_extra_fields_are_ignored_and_names_trimmed() -> None:
    body = copy.deepcopy(GOOD)
    body["accounts"][0]["phone"] = "x"
    body["accounts"][0]["display_name"] = " 王芳 "
    body["dashboard"] = {}
    checked = check_staff_list(body)
    assert checked.version == "v1" and checked.accounts[0].display_name == "王芳"
