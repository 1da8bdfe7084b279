"""The ID card reader in the applicant's journey: "请在读卡区放置身份证" on a form whose
fields the card can fill, and the card's values put into them when it is placed.

The reader runs in a process of its own (devices.id_card, built by kiosk.device_hub);
its callbacks come on the reader's thread and are re-emitted here as queued signals, so
everything below runs on the UI thread. A card read while no form wants it is dropped at
once. What a card fills becomes the journey's answers, which the applicant sees and may
correct, and which the privacy wipe clears with the rest; this object keeps only which
fields were filled (their labels), never a value, and forgets that with the applicant.

An expired card fills nothing: the counter would refuse it, so the screen says so and
the applicant types or uses a valid card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import Text, text

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kiosk.divisions import Divisions
    from ui.journey_model import JourneyModel

PLACE_CARD = text(
    "请在读卡区放置身份证，标有“读卡”的项目将自动填写。",
    "Place your ID card on the reader: the answers marked “Card” are filled in for you.",
)
FILLED = text(
    "已从身份证填写：{fields}。请核对，如有不同可直接修改。",
    "Filled in from the ID card: {fields}. Please check them; you may correct any of them.",
)
EXPIRED = text(
    "这张身份证已过有效期（{until}），不能用于办理。请使用有效证件，或直接填写。",
    "This ID card expired on {until} and cannot be used. Please use a valid card, or type "
    "the answers.",
)
NOTHING_FILLED = text(
    "身份证已读取，但没有可自动填写的项目，请直接填写。",
    "The ID card was read, but nothing on this form could be filled from it: please type "
    "the answers.",
)
READER_UNAVAILABLE = text(
    "读卡器暂时无法使用，请直接填写，或呼叫辅导员。",
    "The card reader is not available at the moment: please type the answers, or call "
    "the attendant.",
)


class IdCardModel(QObject):
    """Whether the form wants a card, what the reader did, and the demo's sample card."""

    changed = Signal()
    # From the reader's thread (queued to the UI thread: this object lives there).
    cardArrived = Signal(object, bool, str)  # values, expired, valid to
    unreadableArrived = Signal(object)  # Text
    readerChanged = Signal(bool)  # ready

    def __init__(
        self,
        journey: Callable[[], JourneyModel | None],
        language: Callable[[], str],
        divisions: Callable[[], Future[Divisions] | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._journey, self._language, self._divisions_of = journey, language, divisions
        self._configured = False  # until the config is checked and names a reader
        self._demo_place: Callable[[], None] | None = None
        self._ready = False
        self._message: Text | None = None
        self._kind = ""  # "", "filled", "expired", "unreadable", "nothing"
        self._filled: list[str] = []  # field ids, never values
        self._divisions: Divisions | None = None
        self.cardArrived.connect(self._arrived)
        self.unreadableArrived.connect(self._unreadable)
        self.readerChanged.connect(self._reader)

    # -- callbacks from kiosk.device_hub (any thread) --------------------------------------

    def on_card(self, values: Mapping[str, str], expired: bool, valid_to: str) -> None:
        self.cardArrived.emit(dict(values), expired, valid_to)

    def on_unreadable(self, message: Text) -> None:
        self.unreadableArrived.emit(message)

    def on_reader(self, ready: bool) -> None:
        self.readerChanged.emit(ready)

    # -- what the screen shows ------------------------------------------------------------

    def _card_fields(self) -> list[str]:
        from kiosk.journey import Screen  # with the catalog's models: after the first frame

        model = self._journey()
        if model is None or model.journey.screen is not Screen.FORM:
            return []
        return [f.id for f in model.item_fields() if f.from_id_card is not None]

    def _wanted(self) -> bool:
        return self._configured and bool(self._card_fields())

    def _shown(self) -> str:
        if not self._wanted():
            return ""
        if not self._ready:
            return READER_UNAVAILABLE.get(self._language())
        language = self._language()
        if self._kind == "filled":  # the labels in the screen's language, as it changes
            model = self._journey()
            labels = {f.id: f.label for f in model.item_fields()} if model else {}
            sep = "、" if language.startswith("zh") else ", "
            names = sep.join(labels[i].get(language) for i in self._filled if i in labels)
            return FILLED.format(fields=names).get(language)
        if self._message is None:
            return PLACE_CARD.get(language)
        return self._message.get(language)

    wanted = Property(bool, _wanted, notify=changed)
    message = Property(str, _shown, notify=changed)
    kind = Property(str, lambda s: s._kind, notify=changed)
    ready = Property(bool, lambda s: s._ready, notify=changed)
    filledFields = Property(list, lambda s: list(s._filled), notify=changed)
    demo = Property(bool, lambda s: s._demo_place is not None, notify=changed)

    def attach(self, *, demo_place: Callable[[], None] | None = None) -> None:
        """The config names a reader (it is starting); `demo_place`: the made-up
        reader's sample card, for the demo's button."""
        self._configured, self._ready, self._demo_place = True, True, demo_place
        self.changed.emit()

    @Slot()
    def refresh(self) -> None:
        """The journey moved (another page, another item): what the screen shows."""
        if self._wanted() and self._divisions is None:
            self._load_divisions()
        self.changed.emit()

    @Slot()
    def placeDemoCard(self) -> None:
        """The demo's sample card on its made-up reader (nothing without one)."""
        if self._demo_place is not None:
            self._demo_place()

    def reset(self) -> None:
        """The applicant left: forget which fields their card filled."""
        self._message, self._kind, self._filled = None, "", []
        self.changed.emit()

    # -- on the UI thread -----------------------------------------------------------------

    @Slot(object, bool, str)
    def _arrived(self, values: dict[str, str], expired: bool, valid_to: str) -> None:
        try:
            model = self._journey()
            if model is None or not self._wanted():
                return  # no form wants it: dropped here, kept nowhere
            if expired:
                self._show("expired", EXPIRED.format(until=valid_to))
                return
            from kiosk.id_card_fill import answers_from_card

            answers = answers_from_card(model.item_fields(), values, self._divisions)
            filled = model.fill(answers)
            if not filled:
                self._show("nothing", NOTHING_FILLED)
                return
            self._filled = filled
            self._show("filled", None)
        finally:
            values.clear()  # the card's values go no further than the answers

    @Slot(object)
    def _unreadable(self, message: Text) -> None:
        if self._wanted():
            self._show("unreadable", message)

    @Slot(bool)
    def _reader(self, ready: bool) -> None:
        if ready != self._ready:
            self._ready = ready
            self.changed.emit()

    def _show(self, kind: str, message: Text | None) -> None:
        self._kind, self._message = kind, message
        self.changed.emit()

    def _load_divisions(self) -> None:
        future = self._divisions_of()
        if future is None:
            return

        def loaded(done: Future[Divisions]) -> None:
            if done.exception() is None:
                self._divisions = done.result()  # a resource, nothing personal

        future.add_done_callback(loaded)
