"""One applicant's way through the kiosk, screen by screen, as plain Python.

The touch UI only shows this state and forwards taps to it; every rule of the journey
(which screen follows, which form pages are shown, what Next checks, when a ticket may
be taken) lives here and is tested without a window. Work that touches the store is
split in two: the journey says what to submit, the caller runs it off the UI thread
and hands the result back (`submitted`, `ticketed`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.answer_format import relevant_materials
from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import Material, Page, ServiceItem
from kiosk.forms import AnswerValue, FormState, check_page, clean_value, form_state
from kiosk.i18n import Text, text
from kiosk.prereview import Finding, field_finding, may_take_ticket

if TYPE_CHECKING:  # the store is not needed to know the journey's rules
    from kiosk.declarations import IssuedTicket, Submitted
    from kiosk.signature import Signature


class Screen(StrEnum):
    """The journey's screens, in order."""

    HOME = "home"
    SERVICES = "services"
    INTRO = "intro"
    FORM = "form"
    MATERIALS = "materials"
    CHECK = "check"
    RESULT = "result"
    TICKET = "ticket"
    FINISH = "finish"


STEPS = (
    Screen.SERVICES,
    Screen.INTRO,
    Screen.FORM,
    Screen.MATERIALS,
    Screen.CHECK,
    Screen.RESULT,
    Screen.TICKET,
)

MATERIALS_UNANSWERED = text(
    "请为每项材料选择“已带”或“未带”", "Say for each material whether you have it with you"
)


@dataclass(frozen=True)
class Submission:
    """What to hand to `Declarations.submit` (off the UI thread)."""

    item_id: str
    answers: dict[str, AnswerValue]
    materials: dict[str, bool]
    reference: str | None  # a fixed declaration keeps its reference


class Journey:
    """The state of the applicant at the terminal; `reset()` forgets all of it."""

    def __init__(self, catalog: Catalog, today: Callable[[], date]) -> None:
        self.catalog = catalog
        self._today = today
        # The form state (relevance applied, answers read) is computed once per change of
        # the answers: every property asking for it shares one computation.
        self._revision = 0
        self._state: tuple[int, date, FormState] | None = None
        self.reset()

    def reset(self) -> None:
        """Forget the applicant: back to the home screen with nothing kept."""
        self.screen = Screen.HOME
        self.item: ServiceItem | None = None
        self.answers: dict[str, AnswerValue] = {}
        self.materials: dict[str, bool | None] = {}
        self.page_id: str | None = None
        self.errors: tuple[Finding, ...] = ()
        self.material_error: Text | None = None
        self.submitted: Submitted | None = None
        self.ticket: IssuedTicket | None = None
        self.commitment_accepted = False
        self.signature: Signature | None = None  # personal data: gone with the applicant
        self._back_to_check = False
        self._revision += 1
        self._state = None  # the cached form state holds the answers too

    # --- what is shown ---------------------------------------------------------------

    def today(self) -> date:
        return self._today()

    @property
    def step(self) -> int | None:
        """1-based step number for "第 n 步 / 共 7 步" (None on home and finish)."""
        return STEPS.index(self.screen) + 1 if self.screen in STEPS else None

    @property
    def step_count(self) -> int:
        return len(STEPS)

    def form_state(self) -> FormState | None:
        """The form as the answers make it (None before an item is chosen); cached."""
        if self.item is None:
            return None
        today = self._today()
        cached = self._state
        if cached is not None and cached[0] == self._revision and cached[1] == today:
            return cached[2]
        state = form_state(self.item, self.answers, today)
        self._state = (self._revision, today, state)
        return state

    def visible_pages(self) -> list[Page]:
        state = self.form_state()
        if self.item is None or state is None:
            return []
        return [p for p in self.item.pages if p.id in state.visible_pages]

    def visible_field_ids(self) -> frozenset[str]:
        state = self.form_state()
        return frozenset() if state is None else state.visible

    @property
    def page(self) -> Page | None:
        return next((p for p in self.visible_pages() if p.id == self.page_id), None)

    def page_position(self) -> tuple[int, int]:
        """(1-based index, count) of the current form page among the visible ones."""
        pages = [p.id for p in self.visible_pages()]
        return (pages.index(self.page_id) + 1 if self.page_id in pages else 0), len(pages)

    def applicable_materials(self) -> list[Material]:
        state = self.form_state()
        if self.item is None or state is None:
            return []
        return relevant_materials(self.item, self.answers, self._today(), state)

    # --- actions ----------------------------------------------------------------------

    def start(self) -> None:
        self.reset()
        self.screen = Screen.SERVICES

    def choose(self, item_id: str) -> None:
        """Show an item's introduction (一次性告知 of its materials, time limit, fee)."""
        self.reset()
        self.item = self.catalog[item_id]
        self.screen = Screen.INTRO

    def begin(self) -> None:
        """Start the form at its first page."""
        pages = self.visible_pages()
        self.page_id = pages[0].id if pages else None
        self.errors = ()
        self.screen = Screen.FORM

    def answer(self, field_id: str, value: AnswerValue) -> None:
        """Record an answer; relevance is applied at once (pages and fields may appear).

        This is where an applicant's answers enter the kiosk: each is normalised here,
        once (kiosk.forms.clean_value), so what is checked, shown, printed and stored is
        the cleaned text, at most its field's limit long.
        """
        if self.item is None:
            return
        f = self.item.field(field_id)  # KeyError for a field the item does not have
        self.answers[field_id] = clean_value(f, value)
        self._revision += 1
        # an answer once given clears its error; the others stay until Next
        self.errors = tuple(e for e in self.errors if e.target != field_id)

    def next(self) -> bool:
        """Check the current page; move on when it is fine. False when errors remain."""
        if self.screen is Screen.FORM:
            return self._next_page()
        if self.screen is Screen.MATERIALS:
            if any(self.materials.get(m.id) is None for m in self.applicable_materials()):
                self.material_error = MATERIALS_UNANSWERED
                return False
            self.material_error = None
            self.screen = Screen.CHECK
            return True
        return False

    def _next_page(self) -> bool:
        assert self.item is not None
        page = self.page
        if page is not None:
            problems = check_page(self.item, page.id, self.answers, self._today())
            self.errors = tuple(field_finding(self.item, p, page.id) for p in problems)
            if self.errors:
                return False
        pages = [p.id for p in self.visible_pages()]
        at = pages.index(self.page_id) if self.page_id in pages else -1
        if at + 1 < len(pages) and not self._back_to_check:
            self.page_id = pages[at + 1]
        else:
            self._back_to_check = False
            self.screen = Screen.CHECK if self._all_materials_answered() else Screen.MATERIALS
        return True

    def _all_materials_answered(self) -> bool:
        return bool(self.materials) and all(
            self.materials.get(m.id) is not None for m in self.applicable_materials()
        )

    def back(self) -> None:
        """One screen (or form page) back; answers are kept."""
        pages = [p.id for p in self.visible_pages()]
        if self.screen is Screen.SERVICES:
            self.reset()
        elif self.screen is Screen.INTRO:
            self.screen = Screen.SERVICES
        elif self.screen is Screen.FORM:
            self.errors = ()
            at = pages.index(self.page_id) if self.page_id in pages else 0
            if at > 0:
                self.page_id = pages[at - 1]
            else:
                self.screen = Screen.INTRO
        elif self.screen is Screen.MATERIALS:
            self.page_id = pages[-1] if pages else None
            self.screen = Screen.FORM
        elif self.screen is Screen.CHECK:
            self.screen = Screen.MATERIALS
        elif self.screen is Screen.RESULT and self.ticket is None:
            self.screen = Screen.CHECK

    def set_material(self, material_id: str, have: bool) -> None:
        if material_id not in {m.id for m in self.applicable_materials()}:
            raise KeyError(material_id)
        self.materials[material_id] = have
        self.material_error = None

    def change(self, page_id: str) -> None:
        """The "change" link of the check screen: back to a page, then back to check."""
        self.page_id = page_id
        self.errors = ()
        self._back_to_check = True
        self.screen = Screen.FORM

    def change_materials(self) -> None:
        self.screen = Screen.MATERIALS

    def jump(self, page_id: str) -> bool:
        """Assist mode (帮办): straight to any visible page of the form, going on from it
        as usual; the answers are kept. False when the item has no such page (now), or
        the ticket is issued (the declaration is done)."""
        if self.item is None or self.ticket is not None:
            return False
        if page_id not in {p.id for p in self.visible_pages()}:
            return False
        self.page_id, self.errors, self._back_to_check = page_id, (), False
        self.screen = Screen.FORM
        return True

    def jump_to_materials(self) -> bool:
        """Assist mode: straight to the materials checklist (False as for `jump`)."""
        if self.item is None or self.ticket is not None:
            return False
        self.material_error, self._back_to_check = None, False
        self.screen = Screen.MATERIALS
        return True

    def fix(self, target: str) -> None:
        """ "Fix now" on a finding: the field's page, or the materials checklist."""
        if self.item is None:
            return
        try:
            page = self.item.page_of(target)
        except KeyError:
            self.change_materials()
            return
        self.change(page.id)

    def submission(self) -> Submission:
        """What to submit; the caller runs it off the UI thread and calls `submitted`."""
        assert self.item is not None and self.screen is Screen.CHECK
        visible = self.visible_field_ids()
        have = {m.id: bool(self.materials.get(m.id)) for m in self.applicable_materials()}
        return Submission(
            self.item.id,
            {k: v for k, v in self.answers.items() if k in visible},
            have,
            self.submitted.reference if self.submitted else None,
        )

    def submitted_as(self, sub: Submitted) -> None:
        self.submitted = sub
        self.commitment_accepted = False
        self.signature = None
        self.screen = Screen.RESULT

    @property
    def may_take_ticket(self) -> bool:
        if self.submitted is None:
            return False
        return may_take_ticket(self.submitted.review.outcome, self.commitment_accepted)

    def accept_commitment(self, signature: Signature | None = None) -> None:
        """The commitment was accepted (the store has it); the journey keeps the signature
        for the paper to take home until the wipe (reset) drops it."""
        self.commitment_accepted = True
        self.signature = signature

    def ticketed(self, ticket: IssuedTicket) -> None:
        self.ticket = ticket
        self.screen = Screen.TICKET

    def finish(self) -> None:
        self.screen = Screen.FINISH
