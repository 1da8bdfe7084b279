"""The navigator's view-model: which view the window shows, for which mode.

One Loader in Main.qml shows `view`: the applicant's screen in applicant mode (the home
screen before the catalog has loaded too), another mode's own screen otherwise. Modes
are kiosk.modes; a later mode adds its views to MODE_VIEWS. The thank-you screen's
return home is a rule of the core (`ui.finish_return_s`), timed here by a timer this
object owns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.modes import HOME, Mode, Navigator

if TYPE_CHECKING:
    from ui.journey_model import JourneyModel

SCREEN_VIEWS = {
    "home": "screens/Home.qml",
    "services": "screens/Services.qml",
    "intro": "screens/Intro.qml",
    "form": "screens/Form.qml",
    "materials": "screens/Materials.qml",
    "check": "screens/Check.qml",
    "result": "screens/Result.qml",
    "ticket": "screens/Ticket.qml",
    "finish": "screens/Finish.qml",
}
# Modes other than the applicant's, and their first view (check-in and progress lookup
# add theirs with their issues).
MODE_VIEWS = {
    Mode.OUT_OF_SERVICE: "modes/OutOfService.qml",
    Mode.STAFF: "modes/Staff.qml",
    Mode.PROGRESS: "modes/Progress.qml",
    Mode.CHECK_IN: "modes/Appointments.qml",
}


class NavigatorModel(QObject):
    """Mode, view and step for QML; the applicant's journey once it exists."""

    changed = Signal()  # mode, view, ready, step: they change together
    journeyChanged = Signal()

    def __init__(
        self,
        navigator: Navigator,
        language: Callable[[], str],
        finish_return_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.navigator = navigator
        self._lang = language
        self._journey: JourneyModel | None = None
        self._shown = (self._view(), self.navigator.ready)
        self._finish = QTimer(self)
        self._finish.setSingleShot(True)
        self._finish.setInterval(round(finish_return_s * 1000))
        self._finish.timeout.connect(self._return_home)
        self._finish_held = False

    def close(self) -> None:
        self._finish.stop()
        self._finish.timeout.disconnect(self._return_home)
        if self._journey is not None:
            self._journey.screenChanged.disconnect(self.update)

    @property
    def timers(self) -> tuple[QTimer, ...]:
        return (self._finish,)

    @property
    def journey_model(self) -> JourneyModel | None:
        return self._journey

    def attach(self, journey: JourneyModel) -> None:
        """The applicant's journey, once the catalog is loaded: the home screen may start."""
        self._journey = journey
        journey.screenChanged.connect(self.update)
        self.navigator.attach(journey.journey)
        self.journeyChanged.emit()
        self.update()

    def _view(self) -> str:
        mode = self.navigator.mode
        if mode is Mode.APPLICANT:
            return SCREEN_VIEWS[self.navigator.screen]
        return MODE_VIEWS[mode]

    @Slot()
    def update(self) -> None:
        """Called after every change of mode or screen."""
        shown = (self._view(), self.navigator.ready)
        screen = self.navigator.screen
        if screen == "finish" and not self._finish_held and not self._finish.isActive():
            self._finish.start()
        elif screen != "finish" or self._finish_held:
            self._finish.stop()
        if shown != self._shown:
            self._shown = shown
            self.changed.emit()

    def hold_finish(self, held: bool) -> None:
        """A rating being filled in on the thank-you screen holds its return home; once it
        is stored (or abandoned) the full wait starts again."""
        if held != self._finish_held:
            self._finish_held = held
            self._finish.stop()
            self.update()

    @Slot()
    def _return_home(self) -> None:
        if self._journey is not None and self.navigator.screen == "finish":
            self._journey.home()

    mode = Property(str, lambda s: s.navigator.mode.value, notify=changed)
    view = Property(str, lambda s: s._shown[0], notify=changed)
    ready = Property(bool, lambda s: s._shown[1], notify=changed)
    home = Property(bool, lambda s: s.navigator.screen == HOME, notify=changed)
    # The applicant's step, on the applicant's screens only (not over a staff screen).
    step = Property(
        int,
        lambda s: (
            (s._journey.journey.step or 0)
            if s._journey and s.navigator.mode is Mode.APPLICANT
            else 0
        ),
        notify=changed,
    )
    stepCount = Property(
        int, lambda s: s._journey.journey.step_count if s._journey else 0, notify=changed
    )
    reason = Property(
        str,
        lambda s: s.navigator.reason.get(s._lang()) if s.navigator.reason else "",
        notify=changed,
    )
    journey = Property(QObject, lambda s: s._journey, notify=journeyChanged)

    @Slot()
    def start(self) -> None:
        """The home screen's start button."""
        if self._journey is not None and self.navigator.ready:
            self._journey.start()
