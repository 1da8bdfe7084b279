"""The protocol package is shared by the kiosk bundle (no web framework) and the server
(no Qt): it imports with both blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[3]
BLOCKED = ("PySide6", "shiboken6", "fastapi", "starlette", "uvicorn", "jinja2")

SCRIPT = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys

    BLOCKED = set(sys.argv[1].split(","))

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked: the protocol must not import it")
            return None

    sys.meta_path.insert(0, Block())
    for name in sys.argv[2:]:
        importlib.import_module(name)
    package = importlib.import_module("kiosk.protocol")
    names = ["kiosk.protocol"]
    for info in pkgutil.walk_packages(package.__path__, "kiosk.protocol."):
        importlib.import_module(info.name)
        names.append(info.name)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    assert not leaked, leaked
    print("\\n".join(names))
""")


def run(*also: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(BLOCKED), *also],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_protocol_imports_without_qt_or_a_web_framework() -> None:
    done = run()
    assert done.returncode == 0, done.stderr
    modules = set(done.stdout.split())
    expected = {
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
        for p in (ROOT / "kiosk" / "protocol").glob("*.py")
    }
    assert expected <= modules and "kiosk.protocol.registry" in modules


def test_the_blocker_would_see_a_web_framework() -> None:
    for name in ("fastapi", "jinja2", "PySide6"):
        done = run(name)
        assert done.returncode != 0 and "blocked" in done.stderr, name
