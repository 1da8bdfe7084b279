"""The 证照免费邮寄 card's view-model: collect the certificate at the counter, or have it
mailed free of charge.

Offered on the result screen once pre-review has passed, for an item whose catalog entry
says it issues a certificate that can be mailed (`free_mailing`). Mailing asks for the
recipient, their mobile, the province, city and district chosen from lists (the hall's
own area first: `hall_division` in the config) and the street address with its postal
code. The address is checked where it enters (kiosk.mailing.MailingAddress.of), then
stored with the declaration and sent to the central server (Terminal.request_mailing).
Choosing the counter again takes it back. Nothing of it outlives the applicant
(`forget`, with the `cleared` signal for the fields on the screen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import Text, text
from ui.tasks import Tasks

if TYPE_CHECKING:  # loaded with the journey, after the first frame
    from kiosk.divisions import Division, Divisions
    from kiosk.mailing import MailingAddress
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)

COUNTER, MAIL, GRID_LEADER = "counter", "mail", "grid_leader"
LEVELS = ("province", "city", "district")
SAVE_FAILED = text(
    "邮寄地址未能保存，请重试或呼叫辅导员。",
    "The address could not be saved: please try again or call the attendant.",
)
NO_LISTS = text(
    "地址列表暂时无法打开，请到窗口领取或呼叫辅导员。",
    "The address lists cannot be opened: please collect at the counter or call the attendant.",
)


class MailingModel(QObject):
    """The choice, the address being entered, and what was saved."""

    changed = Signal()
    cleared = Signal()  # the screen's fields forget what was typed

    def __init__(
        self,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        language: Callable[[], str],
        home: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._terminal, self._tasks, self._lang, self._home = terminal, tasks, language, home
        self._divisions: Divisions | None = None
        self._generation = 0  # a late answer for an applicant gone is dropped
        self._clear()

    def _clear(self) -> None:
        self._reference: str | None = None
        self._mode = COUNTER
        self._saved: MailingAddress | None = None
        self._busy = False
        self._problem: Text | None = None
        self._field = ""
        self._picked: dict[str, Division | None] = dict.fromkeys(LEVELS)
        self._picker = ""
        self._defaults = ("", "")
        self._leader: str | None = None  # a grid leader's proxy declaration: their name
        self._by_leader = False  # the server was told: the grid leader brings it
        self._generation += 1

    # -- for QML ------------------------------------------------------------------------------

    def _t(self, value: Text | None) -> str:
        return value.get(self._lang()) if value is not None else ""

    def _name(self, level: str) -> str:
        picked = self._picked[level]
        return picked.name if picked is not None else ""

    offered = Property(bool, lambda s: s._reference is not None, notify=changed)
    mode = Property(str, lambda s: s._mode, notify=changed)
    saved = Property(bool, lambda s: s._saved is not None, notify=changed)
    savedLines = Property(
        list, lambda s: s._saved.label_lines() if s._saved else [], notify=changed
    )
    busy = Property(bool, lambda s: s._busy, notify=changed)
    problem = Property(str, lambda s: s._t(s._problem), notify=changed)
    problemField = Property(str, lambda s: s._field, notify=changed)
    province = Property(str, lambda s: s._name("province"), notify=changed)
    city = Property(str, lambda s: s._name("city"), notify=changed)
    district = Property(str, lambda s: s._name("district"), notify=changed)
    picker = Property(str, lambda s: s._picker, notify=changed)
    options = Property(list, lambda s: s._options(), notify=changed)
    gridLeaderOffered = Property(bool, lambda s: s._leader is not None, notify=changed)
    gridLeaderName = Property(str, lambda s: s._leader or "", notify=changed)
    gridLeaderChosen = Property(
        bool, lambda s: s._mode == GRID_LEADER and s._by_leader, notify=changed
    )
    recipientDefault = Property(str, lambda s: s._defaults[0], notify=changed)
    mobileDefault = Property(str, lambda s: s._defaults[1], notify=changed)

    def _options(self) -> list[dict[str, str]]:
        lists = self._divisions
        if lists is None or not self._picker:
            return []
        home = self._home()
        if self._picker == "province":
            found = lists.provinces(home)
        elif self._picker == "city":
            province = self._picked["province"]
            found = lists.cities(province.code, home) if province else []
        else:
            city = self._picked["city"]
            found = lists.districts(city.code, home) if city else []
        return [{"code": d.code, "name": d.name} for d in found]

    # -- from the journey -------------------------------------------------------------------

    def offer(
        self,
        reference: str,
        free_mailing: bool,
        answers: Mapping[str, Any],
        grid_leader: str | None = None,
    ) -> None:
        """A declaration passed pre-review: its certificate may be mailed (when the item
        says so), or, for a grid leader's proxy declaration (`grid_leader`: their name),
        brought home by them. A form's own choice of mailing (a `delivery` answer) opens
        the address."""
        if not free_mailing:
            self.forget()
            return
        if self._reference == reference:
            return  # submitted again after a fix: what was chosen stays
        self._clear()
        self._reference = reference
        self._defaults = (_first_name(answers), _first_mobile(answers))
        self._leader = grid_leader
        if answers.get("delivery") == "mail":
            self._mode = MAIL
        self._load_lists()
        self.changed.emit()

    def forget(self) -> None:
        """The applicant is gone: nothing of the address stays, here or on the screen."""
        self._clear()
        self.changed.emit()
        self.cleared.emit()

    def _load_lists(self) -> None:
        terminal = self._terminal()
        if self._divisions is not None or terminal is None:
            self._pick_home()
            return
        generation = self._generation
        self._tasks.watch(
            terminal.divisions(),
            lambda lists: self._lists_loaded(lists, generation),
            self._lists_failed,
            busy=False,
        )

    def _lists_loaded(self, lists: Divisions, generation: int) -> None:
        self._divisions = lists  # the same for every applicant: kept
        if generation == self._generation:
            self._pick_home()
            self.changed.emit()

    def _lists_failed(self, error: BaseException) -> None:
        log.error("the division lists cannot be read: %s", error)
        self._problem = NO_LISTS
        self.changed.emit()

    def _pick_home(self) -> None:
        """The hall's own area, until the applicant chooses another."""
        lists = self._divisions
        place = lists.home_place(self._home()) if lists is not None else None
        if place is not None and not any(self._picked.values()):
            self._picked = {
                "province": place.province,
                "city": place.city,
                "district": place.district,
            }

    # -- the applicant's taps -----------------------------------------------------------------

    @Slot()
    def chooseCounter(self) -> None:
        """到窗口领取: a saved address is taken back (the server hears it too)."""
        if self._reference is None or self._busy:
            return
        was_sent = self._saved is not None or self._by_leader
        self._mode, self._problem, self._field, self._picker = COUNTER, None, "", ""
        if was_sent:
            self._send(None)
        self.changed.emit()

    @Slot()
    def chooseGridLeader(self) -> None:
        """由网格长送证上门: the grid leader who declared brings it (no address asked)."""
        if self._reference is None or self._busy or self._leader is None:
            return
        self._mode, self._problem, self._field, self._picker = GRID_LEADER, None, "", ""
        if not self._by_leader:
            self._send(None, grid_leader=True)
        self.changed.emit()

    @Slot()
    def chooseMail(self) -> None:
        if self._reference is None or self._busy:
            return
        self._mode = MAIL
        self.changed.emit()

    @Slot()
    def edit(self) -> None:
        """修改地址: the saved address back in the fields (the screen keeps its texts)."""
        if self._saved is not None and not self._busy:
            self._saved = None
            self.changed.emit()

    @Slot(str)
    def openPicker(self, level: str) -> None:
        if level not in LEVELS or self._divisions is None:
            return
        if level == "city" and self._picked["province"] is None:
            return
        if level == "district" and self._picked["city"] is None:
            return
        self._picker = level
        self.changed.emit()

    @Slot()
    def closePicker(self) -> None:
        self._picker = ""
        self.changed.emit()

    @Slot(str)
    def pick(self, code: str) -> None:
        """A province, city or district chosen: the levels below it are chosen again."""
        level = self._picker
        chosen = next((o for o in self._options() if o["code"] == code), None)
        if not level or chosen is None:
            return
        from kiosk.divisions import Division

        self._picked[level] = Division(chosen["code"], chosen["name"])
        for below in LEVELS[LEVELS.index(level) + 1 :]:
            self._picked[below] = None
        self._picker = ""
        if self._field == "division" and self._picked["district"] is not None:
            self._problem, self._field = None, ""
        self.changed.emit()

    @Slot(str, str, str, str)
    def save(self, recipient: str, mobile: str, street: str, postcode: str) -> None:
        """确认邮寄: the address checked here, where it enters, then stored and sent."""
        from kiosk.mailing import MESSAGES, MailingAddress, MailingRefused

        if self._reference is None or self._busy or self._divisions is None:
            return
        district = self._picked["district"]
        try:
            address = MailingAddress.of(
                recipient,
                mobile,
                district.code if district is not None else "",
                street,
                postcode,
                self._divisions,
            )
        except MailingRefused as refused:
            self._problem, self._field = MESSAGES[refused.code], refused.code
            self.changed.emit()
            return
        self._problem, self._field = None, ""
        self._send(address)
        self.changed.emit()

    def _send(self, address: MailingAddress | None, *, grid_leader: bool = False) -> None:
        terminal, reference = self._terminal(), self._reference
        if terminal is None or reference is None:
            return
        self._busy = True
        generation = self._generation
        self._tasks.watch(
            terminal.request_mailing(reference, address, grid_leader=grid_leader),
            lambda _: self._sent(address, grid_leader, generation),
            lambda error: self._not_sent(error, generation),
            busy=False,
        )

    def _sent(self, address: MailingAddress | None, grid_leader: bool, generation: int) -> None:
        if generation != self._generation:
            return  # the applicant left meanwhile
        self._busy, self._saved, self._by_leader = False, address, grid_leader
        self.changed.emit()

    def _not_sent(self, error: BaseException, generation: int) -> None:
        log.error("the mailing choice was not stored: %s", type(error).__name__)
        if generation != self._generation:
            return
        self._busy, self._problem = False, SAVE_FAILED
        self.changed.emit()

    def mailing(self) -> MailingAddress | None:
        """The address saved for the declaration on screen (the confirmation prints it)."""
        return self._saved


def _first_name(answers: Mapping[str, Any]) -> str:
    """The person or organisation the declaration is for (kiosk.committer's fields)."""
    from kiosk.committer import PRINCIPAL_FIELDS

    for field_id in PRINCIPAL_FIELDS:
        value = answers.get(field_id)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _first_mobile(answers: Mapping[str, Any]) -> str:
    from kiosk.validators import mobile_problem, normalize_mobile

    for value in answers.values():
        if isinstance(value, str) and len(value) <= 32 and mobile_problem(value) is None:
            return normalize_mobile(value)
    return ""
