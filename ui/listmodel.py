"""A small list model of dicts for QML: roles are the dict keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)


class DictListModel(QAbstractListModel):
    """Rows of dicts with fixed keys; `replace` swaps all rows, `update` one row's values."""

    countChanged = Signal()

    def __init__(self, keys: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._keys = list(keys)
        self._rows: list[dict[str, Any]] = []

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            Qt.ItemDataRole.UserRole + i: QByteArray(k.encode()) for i, k in enumerate(self._keys)
        }

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        key_index = role - Qt.ItemDataRole.UserRole
        if not 0 <= key_index < len(self._keys):
            return None
        return self._rows[index.row()].get(self._keys[key_index])

    def replace(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()
        self.countChanged.emit()

    def update(self, row: int, values: Mapping[str, Any]) -> None:
        """Change some values of one row; only the roles that really change are notified."""
        current = self._rows[row]
        changed = {k: v for k, v in values.items() if k not in current or current[k] != v}
        if not changed:
            return
        current.update(changed)
        index = self.index(row)
        roles = [Qt.ItemDataRole.UserRole + self._keys.index(k) for k in changed]
        self.dataChanged.emit(index, index, roles)

    def sync(self, rows: Sequence[Mapping[str, Any]], key: str) -> None:
        """Become `rows` with the fewest changes: rows are matched by `key`; rows that stay
        keep their delegates (and the keyboard focus), others are removed or inserted."""
        new = [dict(r) for r in rows]
        wanted = [r[key] for r in new]
        if len(set(wanted)) != len(wanted):
            self.replace(new)
            return
        counted = len(self._rows)
        for at in reversed(range(len(self._rows))):
            if self._rows[at][key] not in wanted:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._rows[at]
                self.endRemoveRows()
        kept = [r[key] for r in self._rows]
        if kept != [k for k in wanted if k in kept]:  # the order changed: start afresh
            self.replace(new)
            return
        for at, row in enumerate(new):
            if at < len(self._rows) and self._rows[at][key] == row[key]:
                self.update(at, row)
            else:
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, row)
                self.endInsertRows()
        if len(self._rows) != counted:
            self.countChanged.emit()

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def find(self, key: str, value: Any) -> int:
        return next((i for i, r in enumerate(self._rows) if r.get(key) == value), -1)

    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)
