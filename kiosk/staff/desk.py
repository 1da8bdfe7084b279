"""The staff desk: the PIN pad and its lock, and every staff action with its audit entry
and staff.action event. Runs on the terminal's store lane (its only writer); Qt-free.

Signing in. A PIN is compared with the downloaded accounts' hashes, or, only while no
staff list was ever installed (the terminal not enrolled), with the config file's role
hashes (`[staff.pins]`). The slow derivation runs once per distinct (salt, iterations)
among the candidates: the hall's accounts share one salt, so one derivation (about
0.1 s) serves every account, and `hmac.compare_digest` compares the digest with each.

The lock. Five wrong PINs in a row lock the pad for 5 minutes; each lock after that, with
no success between, is twice as long, up to an hour. The state is in the store
(`staff_pad`), so a restart does not reopen a locked pad. A clock set back must not lock
it for ever: the time left is never more than the current lock's length (and the end is
moved back when it was). While locked, a PIN is not checked, counted or recorded: no
guess is possible then, and a pad tapped in a loop must not fill the outbox.

Something that is not a PIN (not 4 to 8 ASCII digits: the pad sends only digits, so a
short entry is a slip of the finger) is not counted: it cannot match any hash, so it is
no guess, and counting it would let a child lock the attendant out with a few taps of OK.

Every attempt that is checked and every other staff action is an audit entry and a
`staff.action` event, in the same transaction as what it changes; neither ever holds the
PIN, and neither holds an applicant's answers (a help call's id, a reference, a reason).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import proxy
from kiosk.catalog.models import ServiceItem
from kiosk.help_requests import ACKNOWLEDGED, RESOLVED, HelpDesk, OpenHelpCall, move_at_terminal
from kiosk.pins import ParsedHash, derive, is_pin, parse_pin_hash
from kiosk.privacy import mask_data
from kiosk.protocol import payload
from kiosk.proxy import ProxyGrant
from kiosk.staff import actions
from kiosk.staff.accounts import install_staff_list, installed_version
from kiosk.staff.identity import (
    CONFIG_PREFIX,
    Identity,
    Outcome,
    OutOfService,
    PadState,
    SignIn,
    StaffMember,
)
from kiosk.staff.roles import Permission, Role, allowed, role_of
from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import Declaration, OutOfServiceState, StaffAccount, StaffPad
from kiosk.store.outbox import add_event

log = logging.getLogger(__name__)

WRONG_IN_A_ROW = 5  # wrong PINs that lock the pad
FIRST_LOCK_S = 5 * 60
LONGEST_LOCK_S = 60 * 60
PAD = 1  # the staff_pad row's id
OUT = 1  # the out_of_service row's id
MAX_DETAIL_KEYS = 8
MAX_DETAIL_CHARS = 200  # of each text in a staff action's detail
REASON_CHARS = 64


class NotAllowed(PermissionError):
    """The staff member's role may not do this (kiosk.staff.roles)."""


class UnknownDeclaration(LookupError):
    """No declaration of that reference at this terminal."""


def lock_length_s(lockouts: int) -> int:
    """The length of the `lockouts`-th lock in a row: 5, 10, 20, 40, then 60 minutes."""
    if lockouts <= 0:
        return 0
    return int(min(FIRST_LOCK_S * 2 ** min(lockouts - 1, 10), LONGEST_LOCK_S))


class StaffDesk:
    """Staff sign-in and actions of one terminal (on its store lane)."""

    def __init__(
        self,
        store: Store,
        terminal_number: int,
        clock: Callable[[], datetime],
        config_pins: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.store = store
        self.terminal = terminal_number
        self.clock = clock
        self._config_pins = dict(config_pins or {})
        self.help_desk = HelpDesk(store, terminal_number, clock)
        # Slow derivations made since the start: one per (salt, iterations) per PIN.
        self.derivations = 0

    # -- enrolment and accounts ------------------------------------------------------------

    @property
    def enrolled(self) -> bool:
        """Whether a staff list was ever installed (then the config's PINs are not used)."""
        with self.store.session() as s:
            return installed_version(s) is not None

    def install_accounts(self, body: object, etag: str | None = None) -> str:
        """Check a downloaded staff list and replace the accounts with it; its version.

        kiosk.staff.accounts.StaffListRefused (the previous list kept) when anything in
        it is wrong.
        """
        now = self.clock()
        with self.store.transaction() as s:
            return install_staff_list(s, body, now, etag)

    # -- the PIN pad -------------------------------------------------------------------------

    def pad_state(self) -> PadState:
        """Whether the pad is locked now (for the screen to show at once)."""
        now = self.clock()
        with self.store.session() as s:
            pad = s.get(StaffPad, PAD)
            until = _lock_end(pad, now)
            failures = pad.failures if pad is not None else 0
        return PadState(until, max(0, WRONG_IN_A_ROW - failures))

    def sign_in(self, pin: str) -> SignIn:
        """Check a PIN from the pad (see the module docstring)."""
        if not is_pin(pin):
            return SignIn(Outcome.NOT_A_PIN)
        now = self.clock()
        with self.store.session() as s:
            pad = s.get(StaffPad, PAD)
            if _lock_end(pad, now) is not None:
                locked = True
            else:
                locked = False
                candidates = self._candidates(s)
        if locked:
            with self.store.transaction() as s:
                pad = s.get(StaffPad, PAD)
                assert pad is not None
                until = _lock_end(pad, now)
                if until is not None and pad.locked_until != until:
                    pad.locked_until = until  # the clock was set back: no lock for ever
                return SignIn(Outcome.LOCKED, locked_until=until)
        who = self._match(pin, candidates)
        with self.store.transaction() as s:
            pad = s.get(StaffPad, PAD)
            if pad is None:
                pad = StaffPad(id=PAD, failures=0, lockouts=0, locked_until=None, lock_s=0)
                s.add(pad)
            if who is not None:
                pad.failures, pad.lockouts, pad.locked_until = 0, 0, None
                self._action(s, who, actions.SIGNED_IN, {"source": who.source}, now)
                log.info("staff %s (%s) signed in", who.username, who.role.value)
                return SignIn(Outcome.SIGNED_IN, identity=who)
            pad.failures += 1
            self._action(s, None, actions.PIN_FAILED, {"in_a_row": pad.failures}, now)
            log.warning("a wrong staff PIN (%d in a row)", pad.failures)
            if pad.failures < WRONG_IN_A_ROW:
                return SignIn(Outcome.WRONG, attempts_left=WRONG_IN_A_ROW - pad.failures)
            pad.lockouts += 1
            pad.lock_s = lock_length_s(pad.lockouts)
            pad.locked_until = now + timedelta(seconds=pad.lock_s)
            pad.failures = 0  # the next lock needs five more
            detail = {
                "lock_s": pad.lock_s,
                "lockouts": pad.lockouts,
                "until": pad.locked_until.isoformat(),
            }
            self._action(s, None, actions.PIN_LOCKED, detail, now)
            log.warning("the staff PIN pad is locked for %d s", pad.lock_s)
            return SignIn(Outcome.LOCKED, attempts_left=0, locked_until=pad.locked_until)

    def _candidates(self, s: Session) -> list[tuple[ParsedHash, Identity]]:
        """The hashes a PIN may match, with whose they are."""
        found: list[tuple[ParsedHash, Identity]] = []
        if installed_version(s) is not None:
            for row in s.scalars(select(StaffAccount).order_by(StaffAccount.username)):
                role = role_of(row.role)
                parsed = _parsed(row.pin_hash)
                if role is None or parsed is None:  # checked at install: a hand-edited row
                    continue
                found.append((parsed, Identity(row.username, row.display_name, role)))
            return found
        # Not enrolled: the config file's fallback PINs, by role.
        for code, hashes in sorted(self._config_pins.items()):
            config_role = role_of(code)
            if config_role is None:
                continue
            for encoded in hashes:
                parsed = _parsed(encoded)
                if parsed is not None:
                    found.append((parsed, Identity.from_config(config_role)))
        return found

    def _match(
        self, pin: str, candidates: Iterable[tuple[ParsedHash, Identity]]
    ) -> Identity | None:
        """Whose PIN this is: each distinct (salt, iterations) derived once, every digest
        compared (no early return: the time does not tell which account matched)."""
        derived: dict[tuple[bytes, int], bytes] = {}
        match: Identity | None = None
        for parsed, who in candidates:
            key = (parsed.salt, parsed.iterations)
            if key not in derived:
                derived[key] = derive(pin, parsed.salt, parsed.iterations)
                self.derivations += 1
            if hmac.compare_digest(derived[key], parsed.digest) and match is None:
                match = who
        return match

    # -- actions -----------------------------------------------------------------------------

    def record(
        self, member: StaffMember, action: str, detail: Mapping[str, Any] | None = None
    ) -> None:
        """Any other staff action (signed_out, assist_started, diagnostics_opened, restart,
        ...): an audit entry and a staff.action event. `detail` is small: at most 8 keys,
        each value a number, a yes/no or a short text (ValueError otherwise)."""
        identity = _identity(member)
        checked = _detail(detail or {})
        if not actions.is_action(action):
            raise ValueError(f"not an action word: {action!r}")
        now = self.clock()
        with self.store.transaction() as s:
            self._action(s, identity, action, checked, now)

    def open_help_calls(self) -> list[OpenHelpCall]:
        """The calls an applicant waits on, with their context (screen, item, page,
        fields in error, when), oldest first."""
        return self.help_desk.active_requests()

    def acknowledge_help(self, identity: StaffMember, call_id: str) -> bool:
        """The attendant at the terminal has seen the call (open -> acknowledged)."""
        return self._move_help(identity, call_id, ACKNOWLEDGED, actions.HELP_ACKNOWLEDGED)

    def resolve_help(self, identity: StaffMember, call_id: str) -> bool:
        """The attendant helped (open or acknowledged -> resolved)."""
        return self._move_help(identity, call_id, RESOLVED, actions.HELP_RESOLVED)

    def _move_help(self, member: StaffMember, call_id: str, state: str, action: str) -> bool:
        identity = _require(member, Permission.HELP)
        if not isinstance(call_id, str) or not 0 < len(call_id) <= 36:
            return False
        now = self.clock()
        with self.store.transaction() as s:
            moved = move_at_terminal(
                s,
                self.terminal,
                call_id,
                state,
                now,
                staff=identity.username,
                by=identity.display_name,
            )
            if moved:
                self._action(s, identity, action, {"id": call_id}, now)
        return moved

    def mark_assisted(self, member: StaffMember, reference: str) -> None:
        """The declaration was made with this attendant's help (帮办): its columns and a
        declaration.assisted event, once (marking it again changes nothing)."""
        identity = _require(member, Permission.ASSIST)
        now = self.clock()
        with self.store.transaction() as s:
            decl = s.scalar(select(Declaration).where(Declaration.reference == reference))
            if decl is None:
                raise UnknownDeclaration(f"no declaration {reference!r}")
            if decl.assisted_by is not None:
                return
            decl.assisted_by = identity.username
            decl.assisted_by_name = identity.display_name
            decl.assisted_at = now
            self._declaration_event(s, "declaration.assisted", identity, reference, now)

    def mark_proxied(self, member: StaffMember, reference: str, item: ServiceItem) -> ProxyGrant:
        """The declaration was made by this grid leader for a resident (网格化零跑代办):
        its columns and a declaration.proxied event, once; the grant either way."""
        identity = _require(member, Permission.PROXY)
        now = self.clock()
        with self.store.transaction() as s:
            decl = s.scalar(select(Declaration).where(Declaration.reference == reference))
            if decl is None:
                raise UnknownDeclaration(f"no declaration {reference!r}")
            if item.grid_proxy is None or decl.item_id != item.id:
                raise NotAllowed(f"{decl.item_id} cannot be declared by a grid leader")
            kept = proxy.stored_grant(decl, item)
            if kept is not None:
                return kept
            made = proxy.grant(
                item,
                decl.answers or {},
                reference=reference,
                leader_account=identity.username,
                leader_name=identity.display_name,
                today=now.date(),
            )
            assert made is not None  # the item allows proxies
            decl.proxy_by, decl.proxy_by_name = identity.username, identity.display_name
            decl.proxy_authorisation, decl.proxy_valid_until = made.authorisation, made.valid_until
            self._declaration_event(
                s,
                "declaration.proxied",
                identity,
                reference,
                now,
                authorisation=made.authorisation,
                valid_until=made.valid_until,
            )
            return made

    def _declaration_event(
        self,
        s: Session,
        kind: str,
        identity: Identity,
        reference: str,
        now: datetime,
        **fields: Any,
    ) -> None:
        """A staff member's mark on a declaration: its event (who, by name) and the audit
        entry (who and which declaration: nothing of the applicant's)."""
        event = payload(
            kind,
            reference=reference,
            terminal=self.terminal,
            staff=identity.username,
            by=identity.display_name,
            at=now,
            **fields,
        )
        add_event(s, kind, event, now)
        detail = {"staff": identity.username, "reference": reference}
        audit(s, identity.role.value, kind, detail, now)

    # -- out of service ----------------------------------------------------------------------

    def out_of_service(self) -> OutOfService | None:
        """Whether the terminal is out of service (kept across restarts), and why."""
        with self.store.session() as s:
            row = s.get(OutOfServiceState, OUT)
            if row is None:
                return None
            return OutOfService(row.reason, row.staff, row.staff_name, row.since)

    def take_out_of_service(self, member: StaffMember, reason: str) -> None:
        """Out of service (暂停服务) for `reason` (a code of kiosk.staff.reasons, or a
        short line), until `back_in_service`; already out of service: the new reason."""
        identity = _require(member, Permission.OUT_OF_SERVICE)
        if not isinstance(reason, str) or not reason.strip() or not reason.isprintable():
            raise ValueError("the reason must be a short line of text")
        reason = reason.strip()[:REASON_CHARS]
        now = self.clock()
        with self.store.transaction() as s:
            row = s.get(OutOfServiceState, OUT)
            if row is None:
                row = OutOfServiceState(id=OUT, since=now)
                s.add(row)
            row.reason, row.staff, row.staff_name = reason, identity.username, identity.display_name
            self._action(s, identity, actions.OUT_OF_SERVICE, {"reason": reason}, now)

    def back_in_service(self, member: StaffMember) -> None:
        """Back in service; nothing when the terminal was not out of service."""
        identity = _require(member, Permission.OUT_OF_SERVICE)
        now = self.clock()
        with self.store.transaction() as s:
            row = s.get(OutOfServiceState, OUT)
            if row is None:
                return
            detail = {"reason": row.reason, "since": row.since.isoformat()}
            s.delete(row)
            self._action(s, identity, actions.IN_SERVICE, detail, now)

    # -- the audit ----------------------------------------------------------------------------

    def _action(
        self,
        s: Session,
        identity: Identity | None,
        action: str,
        detail: Mapping[str, Any],
        now: datetime,
    ) -> None:
        """The audit entry and the staff.action event of one action, in `s`."""
        masked = mask_data(dict(detail))
        staff = identity.username if identity is not None else None
        role = identity.role.value if identity is not None else None
        add_event(
            s,
            "staff.action",
            payload(
                "staff.action",
                terminal=self.terminal,
                action=action,
                staff=staff,
                role=role,
                detail=masked,
                at=now,
            ),
            now,
        )
        who = {"staff": staff} if staff is not None else {}
        audit(s, role or "staff", f"staff.{action}", {**who, **masked}, now)


def _identity(member: StaffMember) -> Identity:
    """`member` as an Identity, its role one this release knows (NotAllowed otherwise)."""
    if isinstance(member, Identity):
        return member
    role = role_of(getattr(member, "role", None))
    username = getattr(member, "username", None)
    name = getattr(member, "display_name", None)
    if role is None or not isinstance(username, str) or not isinstance(name, str):
        raise NotAllowed("not a signed-in staff member")
    if username.startswith(CONFIG_PREFIX):
        return Identity(username, name, role, "config")
    return Identity(username, name, role, "central")


def _require(member: StaffMember, permission: Permission) -> Identity:
    identity = _identity(member)
    if not allowed(identity.role, permission):
        raise NotAllowed(f"a {identity.role.value} may not do {permission.value}")
    return identity


def _parsed(encoded: str) -> ParsedHash | None:
    try:
        return parse_pin_hash(encoded)
    except ValueError:
        return None


def _lock_end(pad: StaffPad | None, now: datetime) -> datetime | None:
    """When the pad's lock ends, seen from `now` (None: not locked); never further off
    than the lock's own length, whatever the clock did."""
    if pad is None or pad.locked_until is None or now >= pad.locked_until:
        return None
    longest = now + timedelta(seconds=max(pad.lock_s, 0))
    return min(pad.locked_until, longest)


def _detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """A staff action's detail, checked small: it goes to the audit and the dashboard."""
    if not isinstance(detail, Mapping) or len(detail) > MAX_DETAIL_KEYS:
        raise ValueError(f"a staff action's detail: at most {MAX_DETAIL_KEYS} keys")
    checked: dict[str, Any] = {}
    for key, value in detail.items():
        if not isinstance(key, str) or not 0 < len(key) <= 32:
            raise ValueError("a staff action's detail: keys of 1 to 32 characters")
        if isinstance(value, str):
            value = value[:MAX_DETAIL_CHARS]
        elif value is not None and not isinstance(value, bool | int | float):
            raise ValueError(f"a staff action's detail: {key} must be a number or a short text")
        checked[key] = value
    return checked


__all__ = [
    "FIRST_LOCK_S",
    "LONGEST_LOCK_S",
    "WRONG_IN_A_ROW",
    "NotAllowed",
    "Role",
    "StaffDesk",
    "UnknownDeclaration",
    "lock_length_s",
]
