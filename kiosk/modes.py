"""The terminal's modes, above the applicant's journey: who the screen is for right now.

- *applicant*: the declaration journey (kiosk.journey), from the home screen to the ticket;
- *staff*: the attendant's or technician's screens over a paused journey (issue 12);
- *check_in*: Saturday appointments (星期六办事预约): booking, check-in on the day,
  cancelling or changing (issue 14);
- *progress*: a declaration's progress looked up (issue 14);
- *out_of_service*: the terminal cannot serve (its store does not open; later: taken out
  of service by the attendant); it says so and where to go instead.

The navigator holds the journey and a stack of modes over it. A mode entered over the
journey leaves it untouched, so leaving the mode returns the screen to exactly where the
applicant was (or home, if the applicant was forgotten meanwhile). Plain Python, tested
without a window; the touch interface's NavigatorModel shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.i18n import Text, text

if TYPE_CHECKING:  # the journey needs the catalog, which loads after the first frame
    from kiosk.journey import Journey


class Mode(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"
    CHECK_IN = "check_in"
    PROGRESS = "progress"
    OUT_OF_SERVICE = "out_of_service"


HOME = "home"  # the applicant's start screen, shown before the journey exists too

STORE_UNAVAILABLE = text(
    "本终端暂时无法使用，请到其他终端办理，或咨询工作人员。",
    "This terminal cannot be used at the moment: please use another one, or ask a member of staff.",
)


class Navigator:
    """The mode stack over the journey; `changed` is called after every change."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self.journey: Journey | None = None  # attached once the catalog is loaded
        self._stack: list[tuple[Mode, Text | None, str]] = []
        self._on_change = on_change

    # -- what is shown ----------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._stack[-1][0] if self._stack else Mode.APPLICANT

    @property
    def reason(self) -> Text | None:
        """Why the terminal is out of service (shown on its screen)."""
        return self._stack[-1][1] if self._stack else None

    @property
    def reason_code(self) -> str:
        """The reason in a word, for the central server's dashboard ("" for none)."""
        return self._stack[-1][2] if self._stack else ""

    @property
    def screen(self) -> str:
        """The applicant's screen in applicant mode (home until the journey exists)."""
        if self.mode is not Mode.APPLICANT:
            return self.mode.value
        return self.journey.screen.value if self.journey is not None else HOME

    @property
    def ready(self) -> bool:
        """An applicant may start: the journey exists and nothing is over it."""
        return self.journey is not None and self.mode is Mode.APPLICANT

    @property
    def applicant_present(self) -> bool:
        """Someone is in the middle of a journey, a lookup or an appointment (the privacy
        timeout watches them)."""
        if self.mode in (Mode.PROGRESS, Mode.CHECK_IN):
            return True
        j = self.journey
        return j is not None and j.screen.value != HOME

    # -- changes ----------------------------------------------------------------------------

    def attach(self, journey: Journey) -> None:
        self.journey = journey
        self._changed()

    def enter(self, mode: Mode, reason: Text | None = None, code: str = "") -> None:
        """Show `mode` over what is shown now (entering it again only updates its reason)."""
        if mode is Mode.APPLICANT:
            raise ValueError("the applicant's journey is under every mode: leave() the others")
        self._stack = [entry for entry in self._stack if entry[0] is not mode]
        self._stack.append((mode, reason, code))
        self._changed()

    def leave(self, mode: Mode) -> None:
        """Leave `mode`: what was under it shows again, the journey as the applicant left it."""
        kept = [entry for entry in self._stack if entry[0] is not mode]
        if kept != self._stack:
            self._stack = kept
            self._changed()

    def out_of_service(self, reason: Text, code: str) -> None:
        self.enter(Mode.OUT_OF_SERVICE, reason, code)

    def in_service(self) -> None:
        self.leave(Mode.OUT_OF_SERVICE)

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
