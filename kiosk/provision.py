"""Provisioning a terminal with a one-time enrolment code (`kiosk provision`, the
technician's diagnostics screen). Qt-free; imports no printer (the test ticket is a
callable the caller brings: only the composition roots build printers).

`provision(url, code, config_path=..., ca_bundle=...)` runs five steps, each reported as
a bilingual line (`Step`), and stops at the first that fails:

1. *check*, before any network: the URL by the config's own rule (CentralConfig:
   https, plain http only for a loopback host), the code's shape, the CA file, and the
   config file as it will be written (edited, then loaded by `load_config`, with a
   stand-in token): a code is never spent on a config that could not be written.
2. *exchange*: POST /api/v1/enrol over TLS (the hall's CA, else the system's), read
   within bounds by the sync's own client; the answer is checked strictly.
3. *config*: written atomically (kiosk.atomic, mode 0600 from its temporary file), with
   everything it held kept and only `terminal_number` and `[central] url`, `token`,
   `ca_bundle` set; re-read by `load_config` before it replaces the old file.
4. *downloads*: the catalog, the work calendar and the staff PIN hashes into the data
   folder and the store, with the sync's client and installers (kiosk.sync.files,
   kiosk.staff.accounts), as the sync worker's duties do. Done here directly rather than
   through a Terminal and its sync worker: that would need the printer and the font
   first, and a worker's failures become backoffs and a status to poll, while a
   technician wants each download's own result now, once.
5. *test ticket*: `print_test(config)` (e.g. kiosk.diagnostics' print_test_ticket on the
   configured printer), its outcome in a technician's words.

Refusals (a wrong, used, expired or replaced code, an unreachable server, a TLS failure,
a 5xx, a malformed answer) leave the config file as it was, byte for byte. The token is
never in a line, a log record or an exception message.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from pydantic import ValidationError

from kiosk.atomic import write_atomic
from kiosk.config import MAX_CONFIG_BYTES, CentralConfig, ConfigError, KioskConfig, load_config
from kiosk.i18n import Text, text
from kiosk.toml_safe import TomlProblem, parse_toml, read_capped
from kiosk.validation_errors import describe_errors

log = logging.getLogger(__name__)

# The central server's alphabet (central.enrolment.ALPHABET): no 0/O, no 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
QR_PREFIX = "KIOSK-ENROL:"  # what the code's QR says; a scanner types it whole
MAX_TYPED = 64
MAX_CA_BYTES = 1024 * 1024
MAX_ANSWER_BYTES = 16 * 1024  # {"terminal", "token", "hall_name"}: a few hundred bytes
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,256}")  # central.security.new_token: URL-safe
HALL_NAME_MAX = 80
ENROL_PATH = "/enrol"
REFUSALS = (404, 409, 410, 422, 429)  # answered with a reason (5xx: ServerBusy)
STAND_IN_TOKEN = "provision-check-" + "x" * 27  # for the check before the exchange

PrintTest = Callable[[KioskConfig], Any]  # -> kiosk.diagnostics.printer_check.PrintCheck


@dataclass(frozen=True)
class Step:
    """One step's outcome: `name` (check, exchange, config, catalog, calendar, staff,
    test_ticket), whether it passed, and its line for the technician."""

    name: str
    ok: bool
    line: Text

    def console(self) -> str:
        """`✓ 中文 / English` (or ✗): how the command prints it."""
        return f"{'✓' if self.ok else '✗'} {self.line.zh} / {self.line.en}"


@dataclass(frozen=True)
class ProvisionResult:
    """Every step run, in order; `ok` only when all passed."""

    steps: tuple[Step, ...]
    terminal: int | None = None  # the number the server enrolled
    config_written: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)


class _Refused(Exception):
    """A step's refusal: its line."""

    def __init__(self, line: Text) -> None:
        super().__init__(line.en)
        self.line = line


@dataclass
class _Run:
    on_step: Callable[[Step], None] | None
    steps: list[Step] = field(default_factory=list)

    def add(self, name: str, ok: bool, line: Text) -> None:
        step = Step(name, ok, line)
        self.steps.append(step)
        # Info either way: a refusal is an answer for the technician, who reads its line.
        log.info("provision %s: %s%s", name, "" if ok else "refused: ", line.en)
        if self.on_step is not None:
            try:
                self.on_step(step)
            except Exception:  # a display's bug must not stop a half-done enrolment
                log.exception("provision: reporting a step")


# --- the code -----------------------------------------------------------------------------


def normalise_code(typed: str) -> str | None:
    """The code in `typed` (its QR's text too; dashes and spaces dropped, upper case),
    or None when it cannot be one."""
    if len(typed) > MAX_TYPED:
        return None
    typed = typed.strip()
    if typed.upper().startswith(QR_PREFIX):
        typed = typed[len(QR_PREFIX) :]
    code = "".join(ch for ch in typed if ch not in "- \t").upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


# --- the config file ------------------------------------------------------------------------


def toml_string(value: str) -> str:
    """`value` as a TOML basic string ("..." with \\ and " and controls escaped)."""
    out = []
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\]#]*?)\s*\]\]?\s*(#.*)?$")


def _key_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(key)}\s*=")


@dataclass(frozen=True)
class CentralKeys:
    """What provisioning sets in the config."""

    terminal: int
    url: str
    token: str
    ca_bundle: Path | None


def edit_config(original: str | None, keys: CentralKeys) -> str:
    """The config text with `keys` set and everything else kept (None: a new file).

    Edits lines, so comments and layout stay; `expected_data` says what it must parse to,
    and `_checked_text` refuses a result that does not (a value spread over lines, the
    table written as dotted keys): such a file is told to the technician, not rewritten.
    """
    central = [
        ("url", f"url = {toml_string(keys.url)}"),
        ("token", f"token = {toml_string(keys.token)}"),
        (
            "ca_bundle",
            f"ca_bundle = {toml_string(str(keys.ca_bundle))}" if keys.ca_bundle else None,
        ),
    ]
    number = f"terminal_number = {keys.terminal}"
    if original is None:
        lines = [
            "# 由 kiosk provision 写入 / Written by kiosk provision; every other key takes",
            "# its default (resources/config.example.toml lists them).",
            number,
            "",
            "[central]",
            *(line for _, line in central if line is not None),
        ]
        return "\n".join(lines) + "\n"
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    headers = [(i, m) for i, line in enumerate(lines) if (m := _HEADER.match(line.rstrip("\r\n")))]
    first_header = headers[0][0] if headers else len(lines)
    # terminal_number: a top-level key, so before the first table header.
    pattern = _key_line("terminal_number")
    found = [i for i in range(first_header) if pattern.match(lines[i])]
    if found:
        lines[found[0]] = number + "\n"
    else:
        lines[first_header:first_header] = [number + "\n", "\n"] if headers else [number + "\n"]
        headers = [(i + (2 if headers else 1), m) for i, m in headers]
    table = next(
        ((n, i) for n, (i, m) in enumerate(headers) if not m.group(1) and m.group(2) == "central"),
        None,
    )
    if table is None:
        tail = ["\n", "[central]\n", *(line + "\n" for _, line in central if line is not None)]
        return "".join(lines + tail)
    n, start = table
    end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
    inserted: list[str] = []
    for key, line in central:
        pattern = _key_line(key)
        at = [i for i in range(start + 1, end) if pattern.match(lines[i])]
        if at and line is not None:
            lines[at[0]] = line + "\n"
        elif at:
            lines[at[0]] = ""  # no CA given: the system's authorities
        elif line is not None:
            inserted.append(line + "\n")
    lines[start + 1 : start + 1] = inserted
    return "".join(lines)


def expected_data(original: Mapping[str, Any] | None, keys: CentralKeys) -> dict[str, Any]:
    """What the edited file must parse to: the old data with `keys` set."""
    data = copy.deepcopy(dict(original or {}))
    data["terminal_number"] = keys.terminal
    central = data.get("central")
    central = dict(central) if isinstance(central, dict) else {}
    central["url"], central["token"] = keys.url, keys.token
    if keys.ca_bundle is not None:
        central["ca_bundle"] = str(keys.ca_bundle)
    else:
        central.pop("ca_bundle", None)
    data["central"] = central
    return data


def _read_existing(config_path: Path) -> tuple[str | None, dict[str, Any] | None]:
    if not config_path.exists():
        return None, None
    try:
        raw = read_capped(config_path, MAX_CONFIG_BYTES, "config file")
        data = parse_toml(raw, max_bytes=MAX_CONFIG_BYTES)
        return raw.decode("utf-8-sig"), data
    except TomlProblem as e:
        raise _Refused(
            text(
                f"配置文件无法读取：{e.message}。请先修正或移走 {config_path}",
                f"The config file cannot be read: {e.message}. Fix it or move {config_path} "
                "away first",
            )
        ) from None


def _checked_text(config_path: Path, keys: CentralKeys) -> tuple[str, KioskConfig]:
    """The new config's text and what it loads as; _Refused when it would not load."""
    original, data = _read_existing(config_path)
    new_text = edit_config(original, keys)
    try:
        parsed = parse_toml(new_text.encode("utf-8"), max_bytes=MAX_CONFIG_BYTES)
    except TomlProblem:
        parsed = None
    if parsed != expected_data(data, keys):
        raise _Refused(
            text(
                f"无法自动修改 {config_path}：请把 terminal_number 写在文件开头，并在 [central] "
                "表中把 url、token、ca_bundle 各写成一行",
                f"{config_path} cannot be edited automatically: put terminal_number at the "
                "top and url, token and ca_bundle on a line each in its [central] table",
            )
        )
    return new_text, _load_beside(config_path, new_text)


def _load_beside(config_path: Path, new_text: str) -> KioskConfig:
    """`load_config` of `new_text` from a file beside `config_path` (relative paths in it
    resolve against the same folder), removed afterwards."""
    folder = config_path.parent
    created = not folder.exists()  # made for the check only: removed again after it
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{config_path.name}.", suffix=".check")
    except OSError as e:
        raise _Refused(
            text(
                f"无法在 {folder} 写入配置：{e.strerror or e}",
                f"Cannot write the config in {folder}: {e.strerror or e}",
            )
        ) from None
    check = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(new_text.encode("utf-8"))
        return load_config(check)
    except ConfigError as e:  # its messages never repeat central.token
        problems = "; ".join(e.problems[:3])
        raise _Refused(
            text(f"新配置无效：{problems}", f"The new config would not load: {problems}")
        ) from None
    finally:
        with contextlib.suppress(OSError):
            check.unlink()
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _write_config(config_path: Path, new_text: str) -> KioskConfig:
    """Check `new_text` loads, then put it in place atomically (0600: mkstemp's mode)."""
    with contextlib.suppress(OSError):  # else _load_beside says why it cannot
        config_path.parent.mkdir(parents=True, exist_ok=True)
    config = _load_beside(config_path, new_text)
    try:
        write_atomic(config_path, new_text.encode("utf-8"))
        os.chmod(config_path, 0o600)  # already so (mkstemp); said here as the rule
    except OSError as e:
        raise _Refused(
            text(
                f"配置文件写入失败：{e.strerror or e}。令牌已作废，请在中心服务器重新生成登记码",
                f"Writing the config failed: {e.strerror or e}. The code is spent: make "
                "a new one on the central server",
            )
        ) from None
    return config


# --- the exchange ------------------------------------------------------------------------


def _client_config(url: str, ca_bundle: Path | None, timeout_s: float) -> CentralConfig:
    try:
        return CentralConfig(
            url=url, token=STAND_IN_TOKEN, ca_bundle=ca_bundle, timeout_s=float(timeout_s)
        )
    except ValidationError as e:
        problems = "; ".join(describe_errors(e.errors(), CentralConfig, ("token",))[:2])
        raise _Refused(
            text(f"中心服务器地址无效：{problems}", f"The central server's URL: {problems}")
        ) from None


def _check_ca(ca_bundle: Path | None) -> Path | None:
    if ca_bundle is None:
        return None
    path = Path(ca_bundle).expanduser().absolute()
    try:
        raw = read_capped(path, MAX_CA_BYTES, "CA file")
    except TomlProblem as e:
        raise _Refused(
            text(f"CA 证书文件 {path}：{e.message}", f"The CA file {path}: {e.message}")
        ) from None
    if b"-----BEGIN CERTIFICATE-----" not in raw:
        raise _Refused(
            text(
                f"{path} 不是 PEM 格式的 CA 证书",
                f"{path} is not a CA certificate in PEM form",
            )
        )
    return path


@dataclass(frozen=True)
class _Answer:
    terminal: int
    token: str
    hall_name: str | None


def _exchange(config: CentralConfig, code: str) -> _Answer:
    from kiosk.sync.client import (
        AuthFault,
        CentralClient,
        ProtocolFault,
        ServerBusy,
        Unreachable,
    )

    class EnrolClient(CentralClient):
        """The sync's client (its timeouts, deadline and size limits) without a token.

        Its `_call` is used for the refusals' statuses, which the public methods turn
        into faults without the answer's `reason`."""

        def __init__(self, config: CentralConfig) -> None:
            super().__init__(config, read_timeout_s=config.timeout_s)
            del self.session.headers["Authorization"]  # the stand-in: the code is the key

        def enrol(self, code: str) -> tuple[int, dict[str, Any], str | None]:
            answer = self._call(
                "POST",
                ENROL_PATH,
                json={"code": code},
                allow=REFUSALS,
                max_bytes=MAX_ANSWER_BYTES,
            )
            retry = answer.headers.get("Retry-After")
            try:
                return answer.status, answer.json(), retry
            except ProtocolFault:
                if answer.status == 200:
                    raise
                return answer.status, {}, retry

    client = EnrolClient(config)
    try:
        status, body, retry_after = client.enrol(code)
    except Unreachable as e:
        if isinstance(e.__cause__, requests.exceptions.SSLError):
            raise _Refused(
                text(
                    "TLS 校验失败：服务器证书不受信任。请用 --ca 指定大厅的 CA 证书，并核对地址",
                    "TLS failed: the server's certificate is not trusted. Give the hall's CA "
                    "with --ca and check the URL",
                )
            ) from None
        raise _Refused(
            text(
                f"无法连接中心服务器：{e}。请检查网络和地址",
                f"The central server cannot be reached: {e}. Check the network and the URL",
            )
        ) from None
    except ServerBusy as e:
        raise _Refused(
            text(
                f"中心服务器出错：{e}。请稍后再试或联系服务器管理员",
                f"The central server failed: {e}. Try again later or tell its administrator",
            )
        ) from None
    except AuthFault as e:
        raise _Refused(
            text(
                f"服务器拒绝了登记请求（{e}）：这是大厅的中心服务器吗？",
                f"The server refused to enrol ({e}): is this the hall's central server?",
            )
        ) from None
    except ProtocolFault as e:
        raise _Refused(_malformed(str(e))) from None
    finally:
        client.close()
    if status == 200:
        return _checked_answer(body)
    if status == 429:
        wait = (retry_after or "")[:6]  # seconds; an HTTP date or junk: the usual 15 min
        seconds = int(wait) if wait.isascii() and wait.isdigit() else 900
        minutes = max(1, min(24 * 60, round(seconds / 60)))
        raise _Refused(
            text(
                f"尝试次数过多，请 {minutes} 分钟后再试",
                f"Too many wrong codes from this terminal: try again in {minutes} min",
            )
        )
    raise _Refused(_refusal(status, body.get("reason")))


def _malformed(why: str) -> Text:
    return text(
        f"中心服务器的答复无法使用：{why}",
        f"The central server's answer cannot be used: {why}",
    )


def _refusal(status: int, reason: object) -> Text:
    if status == 404 and reason == "wrong":
        return text(
            "登记码不正确：请核对后重新输入（字母不区分大小写）",
            "The enrolment code is wrong: check it and type it again (any case)",
        )
    if status == 409:
        return text(
            "登记码已使用过：请在中心服务器重新生成（central enrol）",
            "The enrolment code was used already: make a new one (central enrol)",
        )
    if status == 410 and reason == "replaced":
        return text(
            "该终端已有更新的登记码：请使用最新的那个",
            "A newer code was made for this terminal: use the newest one",
        )
    if status == 410:
        return text(
            "登记码已过期（有效期 24 小时）：请在中心服务器重新生成",
            "The enrolment code has expired (24 hours): make a new one on the central server",
        )
    if status == 404:
        return text(
            "该服务器不提供终端登记（404）：地址是否为大厅的中心服务器？服务器是否已更新？",
            "This server has no enrolment (404): is the URL the hall's central server, and "
            "is it up to date?",
        )
    return _malformed(f"status {status}")


def _checked_answer(body: Mapping[str, Any]) -> _Answer:
    terminal, token, hall = body.get("terminal"), body.get("token"), body.get("hall_name")
    if type(terminal) is not int or not 1 <= terminal <= 12:
        raise _Refused(_malformed("terminal: expected a number 1 to 12"))
    if not isinstance(token, str) or TOKEN.fullmatch(token) is None:
        raise _Refused(_malformed("token: expected 20 to 256 letters, digits, - or _"))
    if hall is not None and (
        not isinstance(hall, str) or len(hall) > HALL_NAME_MAX or not hall.isprintable()
    ):
        raise _Refused(_malformed(f"hall_name: expected one line of at most {HALL_NAME_MAX}"))
    return _Answer(terminal, token, hall or None)


# --- the downloads ---------------------------------------------------------------------------


def _downloads(config: KioskConfig, run: _Run, now: datetime) -> None:
    """The catalog, the calendar and the staff list, each reported on its own line."""
    from kiosk.staff.accounts import StaffListRefused, install_staff_list
    from kiosk.store.database import Store
    from kiosk.sync.client import MAX_CATALOG_BYTES, CentralClient, SyncFault
    from kiosk.sync.files import install_calendar, install_catalog

    data_dir = config.resolved_data_dir()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(data_dir / "kiosk.db")
    except Exception as e:  # a locked, full or unreadable data folder: said, not raised
        run.add(
            "store",
            False,
            text(
                f"数据目录 {data_dir} 无法使用：{type(e).__name__}: {_brief(e)}",
                f"The data folder {data_dir} cannot be used: {type(e).__name__}: {_brief(e)}",
            ),
        )
        return
    client = CentralClient(config.central)
    try:
        for name, zh in (("catalog", "事项目录"), ("calendar", "工作日历"), ("staff", "工作人员")):
            try:
                if name == "catalog":
                    got = client.get("/catalog", max_bytes=MAX_CATALOG_BYTES)
                    if got.body is None:
                        done = text(
                            "服务器尚无事项目录：继续使用内置目录",
                            "The server has no catalog yet: the bundled one stays",
                        )
                    else:
                        files = got.body.get("files")
                        if not isinstance(files, Mapping):
                            raise ValueError("files: expected an object of file names and texts")
                        catalog = install_catalog(data_dir, files, got.etag)
                        done = text(
                            f"事项目录 {catalog.version} 已下载（{len(catalog)} 项）",
                            f"Catalog {catalog.version} downloaded ({len(catalog)} items)",
                        )
                elif name == "calendar":
                    got = client.get("/calendar")
                    if got.body is None:
                        done = text(
                            "服务器尚无工作日历：节假日按内置数据",
                            "The server has no calendar yet: the built-in holidays stay",
                        )
                    else:
                        calendar = install_calendar(
                            data_dir, got.body.get("version"), got.body.get("calendar"), got.etag
                        )
                        done = text(
                            f"工作日历 {calendar.version} 已下载",
                            f"Calendar {calendar.version} downloaded",
                        )
                else:
                    got = client.get("/staff")
                    if got.body is None:
                        done = text(
                            "服务器不提供工作人员名单：暂用配置中的备用密码",
                            "The server has no staff list: the config's fallback PINs stay",
                        )
                    else:
                        body, etag = got.body, got.etag
                        with store.transaction() as s:
                            install_staff_list(s, body, now, etag)
                        count = len(body.get("accounts") or ())
                        done = text(
                            f"工作人员名单已下载（{count} 人）",
                            f"Staff list downloaded ({count} account{'' if count == 1 else 's'})",
                        )
            except SyncFault as e:
                run.add(name, False, text(f"{zh}下载失败：{e}", f"{name} download failed: {e}"))
            except (StaffListRefused, ValueError, TypeError, RecursionError) as e:
                run.add(
                    name, False, text(f"{zh}被拒绝：{_brief(e)}", f"{name} refused: {_brief(e)}")
                )
            except Exception as e:  # a CatalogError, or whatever the checks met
                run.add(
                    name,
                    False,
                    text(f"{zh}被拒绝：{_problems(e)}", f"{name} refused: {_problems(e)}"),
                )
            else:
                run.add(name, True, done)
    finally:
        client.close()
        store.close()


def _brief(e: BaseException) -> str:
    words = " ".join(str(e).split())
    return words if len(words) <= 200 else words[:200] + "…"


def _problems(e: Exception) -> str:
    problems = getattr(e, "problems", None)
    if isinstance(problems, list) and problems:
        return f"{len(problems)} problem(s): {_brief(Exception(problems[0]))}"
    return f"{type(e).__name__}: {_brief(e)}"


# --- the whole ---------------------------------------------------------------------------


def provision(
    central_url: str,
    code: str,
    *,
    config_path: Path,
    ca_bundle: Path | None,
    timeout_s: float = 15,
    print_test: PrintTest | None = None,
    on_step: Callable[[Step], None] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ProvisionResult:
    """Enrol this terminal with `code` at `central_url` and write `config_path`.

    `print_test(config)` prints the test ticket (None: that step is not run and the
    result cannot be ok); `on_step` hears each step as it ends (on the calling thread).
    Never raises for what a technician or a server can cause: each refusal is a step.
    """
    run = _Run(on_step)
    config_path = Path(config_path).expanduser().absolute()
    try:
        central = _client_config(central_url.strip(), _check_ca(ca_bundle), timeout_s)
        normal = normalise_code(code)
        if normal is None:
            raise _Refused(
                text(
                    "登记码格式不对：应为 8 位字母和数字，如 K7QM-3XPA",
                    "That is not an enrolment code: 8 letters and digits, like K7QM-3XPA",
                )
            )
        original, _ = _read_existing(config_path)
        old_number = _old_number(original)
        # The number the server will say is not known yet: any valid one checks the file.
        stand_in = CentralKeys(old_number or 1, central.url, STAND_IN_TOKEN, central.ca_bundle)
        _checked_text(config_path, stand_in)
    except _Refused as refused:
        run.add("check", False, refused.line)
        return ProvisionResult(tuple(run.steps))
    run.add(
        "check",
        True,
        text(
            f"地址、登记码和配置文件 {config_path} 检查通过",
            f"URL, code and the config file {config_path} checked",
        ),
    )
    try:
        answer = _exchange(central, normal)
    except _Refused as refused:
        run.add("exchange", False, refused.line)
        return ProvisionResult(tuple(run.steps))
    hall = f"（{answer.hall_name}）" if answer.hall_name else ""
    hall_en = f" ({answer.hall_name})" if answer.hall_name else ""
    run.add(
        "exchange",
        True,
        text(
            f"已登记为 {answer.terminal} 号终端{hall}，接入令牌已取得（不显示）",
            f"Enrolled as terminal {answer.terminal}{hall_en}; its token is received (never shown)",
        ),
    )
    keys = CentralKeys(answer.terminal, central.url, answer.token, central.ca_bundle)
    try:
        new_text, _ = _checked_text(config_path, keys)
        config = _write_config(config_path, new_text)
    except _Refused as refused:
        run.add("config", False, refused.line)
        return ProvisionResult(tuple(run.steps), answer.terminal)
    renumbered = (
        text(
            f"（终端编号 {old_number} → {answer.terminal}）",
            f" (number {old_number} → {answer.terminal})",
        )
        if old_number is not None and old_number != answer.terminal
        else text("", "")
    )
    run.add(
        "config",
        True,
        text(
            f"配置已写入 {config_path}，仅本用户可读{renumbered.zh}",
            f"Config written to {config_path}, readable by this user only{renumbered.en}",
        ),
    )
    _downloads(config, run, now())
    _test_ticket(config, print_test, run)
    return ProvisionResult(tuple(run.steps), answer.terminal, config_written=True)


def _old_number(original: str | None) -> int | None:
    if original is None:
        return None
    try:
        number = parse_toml(original.encode("utf-8"), max_bytes=MAX_CONFIG_BYTES).get(
            "terminal_number"
        )
    except TomlProblem:
        return None
    return number if type(number) is int and 1 <= number <= 12 else None


def _test_ticket(config: KioskConfig, print_test: PrintTest | None, run: _Run) -> None:
    if print_test is None:
        run.add(
            "test_ticket",
            False,
            text("未打印测试票（无打印机）", "No test ticket printed (no printer given)"),
        )
        return
    try:
        check = print_test(config)
    except Exception as e:  # a driver's surprise: the technician reads what it was
        log.exception("provision: the test ticket")
        run.add(
            "test_ticket",
            False,
            text(
                f"测试票未能打印：{type(e).__name__}: {_brief(e)}",
                f"The test ticket was not printed: {type(e).__name__}: {_brief(e)}",
            ),
        )
        return
    message = getattr(check, "message", None)
    printed = bool(getattr(check, "printed", False))
    if not isinstance(message, Text):
        message = (
            text("测试票已打印", "Test ticket printed")
            if printed
            else text("测试票未能打印", "The test ticket was not printed")
        )
    run.add("test_ticket", printed, message)
