"""The 好差评 panel's view-model: after the ticket, and at a completed declaration's lookup.

A good level is one tap and is sent at once; a low one (不满意, 非常不满意) asks which
aspects fell short and may take a few words, then "submit". Skipping is the screen's own
way on (home, or back): nothing here ever blocks it. While a low rating is being filled
in, `engaged` holds the thank-you screen's return home (kiosk.ratings; the core checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import Text, text
from kiosk.rating_scale import ASPECTS, LEVELS, LOW, TEXT_MAX
from ui.tasks import Tasks

if TYPE_CHECKING:
    from datetime import datetime

    from kiosk.terminal import Terminal

THANKS = text("感谢您的评价！", "Thank you for your rating.")
ALREADY = text("这件申报已经评价过了。", "This declaration has been rated already.")
FAILED = text(
    "评价没有保存成功，请稍后再试，或告诉工作人员。",
    "The rating could not be saved: please try again later, or tell a member of staff.",
)


class RatingModel(QObject):
    """One declaration's rating at a time; `begin(reference)` shows the panel."""

    changed = Signal()

    def __init__(
        self,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        language: Callable[[], str],
        on_engaged: Callable[[bool], None] = lambda _: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._terminal, self._tasks, self._lang = terminal, tasks, language
        self._on_engaged = on_engaged
        self._generation = 0  # a rating stored after the applicant left is not shown
        self._clear()

    def _clear(self) -> None:
        self._reference = ""
        self._level = ""
        self._aspects: list[str] = []
        self._state = ""  # "", sending, thanks, already, failed
        self._message: Text | None = None

    def _set(self) -> None:
        self._on_engaged(self.engaged_now())
        self.changed.emit()

    @property
    def reference_offered(self) -> str:
        """The declaration whose rating the panel offers ("" for none)."""
        return self._reference

    def engaged_now(self) -> bool:
        """A low rating is being filled in (or is being stored)."""
        return bool(self._reference) and (
            (self._level in LOW and self._state in ("", "failed")) or self._state == "sending"
        )

    # -- for QML ------------------------------------------------------------------------------

    available = Property(bool, lambda s: bool(s._reference), notify=changed)
    level = Property(str, lambda s: s._level, notify=changed)
    low = Property(bool, lambda s: s._level in LOW, notify=changed)
    aspects = Property(list, lambda s: list(s._aspects), notify=changed)
    state = Property(str, lambda s: s._state, notify=changed)
    done = Property(bool, lambda s: s._state in ("thanks", "already"), notify=changed)
    message = Property(
        str, lambda s: s._message.get(s._lang()) if s._message else "", notify=changed
    )
    levels = Property(list, lambda s: list(LEVELS), constant=True)
    aspectIds = Property(list, lambda s: list(ASPECTS), constant=True)
    textMax = Property(int, lambda s: TEXT_MAX, constant=True)

    def begin(self, reference: str, rated: str | None = None) -> None:
        """Offer the rating of `reference` (`rated`: the level it has already)."""
        self._generation += 1
        self._clear()
        self._reference = reference
        if rated is not None:
            self._level, self._state, self._message = rated, "already", ALREADY
        self._set()

    def forget(self) -> None:
        """The applicant is gone: nothing of the rating stays."""
        self._generation += 1
        self._clear()
        self._set()

    def refresh_texts(self) -> None:
        self.changed.emit()

    @Slot(str)
    def choose(self, level: str) -> None:
        """A level tapped: a good one is sent at once, a low one asks what fell short."""
        if not self._reference or self._state in ("sending", "thanks", "already"):
            return
        if level not in LEVELS:
            return
        self._level, self._message = level, None
        if level not in LOW:
            self._aspects = []
            self._send("")
        else:
            self._state = ""
            self._set()

    @Slot(str)
    def toggleAspect(self, aspect: str) -> None:
        if aspect not in ASPECTS or self._level not in LOW or self._state == "sending":
            return
        if aspect in self._aspects:
            self._aspects.remove(aspect)
        else:
            self._aspects.append(aspect)
        self._set()

    @Slot(str)
    def submit(self, words: str) -> None:
        """The low rating's submit button, with the applicant's own words (may be empty)."""
        if self._level in LOW and self._state in ("", "failed"):
            self._send(words)

    def _send(self, words: str) -> None:
        terminal = self._terminal()
        if terminal is None:
            self._state, self._message = "failed", FAILED
            self._set()
            return
        from kiosk.ratings import Rating, RatingRefused  # after the first frame (pydantic)

        try:
            rating = Rating.of(self._reference, self._level, self._aspects, words)
        except RatingRefused:  # only a stray value from QML: choose() checked the level
            return
        self._state = "sending"
        self._set()
        generation = self._generation
        self._tasks.watch(
            terminal.rate(rating),
            lambda at: self._stored(generation, at),
            lambda error: self._refused(generation, error),
        )

    def _stored(self, generation: int, _at: datetime) -> None:
        if generation == self._generation:
            self._state, self._message = "thanks", THANKS
            self._set()

    def _refused(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        from kiosk.ratings import RatingRefused

        if isinstance(error, RatingRefused) and error.code == "already_rated":
            self._state, self._message = "already", ALREADY
        else:
            self._state, self._message = "failed", FAILED
        self._set()
