"""The diagnostics' model: one `Figure` per fact, with its state and what to do about it.

Each rule is a pure function from plain facts (numbers, times, codes) to a Figure, so
the thresholds are tested without a terminal. The thresholds are named here; the
central server's dashboard alerts use the same limits (disk under 1 GB, clock drift
over 60 s, silent over 2 minutes, dead letters, a printer fault).

Choices where issue 12 is silent:
- no central server configured (`central.url` empty): "not configured" is ok in demo
  mode, a warning otherwise (a hall terminal without its server gets no hall-wide
  ticket numbers); configured but no answer yet since the start: a warning;
- restarts since boot: a warning from `RESTARTS_WARNING` on (one restart is an update or
  a technician; several are a crash loop); the last crash: a warning within
  `RECENT_CRASH_S` (a day), ok with its time after that;
- round trip over `ROUND_TRIP_WARNING_MS` is a warning (the applicant waits for a
  ticket number that long);
- a printer with no status channel (CUPS, device file) is "unknown", never ok; the demo's
  files printer is ok ("writes files").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.diagnostics import words
from kiosk.diagnostics.words import UNKNOWN, ago, duration, local_time, megabytes, same
from kiosk.i18n import Text, text

# -- thresholds ------------------------------------------------------------------------------

DISK_FAULT_MB = 1024  # under 1 GB free: the store may soon fail to write (a fault)
DISK_WARNING_MB = 5 * 1024
DRIFT_FAULT_S = 60.0  # tickets, due dates and the dashboard disagree beyond this
DRIFT_WARNING_S = 5.0
CONTACT_WARNING_S = 120.0  # the dashboard calls a terminal silent after 2 minutes
ROUND_TRIP_WARNING_MS = 2000.0
OUTBOX_OLDEST_WARNING_S = 600.0  # an event waiting over 10 minutes
TLS_WARNING_DAYS = 30
MEMORY_WARNING_MB = 1536.0  # a kiosk process that grew past 1.5 GB is leaking
RESTARTS_WARNING = 3
RECENT_CRASH_S = 86400.0


class State(StrEnum):
    """How a figure is doing; the screen colours it, the heartbeat's alerts follow it."""

    OK = "ok"
    WARNING = "warning"
    FAULT = "fault"
    UNKNOWN = "unknown"


class Section(StrEnum):
    """Where a figure is shown on the diagnostics screen."""

    VERSIONS = "versions"
    CENTRAL = "central"
    PRINTER = "printer"
    MACHINE = "machine"
    SCREEN = "screen"
    DEVICES = "devices"


@dataclass(frozen=True)
class Figure:
    """One line of the diagnostics screen; `key` is stable (tests, the view-model)."""

    key: str
    section: Section
    label: Text
    value: Text
    state: State
    hint: Text | None = None  # what to do, when the state is not ok


def worst(figures: list[Figure]) -> State:
    """The worst state among `figures` (fault > warning > unknown > ok)."""
    order = [State.OK, State.UNKNOWN, State.WARNING, State.FAULT]
    return max((f.state for f in figures), key=order.index, default=State.OK)


def _unknown(key: str, section: Section, label: Text, hint: Text | None = None) -> Figure:
    return Figure(key, section, label, UNKNOWN, State.UNKNOWN, hint)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


# -- versions ------------------------------------------------------------------------------

LABELS = {
    "app_version": text("程序版本", "Application version"),
    "catalog_version": text("事项目录版本", "Catalog version"),
    "store_schema": text("数据库结构版本", "Store schema"),
    "protocol_version": text("同步协议版本", "Sync protocol"),
    "terminal_number": text("终端编号", "Terminal number"),
    "time_zone": text("大厅时区", "Hall time zone"),
    "clock_drift": text("时钟偏差（相对中心服务器）", "Clock drift (against the central server)"),
    "central_url": text("中心服务器地址", "Central server"),
    "sync_state": text("同步状态", "Sync"),
    "last_contact": text("最近联系", "Last contact"),
    "round_trip": text("往返时间", "Round trip"),
    "tls_certificate": text("TLS 证书", "TLS certificate"),
    "outbox": text("待发送事件", "Events waiting"),
    "dead_letters": text("被拒事件（死信）", "Rejected events (dead letters)"),
    "printer_connection": text("票据打印机连接", "Ticket printer connection"),
    "printer_profile": text("打印机型号配置", "Printer profile"),
    "paper_width": text("纸宽", "Paper width"),
    "printer_status": text("打印机状态", "Printer status"),
    "last_print": text("最近一次打印", "Last print"),
    "a4_queue": text("A4 打印机队列", "A4 printer queue"),
    "disk_free": text("数据盘剩余空间", "Disk free (data folder)"),
    "store_size": text("数据库大小", "Store size"),
    "memory": text("内存占用", "Memory"),
    "uptime": text("运行时间", "Uptime"),
    "restarts": text("本次开机后重启次数", "Restarts since boot"),
    "last_crash": text("最近一次异常退出", "Last crash"),
    "screen": text("屏幕", "Screen"),
    "id_card": text("身份证阅读器", "ID card reader"),
    "scanner": text("扫码器", "QR scanner"),
    "signal_light": text("呼叫灯", "Call light"),
}


def version(key: str, value: str | None) -> Figure:
    """A version or identity figure: ok when known, unknown otherwise."""
    if not value or value == "unknown":
        return _unknown(key, Section.VERSIONS, LABELS[key])
    return Figure(key, Section.VERSIONS, LABELS[key], same(value), State.OK)


def time_zone(name: str, now: datetime) -> Figure:
    """The hall's zone and its offset now: "Asia/Shanghai (UTC+08:00)"."""
    offset = now.strftime("%z")
    shown = f"{name} (UTC{offset[:3]}:{offset[3:]})" if offset else name
    return Figure("time_zone", Section.VERSIONS, LABELS["time_zone"], same(shown), State.OK)


def clock_drift(drift_s: float | None) -> Figure:
    """The terminal's clock minus the server's: |d| > 60 s a fault, > 5 s a warning."""
    label = LABELS["clock_drift"]
    if not _finite(drift_s):
        return _unknown(
            "clock_drift",
            Section.VERSIONS,
            label,
            text("尚未收到中心服务器的应答。", "No answer from the central server yet."),
        )
    assert drift_s is not None
    size = abs(drift_s)
    amount = f"{size:.0f}" if size >= 10 else f"{size:.1f}"
    if amount in ("0.0", "0"):
        value = text("0 秒", "0 s")
    elif drift_s > 0:
        value = text(f"快 {amount} 秒", f"{amount} s ahead")
    else:
        value = text(f"慢 {amount} 秒", f"{amount} s behind")
    hint = text(
        "请检查本机的时间同步（NTP）设置。", "Check the machine's time synchronisation (NTP)."
    )
    if size > DRIFT_FAULT_S:
        return Figure("clock_drift", Section.VERSIONS, label, value, State.FAULT, hint)
    if size > DRIFT_WARNING_S:
        return Figure("clock_drift", Section.VERSIONS, label, value, State.WARNING, hint)
    return Figure("clock_drift", Section.VERSIONS, label, value, State.OK)


# -- the central server ------------------------------------------------------------------

NOT_CONFIGURED = text("未配置", "not configured")
NOT_CONFIGURED_DEMO = text("未配置（演示模式）", "not configured (demo)")
_SET_URL = text(
    "请在配置文件的 [central] url 中填写中心服务器地址。",
    "Set the central server's address in the config file, [central] url.",
)


def central_url(url: str, demo: bool) -> Figure:
    """The server's address (never its token); a missing one is ok only in demo mode."""
    label = LABELS["central_url"]
    if not url:
        if demo:
            return Figure("central_url", Section.CENTRAL, label, NOT_CONFIGURED_DEMO, State.OK)
        return Figure(
            "central_url", Section.CENTRAL, label, NOT_CONFIGURED, State.WARNING, _SET_URL
        )
    return Figure("central_url", Section.CENTRAL, label, same(url), State.OK)


def sync_state(
    configured: bool, online: bool, auth_fault: bool, last_error: str | None, demo: bool
) -> Figure:
    """Whether the last exchange with the server worked; a refused token is a fault."""
    label = LABELS["sync_state"]
    if not configured:
        value = NOT_CONFIGURED_DEMO if demo else NOT_CONFIGURED
        return Figure(
            "sync_state", Section.CENTRAL, label, value, State.OK if demo else State.WARNING
        )
    if auth_fault:
        return Figure(
            "sync_state",
            Section.CENTRAL,
            label,
            text("服务器拒绝了本终端的令牌", "the server refused this terminal's token"),
            State.FAULT,
            text(
                "请在中心服务器重新登记本终端，并更新配置中的令牌。",
                "Enrol the terminal again on the central server and update its token.",
            ),
        )
    if online:
        return Figure("sync_state", Section.CENTRAL, label, text("在线", "online"), State.OK)
    detail = (last_error or "")[:200]
    return Figure(
        "sync_state",
        Section.CENTRAL,
        label,
        text(
            f"离线：{detail}" if detail else "离线", f"offline: {detail}" if detail else "offline"
        ),
        State.WARNING,
        text(
            "请检查网络连接和中心服务器；事件会保存在本机，恢复后自动发送。",
            "Check the network and the central server; events are kept and sent once back.",
        ),
    )


def last_contact(configured: bool, at: datetime | None, now: datetime, demo: bool) -> Figure:
    """The last answer from the server: older than 2 minutes (or none yet) is a warning."""
    label = LABELS["last_contact"]
    if not configured:
        value = NOT_CONFIGURED_DEMO if demo else NOT_CONFIGURED
        state = State.OK if demo else State.WARNING
        return Figure(
            "last_contact", Section.CENTRAL, label, value, state, None if demo else _SET_URL
        )
    hint = text(
        "请检查网络连接和中心服务器是否运行。",
        "Check the network and that the central server is running.",
    )
    if at is None:
        return Figure(
            "last_contact",
            Section.CENTRAL,
            label,
            text("启动以来尚未联系上", "no answer since the start"),
            State.WARNING,
            hint,
        )
    age = (now - at).total_seconds()
    value = text(
        f"{ago(age).zh}（{local_time(at, now)}）", f"{ago(age).en} ({local_time(at, now)})"
    )
    if age > CONTACT_WARNING_S:
        return Figure("last_contact", Section.CENTRAL, label, value, State.WARNING, hint)
    return Figure("last_contact", Section.CENTRAL, label, value, State.OK)


def round_trip(ms: float | None) -> Figure:
    """The last request's round trip: over 2 s is a warning."""
    label = LABELS["round_trip"]
    if not _finite(ms):
        return _unknown("round_trip", Section.CENTRAL, label)
    assert ms is not None
    value = text(f"{ms:.0f} 毫秒", f"{ms:.0f} ms")
    if ms > ROUND_TRIP_WARNING_MS:
        return Figure(
            "round_trip",
            Section.CENTRAL,
            label,
            value,
            State.WARNING,
            text("网络较慢，请检查网络连接。", "The network is slow: check the connection."),
        )
    return Figure("round_trip", Section.CENTRAL, label, value, State.OK)


def tls_certificate(
    url: str, expires_at: datetime | None, now: datetime, demo: bool, error: str | None = None
) -> Figure:
    """The server certificate's expiry: expired a fault, under 30 days a warning; plain
    http is a warning ("not TLS") except in demo mode."""
    label = LABELS["tls_certificate"]
    key, section = "tls_certificate", Section.CENTRAL
    if not url:
        return Figure(
            key,
            section,
            label,
            NOT_CONFIGURED_DEMO if demo else NOT_CONFIGURED,
            State.OK if demo else State.WARNING,
        )
    if not url.lower().startswith("https://"):
        value = text("未使用 TLS（http）", "not TLS (plain http)")
        if demo:
            return Figure(
                key, section, label, text("未使用 TLS（演示模式）", "not TLS (demo)"), State.OK
            )
        return Figure(
            key,
            section,
            label,
            value,
            State.WARNING,
            text("请使用 https:// 地址。", "Use an https:// address."),
        )
    if expires_at is None:
        detail = f": {error[:200]}" if error else ""
        return Figure(
            key,
            section,
            label,
            text(f"无法读取证书{detail}", f"cannot read the certificate{detail}"),
            State.UNKNOWN,
            text("请检查网络连接和中心服务器。", "Check the network and the central server."),
        )
    left = (expires_at - now).total_seconds()
    day = local_time(expires_at, now)[:10]
    renew = text("请尽快为中心服务器更换证书。", "Renew the central server's certificate soon.")
    if left <= 0:
        return Figure(
            key, section, label, text(f"已于 {day} 过期", f"expired on {day}"), State.FAULT, renew
        )
    value = text(
        f"{day} 到期（还有 {duration(left).zh}）", f"expires {day} (in {duration(left).en})"
    )
    if left < TLS_WARNING_DAYS * 86400:
        return Figure(key, section, label, value, State.WARNING, renew)
    return Figure(key, section, label, value, State.OK)


def outbox(depth: int | None, oldest_age_s: float | None) -> Figure:
    """Events waiting: the oldest waiting over 10 minutes is a warning."""
    label = LABELS["outbox"]
    if depth is None:
        return _unknown("outbox", Section.CENTRAL, label)
    if depth == 0 or not _finite(oldest_age_s):
        return Figure("outbox", Section.CENTRAL, label, text(f"{depth} 条", f"{depth}"), State.OK)
    assert oldest_age_s is not None
    value = text(
        f"{depth} 条，最早一条等待 {duration(oldest_age_s).zh}",
        f"{depth}, the oldest waiting {duration(oldest_age_s).en}",
    )
    if oldest_age_s > OUTBOX_OLDEST_WARNING_S:
        return Figure(
            "outbox",
            Section.CENTRAL,
            label,
            value,
            State.WARNING,
            text(
                "事件未能及时发送：请检查网络和中心服务器，可点击“立即发送”。",
                "Events are not going out: check the network and the server, or tap Send now.",
            ),
        )
    return Figure("outbox", Section.CENTRAL, label, value, State.OK)


def dead_letters(count: int | None) -> Figure:
    """Events the server rejected for good: any is a warning (a technician looks)."""
    label = LABELS["dead_letters"]
    if count is None:
        return _unknown("dead_letters", Section.CENTRAL, label)
    value = text(f"{count} 条", f"{count}")
    if count > 0:
        return Figure(
            "dead_letters",
            Section.CENTRAL,
            label,
            value,
            State.WARNING,
            text(
                "查看下方被拒事件及服务器给出的原因，并报告给中心服务器管理员。",
                "See the rejected events and the server's reasons below; tell the server's admin.",
            ),
        )
    return Figure("dead_letters", Section.CENTRAL, label, value, State.OK)


# -- the printers ---------------------------------------------------------------------------

# The printer's state codes: printer.errors' fault codes, and the states of a status reply.
PRINTER_WORDS: dict[str, tuple[Text, State, Text | None]] = {
    "ok": (text("正常", "ready"), State.OK, None),
    "printed": (text("正常", "ready"), State.OK, None),
    "files": (text("演示：票据写入文件", "demo: tickets written as files"), State.OK, None),
    "near_end": (
        text("纸将用完", "paper near end"),
        State.WARNING,
        text("请尽快换上新纸卷。", "Load a new roll soon."),
    ),
    "paper_out": (
        text("缺纸", "paper out"),
        State.FAULT,
        text("请打开打印机盖，换上新纸卷后关好。", "Open the cover, load a new roll, close it."),
    ),
    "cover_open": (
        text("打印机盖未关好", "cover open"),
        State.FAULT,
        text("请关好打印机盖。", "Close the printer's cover."),
    ),
    "offline": (
        text("脱机或故障", "offline or in error"),
        State.FAULT,
        text("请检查打印机电源、指示灯和纸张。", "Check the printer's power, lights and paper."),
    ),
    "disconnected": (
        text("连接中断", "link broken"),
        State.FAULT,
        text("请检查打印机的数据线或网线。", "Check the printer's cable or network link."),
    ),
    "no_answer": (
        text("没有响应", "not answering"),
        State.FAULT,
        text("请检查打印机是否开机、连接是否正常。", "Check that the printer is on and linked."),
    ),
    "not_found": (
        text("未找到打印机", "not found"),
        State.FAULT,
        text(
            "请检查打印机连接和配置（[printer]）。",
            "Check the printer's link and the config's [printer] table.",
        ),
    ),
    "fault": (
        text("故障", "fault"),
        State.FAULT,
        text("请查看日志中的打印机信息。", "See the printer's lines in the log."),
    ),
    "no_status": (
        text("此连接无法查询状态", "this link cannot report status"),
        State.UNKNOWN,
        text(
            "此连接方式（CUPS、设备文件）读不到打印机状态：请打印测试票确认。",
            "This link (CUPS, device file) reads no status: print a test ticket to check.",
        ),
    ),
    "unknown": (text("未知", "unknown"), State.UNKNOWN, None),
}


def printer_state(key: str, code: str | None, detail: str | None = None) -> Figure:
    """A ticket printer state (`printer_status`, `last_print`) from its code."""
    label = LABELS[key]
    words_, state, hint = PRINTER_WORDS.get(code or "unknown", PRINTER_WORDS["fault"])
    if detail:
        words_ = text(f"{words_.zh}（{detail[:200]}）", f"{words_.en} ({detail[:200]})")
    return Figure(key, Section.PRINTER, label, words_, state, hint)


def printer_info(key: str, value: str) -> Figure:
    """The printer's connection, profile or paper width, as configured."""
    return Figure(key, Section.PRINTER, LABELS[key], same(value), State.OK)


A4_WORDS: dict[str, tuple[Text, State, Text | None]] = {
    "idle": (text("空闲", "idle"), State.OK, None),
    "printing": (text("正在打印", "printing"), State.OK, None),
    "none": (text("未配置（只保存 PDF）", "not configured (PDFs saved only)"), State.OK, None),
    "disabled": (
        text("已停用", "disabled"),
        State.FAULT,
        text(
            "请检查 A4 打印机，然后用 cupsenable 重新启用队列。",
            "Check the A4 printer, then enable the queue again (cupsenable).",
        ),
    ),
    "held": (
        text("暂停接收新任务", "holding new jobs"),
        State.WARNING,
        text("请用 cupsaccept / lpadmin 恢复队列。", "Release the queue (cupsaccept / lpadmin)."),
    ),
    "unknown_queue": (
        text("队列不存在", "no such queue"),
        State.FAULT,
        text(
            "请检查配置 [documents] cups_queue 与 lpstat -p 列出的队列名。",
            "Check [documents] cups_queue against the queues lpstat -p lists.",
        ),
    ),
    "no_cups": (
        text("未安装 CUPS", "CUPS not installed"),
        State.FAULT,
        text("请安装 cups-client（lp、lpstat）。", "Install cups-client (lp, lpstat)."),
    ),
    "no_scheduler": (
        text("CUPS 服务未运行", "the CUPS scheduler is not running"),
        State.FAULT,
        text("请启动 cups 服务。", "Start the cups service."),
    ),
    "unknown": (
        text("未知", "unknown"),
        State.UNKNOWN,
        text("lpstat 没有给出可读的答复。", "lpstat gave no answer that could be read."),
    ),
}


def a4_queue(state: str, queue: str | None, detail: str | None = None) -> Figure:
    """The A4 printer's CUPS queue (`kiosk.diagnostics.cups`)."""
    words_, st, hint = A4_WORDS.get(state, A4_WORDS["unknown"])
    shown = f"{queue}: " if queue else ""
    extra = f"（{detail[:200]}）" if detail else ""
    extra_en = f" ({detail[:200]})" if detail else ""
    value = text(f"{shown}{words_.zh}{extra}", f"{shown}{words_.en}{extra_en}")
    return Figure("a4_queue", Section.PRINTER, LABELS["a4_queue"], value, st, hint)


# -- the machine --------------------------------------------------------------------------


def disk_free(free_mb: float | None) -> Figure:
    """Free space of the data folder's file system: < 1 GB a fault, < 5 GB a warning."""
    label = LABELS["disk_free"]
    if not _finite(free_mb):
        return _unknown("disk_free", Section.MACHINE, label)
    assert free_mb is not None
    value = megabytes(free_mb)
    hint = text(
        "请清理数据盘（旧日志、旧文件），或联系技术运维扩容。",
        "Free space on the data disk (old logs and files), or ask for a larger disk.",
    )
    if free_mb < DISK_FAULT_MB:
        return Figure("disk_free", Section.MACHINE, label, value, State.FAULT, hint)
    if free_mb < DISK_WARNING_MB:
        return Figure("disk_free", Section.MACHINE, label, value, State.WARNING, hint)
    return Figure("disk_free", Section.MACHINE, label, value, State.OK)


def store_size(mb: float | None) -> Figure:
    """The store file with its write-ahead log (information only)."""
    if not _finite(mb):
        return _unknown("store_size", Section.MACHINE, LABELS["store_size"])
    assert mb is not None
    return Figure("store_size", Section.MACHINE, LABELS["store_size"], megabytes(mb), State.OK)


def memory(mb: float | None) -> Figure:
    """The kiosk process's resident memory: over 1.5 GB is a warning (a leak)."""
    label = LABELS["memory"]
    if not _finite(mb):
        return _unknown("memory", Section.MACHINE, label)
    assert mb is not None
    if mb > MEMORY_WARNING_MB:
        return Figure(
            "memory",
            Section.MACHINE,
            label,
            megabytes(mb),
            State.WARNING,
            text(
                "内存占用偏高：请在无人使用时重启终端程序，并报告给开发人员。",
                "Memory is high: restart the kiosk when nobody uses it, and report it.",
            ),
        )
    return Figure("memory", Section.MACHINE, label, megabytes(mb), State.OK)


def uptime(seconds: float | None) -> Figure:
    if not _finite(seconds):
        return _unknown("uptime", Section.MACHINE, LABELS["uptime"])
    assert seconds is not None
    return Figure("uptime", Section.MACHINE, LABELS["uptime"], duration(seconds), State.OK)


def restarts(count: int | None) -> Figure:
    """Kiosk starts since the machine booted, less one: several are a crash loop."""
    label = LABELS["restarts"]
    if count is None:
        return _unknown("restarts", Section.MACHINE, label)
    value = text(f"{count} 次", f"{count}")
    if count >= RESTARTS_WARNING:
        return Figure(
            "restarts",
            Section.MACHINE,
            label,
            value,
            State.WARNING,
            text(
                "终端程序多次重启：请查看下方日志。",
                "The kiosk restarted often: see the log below.",
            ),
        )
    return Figure("restarts", Section.MACHINE, label, value, State.OK)


def last_crash(at: datetime | None, now: datetime) -> Figure:
    """The last run that did not end cleanly: a warning within a day, ok after."""
    label = LABELS["last_crash"]
    if at is None:
        return Figure("last_crash", Section.MACHINE, label, words.NONE, State.OK)
    age = (now - at).total_seconds()
    value = text(
        f"{local_time(at, now)}（{ago(age).zh}）", f"{local_time(at, now)} ({ago(age).en})"
    )
    if age < RECENT_CRASH_S:
        return Figure(
            "last_crash",
            Section.MACHINE,
            label,
            value,
            State.WARNING,
            text("终端程序曾异常退出：请查看日志。", "The kiosk ended abnormally: see the log."),
        )
    return Figure("last_crash", Section.MACHINE, label, value, State.OK)


# -- the screen ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenInfo:
    """The window's size in pixels, as the touch interface reports it."""

    width: int
    height: int

    @property
    def orientation(self) -> str:
        return "portrait" if self.height > self.width else "landscape"

    def describe(self) -> str:
        """E.g. "1920x1080 landscape" (the heartbeat's `screen`)."""
        return f"{self.width}x{self.height} {self.orientation}"


def screen(info: ScreenInfo | None) -> Figure:
    label = LABELS["screen"]
    if info is None or info.width <= 0 or info.height <= 0:
        return _unknown("screen", Section.SCREEN, label)
    zh = "竖屏" if info.orientation == "portrait" else "横屏"
    value = text(
        f"{info.width}×{info.height}，{zh}", f"{info.width}×{info.height}, {info.orientation}"
    )
    return Figure("screen", Section.SCREEN, label, value, State.OK)


# -- the devices beside the printer (kiosk.device_hub) --------------------------------------

_DEVICE_STATES = {
    "ok": State.OK,
    "none": State.OK,
    "restarting": State.WARNING,
    "no_reader": State.FAULT,
    "disconnected": State.FAULT,
    "fault": State.FAULT,
}
DEVICE_HINT = text(
    "检查设备的连接线和配置（docs/deploy.md 的“读卡器、扫码器和呼叫灯”）",
    "Check the device's cable and its table in the config (docs/deploy.md, "
    "\u201cID card reader, scanner and call light\u201d)",
)


def device(key: str, word: str, detail: Text) -> Figure:
    """One device's line: its state word (the heartbeat's) and the technician's words."""
    state = _DEVICE_STATES.get(word, State.FAULT)
    hint = DEVICE_HINT if state is not State.OK else None
    return Figure(key, Section.DEVICES, LABELS[key], detail, state, hint)
