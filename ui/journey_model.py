"""The journey's view-model: the core's `Journey`, shown to QML in the chosen language.

QML binds to these properties and calls the slots; every rule is in `kiosk.journey` (and
kiosk.prereview, kiosk.catalog.models). Store, network and printer work goes to the
terminal's lanes and comes back through `ui.tasks`: the UI thread never waits.

Precise notifications: each group of properties has its own signal, and a slot emits
only the groups whose values it changed (found by comparing a snapshot of the journey
before and after the action); a list is rebuilt only when what it shows changed. A
keystroke costs one form-state computation and touches the field's own row.

No list is rebuilt under the finger: a list shown on the screen on display is changed
after the current event has been handled (a zero-delay timer), so a delegate is never
destroyed while it handles its own tap (a ListView's delegate destroyed in its press,
while the pinyin keyboard committed a candidate, crashed the kiosk). A list for the
screen being entered is filled before that screen is created.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, QTimer, QUrl, Signal, Slot

from kiosk import wording
from kiosk.answer_format import answered_pages
from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import Category, category_tabs
from kiosk.i18n import Text, text
from kiosk.journey import Journey, Screen
from ui.journey_rows import (
    ANSWER_PAGE_KEYS,
    DEFICIENCY_KEYS,
    ERROR_KEYS,
    FIELD_KEYS,
    FINDING_KEYS,
    MATERIAL_KEYS,
    SERVICE_KEYS,
    deficiency_rows,
    error_rows,
    field_row,
    finding_rows,
    long_date,
    material_row,
    plain_answer,
    service_row,
)
from ui.listmodel import DictListModel
from ui.tasks import Tasks

if TYPE_CHECKING:
    from kiosk.catalog.models import FormField
    from kiosk.declarations import IssuedTicket, Submitted
    from kiosk.forms import AnswerValue
    from kiosk.search import ServiceIndex
    from kiosk.terminal import TakeHome, Terminal
    from printer.printing import PrintOutcome

log = logging.getLogger(__name__)

PAPER_PRINTING = text("正在打印，请稍候…", "Printing, one moment…")
PAPER_FAILED = text(
    "未能打印，请呼叫辅导员。", "It could not be printed: please call an attendant."
)
SEARCH_LOADING = text("正在准备搜索…", "Preparing the search…")

# Which screen shows which list: a list on the screen on display changes after the event.
LIST_SCREENS = {
    "services": Screen.SERVICES,
    "intro": Screen.INTRO,
    "fields": Screen.FORM,
    "errors": Screen.FORM,
    "materials": Screen.MATERIALS,
    "answers": Screen.CHECK,
    "findings": Screen.RESULT,
    "deficiencies": Screen.RESULT,
}


def _list_property(name: str) -> Any:
    """A constant property holding one of the journey's lists."""
    return Property(QObject, lambda s: s._lists[name], constant=True)


@dataclass(frozen=True)
class _Snapshot:
    """What the properties show, compared before and after an action."""

    screen: Screen
    item: str | None
    page: str | None
    pages: tuple[int, int]
    errors: tuple[Any, ...]
    material_error: Text | None
    submitted: object
    accepted: bool
    ticket: object


class JourneyModel(QObject):
    """One applicant's journey for QML."""

    screenChanged = Signal()
    itemChanged = Signal()
    pageChanged = Signal()
    categoryChanged = Signal()
    queryChanged = Signal()
    materialErrorChanged = Signal()
    reviewChanged = Signal()
    ticketChanged = Signal()
    printChanged = Signal()
    noticeChanged = Signal()
    busyChanged = Signal()
    searchChanged = Signal()
    textsChanged = Signal()  # the language: every translated value
    fieldsReset = Signal()  # a new form page: it starts at its top
    helpNeeded = Signal(str)  # a printer fault flags the attendant (context: the reason)
    declared = Signal()  # a declaration was submitted (assist mode marks it assisted)
    applicantGone = Signal()  # home(): the help call, language and text size are theirs too
    proxyChanged = Signal()  # a proxy declaration (or an appointment's) began or ended

    def __init__(
        self,
        catalog: Catalog,
        terminal: Terminal,
        tasks: Tasks,
        today: Callable[[], date],
        language: Callable[[], str],
        *,
        settle_input: Callable[[], None] = lambda: None,
        show_preview: Callable[[bytes | None], QUrl] = lambda _: QUrl(),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._terminal, self._tasks, self._lang = terminal, tasks, language
        self._settle_input = settle_input  # commits or drops pinyin before a view change
        self._show_preview = show_preview
        self._catalog = catalog
        self._journey = Journey(catalog, today)
        self._index: ServiceIndex | None = None
        self._category: Category | None = None
        self._query = ""
        self._printing_now = False
        self._printer_message: Text | None = None
        self._printed = False
        self._preview = QUrl()
        self._paper_message: Text | None = None
        self._paper_busy = False
        self._signature_message: Text | None = None
        # 网格化零跑代办 (kiosk.proxy): the grid leader's name while they declare for a
        # resident (only the items that allow it, the form prefilled); None otherwise.
        self._proxy_leader: str | None = None
        self._appointment: str | None = None  # the Saturday booking checked in with
        self._lists = {
            "services": DictListModel(SERVICE_KEYS, self),
            "intro": DictListModel(MATERIAL_KEYS, self),
            "fields": DictListModel(FIELD_KEYS, self),
            "errors": DictListModel(ERROR_KEYS, self),
            "materials": DictListModel(MATERIAL_KEYS, self),
            "answers": DictListModel(ANSWER_PAGE_KEYS, self),
            "findings": DictListModel(FINDING_KEYS, self),
            "deficiencies": DictListModel(DEFICIENCY_KEYS, self),
        }
        self._fields_page: str | None = None
        self._later: dict[str, Callable[[], None]] = {}
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._apply_later)
        tasks.busyChanged.connect(self.busyChanged)
        self._shown = self._snapshot()

    @property
    def journey(self) -> Journey:
        return self._journey

    def close(self) -> None:
        """Nothing more fires: the pending list changes are dropped."""
        self._flush.stop()
        self._later.clear()
        self._tasks.busyChanged.disconnect(self.busyChanged)

    def t(self, value: Text | None) -> str:
        return "" if value is None else value.get(self._lang())

    def numbers(self, values: Iterable[int]) -> str:
        """Counter numbers as the language lists them: 3、4、5 or 3, 4, 5."""
        separator = ", " if self._lang().startswith("en") else "、"
        return separator.join(map(str, values))

    # --- the search index ------------------------------------------------------------

    def set_index(self, index: ServiceIndex) -> None:
        """The pinyin search index, built off the UI thread once the home screen shows."""
        self._index = index
        self._refresh(["services"])
        self.searchChanged.emit()

    def set_catalog(self, catalog: Catalog, index: ServiceIndex | None) -> None:
        """Serve a new catalog (from the central server); only between applicants."""
        if self._journey.screen is not Screen.HOME:
            raise RuntimeError("the catalog changes only between applicants")
        self._catalog = self._journey.catalog = catalog
        self._index = index
        self._refresh(["services"])
        self.searchChanged.emit()

    # --- applying changes ------------------------------------------------------------

    def _snapshot(self) -> _Snapshot:
        j = self._journey
        return _Snapshot(
            screen=j.screen,
            item=j.item.id if j.item else None,
            page=j.page_id,
            pages=j.page_position() if j.screen is Screen.FORM else (0, 0),
            errors=j.errors,
            material_error=j.material_error,
            submitted=j.submitted,
            accepted=j.commitment_accepted,
            ticket=j.ticket,
        )

    def _act(self, action: Callable[[], object], *, view_change: bool = True) -> None:
        """Run a journey action; notify what changed and rebuild what shows it."""
        if view_change:
            self._settle_input()
        action()
        self._update()

    def _update(self) -> None:
        before, after = self._shown, self._snapshot()
        self._shown = after
        lists: list[str] = []
        screen = before.screen != after.screen
        if before.item != after.item:
            lists += ["intro"]
        if screen or before.page != after.page:
            lists += ["fields", "errors"]
        elif before.errors != after.errors:
            lists += ["errors", "fields"]  # a field's own error shows under it
        if screen and after.screen is Screen.MATERIALS:
            lists += ["materials"]
        if screen and Screen.CHECK in (before.screen, after.screen):
            lists += ["answers"]  # shown on the check screen only: the answers are personal
        if before.submitted is not after.submitted:
            lists += ["findings", "deficiencies"]
        if screen and after.screen is Screen.SERVICES:
            lists += ["services"]
        self._refresh(lists, leaving=before.screen)
        if screen:
            self.screenChanged.emit()
        if before.item != after.item:
            self.itemChanged.emit()
        if before.page != after.page or before.pages != after.pages or screen:
            self.pageChanged.emit()
        if before.material_error != after.material_error:
            self.materialErrorChanged.emit()
        if before.submitted is not after.submitted or before.accepted != after.accepted:
            self.reviewChanged.emit()
        if before.ticket is not after.ticket:
            self.ticketChanged.emit()

    def _refresh(self, names: Iterable[str], *, leaving: Screen | None = None) -> None:
        """Rebuild lists now, or after the event when their screen is on display."""
        on_display = self._journey.screen if leaving is None else leaving
        for name in dict.fromkeys(names):
            build = getattr(self, f"_build_{name}")
            if LIST_SCREENS[name] is on_display:
                self._later[name] = build
                self._flush.start()
            else:
                self._later.pop(name, None)
                build()

    @Slot()
    def _apply_later(self) -> None:
        later, self._later = self._later, {}
        for build in later.values():
            build()

    def refresh_texts(self) -> None:
        """The language changed: every translated property and list."""
        self._refresh(list(self._lists))
        for changed in (
            self.itemChanged,
            self.pageChanged,
            self.materialErrorChanged,
            self.reviewChanged,
            self.ticketChanged,
            self.printChanged,
            self.noticeChanged,
            self.textsChanged,
        ):
            changed.emit()

    # --- the lists ---------------------------------------------------------------------

    def _build_services(self) -> None:
        index = self._index
        if index is None:  # built right after the first frame: shown when it is there
            self._lists["services"].replace([])
            return
        proxying = self._proxy_leader is not None
        self._lists["services"].replace(
            [
                service_row(i, self.t, self.numbers(i.counters))
                for i in index.search(self._query, self._category)
                if not proxying or i.grid_proxy is not None
            ]
        )

    def _build_intro(self) -> None:
        j = self._journey
        self._lists["intro"].replace(
            [
                material_row(m, j.materials.get(m.id), self.t)
                for m in (j.item.materials if j.item else [])
            ]
        )

    def _build_fields(self) -> None:
        """Rows for the visible fields of the page, changed in place: fields that stay keep
        their delegates, so typing in one field (even when it makes others appear or go,
        or the language changes) never resets the others or the keyboard focus."""
        j = self._journey
        page = j.page if j.screen is Screen.FORM else None
        visible = j.visible_field_ids()
        errors = {e.target: self.t(e.message) for e in j.errors}
        rows = [
            field_row(f, j.answers.get(f.id), errors.get(f.id, ""), self.t, j.today())
            for f in (page.fields if page else [])
            if f.id in visible
        ]
        page_id = page.id if page else None
        fields = self._lists["fields"]
        if page_id != self._fields_page:
            self._fields_page = page_id
            fields.replace(rows)
            self.fieldsReset.emit()
        else:
            fields.sync(rows, "fieldId")

    def _build_errors(self) -> None:
        self._lists["errors"].replace(error_rows(self._journey.errors, self.t))

    def _build_materials(self) -> None:
        j = self._journey
        self._lists["materials"].replace(
            [material_row(m, j.materials.get(m.id), self.t) for m in j.applicable_materials()]
        )

    def _build_answers(self) -> None:
        j = self._journey
        pages = (
            answered_pages(j.item, j.answers, j.today(), self._lang())
            if j.item is not None and j.screen is Screen.CHECK
            else []
        )
        self._lists["answers"].replace(
            [
                {
                    "pageId": page.id,
                    "title": self.t(page.title),
                    "answers": [{"label": self.t(f.label), "value": value} for f, value in rows],
                }
                for page, rows in pages
            ]
        )

    def _build_findings(self) -> None:
        review = self._journey.submitted.review if self._journey.submitted else None
        self._lists["findings"].replace(finding_rows(review.findings if review else (), self.t))

    def _build_deficiencies(self) -> None:
        review = self._journey.submitted.review if self._journey.submitted else None
        rows = deficiency_rows(review.deficiencies if review else (), self.t, self._lang())
        self._lists["deficiencies"].replace(rows)

    # --- properties -------------------------------------------------------------------

    def _item_text(self, pick: Callable[[Any], Text | None]) -> str:
        item = self._journey.item
        return self.t(pick(item)) if item else ""

    services = _list_property("services")
    introMaterials = _list_property("intro")
    fields = _list_property("fields")
    errors = _list_property("errors")
    materials = _list_property("materials")
    answerPages = _list_property("answers")
    findings = _list_property("findings")
    deficiencies = _list_property("deficiencies")

    screen = Property(str, lambda s: s._journey.screen.value, notify=screenChanged)
    step = Property(int, lambda s: s._journey.step or 0, notify=screenChanged)
    stepCount = Property(int, lambda s: s._journey.step_count, constant=True)
    busy = Property(bool, lambda s: s._tasks.busy, notify=busyChanged)
    categories = Property(
        list,
        lambda s: [
            {"key": c.value if c else "", "label": s.t(label)} for c, label in category_tabs()
        ],
        notify=textsChanged,
    )
    category = Property(
        str, lambda s: s._category.value if s._category else "", notify=categoryChanged
    )
    query = Property(str, lambda s: s._query, notify=queryChanged)
    searchReady = Property(bool, lambda s: s._index is not None, notify=searchChanged)
    itemId = Property(
        str, lambda s: s._journey.item.id if s._journey.item else "", notify=itemChanged
    )
    itemName = Property(str, lambda s: s._item_text(lambda i: i.name), notify=itemChanged)
    itemDescription = Property(
        str, lambda s: s._item_text(lambda i: i.description), notify=itemChanged
    )
    itemCounters = Property(
        str,
        lambda s: wording.counters(s._journey.item.counters, s._lang()) if s._journey.item else "",
        notify=itemChanged,
    )
    itemTimeLimit = Property(str, lambda s: s._time_limit(), notify=itemChanged)
    itemFee = Property(
        str,
        lambda s: wording.fee(s._journey.item.fee, s._lang()) if s._journey.item else "",
        notify=itemChanged,
    )
    itemJoint = Property(
        bool, lambda s: bool(s._journey.item and s._journey.item.joint), notify=itemChanged
    )
    itemApprovals = Property(
        list,
        lambda s: [
            {
                "name": s.t(a.name),
                "department": s.t(a.department),
                "counters": s.numbers(a.counters),
            }
            for a in (s._journey.item.approvals if s._journey.item else [])
        ],
        notify=itemChanged,
    )
    pageTitle = Property(
        str, lambda s: s.t(s._journey.page.title) if s._journey.page else "", notify=pageChanged
    )
    pageGuidance = Property(
        str,
        lambda s: s.t(s._journey.page.guidance) if s._journey.page else "",
        notify=pageChanged,
    )
    pageIndex = Property(int, lambda s: s._shown.pages[0], notify=pageChanged)
    pageCount = Property(int, lambda s: s._shown.pages[1], notify=pageChanged)
    materialError = Property(
        str, lambda s: s.t(s._journey.material_error), notify=materialErrorChanged
    )
    outcome = Property(
        str,
        lambda s: s._journey.submitted.review.outcome.value if s._journey.submitted else "",
        notify=reviewChanged,
    )
    outcomeLabel = Property(
        str,
        lambda s: s.t(s._journey.submitted.review.outcome.label) if s._journey.submitted else "",
        notify=reviewChanged,
    )
    commitmentText = Property(
        str,
        lambda s: s.t(s._journey.submitted.review.commitment) if s._journey.submitted else "",
        notify=reviewChanged,
    )
    commitmentAccepted = Property(
        bool, lambda s: s._journey.commitment_accepted, notify=reviewChanged
    )
    nextSteps = Property(list, lambda s: s._next_steps(), notify=reviewChanged)
    mayTakeTicket = Property(bool, lambda s: s._journey.may_take_ticket, notify=reviewChanged)
    reference = Property(
        str,
        lambda s: s._journey.submitted.reference if s._journey.submitted else "",
        notify=reviewChanged,
    )
    ticketNumber = Property(
        str, lambda s: s._journey.ticket.number if s._journey.ticket else "", notify=ticketChanged
    )
    ticketCounters = Property(
        str,
        lambda s: (
            wording.counters(s._journey.ticket.counters, s._lang()) if s._journey.ticket else ""
        ),
        notify=ticketChanged,
    )
    ahead = Property(str, lambda s: s._ahead(), notify=ticketChanged)
    ticketPreview = Property(QUrl, lambda s: s._preview, notify=printChanged)
    printing = Property(bool, lambda s: s._printing_now, notify=printChanged)
    printed = Property(bool, lambda s: s._printed, notify=printChanged)
    printerMessage = Property(str, lambda s: s.t(s._printer_message), notify=printChanged)
    paperMessage = Property(str, lambda s: s.t(s._paper_message), notify=noticeChanged)
    paperBusy = Property(bool, lambda s: s._paper_busy, notify=noticeChanged)
    # On the A4 printer when there is one, else as a slip on the ticket printer.
    paperOnA4 = Property(
        bool, lambda s: bool(s._terminal.config.documents.cups_queue), constant=True
    )
    signatureMessage = Property(str, lambda s: s.t(s._signature_message), notify=noticeChanged)
    committerName = Property(str, lambda s: s._committer_name(), notify=reviewChanged)

    def _time_limit(self) -> str:
        """The promised time limit: a number of working days, or "on the spot" (即办)."""
        item = self._journey.item
        return "" if item is None else self.t(wording.time_limit(item.time_limit_days))

    def _next_steps(self) -> list[str]:
        """What happens after a pre-review that lets the applicant on, step by step."""
        item, submitted = self._journey.item, self._journey.submitted
        if item is None or submitted is None:
            return []
        steps = wording.next_steps(
            submitted.review.outcome.value, item.counters, item.time_limit_days
        )
        return [self.t(step) for step in steps]

    def _ahead(self) -> str:
        """How many wait before this ticket (the central server's queue), or why unknown."""
        ticket = self._journey.ticket
        return "" if ticket is None else self.t(wording.waiting_ahead(ticket.ahead))

    # --- slots ------------------------------------------------------------------------

    @Slot()
    def home(self) -> None:
        """The applicant is done (finish, start over): forget them, here and elsewhere."""
        self.wipe()
        self.applicantGone.emit()

    @Slot()
    def start(self) -> None:
        self._category, self._query = None, ""
        self.categoryChanged.emit()
        self.queryChanged.emit()
        self._act(self._journey.start)

    @Slot(str)
    def setCategory(self, category: str) -> None:
        chosen = next((c for c, _ in category_tabs() if (c.value if c else "") == category), None)
        if chosen != self._category:
            self._category = chosen
            self._refresh(["services"])
            self.categoryChanged.emit()

    @Slot(str)
    def setQuery(self, query: str) -> None:
        if query != self._query:
            self._query = query
            self._refresh(["services"])
            self.queryChanged.emit()

    @Slot(str)
    def chooseItem(self, item_id: str) -> None:
        if item_id not in self._catalog.items:
            return
        self._act(lambda: self._journey.choose(item_id))
        # The hall counts consultations: an item's introduction was opened.
        self._terminal.guide_viewed(item_id)

    @Slot()
    def begin(self) -> None:
        j = self._journey
        if self._proxy_leader is not None and j.item is not None and not j.answers:
            from kiosk.proxy import prefill

            # What a grid leader's declaration always says (by proxy, as the grid
            # leader, their name): set once, before the first page is chosen by it.
            for field_id, value in prefill(j.item, self._proxy_leader).items():
                j.answer(field_id, value)
        self._act(self._journey.begin)

    @Slot(str, "QVariant")
    def setAnswer(self, field_id: str, value: Any) -> None:
        """A keystroke or a choice: the answer, its field's row, and what relevance changed."""
        j = self._journey
        if j.screen is not Screen.FORM or field_id not in j.visible_field_ids():
            return  # a late event from a field no longer shown
        had_error = any(e.target == field_id for e in j.errors)
        visible = j.visible_field_ids()
        j.answer(field_id, plain_answer(value))
        pages = j.page_position()
        if had_error or j.visible_field_ids() != visible:
            self._refresh(["fields", "errors"] if had_error else ["fields"])
        else:  # only this field's value: its own row, in place
            fields = self._lists["fields"]
            row = fields.find("fieldId", field_id)
            if row >= 0:
                fields.update(row, {"value": j.answers.get(field_id, "")})
        if pages != self._shown.pages:
            self._update()
        else:
            self._shown = self._snapshot()

    def fill(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        """Answers given other than by typing (an ID card placed on the reader), on any
        page of the form: recorded as typed ones are; returns the fields filled."""
        j = self._journey
        if j.screen is not Screen.FORM or j.item is None:
            return []
        filled = [fid for fid in answers if fid in {f.id for f in j.item.fields()}]
        for field_id in filled:
            j.answer(field_id, answers[field_id])
        self._refresh(["fields", "errors"])
        self._update()
        return filled

    def item_fields(self) -> list[FormField]:
        """The current item's fields, every page's (none before an item is chosen)."""
        item = self._journey.item
        return list(item.fields()) if item is not None else []

    @Slot()
    def next(self) -> None:
        self._act(self._journey.next)

    @Slot()
    def back(self) -> None:
        self._act(self._journey.back)

    @Slot(str, bool)
    def setMaterial(self, material_id: str, have: bool) -> None:
        try:
            self._journey.set_material(material_id, have)
        except KeyError:
            return
        materials = self._lists["materials"]
        row = materials.find("materialId", material_id)
        if row >= 0:
            materials.update(row, {"have": int(have)})
        self._update()

    @Slot(str)
    def change(self, page_id: str) -> None:
        self._act(lambda: self._journey.change(page_id))

    @Slot()
    def changeMaterials(self) -> None:
        self._act(self._journey.change_materials)

    @Slot(str)
    def fix(self, target: str) -> None:
        self._act(lambda: self._journey.fix(target))

    @Slot()
    def submit(self) -> None:
        if self._journey.screen is not Screen.CHECK or self._tasks.busy:
            return
        self._settle_input()
        sub = self._journey.submission()
        self._tasks.watch(
            self._terminal.submit(
                sub.item_id,
                sub.answers,
                sub.materials,
                self._lang(),
                sub.reference,
                self._appointment,
            ),
            self._submitted,
            self._failed,
        )

    def _submitted(self, sub: Submitted) -> None:
        if self._journey.screen is not Screen.CHECK:
            return  # wiped (or moved on) meanwhile
        self._act(lambda: self._journey.submitted_as(sub))
        self.declared.emit()

    # -- assist mode (帮办): the attendant's tools over the journey ----------------------

    def _assist_pages(self) -> list[dict[str, str]]:
        return [{"pageId": p.id, "title": self.t(p.title)} for p in self._journey.visible_pages()]

    assistPages = Property(list, _assist_pages, notify=pageChanged)
    mayJump = Property(
        bool,
        lambda s: s._journey.item is not None and s._journey.ticket is None,
        notify=screenChanged,
    )
    mayPrintNotice = Property(
        bool, lambda s: s._journey.submitted is not None, notify=screenChanged
    )

    @Slot(str)
    def jumpTo(self, page_id: str) -> None:
        """Assist mode: straight to a page of the form."""
        self._act(lambda: self._journey.jump(page_id))

    @Slot()
    def jumpToMaterials(self) -> None:
        self._act(self._journey.jump_to_materials)

    # -- 星期六办事预约: a declaration checked in with a booking ---------------------------

    def set_appointment(self, code: str | None) -> None:
        """The booking `code` this applicant checked in with on time (None: none): the
        declaration records it and its ticket is of the appointment series."""
        self._appointment = code
        self.proxyChanged.emit()

    appointment = Property(bool, lambda s: s._appointment is not None, notify=proxyChanged)

    # -- 网格化零跑代办: a grid leader's proxy declaration ---------------------------------

    def set_proxy(self, leader_name: str | None) -> None:
        """A grid leader declares for a resident (their name), or no longer (None)."""
        if leader_name != self._proxy_leader:
            self._proxy_leader = leader_name
            self._refresh(["services"])
            self.proxyChanged.emit()

    proxying = Property(bool, lambda s: s._proxy_leader is not None, notify=proxyChanged)

    @property
    def proxy_leader(self) -> str | None:
        """The grid leader's name while they declare for a resident."""
        return self._proxy_leader

    def _may_print_authorisation(self) -> bool:
        submitted = self._journey.submitted
        # A rejected declaration is fixed first: its authorisation comes once it passes.
        return (
            self._proxy_leader is not None
            and submitted is not None
            and submitted.review.outcome.value != "rejected"
        )

    mayPrintAuthorisation = Property(bool, _may_print_authorisation, notify=screenChanged)

    def authorisation_ready(self, submitted: Submitted) -> None:
        """The proxy was recorded: its 委托代办授权书 is printed once by itself."""
        if self._journey.submitted is submitted and self._may_print_authorisation():
            self._take_home("authorisation")

    @Slot()
    def printAuthorisation(self) -> None:
        """Another copy of the 委托代办授权书 (the proxy's grant, for the resident to sign)."""
        if self._may_print_authorisation():
            self._take_home("authorisation")

    @Slot()
    def printNotice(self) -> None:
        """Assist mode: the one-time notice (一次性告知单) of the submitted declaration."""
        self._take_home("notice")

    @Slot("QVariantList", float, float)
    def acceptCommitment(self, strokes: list[Any], width: float, height: float) -> None:
        """The applicant signed the 容缺 commitment on the pad: check the signature here,
        where it enters; store it (the commitment is then accepted) and print the signed
        commitment for them to take home."""
        from kiosk.signature import Signature, SignatureRefused

        submitted = self._journey.submitted
        if submitted is None or self._tasks.busy or self._journey.commitment_accepted:
            return
        try:
            signature = Signature.from_pad(strokes, width, height)
        except SignatureRefused as refused:
            self._signature_message = refused.message
            self.noticeChanged.emit()
            return
        self._signature_message = None
        self.noticeChanged.emit()
        self._tasks.watch(
            self._terminal.accept_commitment(submitted.reference, signature),
            lambda _who: self._accepted(submitted),
            self._failed,
        )

    def _accepted(self, submitted: Submitted) -> None:
        if self._journey.submitted is not submitted:
            return  # wiped meanwhile
        # The store has the signature: the journey keeps none (one copy fewer to wipe).
        self._act(self._journey.accept_commitment, view_change=False)
        self.takeHome()  # the signed commitment, on paper

    def _committer_name(self) -> str:
        """承诺人：… as the form names them (for an agent: on whose behalf)."""
        from kiosk.committer import committer

        item, submitted = self._journey.item, self._journey.submitted
        if (
            item is None
            or submitted is None
            or submitted.review.outcome.value != ("passed_with_deficiency")
        ):
            return ""
        who = committer(item, self._journey.answers, self._terminal.clock().date())
        if who is None:
            return ""
        if who.on_behalf_of:
            return self.t(
                text(
                    f"承诺人：{who.name}（代 {who.on_behalf_of}）",
                    f"Committing: {who.name} (for {who.on_behalf_of})",
                )
            )
        return self.t(text(f"承诺人：{who.name}", f"Committing: {who.name}"))

    @Slot()
    def takeTicket(self) -> None:
        j = self._journey
        submitted = j.submitted
        if submitted is None or not j.may_take_ticket or self._tasks.busy:
            return
        issued, printed = self._terminal.take_ticket(submitted.reference, submitted.review)
        self._printing_now, self._printed, self._printer_message = True, False, None
        self._preview = self._show_preview(None)
        self.printChanged.emit()
        self._tasks.watch(issued, lambda t: self._ticketed(submitted, t), self._failed)
        self._tasks.watch(printed, self._print_done, self._print_failed, busy=False)

    def _ticketed(self, submitted: Submitted, ticket: IssuedTicket) -> None:
        # Committed: the number is shown whatever the printer does.
        if self._journey.submitted is submitted:
            self._act(lambda: self._journey.ticketed(ticket))

    @Slot()
    def reprint(self) -> None:
        j = self._journey
        if j.ticket is None or j.submitted is None or self._printing_now:
            return
        self._printing_now, self._printer_message = True, None
        self.printChanged.emit()
        self._tasks.watch(
            self._terminal.reprint(j.ticket, j.submitted.review),
            self._print_done,
            self._print_failed,
            busy=False,
        )

    def _print_done(self, outcome: PrintOutcome) -> None:
        self._printing_now = False
        ticket = self._journey.ticket
        if ticket is None or outcome.reference != ticket.reference:
            self.printChanged.emit()
            return  # a wiped journey: nothing of it is shown any more
        if outcome.fault is not None:
            self._printer_message = outcome.fault.applicant
            self.helpNeeded.emit("printer")
        else:
            self._printed, self._printer_message = True, None
            self._preview = self._show_preview(outcome.preview_png)
        self.printChanged.emit()

    def _print_failed(self, error: BaseException) -> None:
        log.error("printing failed", exc_info=error)
        self._printing_now = False
        self.printChanged.emit()

    @Slot()
    def takeHome(self) -> None:
        """Paper to take home: the one-time notice of a rejection, the signed commitment,
        or the confirmation of a pass (on request)."""
        self._take_home(None)

    def _take_home(self, document: str | None) -> None:
        j = self._journey
        submitted = j.submitted
        if submitted is None or self._paper_busy:
            return
        answers, materials = dict(j.answers), {k: bool(v) for k, v in j.materials.items()}
        self._paper_message, self._paper_busy = PAPER_PRINTING, True
        self.noticeChanged.emit()
        self._tasks.watch(
            self._terminal.take_home(submitted, answers, materials, self._lang(), document),
            lambda handed: self._paper_done(submitted, handed),
            lambda _: self._paper_done(submitted, None),
            busy=False,
        )

    def _paper_done(self, submitted: Submitted, handed: TakeHome | None) -> None:
        if self._journey.submitted is not submitted:
            return  # wiped meanwhile
        self._paper_busy = False
        self._paper_message = handed.message if handed is not None else PAPER_FAILED
        if handed is not None and handed.fault is not None:
            self.helpNeeded.emit("printer")
        self.noticeChanged.emit()

    @Slot()
    def finish(self) -> None:
        self._act(self._journey.finish)

    def _failed(self, error: BaseException) -> None:
        log.error("journey task failed: %s", error)

    def wipe(self) -> None:
        """Forget everything of the applicant (privacy timeout, start over, finish)."""
        self._settle_input()
        leaving = self._journey.screen
        self._journey.reset()
        self._category, self._query = None, ""
        self._printed, self._printer_message, self._printing_now = False, None, False
        self._preview = self._show_preview(None)
        self._paper_message, self._paper_busy, self._signature_message = None, False, None
        self._proxy_leader = None  # a proxy declaration ends with its resident's journey
        self._appointment = None
        self._update()
        # Every list forgets the applicant; the one on display after the current event.
        self._refresh(list(self._lists), leaving=leaving)
        self.categoryChanged.emit()
        self.queryChanged.emit()
        self.printChanged.emit()
        self.noticeChanged.emit()
        self.proxyChanged.emit()


__all__ = ["JourneyModel", "long_date"]
