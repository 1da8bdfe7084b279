"""The `central` command: as the operator runs it (the console script, in a subprocess)
where that matters, and through main() in this process for the many refusals."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from central.__main__ import main
from central.app import create_app
from central.db import Database
from central.models import CalendarVersion, CatalogVersion, Staff
from central.security import verify_password
from central.serve import ServerThread
from central.state import ServerState
from kiosk.protocol import PROTOCOL_VERSION
from kiosk.resources import resource_path

CENTRAL = Path(sys.executable).with_name("central")
Capture = pytest.CaptureFixture[str]


def central(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CENTRAL), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    """main() in this process (what the console script calls): status, stdout, stderr."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def serving(url: str) -> Iterator[str]:
    """The server on the same database file; its base URL."""
    db = Database(url)
    with ServerThread(create_app(ServerState(db))) as server:
        yield server.base_url
    db.close()


def last_word(output: str) -> str:
    return output.strip().splitlines()[-1].split()[-1]


def queue_status(base_url: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{base_url}/api/v1/queue", headers=headers).status_code


def test_add_terminal_prints_a_token_that_works_until_replaced(url: str, serving: str) -> None:
    done = central("add-terminal", "--number", "3", "--database-url", url)
    assert done.returncode == 0, done.stderr
    token = last_word(done.stdout)
    assert len(token) == 43
    assert queue_status(serving, token) == 200
    again = central("add-terminal", "--number", "3", "--database-url", url)
    assert "revoked" in again.stdout
    assert queue_status(serving, token) == 401
    assert queue_status(serving, last_word(again.stdout)) == 200


def test_add_counter_token_has_the_counter_role(url: str, serving: str, capsys: Capture) -> None:
    status, out, _ = run(capsys, "add-counter", "--name", "counter 3", "--database-url", url)
    assert status == 0
    headers = {"Authorization": f"Bearer {last_word(out)}"}
    assert httpx.get(f"{serving}/api/v1/queue", headers=headers).status_code == 200
    assert httpx.get(f"{serving}/api/v1/catalog", headers=headers).status_code == 403


def test_add_staff_stores_only_a_password_hash(
    url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["add-staff", "--username", "zhang", "--name", "张伟", "--role", "supervisor"]
    done = central(*args, "--password-stdin", "--database-url", url, stdin="correct horse\n")
    assert done.returncode == 0, done.stderr
    db = Database(url)
    with db.read() as s:
        staff = s.scalars(select(Staff)).one()
        assert (staff.username, staff.display_name, staff.role) == ("zhang", "张伟", "supervisor")
        assert "correct horse" not in staff.password_hash
        assert verify_password("correct horse", staff.password_hash)
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("another one\n"))
    status, _, err = run(capsys, *args, "--password-stdin", "--database-url", url)
    assert status == 1 and "already exists" in err


def test_a_short_or_mistyped_password_is_refused(
    url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["add-staff", "--username", "li", "--name", "李", "--database-url", url]
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    status, _, err = run(capsys, *args, "--password-stdin")
    assert status == 1 and "at least 8" in err
    typed = iter(["long enough", "long enuogh"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    status, _, err = run(capsys, *args)
    assert status == 1 and "differ" in err


def test_import_catalog_checks_it_and_makes_it_active(url: str, tmp_path: Path) -> None:
    done = central("import-catalog", str(resource_path("catalog")), "--database-url", url)
    assert done.returncode == 0, done.stderr
    db = Database(url)
    with db.read() as s:
        active = s.scalars(select(CatalogVersion).where(CatalogVersion.active)).one()
        assert active.version in done.stdout
        assert set(active.files) == {p.name for p in resource_path("catalog").glob("*.toml")}
    db.close()
    broken = tmp_path / "broken"
    shutil.copytree(resource_path("catalog"), broken)
    first = sorted(broken.glob("*.toml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n[[[not toml\n", encoding="utf-8")
    refused = central("import-catalog", str(broken), "--database-url", url)
    assert refused.returncode == 1
    assert first.name in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_import_calendar_with_and_without_a_version(
    url: str, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "calendar.json"

    def import_(data: object) -> tuple[int, str, str]:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return run(capsys, "import-calendar", str(path), "--database-url", url)

    assert import_({"years": [2027], "days": {"2027-01-01": {"kind": "holiday"}}})[0] == 0
    assert import_({"version": "2027-1", "days": {}})[0] == 0
    db = Database(url)
    with db.read() as s:
        rows = {c.version: (c.active, c.data) for c in s.scalars(select(CalendarVersion))}
    db.close()
    assert rows["2027-1"][0]
    ((digest, (active, data)),) = [(v, r) for v, r in rows.items() if v != "2027-1"]
    assert not active and data["version"] == digest  # terminals read it from the data
    status, _, err = import_({"version": "x", "days": {"2027-13-01": {"kind": "holiday"}}})
    assert status == 1 and "2027-13-01" in err
    status, _, err = import_({"version": "2027-1", "days": {"2027-01-02": {"kind": "holiday"}}})
    assert status == 1 and "other content" in err  # a terminal on 2027-1 would never see it
    assert import_("{not json")[0] == 1
    missing = run(capsys, "import-calendar", str(tmp_path / "none.json"), "--database-url", url)
    assert missing[0] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["add-terminal", "--number", "13"],
        ["add-terminal", "--number", "three"],
        ["add-terminal"],
        ["frobnicate"],
        ["serve", "--port", "70000"],
        ["serve", "--timezone", "Mars/Olympus"],
        ["serve", "--timezone", "../../etc/passwd"],
        ["serve", "--protocol-version", "99"],
    ],
)
def test_usage_errors_exit_2_with_a_message(url: str, args: list[str], capsys: Capture) -> None:
    try:
        status = main([*args, "--database-url", url])
    except SystemExit as exit_:  # argparse's own usage errors
        status = int(str(exit_.code))
    assert status == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("central")


def test_the_console_script_exits_2_on_a_usage_error(url: str) -> None:
    done = central("add-terminal", "--number", "0", "--database-url", url)
    assert (done.returncode, done.stderr) == (
        2,
        "central: terminal number must be 1 to 12, not 0\n",
    )


def test_a_bad_database_url_is_a_configuration_error(capsys: Capture) -> None:
    status, _, err = run(capsys, "add-terminal", "--number", "3", "--database-url", "nosuch://x")
    assert status == 2
    assert err.startswith("central: cannot open the database")
    assert len(err.strip().splitlines()) == 1


def test_the_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    env = {"CENTRAL_DATABASE_URL": url, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    assert central("add-counter", "--name", "c", env=env).returncode == 0
    assert (tmp_path / "env.db").exists()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[ServerState]:
    """What `central serve` would have served: uvicorn.run only notes the app's state."""
    import uvicorn

    states: list[ServerState] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: states.append(app.state.server))
    monkeypatch.delenv("CENTRAL_TIMEZONE", raising=False)
    return states


def test_serve_takes_the_halls_zone_from_the_option_or_the_environment(
    url: str, served: list[ServerState], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["serve", "--database-url", url]) == 0
    monkeypatch.setenv("CENTRAL_TIMEZONE", "UTC")
    assert main(["serve", "--database-url", url]) == 0
    assert main(["serve", "--timezone", "Asia/Urumqi", "--database-url", url]) == 0
    assert [s.timezone.key for s in served] == ["Asia/Shanghai", "UTC", "Asia/Urumqi"]
    assert {s.protocol_version for s in served} == {PROTOCOL_VERSION}
    assert main(["serve", "--protocol-version", "1", "--database-url", url]) == 0
    assert served[-1].protocol_version == 1


def test_an_unknown_zone_in_the_environment_is_a_usage_error(
    url: str, served: list[ServerState], monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("CENTRAL_TIMEZONE", "Beijing")
    status, _, err = run(capsys, "serve", "--database-url", url)
    assert (status, served) == (2, [])
    assert err.startswith("central: unknown time zone 'Beijing'") and "Traceback" not in err


def test_the_console_script_refuses_an_unknown_zone_without_a_traceback(url: str) -> None:
    done = central("serve", "--timezone", "Asia/Peking", "--database-url", url)
    assert done.returncode == 2
    assert done.stderr.startswith("central: unknown time zone 'Asia/Peking'")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`central enrol --number 3 | head -1`: the reader gone before the command writes
    (the pipe's read end closed first); the command ends quietly, as SIGPIPE would end
    it, with no traceback."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(CENTRAL), "enrol", "--number", "3", "--database-url", url],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""
