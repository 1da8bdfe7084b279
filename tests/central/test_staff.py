"""Staff accounts for the terminals (issue 12): roles, personal PINs under one hall salt,
the `central` commands, GET /api/v1/staff with its ETag, and hostile input."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from central import admin, staff
from central.__main__ import main
from central.db import Database
from central.models import Setting, Staff, WebSession
from kiosk.pins import verify_pin
from kiosk.staff.accounts import check_staff_list
from tests.central.test_cli import Capture, central, run

PIN, OTHER_PIN = "583920", "4071936"


def account(db: Database, username: str) -> Staff:
    with db.read() as s:
        row = s.scalars(select(Staff).where(Staff.username == username)).one()
        s.expunge(row)
        return row


def hall_salt(db: Database) -> str:
    with db.read() as s:
        row = s.get(Setting, staff.SALT_SETTING)
        assert row is not None
        return row.value


def cli(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run(capsys, *args)


# --- the PIN rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "key"),
    [
        ("12345", "pin_form"),  # too short
        ("12345678901234", "pin_form"),  # 14 digits
        ("５８３９２０", "pin_form"),  # full-width digits: isdigit() says yes
        ("٥٨٣٩٢٠", "pin_form"),  # Arabic-Indic digits
        ("58392a", "pin_form"),
        (" 583920", "pin_form"),
        ("", "pin_form"),
        ("000000", "pin_trivial"),
        ("77777777", "pin_trivial"),
        ("123456", "pin_trivial"),
        ("23456789", "pin_trivial"),
        ("987654", "pin_trivial"),
        ("890123", "pin_trivial"),  # a run through 0
    ],
)
def test_unusable_pins_are_refused_without_echoing_them(pin: str, key: str) -> None:
    problem = staff.pin_problem(pin)
    assert problem is not None and problem.key == key
    if pin:
        assert pin not in str(problem)


@pytest.mark.parametrize("pin", [PIN, OTHER_PIN, "11223344", "135792"])
def test_ordinary_pins_are_fine(pin: str) -> None:
    assert staff.pin_problem(pin) is None


# --- the commands ------------------------------------------------------------------------


def test_add_staff_with_each_role_a_pin_from_stdin_and_no_password(
    sqlite_url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ["--database-url", sqlite_url]
    status, out, err = cli(
        capsys,
        monkeypatch,
        f"long enough password\n{PIN}\n",
        *("add-staff", "--username", "wang", "--name", "王辅导", "--role", "attendant"),
        *("--password-stdin", "--pin-stdin", *base),
    )
    assert status == 0, err
    assert PIN not in out and "terminal PIN set" in out
    status, out, err = cli(
        capsys,
        monkeypatch,
        f"{OTHER_PIN}\n",
        *("add-staff", "--username", "liu.tech", "--name", "刘工", "--role", "technician"),
        *("--no-password", "--pin-stdin", *base),
    )
    assert status == 0, err
    assert "no dashboard sign-in" in out
    # Without a terminal and without --pin-stdin: no PIN (set-pin later).
    status, _, err = cli(
        capsys,
        monkeypatch,
        "",
        *("add-staff", "--username", "zhao", "--name", "赵网格长", "--role", "grid_leader"),
        *("--no-password", *base),
    )
    assert status == 0, err
    db = Database(sqlite_url)
    try:
        salt = hall_salt(db)
        wang, liu, zhao = (account(db, u) for u in ("wang", "liu.tech", "zhao"))
        assert (wang.role, liu.role, zhao.role) == ("attendant", "technician", "grid_leader")
        assert wang.pin_hash is not None and liu.pin_hash is not None
        assert PIN not in wang.pin_hash and verify_pin(PIN, wang.pin_hash)
        assert f"${salt}$" in wang.pin_hash and f"${salt}$" in liu.pin_hash  # one salt
        assert wang.pin_set_at is not None and zhao.pin_hash is None
        assert wang.password_hash and liu.password_hash == ""
    finally:
        db.close()


def test_the_console_script_takes_the_pin_from_stdin(sqlite_url: str) -> None:
    done = central(
        *("add-staff", "--username", "sun", "--name", "孙", "--role", "supervisor"),
        *("--password-stdin", "--pin-stdin", "--database-url", sqlite_url),
        stdin=f"long enough password\n{PIN}\n",
    )
    assert done.returncode == 0, done.stderr
    again = central(
        *("set-pin", "--username", "sun", "--database-url", sqlite_url), stdin="123456\n"
    )
    assert again.returncode == 1
    assert again.stderr.startswith("central: this PIN is too easy to guess")
    assert "Traceback" not in again.stderr and len(again.stderr.strip().splitlines()) == 1


def test_a_pin_in_use_is_refused_without_naming_its_holder(
    sqlite_url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    now = datetime.now(UTC)
    admin.add_staff(db, "wang", "王辅导", "attendant", None, now, pin=PIN)
    db.close()
    base = ["--database-url", sqlite_url]
    status, _, err = cli(
        capsys,
        monkeypatch,
        f"{PIN}\n",
        *("add-staff", "--username", "li", "--name", "李", "--no-password", "--pin-stdin", *base),
    )
    assert status == 1
    assert err == "central: this PIN cannot be used, choose another\n"
    assert "wang" not in err and "王" not in err
    status, _, err = cli(
        capsys,
        monkeypatch,
        "",
        *("add-staff", "--username", "li", "--name", "李", "--no-password", *base),
    )
    assert status == 0
    status, _, err = cli(capsys, monkeypatch, f"{PIN}\n", "set-pin", "--username", "li", *base)
    assert (status, err) == (1, "central: this PIN cannot be used, choose another\n")
    # A disabled account's PIN stays taken: enabling it again must not make a pair.
    status, _, _ = run(capsys, "disable-staff", "--username", "wang", *base)
    assert status == 0
    status, _, err = cli(capsys, monkeypatch, f"{PIN}\n", "set-pin", "--username", "li", *base)
    assert status == 1
    # Its own PIN again, or a new one, is fine.
    status, out, _ = cli(
        capsys, monkeypatch, f"{OTHER_PIN}\n", "set-pin", "--username", "li", *base
    )
    assert status == 0 and OTHER_PIN not in out
    db = Database(sqlite_url)
    try:
        li = account(db, "li")
        assert li.pin_hash is not None and verify_pin(OTHER_PIN, li.pin_hash)
    finally:
        db.close()


def test_set_pin_on_a_terminal_asks_twice(
    sqlite_url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    admin.add_staff(db, "li", "李", "attendant", None, datetime.now(UTC))
    db.close()
    tty = io.StringIO("")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", tty)
    typed = iter([PIN, PIN[::-1]])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    status, _, err = run(capsys, "set-pin", "--username", "li", "--database-url", sqlite_url)
    assert (status, err) == (1, "central: the two PINs differ\n")
    typed = iter([PIN, PIN])
    status, _, err = run(capsys, "set-pin", "--username", "li", "--database-url", sqlite_url)
    assert status == 0, err


def test_disable_staff_ends_the_dashboard_sessions_and_unknown_names_are_refused(
    sqlite_url: str, capsys: Capture
) -> None:
    from central.dashboard import auth

    db = Database(sqlite_url)
    now = datetime.now(UTC)
    admin.add_staff(db, "zhang", "张", "attendant", "long enough password", now, pin=PIN)
    key = auth.sign_in(db, "zhang", "long enough password", now)
    assert key is not None and auth.current(db, key, now) is not None
    db.close()
    base = ["--database-url", sqlite_url]
    assert run(capsys, "disable-staff", "--username", "zhang", *base)[0] == 0
    db = Database(sqlite_url)
    try:
        assert auth.current(db, key, now) is None
        with db.read() as s:
            assert s.scalars(select(WebSession)).first() is None
        assert account(db, "zhang").disabled
    finally:
        db.close()
    status, _, err = run(capsys, "disable-staff", "--username", "nobody", *base)
    assert (status, err) == (1, "central: no staff member 'nobody'\n")
    assert run(capsys, "enable-staff", "--username", "zhang", *base)[0] == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "admin"], "", "role must be one of attendant, technician"),
        (["--role", "x" * 10_000], "", "role must be one of"),
        (["--username", "u" * 10_000], "", "the username must be 1 to 64"),
        (["--username", "张三"], "", "the username must be 1 to 64"),
        (["--username", "a b"], "", "the username must be 1 to 64"),
        (["--name", ""], "", "the name must be 1 to 64"),
        (["--name", "名" * 65], "", "the name must be 1 to 64"),
        (["--pin-stdin"], "12345678901234\n", "a PIN must be 6 to 8 digits 0-9"),
        (["--pin-stdin"], "５８３９２０\n", "a PIN must be 6 to 8 digits 0-9"),
        (["--pin-stdin"], "111111\n", "too easy to guess"),
    ],
)
def test_hostile_add_staff_input_is_one_line_and_stores_nothing(
    sqlite_url: str,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    given = {"--username": "li", "--name": "李", "--role": "attendant"}
    flags = [a for a in args if a.startswith("--") and a not in given]
    for option, value in zip(args[::2], args[1::2], strict=False):
        if option in given:
            given[option] = value
    argv = ["add-staff", *(x for pair in given.items() for x in pair), "--no-password", *flags]
    status, _, err = cli(capsys, monkeypatch, stdin, *argv, "--database-url", sqlite_url)
    assert status == 1
    assert err.startswith("central: ") and message in err
    assert len(err.strip().splitlines()) == 1 and len(err) < 300
    assert "Traceback" not in err
    db = Database(sqlite_url)
    try:
        with db.read() as s:
            assert s.scalars(select(Staff)).first() is None
    finally:
        db.close()


def test_password_options_exclude_each_other(sqlite_url: str, capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["add-staff", "--username", "li", "--name", "李", "--no-password", "--password-stdin"])
    assert exit_.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


# --- GET /api/v1/staff -------------------------------------------------------------------


def test_the_roster_with_its_etag_and_a_disabled_account_gone(
    db: Database, terminal: httpx.Client
) -> None:
    now = datetime.now(UTC)
    admin.add_staff(db, "wang", "王辅导", "attendant", "long enough password", now, pin=PIN)
    admin.add_staff(db, "liu", "刘工", "technician", None, now, pin=OTHER_PIN)
    admin.add_staff(db, "zhao", "赵", "grid_leader", None, now)  # no PIN: not sent
    first = terminal.get("/api/v1/staff")
    assert first.status_code == 200
    body = first.json()
    assert first.headers["ETag"] == f'"{body["version"]}"'
    assert body["salt"] == hall_salt(db)
    assert [(a["username"], a["display_name"], a["role"]) for a in body["accounts"]] == [
        ("liu", "刘工", "technician"),
        ("wang", "王辅导", "attendant"),
    ]
    wang = next(a for a in body["accounts"] if a["username"] == "wang")
    # What the terminal does: derive once with the hall salt, compare with each account.
    typed = verify_pin(PIN, wang["pin_hash"])
    assert typed and set(wang) == {"username", "display_name", "role", "pin_hash"}
    assert "password" not in first.text and "scrypt" not in first.text

    etag = first.headers["ETag"]
    again = terminal.get("/api/v1/staff", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", etag)
    assert terminal.get("/api/v1/staff", headers={"If-None-Match": f"W/{etag}"}).status_code == 304

    admin.set_disabled(db, "wang", True)
    changed = terminal.get("/api/v1/staff", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert [a["username"] for a in changed.json()["accounts"]] == ["liu"]
    admin.set_disabled(db, "wang", False)  # the same content: the same version again
    assert terminal.get("/api/v1/staff").headers["ETag"] == etag
    admin.set_pin(db, "liu", "90817263", now)
    assert terminal.get("/api/v1/staff").headers["ETag"] != etag


def test_a_counter_clerk_is_not_in_the_terminals_roster(
    db: Database, terminal: httpx.Client
) -> None:
    """A clerk works at a counter: with a PIN or not, the terminals' roster leaves them
    out, and a terminal still takes the roster (it refuses a role it does not know)."""
    now = datetime.now(UTC)
    admin.add_staff(db, "wang", "王辅导", "attendant", None, now, pin=PIN)
    admin.add_staff(db, "chen", "陈窗口", "counter_clerk", "long enough password", now)
    admin.set_pin(db, "chen", OTHER_PIN, now)
    body = terminal.get("/api/v1/staff").json()
    assert [a["username"] for a in body["accounts"]] == ["wang"]
    assert [a.username for a in check_staff_list(body).accounts] == ["wang"]


def test_the_roster_is_for_terminals_only(db: Database, counter: httpx.Client) -> None:
    assert counter.get("/api/v1/staff").status_code == 403
    assert counter.get("/api/v1/terminals/in-service").status_code == 403
