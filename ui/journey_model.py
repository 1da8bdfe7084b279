"""The journey's view-model: the core's `Journey`, shown to QML in the chosen language.

QML binds to these properties (all notified by `changed`) and calls the slots; every
rule is in `kiosk.journey`. Store and printer work goes to workers (`ui.tasks`,
`printer.ticket_printer.PrintQueue`) and comes back by signal: the UI thread never waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Qt, QUrl, Signal, Slot

from kiosk.answer_format import answered_pages
from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import Category, FieldType, FormField
from kiosk.i18n import Text, text
from kiosk.journey import Journey, Screen
from ui.listmodel import DictListModel
from ui.tasks import Tasks

if TYPE_CHECKING:  # loaded after the first frame (see ui.app)
    from kiosk.declarations import Declarations, IssuedTicket, Submitted
    from kiosk.search import ServiceIndex
    from printer.ticket_printer import PrintOutcome, PrintQueue

log = logging.getLogger(__name__)

# The on-screen keyboard's layout for each kind of field (Qt.InputMethodHint): a digit
# keypad for ID numbers, numbers and postal codes, a dial pad for mobiles, Latin letters
# and digits (no pinyin) for credit codes.
_H = Qt.InputMethodHint
_PLAIN = _H.ImhNoPredictiveText | _H.ImhLatinOnly
INPUT_HINTS = {
    FieldType.RESIDENT_ID: _PLAIN | _H.ImhDigitsOnly,  # 17 digits, then a digit or X
    FieldType.CREDIT_CODE: _PLAIN | _H.ImhUppercaseOnly,
    FieldType.MOBILE: _PLAIN | _H.ImhDialableCharactersOnly,
    FieldType.LANDLINE: _PLAIN | _H.ImhFormattedNumbersOnly,  # 0431-81234567: has a "-"
    FieldType.POSTAL_CODE: _PLAIN | _H.ImhDigitsOnly,
    FieldType.NUMBER: _PLAIN | _H.ImhDigitsOnly,
    FieldType.MONEY: _PLAIN | _H.ImhFormattedNumbersOnly,
    FieldType.DATE: _PLAIN | _H.ImhFormattedNumbersOnly,
}
# A key shown beside the field while it has the focus, for a character its keypad lacks:
# the X that ends some resident ID numbers (GB 11643) is not on the digit keypad.
EXTRA_KEYS = {FieldType.RESIDENT_ID: "X"}
FIELD_KEYS = (
    "fieldId",
    "type",
    "label",
    "hint",
    "required",
    "value",
    "error",
    "choices",
    "inputHints",
    "extraKey",
    "maxLength",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MATERIAL_KEYS = (
    "materialId",
    "name",
    "form",
    "copies",
    "essential",
    "deficiencyDays",
    "note",
    "have",
    "conditional",  # asked only for some answers (e.g. a partnership agreement)
)


# Prints a rejected declaration's one-time notice (worker thread); returns what to say.
NoticePrinter = Callable[["Submitted", dict[str, Any], dict[str, bool], str], Text]
NOTICE_PRINTING = text("正在打印一次性告知单…", "Printing the one-time notice…")
NOTICE_FAILED = text(
    "告知单未能打印，请呼叫辅导员。", "The notice could not be printed: please call the attendant."
)


class JourneyModel(QObject):
    """One applicant's journey for QML."""

    changed = Signal()
    fieldsReset = Signal()
    helpNeeded = Signal(str)  # a printer fault flags the attendant (context: the screen)
    applicantGone = Signal()  # home(): the help call, language and text size are theirs too
    _printDone = Signal(object)  # from the printer's worker, queued to the UI thread

    def __init__(
        self,
        catalog: Catalog,
        desk: Callable[[], Declarations],
        tasks: Tasks,
        printing: Callable[[], PrintQueue | None],
        today: Callable[[], date],
        language: Callable[[], str],
        notice_printer: NoticePrinter | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notice_printer = notice_printer
        self._notice_message: Text | None = None
        self._catalog, self._desk, self._tasks, self._printing = catalog, desk, tasks, printing
        self._lang = language
        self._journey = Journey(catalog, today)
        # pypinyin takes a few hundred milliseconds to load: build the search index on
        # a thread while the home screen shows (nobody searches before tapping Start).
        # Not before the first frame: a Python thread holding the GIL slows every call
        # the QML engine makes into Python while it loads (it cost 150 ms of start-up).
        self._index: ServiceIndex | None = None
        self._indexing = threading.Thread(
            target=self._build_index, name="search-index", daemon=True
        )
        self._indexing_lock = threading.Lock()
        self._category = ""
        self._query = ""
        self._printing_now = False
        self._printer_message: Text | None = None
        self._printer_state = "unknown"  # no ticket printed yet
        self._printed = False
        self._preview: Path | None = None
        self._services = DictListModel(
            ("itemId", "name", "description", "category", "counters", "timeLimit"), self
        )
        self._fields = DictListModel(FIELD_KEYS, self)
        self._errors = DictListModel(("fieldId", "label", "message", "fix"), self)
        self._materials = DictListModel(MATERIAL_KEYS, self)
        self._intro_materials = DictListModel(MATERIAL_KEYS, self)
        self._answers = DictListModel(("pageId", "title", "answers"), self)
        self._findings = DictListModel(("target", "kind", "label", "message", "fix"), self)
        self._deficiencies = DictListModel(("name", "dueDate", "workingDays"), self)
        self._fields_page: str | None = None
        self._printDone.connect(self._print_done)
        self.refresh()

    @property
    def journey(self) -> Journey:
        return self._journey

    def numbers(self, values: Iterable[int]) -> str:
        """Counter numbers as the language lists them: 3、4、5 or 3, 4, 5."""
        separator = ", " if self._lang().startswith("en") else "、"
        return separator.join(map(str, values))

    def t(self, value: Text | None) -> str:
        return "" if value is None else value.get(self._lang())

    # --- refreshing the views ---------------------------------------------------------

    def refresh(self) -> None:
        """Bring every list and property up to date with the journey and the language."""
        j = self._journey
        self._refresh_services()
        self._refresh_fields()
        self._errors.replace(
            [
                {
                    "fieldId": e.target,
                    "label": self.t(e.label),
                    "message": self.t(e.message),
                    "fix": self.t(e.fix),
                }
                for e in j.errors
            ]
        )
        self._materials.replace([self._material_row(m) for m in j.applicable_materials()])
        self._intro_materials.replace(
            [self._material_row(m) for m in (j.item.materials if j.item else [])]
        )
        pages = (
            answered_pages(j.item, j.answers, j.today(), self._lang())
            if j.item is not None and j.screen is Screen.CHECK
            else []  # shown on the check screen only: not kept (the answers are personal)
        )
        self._answers.replace(
            [
                {
                    "pageId": page.id,
                    "title": self.t(page.title),
                    "answers": [{"label": self.t(f.label), "value": text} for f, text in rows],
                }
                for page, rows in pages
            ]
        )
        review = j.submitted.review if j.submitted else None
        self._findings.replace(
            [
                {
                    "target": f.target,
                    "kind": f.kind,
                    "label": self.t(f.label),
                    "message": self.t(f.message),
                    "fix": self.t(f.fix),
                }
                for f in (review.findings if review else ())
            ]
        )
        self._deficiencies.replace(
            [
                {
                    "name": self.t(d.name),
                    "dueDate": _long_date(d.due_date, self._lang()),
                    "workingDays": d.working_days,
                }
                for d in (review.deficiencies if review else ())
            ]
        )
        self.changed.emit()

    def set_catalog(self, catalog: Catalog) -> None:
        """Serve a new catalog (from the central server); only between applicants."""
        if self._journey.screen is not Screen.HOME:
            raise RuntimeError("the catalog changes only between applicants")
        self._catalog = self._journey.catalog = catalog
        with self._indexing_lock:
            self._index = None
            self._indexing = threading.Thread(
                target=self._build_index, name="search-index", daemon=True
            )
        self.start_indexing()
        self.refresh()

    def start_indexing(self) -> None:
        """Build the search index on its thread (once); the kiosk calls it after the first frame."""
        with self._indexing_lock:
            if self._indexing.ident is None:
                self._indexing.start()

    def _build_index(self) -> None:
        from kiosk.search import ServiceIndex

        self._index = ServiceIndex(list(self._catalog))

    def _refresh_services(self) -> None:
        if self._index is None:
            if self._journey.screen is Screen.HOME:
                return  # not shown yet; built when the applicant starts
            self.start_indexing()
            self._indexing.join()
            assert self._index is not None
        category = Category(self._category) if self._category else None
        self._services.replace(
            [
                {
                    "itemId": i.id,
                    "name": self.t(i.name),
                    "description": self.t(i.description),
                    "category": i.category.value,
                    "counters": self.numbers(i.counters),
                    "timeLimit": i.time_limit_days,
                }
                for i in self._index.search(self._query, category)
            ]
        )

    def _refresh_fields(self) -> None:
        """Rows for the visible fields of the page, changed in place: fields that stay keep
        their delegates, so typing in one field (even when it makes others appear or go,
        or the language changes) never resets the others or the keyboard focus."""
        j = self._journey
        page = j.page if j.screen is Screen.FORM else None
        visible = j.visible_field_ids()
        fields = [f for f in (page.fields if page else []) if f.id in visible]
        errors = {e.target: self.t(e.message) for e in j.errors}
        page_id = page.id if page else None
        if page_id != self._fields_page:
            self._fields_page = page_id
            self._fields.replace([self._field_row(f, errors.get(f.id, "")) for f in fields])
            self.fieldsReset.emit()
        else:
            self._fields.sync([self._field_row(f, errors.get(f.id, "")) for f in fields], "fieldId")

    def _field_row(self, f: FormField, error: str) -> dict[str, Any]:
        value = self._journey.answers.get(f.id)
        return {
            "fieldId": f.id,
            "type": f.type.value,
            "label": self.t(f.label),
            "hint": self.t(f.hint),
            "required": f.required,
            "value": value if value is not None else "",
            "error": error,
            "choices": [{"value": c.value, "label": self.t(c.label)} for c in f.choices],
            "inputHints": INPUT_HINTS[f.type].value if f.type in INPUT_HINTS else 0,
            "extraKey": EXTRA_KEYS.get(f.type, ""),
            "maxLength": f.max_length
            or (18 if f.type in (FieldType.RESIDENT_ID, FieldType.CREDIT_CODE) else 200),
        }

    def _material_row(self, m: Any) -> dict[str, Any]:
        have = self._journey.materials.get(m.id)
        return {
            "materialId": m.id,
            "name": self.t(m.name),
            "form": self.t(m.form.label),
            "copies": m.copies,
            "essential": m.essential,
            "deficiencyDays": m.deficiency_days or 0,
            "note": self.t(m.note),
            "have": -1 if have is None else int(have),
            "conditional": m.relevant is not None,
        }

    # --- properties -------------------------------------------------------------------

    def _item_text(self, pick: Callable[[Any], Text | None]) -> str:
        item = self._journey.item
        return self.t(pick(item)) if item else ""

    screen = Property(str, lambda s: s._journey.screen.value, notify=changed)
    step = Property(int, lambda s: s._journey.step or 0, notify=changed)
    stepCount = Property(int, lambda s: s._journey.step_count, notify=changed)
    busy = Property(bool, lambda s: s._tasks.busy, notify=changed)
    services = Property(QObject, lambda s: s._services, constant=True)
    category = Property(str, lambda s: s._category, notify=changed)
    query = Property(str, lambda s: s._query, notify=changed)
    itemId = Property(str, lambda s: s._journey.item.id if s._journey.item else "", notify=changed)
    itemName = Property(str, lambda s: s._item_text(lambda i: i.name), notify=changed)
    itemDescription = Property(str, lambda s: s._item_text(lambda i: i.description), notify=changed)
    itemCounters = Property(
        str,
        lambda s: s.numbers(s._journey.item.counters) if s._journey.item else "",
        notify=changed,
    )
    itemTimeLimit = Property(str, lambda s: s._time_limit(), notify=changed)
    itemFee = Property(
        str, lambda s: f"{s._journey.item.fee:.2f}" if s._journey.item else "", notify=changed
    )
    itemJoint = Property(
        bool, lambda s: bool(s._journey.item and s._journey.item.joint), notify=changed
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
        notify=changed,
    )
    introMaterials = Property(QObject, lambda s: s._intro_materials, constant=True)
    pageTitle = Property(
        str, lambda s: s.t(s._journey.page.title) if s._journey.page else "", notify=changed
    )
    pageGuidance = Property(
        str, lambda s: s.t(s._journey.page.guidance) if s._journey.page else "", notify=changed
    )
    pageIndex = Property(int, lambda s: s._journey.page_position()[0], notify=changed)
    pageCount = Property(int, lambda s: s._journey.page_position()[1], notify=changed)
    fields = Property(QObject, lambda s: s._fields, constant=True)
    errors = Property(QObject, lambda s: s._errors, constant=True)
    materials = Property(QObject, lambda s: s._materials, constant=True)
    materialError = Property(str, lambda s: s.t(s._journey.material_error), notify=changed)
    answerPages = Property(QObject, lambda s: s._answers, constant=True)
    findings = Property(QObject, lambda s: s._findings, constant=True)
    deficiencies = Property(QObject, lambda s: s._deficiencies, constant=True)
    outcome = Property(
        str,
        lambda s: s._journey.submitted.review.outcome.value if s._journey.submitted else "",
        notify=changed,
    )
    outcomeLabel = Property(
        str,
        lambda s: s.t(s._journey.submitted.review.outcome.label) if s._journey.submitted else "",
        notify=changed,
    )
    commitmentText = Property(
        str,
        lambda s: s.t(s._journey.submitted.review.commitment) if s._journey.submitted else "",
        notify=changed,
    )
    commitmentAccepted = Property(bool, lambda s: s._journey.commitment_accepted, notify=changed)
    mayTakeTicket = Property(bool, lambda s: s._journey.may_take_ticket, notify=changed)
    reference = Property(
        str,
        lambda s: s._journey.submitted.reference if s._journey.submitted else "",
        notify=changed,
    )
    ticketNumber = Property(
        str, lambda s: s._journey.ticket.number if s._journey.ticket else "", notify=changed
    )
    ticketCounters = Property(
        str,
        lambda s: s.numbers(s._journey.ticket.counters) if s._journey.ticket else "",
        notify=changed,
    )
    ahead = Property(str, lambda s: s._ahead(), notify=changed)
    ticketPreview = Property(
        QUrl,
        lambda s: QUrl.fromLocalFile(str(s._preview)) if s._preview else QUrl(),
        notify=changed,
    )
    printing = Property(bool, lambda s: s._printing_now, notify=changed)
    printed = Property(bool, lambda s: s._printed, notify=changed)
    printerMessage = Property(str, lambda s: s.t(s._printer_message), notify=changed)
    canPrintNotice = Property(bool, lambda s: s._notice_printer is not None, constant=True)
    noticeMessage = Property(str, lambda s: s.t(s._notice_message), notify=changed)

    # --- slots ------------------------------------------------------------------------

    def _act(self, action: Callable[[], object]) -> None:
        action()
        self.refresh()

    @Slot()
    def home(self) -> None:
        """The applicant is done (finish, start over): forget them, here and elsewhere."""
        self.wipe()
        self.applicantGone.emit()

    @Slot()
    def start(self) -> None:
        self._category, self._query = "", ""
        self._act(self._journey.start)

    @Slot(str)
    def setCategory(self, category: str) -> None:
        self._category = category if category in ("enterprise", "personal") else ""
        self._refresh_services()
        self.changed.emit()

    @Slot(str)
    def setQuery(self, query: str) -> None:
        self._query = query
        self._refresh_services()
        self.changed.emit()

    @Slot(str)
    def chooseItem(self, item_id: str) -> None:
        self._act(lambda: self._journey.choose(item_id))
        if self._journey.item is not None and self._journey.item.id == item_id:
            # The hall counts consultations: an item's introduction was opened.
            self._tasks.run(lambda: self._desk().guide_viewed(item_id), lambda _: None, busy=False)

    @Slot()
    def begin(self) -> None:
        self._act(self._journey.begin)

    @Slot(str, "QVariant")
    def setAnswer(self, field_id: str, value: Any) -> None:
        if hasattr(value, "toVariant"):  # a QJSValue from QML
            value = value.toVariant()
        self._journey.answer(field_id, _plain_answer(value))
        self._refresh_fields()
        self._errors.replace([r for r in self._errors.rows() if r["fieldId"] != field_id])
        self.changed.emit()

    @Slot()
    def next(self) -> None:
        self._act(self._journey.next)

    @Slot()
    def back(self) -> None:
        self._act(self._journey.back)

    @Slot(str, bool)
    def setMaterial(self, material_id: str, have: bool) -> None:
        self._journey.set_material(material_id, have)
        row = self._materials.find("materialId", material_id)
        if row >= 0:
            self._materials.update(row, {"have": int(have)})
        self.changed.emit()

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
        sub = self._journey.submission()
        language = self._lang()
        self._tasks.run(
            lambda: self._desk().submit(
                sub.item_id, sub.answers, sub.materials, language, sub.reference
            ),
            self._submitted,
            self._failed,
        )
        self.changed.emit()

    def _submitted(self, sub: Submitted) -> None:
        self._journey.submitted_as(sub)
        self.refresh()

    @Slot()
    def acceptCommitment(self) -> None:
        submitted = self._journey.submitted
        if submitted is None or self._tasks.busy:
            return
        self._tasks.run(
            lambda: self._desk().accept_commitment(submitted.reference),
            lambda _: self._act(self._journey.accept_commitment),
            self._failed,
        )

    def _time_limit(self) -> str:
        """The promised time limit: a number of working days, or "on the spot" (即办)."""
        item = self._journey.item
        if item is None:
            return ""
        days = item.time_limit_days
        if days == 0:
            return self.t(text("即办（当场办结）", "on the spot"))
        return self.t(text(f"{days} 个工作日", f"{days} working day{'s' if days > 1 else ''}"))

    def _ahead(self) -> str:
        """How many wait before this ticket (the central server's queue); "—" when unknown."""
        ticket = self._journey.ticket
        if ticket is None or ticket.ahead is None:
            return "—"
        return self.t(text(f"{ticket.ahead} 人", f"{ticket.ahead}"))

    @Slot()
    def takeTicket(self) -> None:
        submitted = self._journey.submitted
        if submitted is None or not self._journey.may_take_ticket or self._tasks.busy:
            return
        self._tasks.run(
            lambda: self._desk().issue_ticket(submitted.reference), self._ticketed, self._failed
        )

    def _ticketed(self, ticket: IssuedTicket) -> None:
        self._journey.ticketed(ticket)  # committed: the number is shown whatever the printer does
        self._printed, self._printer_message, self._preview = False, None, None
        self.refresh()
        self.reprint()

    @Slot()
    def reprint(self) -> None:
        ticket = self._journey.ticket
        printing = self._printing()
        if ticket is None or printing is None or self._printing_now:
            return
        self._printing_now = True
        printing.submit(ticket.reference, self._print_done_from_worker)
        self.changed.emit()

    def _print_done_from_worker(self, outcome: PrintOutcome) -> None:
        # The printer's state for the heartbeat: "ok" or the last fault's code.
        self._printer_state = outcome.fault.code if outcome.fault is not None else "ok"
        self._printDone.emit(outcome)  # queued to the UI thread

    def printer_status(self) -> str:
        """The printer as the last ticket found it (any thread): for the central server."""
        return self._printer_state

    @Slot(object)
    def _print_done(self, outcome: PrintOutcome) -> None:
        self._printing_now = False
        if self._journey.ticket is None or outcome.reference != self._journey.ticket.reference:
            return  # a wiped journey: nothing of it is shown any more
        if outcome.fault is not None:
            self._printer_message = outcome.fault.applicant
            self.helpNeeded.emit("printer")
        else:
            self._printed, self._printer_message = True, None
            files = outcome.report.files if outcome.report else ()
            self._preview = next((p for p in files if p.suffix == ".png"), None)
        self.changed.emit()

    @Slot()
    def printNotice(self) -> None:
        """Print the one-time notice (一次性告知单) of a rejected declaration on the A4 printer."""
        j, printer = self._journey, self._notice_printer
        if printer is None or j.submitted is None or self._tasks.busy:
            return
        submitted, answers = j.submitted, dict(j.answers)
        materials = {k: bool(v) for k, v in j.materials.items()}
        language = self._lang()
        self._notice_message = NOTICE_PRINTING
        self._tasks.run(
            lambda: printer(submitted, answers, materials, language),
            self._notice_done,
            self._notice_done,
        )
        self.changed.emit()

    def _notice_done(self, result: object) -> None:
        if self._journey.submitted is None:
            return  # wiped meanwhile
        self._notice_message = result if isinstance(result, Text) else NOTICE_FAILED
        self.changed.emit()

    @Slot()
    def finish(self) -> None:
        self._act(self._journey.finish)

    def _failed(self, error: BaseException) -> None:
        log.error("journey task failed: %s", error)
        self.changed.emit()

    def wipe(self) -> None:
        """Forget everything of the applicant (privacy timeout, start over, finish)."""
        self._journey.reset()
        self._category, self._query = "", ""
        self._printed, self._printer_message, self._preview = False, None, None
        self._notice_message = None
        self.refresh()


def _long_date(day: date, language: str) -> str:
    """A date as people write it (as in the commitment text): 2026年12月3日, 3 December 2026."""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _plain_answer(value: Any) -> Any:
    """QML hands over JS values: keep str, bool, list[str] and dict[str, str]."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return str(value)
