"""Staff roles and what each may do at the terminal (issue 12).

The central server names a role by its code (`attendant`, ...); the screen shows its
name in both languages. A role unknown to this release may do nothing (a newer server's
role signs in nowhere until the terminal knows it: install_accounts refuses it).
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.i18n import Text, text


class Role(StrEnum):
    ATTENDANT = "attendant"  # 业务辅导人员: the guidance attendant of a terminal
    TECHNICIAN = "technician"  # 技术运维: keeps the terminals running
    GRID_LEADER = "grid_leader"  # 网格长: declares for residents (issue 14)
    SUPERVISOR = "supervisor"  # 值班主管: the hall's duty supervisor, may do everything


class Permission(StrEnum):
    HELP = "help"  # acknowledge and resolve the terminal's help call
    ASSIST = "assist"  # assist mode (帮办) in the applicant's journey
    OUT_OF_SERVICE = "out_of_service"  # take the terminal out of service and back
    DIAGNOSTICS = "diagnostics"  # the technician's diagnostics screen
    EXIT = "exit"  # restart the kiosk, exit to the system
    PROXY = "proxy"  # 网格化零跑代办: declare for a resident (kiosk.proxy)


_ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.ATTENDANT: frozenset({Permission.HELP, Permission.ASSIST, Permission.OUT_OF_SERVICE}),
    Role.TECHNICIAN: frozenset(
        {Permission.HELP, Permission.OUT_OF_SERVICE, Permission.DIAGNOSTICS, Permission.EXIT}
    ),
    Role.GRID_LEADER: frozenset({Permission.PROXY}),
    Role.SUPERVISOR: frozenset(Permission),
}

ROLE_NAMES: dict[Role, Text] = {
    Role.ATTENDANT: text("业务辅导人员", "attendant"),
    Role.TECHNICIAN: text("技术运维", "technician"),
    Role.GRID_LEADER: text("网格长", "grid leader"),
    Role.SUPERVISOR: text("值班主管", "supervisor"),
}


def role_of(code: object) -> Role | None:
    """The role called `code`, None for anything else."""
    try:
        return Role(code) if isinstance(code, str) else None
    except ValueError:
        return None


def allowed(role: Role | str, permission: Permission | str) -> bool:
    """Whether `role` may do `permission`; an unknown role or permission: no."""
    known = role_of(role)
    if known is None:
        return False
    try:
        wanted = Permission(permission)
    except ValueError:
        return False
    return wanted in _ALLOWED[known]


def role_name(role: Role | str) -> Text:
    """The role's name in both languages (an unknown code is shown as it is)."""
    known = role_of(role)
    return ROLE_NAMES[known] if known is not None else text(str(role), str(role))
