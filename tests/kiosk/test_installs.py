"""Two installs: a terminal carries no web framework, the hall's server no Qt.

Each side is imported with the other side's packages blocked (as if not installed), and
the packaging metadata says the same: `[terminal]` and `[server]` extras over a core both
import. A command run on the wrong install says what to install, never a traceback.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]
SERVER_ONLY = ("fastapi", "starlette", "uvicorn", "jinja2", "multipart", "python_multipart")
TERMINAL_ONLY = (
    "PySide6",
    "shiboken6",
    "ui",
    "printer",
    "devices",
    "escpos",
    "reportlab",
    "qrcode",
    "PIL",
    "pypinyin",
    "requests",
    "usb",
    "serial",
)

BLOCKER = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys
    BLOCKED = {blocked!r}

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Block())
""")


def _run(blocked: tuple[str, ...], code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = BLOCKER.format(blocked=blocked) + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )


def test_the_terminal_imports_without_the_web_framework(tmp_path: Path) -> None:
    out = _run(
        SERVER_ONLY,
        """
        import ui.app, kiosk.terminal, kiosk.__main__
        for package in ("kiosk", "printer", "devices", "ui"):
            mod = importlib.import_module(package)
            for info in pkgutil.walk_packages(mod.__path__, package + "."):
                if ".migrations" not in info.name:
                    importlib.import_module(info.name)
        leaked = [m for m in sys.modules if m.split(".")[0] in BLOCKED]
        assert not leaked, leaked
        print("ok")
        """,
        tmp_path,
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-3000:]


def test_the_server_imports_and_serves_without_qt_or_the_terminals_packages(
    tmp_path: Path,
) -> None:
    out = _run(
        TERMINAL_ONLY,
        f"""
        import central.app
        mod = importlib.import_module("central")
        for info in pkgutil.walk_packages(mod.__path__, "central."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
        from fastapi.testclient import TestClient
        from central.app import create_app
        from central.db import Database
        from central.state import ServerState
        db = Database("sqlite:///{tmp_path / "central.db"}")
        with TestClient(create_app(ServerState(db))) as client:
            assert client.get("/openapi.json").status_code == 200
        db.close()
        leaked = [m for m in sys.modules if m.split(".")[0] in BLOCKED]
        assert not leaked, leaked
        print("ok")
        """,
        tmp_path,
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-3000:]


def test_the_blocker_blocks() -> None:
    """Both checks above could fail: the blocker does refuse a blocked import."""
    out = _run(("json",), "import json", Path("/tmp"))
    assert out.returncode != 0 and "ModuleNotFoundError" in out.stderr


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!\[; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_the_metadata_makes_two_installs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = _names(project["dependencies"])
    extras = {name: _names(reqs) for name, reqs in project["optional-dependencies"].items()}
    web = {"fastapi", "uvicorn", "jinja2", "python-multipart"}
    qt = {"pyside6", "python-escpos", "reportlab", "requests"}
    assert not core & (web | qt)
    assert qt <= extras["terminal"] and not extras["terminal"] & web
    assert web <= extras["server"] and not extras["server"] & qt
    # QR codes on both sides: tickets on the terminal, enrolment codes on the server.
    assert "qrcode" in extras["terminal"] & extras["server"]
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "'.[terminal,server,dev]'" in setup  # the demo and the tests install both


def test_each_command_on_the_wrong_install_says_what_to_install(tmp_path: Path) -> None:
    # The packages of the terminal's extra are missing (ours, ui and printer, are there).
    kiosk = _run(
        tuple(p for p in TERMINAL_ONLY if p not in ("ui", "printer", "devices")),
        f"""
        from kiosk.__main__ import main
        sys.exit(main(["--demo", "--no-central", "--data-dir", "{tmp_path / "demo"}"]))
        """,
        tmp_path,
    )
    assert kiosk.returncode == 5, kiosk.stderr[-3000:]
    assert "declaration-kiosk[terminal]" in kiosk.stderr and "Traceback" not in kiosk.stderr
    central = _run(
        SERVER_ONLY,
        f"""
        from central.__main__ import main
        sys.exit(main(["serve", "--database-url", "sqlite:///{tmp_path / "c.db"}"]))
        """,
        tmp_path,
    )
    assert central.returncode == 2, central.stderr[-3000:]
    assert "declaration-kiosk[server]" in central.stderr and "Traceback" not in central.stderr
