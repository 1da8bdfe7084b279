"""Who signed in at the terminal, and what a PIN on the pad came to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

from kiosk.staff.roles import Role, role_name

CONFIG_PREFIX = "config:"  # the username of a config file's fallback PIN, by role


class StaffMember(Protocol):
    """Anything naming a signed-in staff member (an Identity, or the screen's view of
    one): the desk takes it and checks the role itself."""

    @property
    def username(self) -> str: ...

    @property
    def display_name(self) -> str: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Identity:
    """A signed-in staff member: `source` "central" for a downloaded account, "config"
    for the config file's fallback PIN of a role (before the terminal is enrolled)."""

    username: str
    display_name: str
    role: Role
    source: Literal["central", "config"] = "central"

    @classmethod
    def from_config(cls, role: Role) -> Identity:
        """The config file's PIN of `role`: no person's name, the role's."""
        return cls(f"{CONFIG_PREFIX}{role.value}", role_name(role).zh, role, "config")


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"  # no account has this PIN; `attempts_left` before the pad locks
    LOCKED = "locked"  # the pad is locked until `locked_until`; the PIN was not checked
    NOT_A_PIN = "not_a_pin"  # not 4 to 8 digits: not checked, not counted


@dataclass(frozen=True)
class SignIn:
    """What a PIN on the pad came to. Holds nothing of the PIN itself."""

    outcome: Outcome
    identity: Identity | None = None
    attempts_left: int | None = None
    locked_until: datetime | None = None

    @property
    def signed_in(self) -> bool:
        return self.outcome is Outcome.SIGNED_IN


@dataclass(frozen=True)
class PadState:
    """The PIN pad now: locked until when (None: open), attempts left before a lock."""

    locked_until: datetime | None
    attempts_left: int


@dataclass(frozen=True)
class OutOfService:
    """The terminal is out of service since `since`, for `reason`, by whom."""

    reason: str
    staff: str
    staff_name: str
    since: datetime
