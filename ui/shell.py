"""The always-visible frame: hall name, clock, terminal, language, large text, hours.

The opening hours are the config's (`[hours]`) until a work calendar with hours comes
from the central server (`on_calendar`, any thread; at start the stored one's,
`start_hours`); a calendar without hours gives the config's back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.display import Display

if TYPE_CHECKING:
    from kiosk.hours import OpeningHours
    from kiosk.workcalendar import WorkCalendar


class Shell(QObject):
    """Header state for QML; `languageChanged` makes everything re-translate."""

    changed = Signal()  # language or text size: nearly every binding
    clockChanged = Signal()
    languageChanged = Signal(str)
    # From the network lane (queued to the UI thread: this object lives there).
    hoursArrived = Signal(object)

    def __init__(
        self,
        display: Display,
        switch_language: Callable[[str], None],
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._display = display
        self._switch = switch_language
        self._clock = clock
        self._language = display.default_language
        self._large = display.large_text
        self._hours = display.opening_hours.describe()
        self._server_hours: OpeningHours | None = None  # the last calendar's, if any
        self._calendar_seen = False  # a downloaded calendar said (start_hours then waits)
        self.hoursArrived.connect(self._hours_arrived)
        # The clock shows minutes: one wake-up a minute, at the minute, not every second.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._arm()

    def _arm(self) -> None:
        now = self._clock()
        self._timer.start(max(200, round((60 - now.second - now.microsecond / 1e6) * 1000)))

    @Slot()
    def _tick(self) -> None:
        self.clockChanged.emit()
        self._arm()

    def close(self) -> None:
        self._timer.stop()
        self._timer.timeout.disconnect(self._tick)

    @property
    def timer(self) -> QTimer:
        return self._timer

    @property
    def language_code(self) -> str:
        return self._language

    def _hall_name(self) -> str:
        shown = self._display
        return shown.hall_name if self._language.startswith("zh") else shown.hall_name_en

    hallName = Property(str, _hall_name, notify=changed)
    terminal = Property(int, lambda s: s._display.terminal_number, notify=changed)
    clock = Property(str, lambda s: f"{s._clock():%Y-%m-%d %H:%M}", notify=clockChanged)
    language = Property(str, lambda s: s._language, notify=changed)
    languages = Property(list, lambda s: list(s._display.languages), notify=changed)
    largeText = Property(bool, lambda s: s._large, notify=changed)
    demo = Property(bool, lambda s: s._display.demo, notify=changed)
    openingHours = Property(str, lambda s: s._hours.get(s._language), notify=changed)

    def show(self, display: Display) -> None:
        """The checked config's values (after the first frame): the same for a valid file."""
        if display != self._display:
            self._display = display
            self._hours = (self._server_hours or display.opening_hours).describe()
            self.changed.emit()

    def set_opening_hours(self, hours: OpeningHours | None) -> None:
        """Show `hours` (the server's); None: the config's again. UI thread."""
        self._server_hours = hours
        shown = (hours or self._display.opening_hours).describe()
        if shown != self._hours:
            self._hours = shown
            self.changed.emit()

    def on_calendar(self, calendar: WorkCalendar) -> None:
        """A downloaded calendar (kiosk.terminal.TerminalHooks.on_calendar): any thread."""
        self.hoursArrived.emit(calendar.hours)

    def start_hours(self, calendar: WorkCalendar | None) -> None:
        """The stored calendar's hours at start (UI thread), unless a downloaded
        calendar's have been shown already (they are newer)."""
        if not self._calendar_seen:
            self.set_opening_hours(calendar.hours if calendar is not None else None)

    @Slot(object)
    def _hours_arrived(self, hours: OpeningHours | None) -> None:
        self._calendar_seen = True
        self.set_opening_hours(hours)

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language == self._language or language not in self._display.languages:
            return
        self._language = language
        self._switch(language)
        self.languageChanged.emit(language)
        self.changed.emit()

    @Slot()
    def toggleLargeText(self) -> None:
        self._large = not self._large
        self.changed.emit()

    def reset(self) -> None:
        """The next applicant starts in the default language and size."""
        large = self._large != self._display.large_text
        self._large = self._display.large_text
        if self._language != self._display.default_language:
            self.setLanguage(self._display.default_language)
        elif large:
            self.changed.emit()
