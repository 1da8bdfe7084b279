"""Qt's own messages fail a test, as QML warnings do: a pytest plugin for tests/ui.

pytest-qt captures what Qt logs (its C++ qWarning/qCritical, QML's messages too) while a
test is set up and runs, and fails the test on a message at `qt_log_level_fail` or above
that no `qt_log_ignore` pattern matches. It stops listening before the fixtures are torn
down, though, and the kiosk's teardown (the window closed, the QML engine destroyed) is
where a stale delegate or a half-made object speaks up: `pytest_runtest_teardown` below
listens there too, with the same level and patterns.

The level and the patterns are pyproject.toml's ([tool.pytest.ini_options]
`qt_log_level_fail` and `qt_log_ignore`, each pattern with why it is not a defect).

tests/ui/conftest.py registers these hooks; a pytest run elsewhere loads the module with
`-p tests.ui.qt_messages` (tests/ui/test_qt_messages.py does, to prove the mechanism).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

_LEVELS: dict[str, frozenset[QtMsgType]] = {
    "NO": frozenset(),
    "CRITICAL": frozenset({QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg}),
    "WARNING": frozenset({QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg}),
}
_ALL = frozenset(QtMsgType)  # pytest-qt's DEBUG and INFO levels fail on (nearly) everything


def qt_log_settings(config: pytest.Config) -> tuple[str, list[str]]:
    """The level that fails a test and the patterns of messages that never do."""
    return str(config.getini("qt_log_level_fail")), list(config.getini("qt_log_ignore"))


class QtMessages:
    """The messages Qt logs while installed, each kept with whether it fails the test."""

    def __init__(self, level: str, ignore: Sequence[str]) -> None:
        self._failing = _LEVELS.get(level, _ALL)
        self._ignore = [re.compile(p) for p in ignore]
        self.failures: list[str] = []
        self._previous: Callable[..., Any] | None = None

    def _handle(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in self._failing and not any(p.search(message) for p in self._ignore):
            self.failures.append(f"{kind.name}: {message}")
        if self._previous is not None:  # still shown (or captured) as before
            self._previous(kind, context, message)

    @contextmanager
    def installed(self) -> Iterator[QtMessages]:
        self._previous = qInstallMessageHandler(self._handle)
        try:
            yield self
        finally:
            qInstallMessageHandler(self._previous)
            self._previous = None


def _item_settings(item: pytest.Item) -> tuple[str, list[str]]:
    """The level and the patterns for one test, as pytest-qt reads them: markers first."""
    level = str(item.config.getini("qt_log_level_fail"))
    ignore = list(item.config.getini("qt_log_ignore"))
    fail = item.get_closest_marker("qt_log_level_fail")
    if fail is not None:
        level = str(fail.args[0])
    extra = item.get_closest_marker("qt_log_ignore")
    if extra is not None:
        ignore = [*ignore, *extra.args] if extra.kwargs.get("extend", True) else list(extra.args)
    return level, ignore


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """Qt's messages while the fixtures are torn down fail the test (a teardown error)."""
    # pytest-qt listens only with its capture on (not under -s or --no-qt-log): the same.
    if not item.config.pluginmanager.has_plugin("_qt_logging") or item.get_closest_marker(
        "no_qt_log"
    ):
        return (yield)
    level, ignore = _item_settings(item)
    with QtMessages(level, ignore).installed() as messages:
        result = yield
    if messages.failures:
        raise AssertionError(
            f"Qt messages at {level} or above while tearing down {item.nodeid}:\n"
            + "\n".join(messages.failures)
        )
    return result


# Qt 6.8.0's own keyboard (the oldest admitted PySide6) reports a binding loop inside its
# PopupList; fixed in later Qt, and nothing of the kiosk's. Every other QML warning counts.
_QT_OWN_NOISE = re.compile(
    r"^qrc:/qt-project\.org/imports/QtQuick/VirtualKeyboard/Components/Keyboard\.qml:\d+:\d+: "
    r'QML PopupList: Binding loop detected for property "preferredVisibleItems"'
)


def qml_warnings(ws: object) -> list[str]:
    """The texts of an engine's `warnings` signal, less Qt's own known noise."""
    texts = [w.toString() for w in ws]  # type: ignore[attr-defined]
    return [t for t in texts if not _QT_OWN_NOISE.match(t)]
