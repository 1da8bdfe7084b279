"""`central`: run the hall's central server, and set it up.

    central serve [--host 127.0.0.1] [--port 8765] [--database-url URL] [--timezone ZONE]
    central add-terminal --number N          a terminal's API token (printed once)
    central enrol --number N                 a one-time enrolment code for terminal N
                                             (valid 24 h, with its QR): `kiosk provision`
    central add-counter --name NAME          a counter system's API token (printed once)
    central add-staff --username U --name NAME [--role attendant|technician|grid_leader|
                      supervisor] [--password-stdin | --no-password] [--pin-stdin]
    central set-pin --username U [--pin-stdin]   a staff member's terminal PIN
    central disable-staff --username U       its PIN and dashboard sessions stop working
    central enable-staff --username U
    central import-catalog FOLDER            the service catalog for the terminals
    central import-calendar FILE.json        the holiday calendar for the terminals
    central set-hours --weekdays HH:MM-HH:MM (--saturday HH:MM-HH:MM | --no-saturday)
                                             the opening hours: a new calendar version

The database is --database-url, else $CENTRAL_DATABASE_URL, else a SQLite file in the
platform's data folder. The hall's time zone (its day: tickets, queue, "today") is
--timezone, else $CENTRAL_TIMEZONE, else Asia/Shanghai. Exit status: 0 done, 1 refused
(the message says why), 2 usage or configuration errors.

Passwords and PINs are asked without echo on a terminal (twice), or read one a line
from standard input (--password-stdin, then --pin-stdin). add-staff without a terminal
and without --pin-stdin sets no PIN (set-pin later).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from central.admin import STAFF_ROLES, AdminError
from central.days import DEFAULT_TIMEZONE, UnknownTimeZone, hall_zone
from central.db import Database

ENV_URL = "CENTRAL_DATABASE_URL"
ENV_TIMEZONE = "CENTRAL_TIMEZONE"
USAGE_ERROR = 2


def default_database_url() -> str:
    url = os.environ.get(ENV_URL)
    if url:
        return url
    import platformdirs

    folder = Path(platformdirs.user_data_dir("declaration-central"))
    return f"sqlite:///{folder / 'central.db'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="central", description="The hall's central server.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--database-url", help=f"SQLAlchemy URL (default: ${ENV_URL} or a SQLite file)"
        )
        return sub

    serve = command("serve", "Serve the terminals' API and the dashboard.")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--timezone",
        metavar="ZONE",
        help=f"the hall's time zone (default: ${ENV_TIMEZONE} or {DEFAULT_TIMEZONE})",
    )
    # Hidden: a server speaking an older sync protocol, to rehearse an upgrade.
    serve.add_argument("--protocol-version", type=int, help=argparse.SUPPRESS)
    command("add-terminal", "Issue a terminal's API token.").add_argument(
        "--number", type=int, required=True, help="the terminal's number, 1 to 12"
    )
    command(
        "enrol", "Issue a one-time enrolment code for a terminal (kiosk provision)."
    ).add_argument("--number", type=int, required=True, help="the terminal's number, 1 to 12")
    command(
        "set-hall-name", "Set the hall's name, which enrolling terminals are told."
    ).add_argument("name", help="e.g. 经开区政务服务中心")
    command("add-counter", "Issue a counter system's API token.").add_argument(
        "--name", required=True, help="e.g. 'counter 3'"
    )
    staff = command("add-staff", "Add a staff account (dashboard and terminal PIN).")
    staff.add_argument("--username", required=True)
    staff.add_argument("--name", required=True, help="the name the dashboard shows")
    # Checked by admin (a one-line AdminError, status 1), not by argparse's choices.
    staff.add_argument("--role", default="attendant", help=f"one of {', '.join(STAFF_ROLES)}")
    password = staff.add_mutually_exclusive_group()
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    password.add_argument(
        "--no-password",
        action="store_true",
        help="a terminal-only account (e.g. a technician): it cannot sign in to the dashboard",
    )
    staff.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the terminal PIN (6 to 8 digits) from standard input (after the password)",
    )
    pin = command("set-pin", "Set a staff member's terminal PIN (6 to 8 digits).")
    pin.add_argument("--username", required=True)
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    for name, what in (
        ("disable-staff", "Disable a staff account: its PIN and dashboard sessions stop."),
        ("enable-staff", "Enable a disabled staff account again."),
    ):
        command(name, what).add_argument("--username", required=True)
    command(
        "import-catalog", "Import the service catalog (a folder of *.toml files)."
    ).add_argument("path", type=Path)
    command("import-calendar", "Import the holiday calendar (a JSON file).").add_argument(
        "path", type=Path
    )
    hours = command(
        "set-hours",
        "Set the hall's opening hours: the active calendar with them becomes a new version "
        "(the terminals show them, the Saturday appointments follow them).",
    )
    # Checked by admin (a one-line AdminError, status 1), like the staff fields.
    hours.add_argument("--weekdays", required=True, metavar="HH:MM-HH:MM", help="e.g. 09:00-17:00")
    saturday = hours.add_mutually_exclusive_group(required=True)
    saturday.add_argument("--saturday", metavar="HH:MM-HH:MM", help="e.g. 09:00-16:00")
    saturday.add_argument(
        "--no-saturday", action="store_true", help="no Saturday service (and no appointments)"
    )
    return parser


def _open(url: str) -> Database:
    try:
        return Database(url)
    except Exception as error:  # any driver's error: the URL or the server is wrong
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise _UsageError(f"cannot open the database {url!r}: {first}") from None


class _UsageError(Exception):
    pass


def _stdin_line() -> str:
    # Bounded: a PIN or password is short, a file piped by mistake is not read whole.
    return sys.stdin.readline(4096).rstrip("\r\n")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return _stdin_line()
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AdminError("the two passwords differ")
    return first


def _pin(from_stdin: bool, *, optional: bool) -> str | None:
    """The PIN from stdin, or asked twice on a terminal; None when `optional` and there
    is no terminal to ask on, or the operator just pressed Enter."""
    if from_stdin:
        return _stdin_line()
    if not sys.stdin.isatty():
        if optional:
            return None
        return _stdin_line()
    first = getpass.getpass(
        "Terminal PIN (6 to 8 digits" + (", Enter for none): " if optional else "): ")
    )
    if optional and not first:
        return None
    if getpass.getpass("Terminal PIN again: ") != first:
        raise AdminError("the two PINs differ")
    return first


def _run(args: argparse.Namespace) -> int:
    from central import admin
    from central.state import utc_now

    url = args.database_url or default_database_url()
    if args.command == "serve":
        return _serve(url, args)
    # Check and ask before opening (and perhaps migrating) the database.
    if args.command in ("add-terminal", "enrol") and args.number not in admin.TERMINALS:
        raise _UsageError(f"terminal number must be 1 to 12, not {args.number}")
    password: str | None = None
    pin: str | None = None
    if args.command == "add-staff":
        admin.check_staff(args.username, args.name, args.role)
        password = None if args.no_password else _password(args.password_stdin)
        if password is not None:
            admin.check_password(password)
        pin = _pin(args.pin_stdin, optional=True)
    elif args.command == "set-pin":
        pin = _pin(args.pin_stdin, optional=False)
    if pin is not None:
        admin.check_pin(pin)
    hours = (
        admin.check_hours(args.weekdays, None if args.no_saturday else args.saturday)
        if args.command == "set-hours"
        else None
    )
    if args.command == "set-hall-name":
        from central import enrolment

        try:
            enrolment.check_hall_name(args.name)
        except ValueError as error:
            raise _UsageError(str(error)) from None
    db = _open(url)
    try:
        now = utc_now()
        if args.command == "add-terminal":
            issued = admin.add_terminal(db, args.number, now)
            if issued.replaced:
                print(f"Terminal {args.number}: its previous token is revoked.")
            print(f"Terminal {args.number}: token (shown only once): {issued.token}")
        elif args.command == "enrol":
            _print_enrolment(db, args.number, now)
        elif args.command == "set-hall-name":
            from central import enrolment

            name = enrolment.set_hall_name(db, args.name)
            print(f"大厅名称 / Hall name: {name} (terminals are told it when they enrol)")
        elif args.command == "add-counter":
            issued = admin.add_counter(db, args.name, now)
            if issued.replaced:
                print(f"Counter {args.name!r}: its previous token is revoked.")
            print(f"Counter {args.name!r}: token (shown only once): {issued.token}")
        elif args.command == "add-staff":
            admin.add_staff(db, args.username, args.name, args.role, password, now, pin=pin)
            how = "terminal PIN set" if pin is not None else "no terminal PIN"
            if password is None:
                how += ", no dashboard sign-in"
            print(f"Staff member {args.username.strip()!r} ({args.role}) added: {how}.")
        elif args.command == "set-pin":
            assert pin is not None
            admin.set_pin(db, args.username, pin, now)
            print(f"Staff member {args.username.strip()!r}: terminal PIN set.")
        elif args.command in ("disable-staff", "enable-staff"):
            disabled = args.command == "disable-staff"
            admin.set_disabled(db, args.username, disabled)
            done = "disabled (its PIN leaves the terminals at their next sync)"
            print(f"Staff member {args.username.strip()!r} {done if disabled else 'enabled'}.")
        elif args.command == "import-catalog":
            version = admin.import_catalog(db, args.path, now)
            print(f"Catalog {version} imported and active.")
        elif args.command == "import-calendar":
            version = admin.import_calendar(db, args.path, now)
            print(f"Calendar {version} imported and active.")
        elif args.command == "set-hours":
            assert hours is not None
            version = admin.set_hours(db, hours, now)
            saturday = hours.saturday.plain if hours.saturday else "no service"
            print(
                f"Calendar {version} active: weekdays {hours.weekdays.plain}, "
                f"Saturday {saturday} (the terminals take it at their next sync)."
            )
    finally:
        db.close()
    return 0


def _print_enrolment(db: Database, number: int, now: datetime) -> None:
    """Issue a code for terminal `number` and print it, its expiry and its QR."""
    from central import enrolment

    try:  # checked before the code is issued: a code nobody sees would void the last one
        zone = hall_zone(os.environ.get(ENV_TIMEZONE) or DEFAULT_TIMEZONE)
    except UnknownTimeZone as error:
        raise _UsageError(str(error)) from None
    code = enrolment.issue(db, number, now, created_by="cli")
    # The hall's local time: the technician reads it on the hall's clock.
    expires = code.expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    print(f"终端 {number} 登记码 / Terminal {number} enrolment code: {code.shown}")
    print(f"有效期至 / Valid until: {expires} (一次有效 / works once)")
    print(
        "在终端上运行 / On the terminal: "
        f"kiosk --config FILE provision --central URL --code {code.shown}"
    )
    try:
        import qrcode
    except ModuleNotFoundError:  # a server without it: the code alone is enough
        return
    qr = qrcode.QRCode(border=1)
    qr.add_data(code.qr_text)
    qr.print_ascii(out=sys.stdout, invert=True)


def _serve(url: str, args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from central.app import create_app
    except ModuleNotFoundError as error:  # a terminal-only install
        raise _UsageError(
            f"the server's packages are not installed ({error.name}): "
            "pip install 'declaration-kiosk[server]'"
        ) from None
    from central.state import ServerState
    from kiosk.protocol import PROTOCOL_VERSION

    if not 0 < args.port < 65536:
        raise _UsageError(f"port must be 1 to 65535, not {args.port}")
    protocol = PROTOCOL_VERSION if args.protocol_version is None else args.protocol_version
    if not 1 <= protocol <= PROTOCOL_VERSION:
        raise _UsageError(f"protocol version must be 1 to {PROTOCOL_VERSION}, not {protocol}")
    name = args.timezone or os.environ.get(ENV_TIMEZONE) or DEFAULT_TIMEZONE
    try:
        zone = hall_zone(name)
    except UnknownTimeZone as error:
        raise _UsageError(str(error)) from None
    db = _open(url)
    try:
        state = ServerState(db, timezone=zone, protocol_version=protocol)
        uvicorn.run(create_app(state), host=args.host, port=args.port)
    finally:
        db.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in `argv` (default: the process's arguments); the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except _UsageError as error:
        print(f"central: {error}", file=sys.stderr)
        return USAGE_ERROR
    except AdminError as error:
        print(f"central: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `central enrol --number 3 | head -3`: the reader has gone
        # Python would report the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
