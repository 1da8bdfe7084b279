"""The staff side of the screen (issue 12): the PIN pad, a signed-in staff session and
its screens, assist mode, over the applicant's journey.

Plain Python, tested without a window; the touch interface's StaffModel shows it and
times it. The flow sits on the navigator's mode stack (kiosk.modes):

- the hidden gesture opens the PIN pad: Mode.STAFF over whatever was shown;
- a PIN that signs in opens the staff home screen (the help call, assist, out of service,
  diagnostics, as the role allows);
- assist mode (帮办) leaves Mode.STAFF with the session kept: the applicant's journey is
  shown again, with the band "辅导员协助中" and the assist controls, until assist ends;
- ending the session (the staff member's "back", or the session's timeout) leaves
  Mode.STAFF: the screen returns exactly where the applicant was, or home.

The session holds who is signed in and nothing of the applicant; `end()` forgets it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.modes import Mode, Navigator
from kiosk.staff.identity import StaffMember
from kiosk.staff.roles import Permission, allowed


class StaffScreen(StrEnum):
    PIN = "pin"  # the PIN pad: nothing about the terminal's staff
    HOME = "home"  # the signed-in staff member's actions
    DIAGNOSTICS = "diagnostics"  # the technician's figures
    TOUCH_TEST = "touch_test"  # draw with a finger, corners included


# What a role may do, as words for the screens (kiosk.staff.roles decides).
HELP, ASSIST, OUT_OF_SERVICE, DIAGNOSTICS, EXIT, PROXY = (
    Permission.HELP,
    Permission.ASSIST,
    Permission.OUT_OF_SERVICE,
    Permission.DIAGNOSTICS,
    Permission.EXIT,
    Permission.PROXY,
)
_SCREEN_NEEDS = {StaffScreen.DIAGNOSTICS: DIAGNOSTICS, StaffScreen.TOUCH_TEST: DIAGNOSTICS}
may = allowed


@dataclass
class StaffSession:
    """A signed-in staff member; `assisting` while assist mode is on, and `proxying` too
    when it is a grid leader's proxy declaration (网格化零跑代办) over the journey."""

    identity: StaffMember
    started_at: datetime
    assisting: bool = False
    proxying: bool = False


class StaffFlow:
    """Which staff screen shows, and the session; changes call `on_change`."""

    def __init__(self, navigator: Navigator, on_change: Callable[[], None] | None = None) -> None:
        self.navigator = navigator
        self.session: StaffSession | None = None
        self.screen: StaffScreen | None = None  # None: no staff screen (maybe assisting)
        self._on_change = on_change

    # -- what is shown ----------------------------------------------------------------

    @property
    def shown(self) -> bool:
        """A staff screen is on display (the PIN pad or a signed-in screen)."""
        return self.screen is not None and self.navigator.mode is Mode.STAFF

    @property
    def assisting(self) -> bool:
        return self.session is not None and self.session.assisting

    @property
    def active(self) -> bool:
        """Anything of the staff side is going on (a screen, or assist): the session's
        timeout runs."""
        return self.screen is not None or self.session is not None

    def may(self, permission: str) -> bool:
        return self.session is not None and may(self.session.identity.role, permission)

    # -- changes ------------------------------------------------------------------------

    def open_pad(self) -> None:
        """The hidden gesture: the PIN pad over what is shown (the staff home screen
        instead when someone is signed in, e.g. from assist mode)."""
        self.screen = StaffScreen.HOME if self.session is not None else StaffScreen.PIN
        if self.session is not None:
            self.session.assisting = self.session.proxying = False
        self.navigator.enter(Mode.STAFF)
        self._changed()

    def signed_in(self, identity: StaffMember, now: datetime) -> None:
        self.session = StaffSession(identity, now)
        self.screen = StaffScreen.HOME
        self._changed()

    def show(self, screen: StaffScreen) -> bool:
        """Another staff screen, if the role may see it (False: it stays as it is)."""
        if self.session is None or self.screen is None:
            return False
        needs = _SCREEN_NEEDS.get(screen)
        if needs is not None and not self.may(needs):
            return False
        self.screen = screen
        self._changed()
        return True

    def start_assist(self) -> bool:
        """Assist mode: back to the applicant's journey, the session kept."""
        if self.session is None or not self.may(ASSIST):
            return False
        self.session.assisting = True
        self.screen = None
        self.navigator.leave(Mode.STAFF)
        self._changed()
        return True

    def start_proxy(self) -> bool:
        """A proxy declaration: the journey again (proxy items only), the session kept,
        with the assist band and its tools."""
        if self.session is None or not self.may(PROXY):
            return False
        self.session.assisting = self.session.proxying = True
        self.screen = None
        self.navigator.leave(Mode.STAFF)
        self._changed()
        return True

    @property
    def proxying(self) -> bool:
        return self.session is not None and self.session.proxying

    def end(self) -> StaffSession | None:
        """End the session (or close the PIN pad): the applicant's screen as it was.
        Returns the session that ended (None when only the PIN pad was open)."""
        ended, self.session, self.screen = self.session, None, None
        self.navigator.leave(Mode.STAFF)
        self._changed()
        return ended

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
