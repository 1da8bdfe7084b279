"""Thousands of random touches in one kiosk: no crash, no warning, every invariant kept.

A seeded walk taps random points of the window and random shown, enabled items (the
buttons, the fields, the list rows, the keys and candidates of the on-screen keyboard),
presses random keys into the focused item, composes pinyin (sometimes choosing a
candidate), switches the language, toggles large text and lets the privacy timeout fire.
A bias drives it on (start, a sampled item, its form filled with kiosk.samples' answers,
Next, the materials, submit, the ticket, finish) so that every screen is reached, with
the keyboard open and closed. After every step: no QML or Qt warning, the screen is a
known one and shown, the store has no ticket without a declaration that may take one,
and no phrase appears in an answer but by the applicant's choice.

Replayable: the walk depends on the seed only (every step waits until the kiosk is idle;
the app's own timers are lengthened out of the way), `KIOSK_RANDOM_SEED=<n>` replays or
tries another walk, `KIOSK_RANDOM_STEPS` changes its length. A failure names the seed
and the step; after a crash, `random-touch.log` in the test's temporary folder has them.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtQuick import QQuickItem
from sqlalchemy import select

from kiosk.modes import Mode
from kiosk.prereview import Outcome, may_take_ticket
from kiosk.samples import SAMPLES
from kiosk.store.models import Declaration, Ticket
from tests.ui import qt_messages
from tests.ui.conftest import PINYIN, Kiosk, _address, call, candidates
from tests.ui.signing import sign
from ui.navigator_model import MODE_VIEWS, SCREEN_VIEWS

SEED = int(os.environ.get("KIOSK_RANDOM_SEED", "20261126"))
STEPS = int(os.environ.get("KIOSK_RANDOM_STEPS", "2000"))
SCREENS = frozenset(SCREEN_VIEWS)
UNTYPED = frozenset({"single_choice", "multiple_choice", "yes_no"})
ADDRESS_PARTS = ("province", "city", "district", "detail")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PINYIN_LETTERS = "lnzwangshijyu"  # syllables with many candidates
LONG = 24 * 3600 * 1000  # ms: the app's timers never fire during the walk


def hanzi(value: Any) -> set[str]:
    """Every CJK character in an answer (strings, lists, dicts of them)."""
    if isinstance(value, str):
        return {ch for ch in value if "\u3400" <= ch <= "\u9fff"}
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, Iterable):
        return set().union(*(hanzi(v) for v in value))
    return set()


@dataclass
class Walk:
    """The walk's state: its hands on the kiosk, its randomness, what it has seen."""

    k: Kiosk
    keys: QObject
    rng: random.Random
    qtlog: Any
    qml_warnings: list[str]
    visited: set[str] = field(default_factory=set)
    keyboard_states: set[tuple[str, bool]] = field(default_factory=set)
    actions: list[str] = field(default_factory=list)
    seen_records: int = 0
    before: set[str] = field(default_factory=set)  # the answers' Hanzi before the step
    _loader: QQuickItem | None = None

    # --- what is on the screen ----------------------------------------------------------

    def loader(self) -> QQuickItem:
        """The window's screen Loader (it lives as long as the window)."""
        if self._loader is None:
            (self._loader,) = self.k.all("screenLoader")
        return self._loader

    def items(self) -> Iterator[QQuickItem]:
        return self.k.shown_items()

    def _modal_popup(self) -> QQuickItem | None:
        """The open popup on the window's overlay, if any (what Qt Quick Controls put there
        while a popup shows)."""
        for layer in self.k.window.contentItem().childItems():
            if layer.metaObject().className().startswith("QQuickOverlay"):
                shown = [c for c in layer.childItems() if c.isVisible()]
                return shown[-1] if shown else None
        return None

    def tappable(self) -> list[tuple[str, QQuickItem]]:
        """The shown, enabled items a finger can hit: buttons, fields, the keyboard's keys
        and candidates; each with what it is."""
        panel = _address(self.k.keyboard())
        found: list[tuple[str, QQuickItem]] = []
        # (item, inside the keyboard, levels below the keyboard's candidate list)
        stack: list[tuple[QQuickItem, bool, int]] = [(self.k.window.contentItem(), False, -1)]
        # An open modal popup (the date picker) takes every tap: only what is on it.
        modal = self._modal_popup()
        if modal is not None:
            stack = [(modal, False, -1)]
        while stack:
            item, in_panel, below = stack.pop()
            if not item.isVisible():
                continue
            in_panel = in_panel or _address(item) == panel
            if in_panel and item.objectName() == "wordCandidateView":
                below = 0
            children = reversed(item.childItems())
            stack.extend((c, in_panel, below + 1 if below >= 0 else -1) for c in children)
            if not item.isEnabled() or item.width() < 1 or item.height() < 1:
                continue
            # No QMetaObject is kept in a variable: a traceback would keep its wrapper, and
            # PySide would hand it out for a later object at the same address.
            if item.metaObject().className().startswith("BigButton"):
                found.append((f"button {item.objectName() or item.property('text')!r}", item))
            elif item.inherits("QQuickTextInput") or item.inherits("QQuickTextEdit"):
                if not in_panel:  # ours (the keyboard has inputs of its own)
                    found.append((f"field {item.objectName()}", item))
            elif in_panel and item.metaObject().indexOfProperty("key") >= 0:
                found.append((f"key {item.property('text')!r}", item))
            elif below == 2:  # the view, its content item, a delegate
                found.append((f"candidate {item.property('display')!r}", item))
        return [(what, item) for what, item in found if self.k.in_view(item)]

    # --- the steps -----------------------------------------------------------------------

    def tap_point(self) -> str:
        w, h = self.k.window.width(), self.k.window.height()
        point = QPoint(self.rng.randrange(w), self.rng.randrange(h))
        panel = self.k.keyboard()
        on_keyboard = panel.isVisible() and panel.contains(panel.mapFromScene(point.toPointF()))
        self.k.tap_at(point)
        return f"tap {'key ' if on_keyboard else ''}at {point.x()},{point.y()}"

    def tap_item(self) -> str:
        shown = self.tappable()
        if not shown:
            return self.tap_point()
        what, item = self.rng.choice(shown)
        self.k.tap(item)
        return f"tap {what}"

    def tap_keyboard(self) -> str:
        """A key or a candidate of the keyboard (opened first by a tap on a field)."""
        opened = self._open_keyboard()
        keys = [(w, i) for w, i in self.tappable() if w.startswith(("key", "candidate"))]
        if not keys:
            return self.tap_item()
        what, item = self.rng.choice(keys)
        self.k.tap(item)
        return f"tap {what}{opened}"

    def _open_keyboard(self) -> str:
        """With the keyboard closed, tap a shown field: it opens. Nothing the applicant did
        not choose may come of that tap (a composition elsewhere is dropped)."""
        k = self.k
        if k.keyboard().property("active"):
            return ""
        fields = [(w, i) for w, i in self.tappable() if w.startswith("field")]
        if not fields:
            return ""
        what, item = self.rng.choice(fields)
        k.tap(item)
        k.wait(lambda: k.keyboard().property("active"), lambda: f"{what}: no keyboard")
        self.quiesce()
        new = hanzi(k.journey.journey.answers) - self.before
        assert not new, f"{what} brought {sorted(new)} into the answers"
        return f" (after a tap on {what})"

    def press(self) -> str:
        roll = self.rng.random()
        if roll < 0.15:
            self.k.press(Qt.Key.Key_Backspace)
            return "press Backspace"
        if roll < 0.22:
            self.k.press(Qt.Key.Key_Return, "\r")
            return "press Enter"
        char = self.rng.choice(LETTERS + "0123456789")
        self.k.key(char)
        return f"press {char}"

    def compose(self) -> str:
        """Keys pressed through the keyboard's engine into a field (tapped first if the
        keyboard is closed): pinyin, sometimes a candidate chosen; digits on a keypad."""
        opened = self._open_keyboard()
        if not self.k.keyboard().property("active"):
            return self.tap_item()
        if call(self.keys, "mode") != PINYIN:
            digits = "".join(self.rng.choice("0123456789") for _ in range(self.rng.randint(1, 4)))
            for digit in digits:
                call(self.keys, "press", digit)
            return f"compose {digits!r} on a keypad{opened}"
        letters = "".join(self.rng.choice(PINYIN_LETTERS) for _ in range(self.rng.randint(1, 3)))
        for letter in letters:
            call(self.keys, "press", letter)
        self.k.settle()
        shown = [c for c in candidates(self.keys) if c][:6]
        if shown and self.rng.random() < 0.4:
            at = self.rng.randrange(len(shown))
            call(self.keys, "pick", at)
            return f"compose {letters!r}, choose {shown[at]!r}{opened}"
        return f"compose {letters!r}{opened}"

    def language(self) -> str:
        other = "lang_zh_CN" if self.k.shell.language == "en_US" else "lang_en_US"
        self.k.click(other)
        return f"tap {other}"

    def large_text(self) -> str:
        self.k.click("largeText")
        return "tap largeText"

    def idle(self) -> str:
        if self.rng.random() < 0.5:
            self.k.idle.expire_now()
            return "privacy timeout"
        self.k.idle.ask_now()
        if self.k.idle.warning:  # only with an applicant there
            self.k.wait(lambda: self.k.popup("idleDialog").property("opened"))
            self.k.settle()
            if self.rng.random() < 0.5:
                self.k.click("idleContinue")
                return "asked, continue"
            self.k.idle.expire_now()
            return "asked, timeout"
        return "asked (nobody there)"

    def answer_call_question(self) -> str:
        """A tap on the open call asks "cancel the call?" (modal): the next step answers."""
        self.k.wait(lambda: self.k.popup("cancelCallDialog").property("opened"))
        self.k.settle()
        answer = self.rng.choice(("helpKeepWaiting", "helpCancelConfirm"))
        self.k.click(answer)
        return f"tap {answer}"

    def restart_asked(self) -> bool:
        """重新开始 was tapped: its question (modal) is open."""
        return any(
            o.objectName() == "restartDialog" and o.property("opened") for o in self.k._objects()
        )

    def answer_restart_question(self) -> str:
        answer = self.rng.choice(("restartKeep", "restartConfirm"))
        self.k.settle()
        self.k.click(answer)
        self.k.wait(lambda: not self.restart_asked())
        return f"tap {answer}"

    def progress(self) -> str:
        """One step deeper, as an applicant who knows what to do."""
        if self._modal_popup() is not None:  # the date picker open: closed first
            self.k.press(Qt.Key.Key_Escape)
            self.k.wait(lambda: self._modal_popup() is None, lambda: "the popup stays open")
            return "close the popup"
        if self.k.app.nav.mode == "progress":
            return self._on_progress()
        if self.k.app.nav.mode == "check_in":
            return self._on_check_in()
        screen = self.k.journey.screen
        return getattr(self, f"_on_{screen}")()

    def _on_progress(self) -> str:
        """A lookup tried (whatever the fields hold), or back home to declare."""
        if self.rng.random() < 0.5:
            self.k.click("lookupSubmit")
            return "look up"
        self.k.click("lookupHome")
        return "lookup: home"

    def _on_check_in(self) -> str:
        """The Saturday appointments (offline here): the declaration instead, or home."""
        if self.k.find("declareInstead") is not None and self.rng.random() < 0.5:
            self.k.click("declareInstead")
            return "appointments: declare instead"
        self.k.click("appointmentHome")
        return "appointments: home"

    # --- progress, screen by screen ------------------------------------------------------

    def _hide_key(self) -> QQuickItem | None:
        """The keyboard's own hide key, once its layout is laid out (sized)."""
        for item in self.items():
            if (
                item.metaObject().className().startswith("HideKeyboardKey")
                and item.width() > 0
                and item.height() > 0
                and self.k.in_view(item)
            ):
                return item
        return None

    def _hide_keyboard(self) -> None:
        """Tap the keyboard's hide key, so that the whole screen shows. A popup of the
        keyboard (its list of languages, a key's alternatives) takes the first tap."""
        k = self.k
        for _ in range(3):
            if not k.keyboard().property("active"):
                break
            k.wait(lambda: self._hide_key() is not None, lambda: "no hide key shows")
            key = self._hide_key()
            assert key is not None
            k.tap(key)
            k.settle()
        k.wait(lambda: not k.keyboard().property("active"), lambda: "the keyboard stays open")
        k.settle()

    def _on_home(self) -> str:
        self.k.click("startButton")
        return "tap startButton"

    def _on_services(self) -> str:
        self._hide_keyboard()
        item_id = self.rng.choice(sorted(SAMPLES))
        shown = {r["itemId"] for r in self.k.journey.services.rows()}
        if item_id not in shown:  # a search or a category hides it: show them all
            if self.k.journey.category:
                self.k.click("category_all")
                return "tap category_all"
            self.k.type_into("searchField", "")
            return "clear the search"
        self.k.click(f"item_{item_id}")
        return f"tap item_{item_id}"

    def _on_intro(self) -> str:
        self._hide_keyboard()
        if self.k.journey.itemId in SAMPLES:
            self.k.click("beginButton")
            return "tap beginButton"
        self.k.click("backButton")
        return "tap backButton"

    def _on_form(self) -> str:
        self._hide_keyboard()
        item_id = self.k.journey.itemId
        if item_id not in SAMPLES:
            self.k.click("backButton")
            return "tap backButton"
        self.fill_page(SAMPLES[item_id]())
        self._hide_keyboard()
        self.k.click("nextButton")
        return "fill the page, tap nextButton"

    def _on_materials(self) -> str:
        for row in self.k.journey.materials.rows():
            missing = self.rng.random() < 0.15
            self.k.click(f"material_{row['materialId']}_{'missing' if missing else 'have'}")
        self.k.click("nextButton")
        return "tick the materials, tap nextButton"

    def _on_check(self) -> str:
        self.k.click("submitButton")
        return "tap submitButton"

    def _on_result(self) -> str:
        j = self.k.journey
        if j.outcome == "passed_with_deficiency" and not j.commitmentAccepted:
            sign(self.k)
            return "sign and tap acceptCommitment"
        if j.mayTakeTicket:
            self.k.click("takeTicket")
            return "tap takeTicket"
        self.k.click("startOver")
        self.k.wait(self.restart_asked)
        self.k.settle()
        self.k.click("restartConfirm")
        return "tap startOver, then restartConfirm"

    def _on_ticket(self) -> str:
        self.k.click("finishButton")
        return "tap finishButton"

    def _on_finish(self) -> str:
        self.k.click("homeButton")
        return "tap homeButton"

    def fill_page(self, answers: dict[str, Any]) -> None:
        """The sample answers into the page's fields, through their widgets; text that
        the sample does not have (typed at random) is emptied."""
        k = self.k
        for _ in range(30):  # answers make other fields appear: until none is left
            todo = [
                (row, want)
                for row in k.field_rows()
                if (want := self._wanted(row, answers)) is not None
            ]
            if not todo:
                return
            row, want = todo[0]
            self._answer(row, want)
            k.wait(lambda row=row: self._wanted(row, answers) is None, lambda row=row: str(row))

    def _answer(self, row: dict[str, Any], want: Any) -> None:
        """Give one field its answer through its widgets."""
        k, fid, kind = self.k, row["fieldId"], row["type"]
        if kind == "multiple_choice":
            have = set(k.journey.journey.answers.get(fid) or [])
            for choice in sorted(have ^ set(want)):
                self._reach(lambda c=choice: k.click(f"choice_{fid}_{c}"))
        elif kind == "single_choice":
            self._reach(lambda: k.click(f"choice_{fid}_{want}"))
        elif kind == "yes_no":
            self._reach(lambda: k.click(f"{'yes' if want else 'no'}_{fid}"))
        elif kind == "address":
            for part in ADDRESS_PARTS:
                text = want[part] if want else ""
                self._reach(lambda p=part, t=text: k.type_into(f"addr_{fid}_{p}", t))
        else:
            self._reach(lambda: k.type_into(f"field_{fid}", want))

    def _reach(self, tap: Callable[[], object]) -> None:
        """Tap a field or a choice; one that does not show beside the open keyboard (with
        large text, less than one field may) after the keyboard is closed, as an
        applicant does to see the form."""
        try:
            tap()
        except AssertionError as error:
            if "cannot be brought into view" not in str(error):
                raise
            self._hide_keyboard()
            tap()

    def _wanted(self, row: dict[str, Any], answers: dict[str, Any]) -> Any:
        """What a field must be given to hold the sample's answer; None when it does."""
        fid, kind = row["fieldId"], row["type"]
        have = self.k.journey.journey.answers.get(fid)
        want = answers.get(fid)
        if kind in UNTYPED and want is None:
            return None  # a choice the sample does not make: whatever was tapped
        if kind == "multiple_choice":
            return want if set(have or []) != set(want) else None
        if kind == "address":
            empty = not have or not any(have.values())
            if want is None or want == "":
                return None if empty else ""
            return want if have != want else None
        if want is None or want == "":
            return "" if have else None
        return want if have != want else None

    # --- after every step ---------------------------------------------------------------

    def quiesce(self) -> None:
        """Until the lanes' work is delivered and a frame shows the result."""
        j = self.k.journey
        app = self.k.app
        self.k.wait(
            lambda: (
                not j.busy
                and not j.printing
                and not app.lookup.property("busy")
                and not app.appointment.property("busy")
                and app.rating.property("state") != "sending"
            ),
            lambda: "the kiosk stays busy",
        )
        self.k.settle()

    def check(self, before: set[str], chose: bool) -> None:
        k = self.k
        j = k.journey.journey
        screen = k.journey.screen
        mode = k.app.nav.mode
        # The applicant's journey, or the progress lookup or the appointments over it (the
        # home screen's).
        assert mode in ("applicant", "progress", "check_in"), (mode, k.app.nav.reason)
        if mode in ("progress", "check_in"):
            assert screen == "home", screen
            screen, view = mode, MODE_VIEWS[Mode(mode)]
        else:
            assert screen in SCREENS, screen
            view = SCREEN_VIEWS[screen]
        assert k.app.nav.view == view
        loader = self.loader()
        shown = loader.property("item")
        assert shown is not None and shown.isVisible() and loader.property("progress") == 1.0
        assert str(loader.property("source").toString()).endswith(view)
        self.visited.add(screen)
        self.keyboard_states.add((screen, bool(k.keyboard().property("active"))))
        # Warnings: QML's, and Qt's at warning level (the known noise excepted).
        assert self.qml_warnings == [], self.qml_warnings
        records = self.qtlog.records
        new, self.seen_records = records[self.seen_records :], len(records)
        loud = [r.message for r in new if r.matches_level("WARNING") and not r.ignored]
        assert loud == [], loud
        # 预审通过后取号: no ticket without a declaration that may take one.
        query = select(Ticket.number, Declaration.outcome, Declaration.commitment_accepted_at)
        with k.app.terminal.store.session() as s:
            for number, outcome, accepted_at in s.execute(query.join(Ticket.declaration)):
                accepted = accepted_at is not None
                assert may_take_ticket(Outcome(outcome), accepted), (number, outcome)
        if j.ticket is not None:
            assert j.submitted is not None and j.may_take_ticket
        if screen == "ticket":
            assert j.ticket is not None
        # Only what the applicant chose: no phrase appears in an answer unless chosen.
        if not chose:
            assert hanzi(j.answers) <= before, sorted(hanzi(j.answers) - before)


Step = Callable[[], str]


def test_random_touches_keep_the_kiosk_whole(
    kiosk: Kiosk, keys: QObject, qtlog: Any, tmp_path: Path
) -> None:
    k = kiosk
    qml_warnings: list[str] = []
    k.app.engine.warnings.connect(lambda ws: qml_warnings.extend(qt_messages.qml_warnings(ws)))
    for timer in (*k.idle.timers, *k.app.nav.timers):
        timer.setInterval(LONG)  # only the walk changes the state (the timeout: a step)
    # No demo card button: the reader's process would fill a form from its card a poll
    # after the tap, in whatever step came next (tests/ui/test_id_card.py has the card).
    k.app.id_card.attach(demo_place=None)
    with open(tmp_path / "random-touch.log", "w", buffering=1, encoding="utf-8") as log:
        walk = Walk(k, keys, random.Random(SEED), qtlog, qml_warnings)
        weighted: list[tuple[Step, float]] = [
            (walk.tap_point, 12),
            (walk.tap_item, 25),
            (walk.tap_keyboard, 12),
            (walk.press, 10),
            (walk.compose, 10),
            (walk.language, 1.5),
            (walk.large_text, 1.5),
            (walk.idle, 0.6),
            (walk.progress, 20),
        ]
        steps, weights = zip(*weighted, strict=True)
        print(f"random touch: seed {SEED}, {STEPS} steps")
        log.write(f"seed {SEED}, {STEPS} steps\n")
        for n in range(STEPS):
            step = walk.rng.choices(steps, weights)[0]
            if k.help.confirming:  # nothing behind the modal question takes a tap
                step = walk.answer_call_question
            elif k.journey.screen == "result" and walk.restart_asked():
                step = walk.answer_restart_question
            before = walk.before = hanzi(k.journey.journey.answers)
            where = k.journey.screen
            log.write(f"{n} {where}: {step.__name__}… ")  # kept if the kiosk crashes here
            what = step.__name__
            try:
                what = step()
                log.write(f"{what}\n")
                walk.quiesce()
                # Keyboard input and the sample answers may bring new Hanzi; nothing else.
                chose = what.startswith(("compose", "tap key", "tap candidate", "fill", "press"))
                walk.check(before, chose)
            except Exception as error:
                recent = "\n  ".join(walk.actions[-15:])
                raise AssertionError(
                    f"step {n} ({what}, on {where}) of the walk with seed {SEED}"
                    f" (replay: KIOSK_RANDOM_SEED={SEED}); the steps before:\n  {recent}"
                ) from error
            walk.actions.append(f"{where}: {what}")
    assert walk.visited >= SCREENS, f"never shown: {sorted(SCREENS - walk.visited)}"
    opened = {screen for screen, active in walk.keyboard_states if active}
    assert {"services", "form"} <= opened, walk.keyboard_states
