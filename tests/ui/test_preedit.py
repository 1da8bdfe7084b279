"""Pinyin not yet chosen never outlives a change of view, language or applicant.

On the pinyin keyboard, letters stay a composition ("l n z", the preedit) until the
applicant picks a candidate. Qt commits a composition when the focus moves, and the
pinyin keyboard then commits its first candidate (lnz: 了你在), a phrase nobody chose;
tapping 老年证 while "l n z" was composed in the search crashed the kiosk that way. Only
what the applicant chose may be kept: a composition is dropped before a view changes,
the language switches or the privacy timeout forgets the applicant.

For every kind of typed field in the catalog (the first of each kind that an applicant
reaches on an item's first page; each part of an address) and for the services search:
a Hanzi is chosen, then "l n z" is left composed (on a keypad, digits are typed, which
are committed at once), and then, one scenario per test, the view changes, the language
switches, the applicant goes idle, or a tap keeps the view. Each ends on the screen the
core's own Journey says, with no composition left, and with only the chosen text stored
and shown. No QML or Qt warning either (the kiosk fixture and tests/ui/qt_messages.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtQuick import QQuickItem

from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.catalog.models import CHOICE_TYPES, FieldType
from kiosk.journey import Journey, Screen
from kiosk.resources import resource_path
from kiosk.samples import SAMPLES
from tests.ui.conftest import PINYIN, Kiosk, _descendants, call, type_pinyin
from ui.journey_rows import INPUT_HINTS

# Kinds of field with no text to type.
UNTYPED = CHOICE_TYPES | {FieldType.YES_NO}
ADDRESS_PARTS = ("province", "city", "district", "detail")
SEARCH = "search"
CHOSEN_HANZI = ("wang", "王")  # chosen from the candidates: kept
COMPOSED = "lnz"  # left composed: "l n z", never chosen
KEYPAD_TEXT = "2026"  # a keypad has no composition: digits are committed as typed


@dataclass(frozen=True)
class Target:
    """A text input an applicant reaches: a form field (or one part of an address)."""

    kind: str  # a FieldType value, or "search"
    item_id: str = ""
    field_id: str = ""
    part: str = ""  # the address part

    def __str__(self) -> str:
        if self.kind == SEARCH:
            return SEARCH
        where = f"{self.field_id}.{self.part}" if self.part else self.field_id
        return f"{self.kind}:{self.item_id}/{where}" if self.field_id else f"{self.kind}:none"

    @property
    def name(self) -> str:
        """The objectName of its input in the QML."""
        if self.kind == SEARCH:
            return "searchField"
        if self.part:
            return f"addr_{self.field_id}_{self.part}"
        return f"field_{self.field_id}"

    @property
    def pinyin(self) -> bool:
        """The keyboard's default (pinyin in Chinese) or a keypad without composition."""
        return self.kind == SEARCH or FieldType(self.kind) not in INPUT_HINTS

    def stored(self, answers: dict[str, Any]) -> Any:
        """What the journey keeps for this input ("" when nothing)."""
        value = answers.get(self.field_id, "")
        if self.part:
            return value.get(self.part, "") if isinstance(value, dict) else ""
        return value

    def answer(self, typed: str) -> Any:
        """The answer the form stores for `typed` in this input (an address: every part)."""
        if self.part:
            return {p: typed if p == self.part else "" for p in ADDRESS_PARTS}
        return typed


def form_targets(catalog: Catalog) -> list[Target]:
    """The first field of each typed kind shown on an item's first page from the start;
    a kind the catalog has but no applicant reaches that way is a target without a field
    (its tests fail and say so, rather than the kind going untested)."""
    found: dict[FieldType, list[Target]] = {}
    kinds = {f.type for i in catalog.items.values() for p in i.pages for f in p.fields} - UNTYPED
    for item_id in catalog.items:
        journey = Journey(catalog, date.today)
        journey.choose(item_id)
        journey.begin()
        page, visible = journey.page, journey.visible_field_ids()
        for f in page.fields if page else []:
            if f.type in kinds and f.type not in found and f.id in visible:
                parts = ADDRESS_PARTS if f.type is FieldType.ADDRESS else ("",)
                found[f.type] = [Target(f.type.value, item_id, f.id, part) for part in parts]
    return [t for kind in sorted(kinds) for t in found.get(kind, [Target(kind.value)])]


@cache
def _catalog() -> Catalog:
    """Collection cannot use fixtures: the `catalog` fixture's own loading, once."""
    return load_catalog(resource_path("catalog"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target" in metafunc.fixturenames:
        metafunc.parametrize("target", form_targets(_catalog()), ids=str)


# --- the applicant's hands ---------------------------------------------------------------


def preedit(keys: QObject) -> str:
    return str(call(keys, "preedit"))


def focus(k: Kiosk, keys: QObject, target: Target) -> QQuickItem:
    """Tap the input: it takes the focus and the keyboard opens, in its mode."""
    field = k.click(target.name)
    k.wait(lambda: field.hasActiveFocus() and k.keyboard().property("active"))
    if target.pinyin:
        k.wait(lambda: call(keys, "mode") == PINYIN, lambda: f"mode {call(keys, 'mode')}")
    else:
        k.wait(lambda: call(keys, "mode") != PINYIN, lambda: "a keypad with pinyin")
    k.settle()
    return field


def compose(k: Kiosk, keys: QObject, target: Target, *, choose: bool = True) -> str:
    """Into the focused input: choose 王, then leave "l n z" composed (a keypad: type
    digits, committed at once). Returns what the input holds as chosen."""
    field = k.window.activeFocusItem()
    assert field is not None and field.objectName() == target.name
    before = str(field.property("text"))
    if not target.pinyin:  # typed afresh: the keypad's Backspace, then the digits
        for _ in before:
            call(keys, "key", int(Qt.Key.Key_Backspace))
        for digit in KEYPAD_TEXT:
            call(keys, "press", digit)
        k.wait(lambda: field.property("text") == KEYPAD_TEXT, lambda: str(field.property("text")))
        assert preedit(keys) == ""
        return KEYPAD_TEXT
    if choose:
        type_pinyin(k, keys, *CHOSEN_HANZI)
    for letter in COMPOSED:
        call(keys, "press", letter)
    k.wait(lambda: preedit(keys) == "l n z", lambda: preedit(keys))
    chosen = before + (CHOSEN_HANZI[1] if choose else "")
    assert field.property("text") == chosen  # the composition is not in the text
    return chosen


def compose_again(k: Kiosk, keys: QObject, target: Target, twin: Journey) -> str:
    """Tap the input and compose once more, choosing nothing. A keypad's digits are
    committed, so the twin is answered with them too. Returns the input's chosen text."""
    focus(k, keys, target)
    chosen = compose(k, keys, target, choose=False)
    if not target.pinyin:
        twin.answer(target.field_id, target.answer(chosen))
    return chosen


def open_form(k: Kiosk, keys: QObject, target: Target) -> None:
    assert target.field_id, f"no applicant reaches a {target.kind} field on a first page"
    k.choose(target.item_id)
    k.click("beginButton")
    k.wait_screen("form")


def hide_key(k: Kiosk) -> QQuickItem | None:
    """The keyboard's own "hide" key, when the layout shown has one."""
    for item in _descendants(k.keyboard()):
        if item.metaObject().className().startswith("HideKeyboardKey") and k._shown(item):
            return item
    return None


# --- what must hold afterwards -----------------------------------------------------------


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, Iterable):
        for v in value:
            yield from strings(v)


def hanzi(values: Iterable[str]) -> set[str]:
    return {ch for s in values for ch in s if "\u3400" <= ch <= "\u9fff"}


def twin(catalog: Catalog, k: Kiosk, target: Target, typed: str) -> Journey:
    """The core's journey given what the applicant chose: where the kiosk must be."""
    journey = Journey(catalog, k.journey.journey.today)
    journey.choose(target.item_id)
    journey.begin()
    if typed:
        journey.answer(target.field_id, target.answer(typed))
    return journey


def assert_settled(k: Kiosk, keys: QObject, target: Target, chosen: str, twin: Journey) -> None:
    """On the twin's screen (and page, with its errors), nothing composed, only the
    chosen text stored and shown."""
    k.settle()
    j = k.journey.journey
    assert (j.screen, j.page_id) == (twin.screen, twin.page_id)
    assert {e.target for e in j.errors} == {e.target for e in twin.errors}
    assert preedit(keys) == ""
    assert hanzi(strings(j.answers)) <= hanzi([chosen]), j.answers  # no unchosen phrase
    if j.screen is Screen.HOME:
        assert j.answers == {}
        return
    assert target.stored(j.answers) == chosen
    field = k.find(target.name)
    if field is not None:  # shown: with the chosen text only
        assert (field.property("text"), field.property("preeditText")) == (chosen, "")


# --- form fields -------------------------------------------------------------------------


def test_next_back_and_an_error_link_drop_the_composition(
    kiosk: Kiosk, keys: QObject, catalog: Catalog, target: Target
) -> None:
    k = kiosk
    open_form(k, keys, target)
    focus(k, keys, target)
    chosen = compose(k, keys, target)
    k.click("nextButton")  # the page's other fields are empty: it stays, with errors
    expected = twin(catalog, k, target, chosen)
    expected.next()
    assert expected.errors, "a first page with one field: Next would leave it"
    assert_settled(k, keys, target, chosen, expected)

    # The keyboard's own hide key keeps the composition; the error summary then shows,
    # and an entry moves the focus to its field: the composition is dropped, not committed.
    chosen = compose_again(k, keys, target, expected)
    key = hide_key(k)
    assert key is not None or not target.pinyin, "the pinyin keyboard has no hide key"
    if key is not None:
        k.tap(key)
        k.wait(lambda: not k.keyboard().property("active"))
        k.settle()
        k.click(f"error_{_error_link(k, target)}")
        k.settle()
        assert_settled(k, keys, target, chosen, expected)

    chosen = compose_again(k, keys, target, expected)
    k.click("backButton")
    k.wait_screen("intro")
    expected.back()
    assert_settled(k, keys, target, chosen, expected)


def test_a_language_switch_drops_the_composition(
    kiosk: Kiosk, keys: QObject, catalog: Catalog, target: Target
) -> None:
    """English and back: each switch drops what is composed (the English keyboard's too)."""
    k = kiosk
    open_form(k, keys, target)
    focus(k, keys, target)
    chosen = compose(k, keys, target)
    expected = twin(catalog, k, target, chosen)
    k.click("lang_en_US")
    k.wait(lambda: k.shell.language == "en_US")
    assert_settled(k, keys, target, chosen, expected)
    # A form's field keeps its own keyboard (pinyin for names, whatever the screen's
    # language; English for credit codes); the search follows the screen.
    own = "en_GB" if target.kind in (SEARCH, "credit_code") else "zh_CN"
    assert call(keys, "locale") == own

    field = k.click(target.name)
    k.wait(lambda: field.hasActiveFocus() and k.keyboard().property("active"))
    for key in "ab" if target.pinyin else KEYPAD_TEXT:
        call(keys, "press", key)
    k.wait(lambda: len(str(field.property("text")) + preedit(keys)) > len(chosen))
    chosen = str(field.property("text"))  # what the English keyboard committed, if any
    k.click("lang_zh_CN")
    k.wait(lambda: k.shell.language == "zh_CN")
    assert_settled(k, keys, target, chosen, twin(catalog, k, target, chosen))
    focus(k, keys, target)  # the pinyin keyboard again (a keypad for a keypad's field)
    assert call(keys, "locale") == ("en_GB" if target.kind == "credit_code" else "zh_CN")


def test_the_privacy_timeout_drops_the_composition_with_the_applicant(
    kiosk: Kiosk, keys: QObject, catalog: Catalog, target: Target
) -> None:
    k = kiosk
    open_form(k, keys, target)
    focus(k, keys, target)
    chosen = compose(k, keys, target)
    expected = twin(catalog, k, target, chosen)

    # "Do you need more time?": the keyboard closes over the dialog; "continue" keeps
    # what was chosen, and the composition goes with the keyboard.
    k.idle.ask_now()
    k.wait(lambda: k.popup("idleDialog").property("opened") and not k.keyboard().isVisible())
    k.click("idleContinue")
    k.wait(lambda: not k.idle.warning)
    assert_settled(k, keys, target, chosen, expected)

    compose_again(k, keys, target, expected)
    k.idle.expire_now()
    k.wait_screen("home")
    expected.reset()
    assert_settled(k, keys, target, "", expected)
    assert k.declarations() == []
    k.click("startButton")  # the next applicant finds nothing composed either
    k.wait_screen("services")
    assert preedit(keys) == "" and k.text("searchField") == ""


def test_taps_that_keep_the_view_drop_the_composition(
    kiosk: Kiosk, keys: QObject, catalog: Catalog, target: Target
) -> None:
    """A button that keeps the view (large text, the attendant) closes the keyboard; a
    tap on the field itself or on another field moves the cursor or the focus: each
    would have committed the first candidate."""
    k = kiosk
    open_form(k, keys, target)
    focus(k, keys, target)
    chosen = compose(k, keys, target)
    expected = twin(catalog, k, target, chosen)
    others = [n for n in _text_inputs(k) if n != target.name]
    assert others, "a first page with one text input"
    taps = (target.name, others[0], "callAttendant", "largeText")
    for tap in taps:
        k.click(tap)
        k.settle()
        assert_settled(k, keys, target, chosen, expected)
        if tap != taps[-1]:
            chosen = compose_again(k, keys, target, expected)


def test_a_change_link_then_next_keeps_only_what_was_chosen(
    kiosk: Kiosk, keys: QObject, catalog: Catalog
) -> None:
    """From the check screen, "change" opens a page; a composition left in one of its
    fields when Next returns to the check screen is not among the answers shown there."""
    k = kiosk
    item_id = next(i for i in catalog.items if i in SAMPLES)
    answers = SAMPLES[item_id]()
    page = catalog[item_id].pages[0]
    field = next(
        f for f in page.fields if f.type is FieldType.TEXT and isinstance(answers.get(f.id), str)
    )
    k.choose(item_id)
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(answers)
    k.tick_materials()
    k.click(f"change_{page.id}")
    k.wait_screen("form")
    target = Target(field.type.value, item_id, field.id)
    focus(k, keys, target)
    chosen = compose(k, keys, target, choose=False)
    assert chosen == answers[field.id]
    k.click("nextButton")
    k.wait_screen("check")
    assert preedit(keys) == ""
    assert k.journey.journey.answers[field.id] == answers[field.id]
    label = field.label.get("zh_CN")
    shown = [a["value"] for p in k.journey.answerPages.rows() for a in p["answers"]]
    rows = [a for p in k.journey.answerPages.rows() for a in p["answers"] if a["label"] == label]
    assert [a["value"] for a in rows] == [answers[field.id]], shown


# --- the services search -----------------------------------------------------------------


def open_search(k: Kiosk, keys: QObject) -> QQuickItem:
    k.click("startButton")
    k.wait_screen("services")
    field = focus(k, keys, Target(SEARCH))
    for letter in COMPOSED:
        call(keys, "press", letter)
    k.wait(lambda: preedit(keys) == "l n z")
    k.wait(lambda: k.journey.query == "l n z")  # the list follows the composition
    return field


def assert_search_settled(k: Kiosk, keys: QObject, screen: str) -> None:
    k.settle()
    assert k.journey.screen == screen
    assert preedit(keys) == ""
    assert k.journey.journey.answers == {}
    if screen == "services":
        assert k.text("searchField") == "" and k.journey.query == ""


def test_tapping_a_search_result_opens_it(kiosk: Kiosk, keys: QObject) -> None:
    """The crash: "l n z" composed, 老年证 tapped. The tapped item opens, whole."""
    k = kiosk
    open_search(k, keys)
    k.wait(lambda: k.journey.services.rows()[0]["itemId"] == "elderly-card")
    k.click("item_elderly-card")
    k.wait_screen("intro")
    assert_search_settled(k, keys, "intro")
    assert k.journey.itemId == "elderly-card" and "老年" in k.text("itemName")


def test_tapping_the_last_of_many_results_opens_that_one(
    kiosk: Kiosk, keys: QObject, catalog: Catalog
) -> None:
    """With one letter composed the list is long; the list changes when the composition
    is dropped, after the tap: the item under the finger opens, not its successor."""
    k = kiosk
    k.click("startButton")
    k.wait_screen("services")
    k.wait(lambda: k.journey.services.count == len(catalog.items))
    unfiltered = [r["itemId"] for r in k.journey.services.rows()]
    focus(k, keys, Target(SEARCH))
    call(keys, "press", "s")
    k.wait(lambda: preedit(keys) == "s" and k.journey.query == "s")
    k.settle()
    rows = [r["itemId"] for r in k.journey.services.rows()]
    last = rows[-1]
    assert unfiltered[len(rows) - 1] != last, "the same item there in the list without it"
    k.click(f"item_{last}")
    k.wait_screen("intro")
    assert_search_settled(k, keys, "intro")
    assert k.journey.itemId == last


def test_a_category_or_back_drops_the_search_composition(kiosk: Kiosk, keys: QObject) -> None:
    k = kiosk
    open_search(k, keys)
    k.click("category_personal")
    k.wait(lambda: k.journey.category == "personal")
    assert_search_settled(k, keys, "services")
    k.wait(lambda: {r["category"] for r in k.journey.services.rows()} == {"personal"})
    focus(k, keys, Target(SEARCH))
    for letter in COMPOSED:
        call(keys, "press", letter)
    k.wait(lambda: preedit(keys) == "l n z")
    k.click("backButton")
    k.wait_screen("home")
    assert_search_settled(k, keys, "home")


def test_a_language_switch_drops_the_search_composition(kiosk: Kiosk, keys: QObject) -> None:
    k = kiosk
    open_search(k, keys)
    k.click("lang_en_US")
    k.wait(lambda: k.shell.language == "en_US")
    assert_search_settled(k, keys, "services")
    k.click("lang_zh_CN")
    k.wait(lambda: k.shell.language == "zh_CN")
    assert_search_settled(k, keys, "services")
    assert len(k.journey.services.rows()) == len(k.app.terminal.catalog.items)


def test_the_privacy_timeout_drops_the_search_composition(kiosk: Kiosk, keys: QObject) -> None:
    k = kiosk
    open_search(k, keys)
    k.idle.expire_now()
    k.wait_screen("home")
    assert_search_settled(k, keys, "home")


# --- helpers -----------------------------------------------------------------------------


def _error_link(k: Kiosk, target: Target) -> str:
    """The field of an entry of the error summary: another text input's, if any."""
    inputs = _text_inputs(k)
    fields = [r["fieldId"] for r in k.journey.errors.rows()]
    others = [f for f in fields if f != target.field_id and f"field_{f}" in inputs]
    return (others or fields)[0]


def _text_inputs(k: Kiosk) -> list[str]:
    """The objectNames of the text inputs shown on the form page, in page order."""
    names = []
    for row in k.field_rows():
        if row["type"] == "address":
            names += [f"addr_{row['fieldId']}_{p}" for p in ADDRESS_PARTS]
        elif FieldType(row["type"]) not in UNTYPED:
            names.append(f"field_{row['fieldId']}")
    return names
