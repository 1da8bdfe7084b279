"""The core, the printer and the devices packages import no Qt: every module, with PySide6
blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[2]

BLOCKED = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                raise ImportError(f"{name} is blocked: the core must not import Qt or ui")
            return None

    sys.meta_path.insert(0, Block())
    names = []
    for package in sys.argv[1:]:
        mod = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(mod.__path__, package + "."):
            if ".migrations" in info.name:
                continue  # Alembic scripts, loaded by Alembic itself
            importlib.import_module(info.name)
            names.append(info.name)
    leaked = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
    assert not leaked, leaked
    print("\\n".join(names))
""")


def test_core_printer_and_devices_import_without_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", BLOCKED, "kiosk", "printer", "devices"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    imported = set(out.stdout.split())
    expected = {
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        for package in ("kiosk", "devices")
        for p in (ROOT / package).rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    }
    assert expected <= imported, expected - imported
    assert "kiosk.__main__" in imported and "kiosk.store.database" in imported


def test_the_blocker_works() -> None:
    """The check above would see a Qt import (a test that cannot fail is no test)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCKED.replace("names = []", "import PySide6\nnames = []"),
            "kiosk",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0 and "blocked" in out.stderr


def test_only_the_composition_root_imports_printer_or_ui() -> None:
    import ast

    # What each module may import of printer, ui and Qt: the composition root
    # (kiosk.terminal) builds the printer; the command (kiosk.__main__) starts the touch
    # interface or the console on it; every other core module imports none of them.
    allowed = {
        ROOT / "kiosk" / "terminal.py": {"printer"},
        # (and the ID card reader's own process: kiosk --id-card-reader)
        ROOT / "kiosk" / "__main__.py": {"printer", "ui", "devices"},
        # Commands that put the whole terminal together, as __main__ does.
        ROOT / "kiosk" / "selftest.py": {"printer"},
        ROOT / "kiosk" / "provision_cli.py": {"printer"},
        # The devices the config names, built and closed with the terminal.
        ROOT / "kiosk" / "device_hub.py": {"devices"},
    }
    offenders = []
    for path in (ROOT / "kiosk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in ("printer", "devices", "ui", "PySide6")
                and n.split(".")[0] not in allowed.get(path, set())
            ]
    assert offenders == []
    assert (ROOT / "kiosk" / "terminal.py").exists()  # the root this test names
