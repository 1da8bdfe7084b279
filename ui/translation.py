"""Interface languages: Qt translators from `resources/translations/*.ts`.

The interface's source strings are Chinese (the hall's language, and the default); the
English translation is `kiosk_en_US.ts`. The set-up compiles each `.ts` to a `.qm` with
lrelease (not committed); `ensure_compiled` does it too when a `.qm` is missing or old.

Refreshing the translation after changing visible text in the QML (from the checkout's
root, with the virtual environment's tools):

    .venv/bin/pyside6-lupdate ui/qml -ts resources/translations/kiosk_en_US.ts -no-obsolete

then translate every new or changed message (Qt Linguist, or edit the `<translation>`
elements by hand, removing `type="unfinished"`) and commit the `.ts`. Every visible
string goes through `qsTr()`; the context of a message is the QML file's name ("Home").
`tests/ui/test_translations.py` fails on a `qsTr` string without a finished translation,
on Chinese text outside `qsTr`, on lost `%1` placeholders and on stale entries.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.resources import resource_path

log = logging.getLogger(__name__)
SOURCE_LANGUAGE = "zh_CN"


def translations_dir() -> Path:
    return resource_path("translations")


def _lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease")


def _compile(ts: Path, qm: Path) -> bool:
    """Run lrelease; on failure log it (an older `.qm`, if any, is still used)."""
    tool = _lrelease()
    if tool is None:
        log.error("pyside6-lrelease not found: %s not compiled", ts.name)
        return False
    try:
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.error("lrelease failed on %s: %s", ts.name, exc)
        return False
    return True


def ensure_compiled(folder: Path | None = None) -> list[Path]:
    """Compile every `.ts` whose `.qm` is missing or older; return the `.qm` files."""
    folder = folder or translations_dir()
    compiled = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        stale = not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime
        if stale and not _compile(ts, qm) and not qm.exists():
            continue  # without a .qm the language is unavailable (logged)
        compiled.append(qm)
    return compiled


class Languages:
    """Installs the translator of the chosen language (none for Chinese, the source)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._current: QTranslator | None = None
        ensure_compiled()

    def switch(self, language: str) -> bool:
        if self._current is not None:
            self._app.removeTranslator(self._current)
            self._current = None
        if language == SOURCE_LANGUAGE:
            return True
        translator = QTranslator(self._app)
        qm = translations_dir() / f"kiosk_{language}.qm"
        if not translator.load(str(qm)):
            log.error("no translation for %s (%s)", language, qm)
            return False
        self._app.installTranslator(translator)
        self._current = translator
        return True
