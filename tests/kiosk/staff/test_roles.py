"""What each staff role may do, and its name in both languages."""

from __future__ import annotations

import pytest

from kiosk.staff import session
from kiosk.staff.roles import ROLE_NAMES, Permission, Role, allowed, role_name

EXPECTED = {
    Role.ATTENDANT: {Permission.HELP, Permission.ASSIST, Permission.OUT_OF_SERVICE},
    Role.TECHNICIAN: {
        Permission.HELP,
        Permission.OUT_OF_SERVICE,
        Permission.DIAGNOSTICS,
        Permission.EXIT,
    },
    Role.GRID_LEADER: {Permission.PROXY},
    Role.SUPERVISOR: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_its_part(role: Role) -> None:
    assert {p for p in Permission if allowed(role, p)} == EXPECTED[role]
    assert {p for p in Permission if allowed(role.value, p.value)} == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_the_screen_flow_agrees_with_the_core(role: Role) -> None:
    """kiosk.staff.session (the screen's) grants what the core's desk allows."""
    for permission in Permission:
        assert session.may(role.value, permission.value) == allowed(role, permission)


def test_unknown_roles_and_permissions_may_do_nothing() -> None:
    assert not allowed("boss", Permission.HELP)
    assert not allowed(Role.SUPERVISOR, "fly")
    assert not allowed(None, "help")  # type: ignore[arg-type]


def test_names_in_both_languages() -> None:
    assert set(ROLE_NAMES) == set(Role)
    assert role_name("attendant").zh == "业务辅导人员" and role_name("attendant").en == "attendant"
    assert role_name(Role.TECHNICIAN).zh == "技术运维"
    assert role_name(Role.GRID_LEADER).zh == "网格长"
    assert role_name(Role.SUPERVISOR).zh == "值班主管"
    assert role_name("visitor").en == "visitor"
