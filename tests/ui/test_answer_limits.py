"""The form's inputs stop at the answer's limit, as the core does: what the screen shows
is what is stored. A paste (one input-method commit) far past the limit is cut, in a
long text box (a TextArea has no maximumLength: the cut answer comes back to it) and in
each address part (their maximumLength is the row's limit)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QInputMethodEvent

from kiosk.catalog.models import FieldType
from kiosk.text import ANSWER_MAX_CHARS
from tests.ui.conftest import Kiosk
from tests.ui.test_preedit import _catalog, form_targets, open_form

LIMITED = [t for t in form_targets(_catalog()) if t.kind in ("long_text", "address")]
assert {FieldType(t.kind) for t in LIMITED} == {FieldType.LONG_TEXT, FieldType.ADDRESS}


def commit(text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(QGuiApplication.focusObject(), event)


@pytest.mark.parametrize("target", LIMITED, ids=str)
def test_a_paste_past_the_limit_is_cut_on_screen_and_in_the_answer(
    kiosk: Kiosk, keys: Any, target: Any
) -> None:
    k = kiosk
    open_form(k, keys, target)
    field = k.click(target.name)
    k.wait(lambda: field.hasActiveFocus())
    item = k.app.terminal.catalog[target.item_id]
    f = next(f for f in item.fields() if f.id == target.field_id)
    limit = min(ANSWER_MAX_CHARS[f.type.value], f.max_length or 10**9)
    commit("临" * (limit + 500))
    k.wait(lambda: len(str(field.property("text"))) == limit, lambda: len(field.property("text")))
    k.wait(
        lambda: target.stored(k.journey.journey.answers) == "临" * limit,
        lambda: len(target.stored(k.journey.journey.answers)),
    )
