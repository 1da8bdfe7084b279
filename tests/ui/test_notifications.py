"""View-models notify what changed: a keystroke is one form-state computation and the
field's own row, not every list and property of the journey."""

from __future__ import annotations

from typing import Any

import pytest

import kiosk.journey as journey_module
from tests.ui.conftest import Kiosk

SIGNALS = (
    "screenChanged",
    "itemChanged",
    "pageChanged",
    "categoryChanged",
    "queryChanged",
    "materialErrorChanged",
    "reviewChanged",
    "ticketChanged",
    "printChanged",
    "noticeChanged",
    "textsChanged",
    "fieldsReset",
)
LISTS = ("fields", "errors", "materials", "answerPages", "services", "findings", "introMaterials")


def test_a_keystroke_notifies_only_its_field(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    field = k.type_into("field_applicant_name", "张")  # the focus and the keyboard in place
    k.settle()
    computed: list[int] = []
    real = journey_module.form_state

    def counting(*args: Any) -> Any:
        computed.append(1)
        return real(*args)

    monkeypatch.setattr(journey_module, "form_state", counting)
    emitted: list[str] = []
    for name in SIGNALS:
        getattr(k.journey, name).connect(lambda *_, n=name: emitted.append(n))
    changes: dict[str, list[Any]] = {name: [] for name in LISTS}
    for name in LISTS:
        model = k.journey.property(name)
        model.modelReset.connect(lambda n=name: changes[n].append("reset"))
        model.rowsRemoved.connect(lambda *_, n=name: changes[n].append("removed"))
        model.rowsInserted.connect(lambda *_, n=name: changes[n].append("inserted"))
        model.dataChanged.connect(lambda a, b, _r, n=name: changes[n].append((a.row(), b.row())))

    k.key("玉")  # one character committed into the focused field
    k.wait(lambda: field.property("text") == "张玉")
    k.settle()  # the deferred work of the keystroke is done too

    assert k.journey.journey.answers["applicant_name"] == "张玉"
    assert len(computed) == 1  # one form state for the keystroke, however many readers
    assert emitted == []  # no screen, item, page or review signal
    row = k.journey.fields.find("fieldId", "applicant_name")
    assert changes.pop("fields") == [(row, row)]  # its own row, in place
    assert all(events == [] for events in changes.values())
