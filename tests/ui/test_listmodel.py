"""The dict list model: `sync` changes rows in place, so that delegates (and focus) stay."""

from __future__ import annotations

from typing import Any

from ui.listmodel import DictListModel


def rows(*ids: str, label: str = "") -> list[dict[str, str]]:
    return [{"id": i, "label": label or i.upper()} for i in ids]


def test_sync_inserts_removes_and_updates_in_place(qapp: Any, qtmodeltester: Any) -> None:
    model = DictListModel(("id", "label"))
    model.replace(rows("a", "b", "d"))
    qtmodeltester.check(model)
    events: list[str] = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda _p, first, last: events.append(f"+{first}"))
    model.rowsRemoved.connect(lambda _p, first, last: events.append(f"-{first}"))
    model.dataChanged.connect(lambda top, _b, _r: events.append(f"~{top.row()}"))

    model.sync(rows("a", "c", "d"), "id")  # b goes, c comes between a and d
    assert [r["id"] for r in model.rows()] == ["a", "c", "d"]
    assert events == ["-1", "+1"]

    events.clear()
    model.sync(rows("a", "c", "d", label="new"), "id")  # new labels: changed in place
    assert events == ["~0", "~1", "~2"]
    assert model.rows()[1] == {"id": "c", "label": "new"}

    events.clear()
    model.sync(rows("a", "c", "d", label="new"), "id")  # nothing changes: nothing said
    assert events == []

    model.sync(rows("d", "a"), "id")  # another order: a fresh start
    assert [r["id"] for r in model.rows()] == ["d", "a"] and "reset" in events
    assert model.count == 2
    qtmodeltester.check(model)
