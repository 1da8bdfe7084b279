"""The always-visible frame: hall name, clock, terminal, language and large-text mode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.config import KioskConfig


class Shell(QObject):
    """Header state for QML; `languageChanged` makes everything re-translate."""

    changed = Signal()
    languageChanged = Signal(str)

    def __init__(
        self,
        config: KioskConfig,
        switch_language: Callable[[str], None],
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._switch = switch_language
        self._clock = clock
        self._language = config.ui.default_language
        self._large = config.ui.large_text
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.changed)
        self._timer.start()

    @property
    def language_code(self) -> str:
        return self._language

    hallName = Property(
        str,
        lambda s: s._config.hall_name if s._language.startswith("zh") else s._config.hall_name_en,
        notify=changed,
    )
    terminal = Property(int, lambda s: s._config.terminal_number, constant=True)
    clock = Property(str, lambda s: f"{s._clock():%Y-%m-%d %H:%M}", notify=changed)
    language = Property(str, lambda s: s._language, notify=changed)
    languages = Property(list, lambda s: list(s._config.ui.languages), constant=True)
    largeText = Property(bool, lambda s: s._large, notify=changed)
    demo = Property(bool, lambda s: s._config.ui.demo, constant=True)

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language == self._language or language not in self._config.ui.languages:
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
        self._large = self._config.ui.large_text
        self.setLanguage(self._config.ui.default_language)
        self.changed.emit()
