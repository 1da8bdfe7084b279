"""The technician's diagnostics screen's view-model: live figures, and the actions.

The figures come from kiosk.diagnostics (Qt-free; each read on the lane that owns what
it reads), refreshed every two seconds while the screen is shown; the actions (send now,
download the catalog, a test ticket, the printer's status, the touch test) run on their
lanes and are audited as staff actions. Nothing stays after the screen closes: the log
tail and dead letters are dropped with it.

Enrolling (登记到中心): the technician types the central server's URL (prefilled from the
config) and the one-time code; kiosk.provision runs on the network lane, each step's
line is shown as it ends, and on success `enrolled` is emitted (the screen restarts the
kiosk, so the new token is used). The config file's path is `config_path()`, which the
composition root sets; without it the button stays disabled. The code is never audited
or logged, the token never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.i18n import Text, text
from ui.tasks import Tasks

if TYPE_CHECKING:
    from kiosk.diagnostics.collect import TerminalDiagnostics
    from kiosk.diagnostics.dead_letters import DeadLetter
    from kiosk.diagnostics.figures import Figure
    from kiosk.provision import ProvisionResult, Step
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)

SECTIONS = {
    "versions": text("版本", "Versions"),
    "central": text("中心服务器", "Central server"),
    "printer": text("打印机", "Printer"),
    "machine": text("本机", "This machine"),
    "screen": text("屏幕", "Screen"),
    "devices": text("读卡器、扫码器和呼叫灯", "Card reader, scanner and call light"),
}
STATES = {
    "ok": text("正常", "OK"),
    "warning": text("注意", "Warning"),
    "fault": text("故障", "Fault"),
    "unknown": text("未知", "Unknown"),
}
SENT = text("已开始上传。", "Sending now.")
DOWNLOADING = text("已开始下载目录。", "Downloading the catalog now.")
WORKING = text("正在执行…", "Working…")
FAILED = text("操作失败，详见日志。", "The action failed: see the log.")
TOUCH_DONE = text("触摸测试：{n}/4 个角已触到。", "Touch test: {n} of 4 corners touched.")
ENROLLING = text("正在登记到中心…", "Enrolling with the central server…")
ENROLLED = text("登记完成，终端程序即将重启。", "Enrolled: the kiosk restarts now.")
NOT_ENROLLED = text("登记未完成，见下方说明。", "Not enrolled: see the lines below.")
NO_CONFIG_PATH = text(
    "本终端未使用配置文件启动，无法登记。", "This kiosk was not started with a config file."
)
ENROL = "enrol"  # the staff action's word (the code is never in its detail)


class DiagnosticsModel(QObject):
    """Figures and actions for Diagnostics.qml; `open()` and `close_screen()` bracket it."""

    changed = Signal()
    enrolled = Signal()  # every step passed: the screen restarts the kiosk
    _stepped = Signal(object)  # a provisioning step, from the network lane

    def __init__(
        self,
        terminal: Callable[[], Terminal | None],
        diagnostics: Callable[[], TerminalDiagnostics | None],
        tasks: Tasks,
        language: Callable[[], str],
        screen_size: Callable[[], tuple[int, int]],
        record: Callable[[str, dict[str, Any]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._terminal, self._diag, self._tasks = terminal, diagnostics, tasks
        self._lang, self._screen_size, self._record = language, screen_size, record
        self._figures: list[Figure] = []
        self._lines: list[str] = []
        self._letters: list[DeadLetter] = []
        self._note: Text | None = None
        self._open = False
        # The running config file's path, set by the composition root (None: unknown).
        self.config_path: Callable[[], Path | None] = lambda: None
        self._steps: list[Step] = []
        self._enrolling = False
        self._stepped.connect(self._step)
        self._refresh = QTimer(self)
        self._refresh.setInterval(2000)
        self._refresh.timeout.connect(self._collect)

    @property
    def timers(self) -> tuple[QTimer, ...]:
        return (self._refresh,)

    def close(self) -> None:
        self._refresh.stop()
        self._refresh.timeout.disconnect(self._collect)
        self.close_screen()

    def _t(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        return value.get(self._lang()) if isinstance(value, Text) else str(value)

    def _rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        section = None
        for f in self._figures:
            state = f.state.value
            rows.append(
                {
                    "key": f.key,
                    "section": self._t(SECTIONS.get(f.section, f.section))
                    if f.section != section
                    else "",
                    "label": self._t(f.label),
                    "value": self._t(f.value),
                    "state": state,
                    "stateLabel": self._t(STATES.get(state, STATES["unknown"])),
                    "hint": self._t(f.hint),
                }
            )
            section = f.section
        return rows

    figures = Property(list, _rows, notify=changed)
    note = Property(str, lambda s: s._t(s._note), notify=changed)
    logLines = Property(list, lambda s: list(s._lines), notify=changed)
    deadLetters = Property(
        list,
        lambda s: [
            {
                "kind": d.kind,
                "at": str(d.created_at),
                "reason": d.reason,
            }
            for d in s._letters
        ],
        notify=changed,
    )
    shown = Property(bool, lambda s: s._open, notify=changed)
    enrolLines = Property(
        list,
        lambda s: [("✓ " if st.ok else "✗ ") + s._t(st.line) for st in s._steps],
        notify=changed,
    )
    enrolling = Property(bool, lambda s: s._enrolling, notify=changed)
    mayEnrol = Property(bool, lambda s: s.config_path() is not None, notify=changed)

    def _configured_url(self) -> str:
        terminal = self._terminal()
        return terminal.config.central.url if terminal is not None else ""

    enrolUrl = Property(str, _configured_url, notify=changed)

    # -- opening and closing -------------------------------------------------------

    @Slot()
    def open(self) -> None:
        """The screen opens: figures now, then every two seconds."""
        self._open = True
        self._collect()
        self._refresh.start()

    @Slot()
    def close_screen(self) -> None:
        """The screen closes (or the session ends): nothing of it is kept."""
        self._open = False
        self._refresh.stop()
        self._figures, self._lines, self._letters, self._note = [], [], [], None
        if not self._enrolling:
            self._steps = []
        self.changed.emit()

    @Slot()
    def _collect(self) -> None:
        diag = self._diag()
        if diag is None or not self._open:
            return
        from kiosk.diagnostics.collect import ScreenInfo

        width, height = self._screen_size()
        self._tasks.watch(diag.collect(ScreenInfo(width, height)), self._show, busy=False)

    def _show(self, figures: list[Figure]) -> None:
        if self._open:
            self._figures = list(figures)
            self.changed.emit()

    def _say(self, note: Text | None) -> None:
        self._note = note
        self.changed.emit()

    def _run(self, action: str, future: Any, done: Callable[[Any], None]) -> None:
        self._record(action, {})
        self._say(WORKING)
        self._tasks.watch(future, done, lambda _: self._say(FAILED), busy=False)

    # -- actions ---------------------------------------------------------------------

    @Slot()
    def sendNow(self) -> None:
        terminal = self._terminal()
        if terminal is not None:
            self._record("send_now", {})
            terminal.send_now()
            self._say(SENT)

    @Slot()
    def downloadNow(self) -> None:
        terminal = self._terminal()
        if terminal is not None:
            self._record("download_catalog", {})
            terminal.download_now()
            self._say(DOWNLOADING)

    @Slot()
    def testTicket(self) -> None:
        diag = self._diag()
        if diag is not None:
            self._run("test_ticket", diag.print_test_ticket(), self._outcome)

    @Slot()
    def queryPrinter(self) -> None:
        diag = self._diag()
        if diag is not None:
            self._run("printer_status", diag.query_printer(), self._outcome)

    def _outcome(self, outcome: Any) -> None:
        message = getattr(outcome, "message", None)
        self._say(message if isinstance(message, Text) else Text(str(outcome), str(outcome)))
        self._collect()

    @Slot()
    def showLog(self) -> None:
        diag = self._diag()
        if diag is not None:
            self._record("log_viewed", {})
            self._tasks.watch(diag.log_tail(), self._show_lines, busy=False)

    def _show_lines(self, lines: list[str]) -> None:
        if self._open:
            self._lines = list(lines)
            self.changed.emit()

    @Slot()
    def showDeadLetters(self) -> None:
        diag = self._diag()
        if diag is not None:
            self._record("dead_letters_viewed", {})
            self._tasks.watch(diag.dead_letters(), self._show_letters, busy=False)

    def _show_letters(self, letters: list[DeadLetter]) -> None:
        if self._open:
            self._letters = list(letters)
            self.changed.emit()

    @Slot()
    def hideDetails(self) -> None:
        self._lines, self._letters = [], []
        self.changed.emit()

    @Slot(int)
    def touchTested(self, corners: int) -> None:
        corners = max(0, min(4, corners))
        self._record("touch_test", {"corners": corners})
        self._say(Text(TOUCH_DONE.zh.format(n=corners), TOUCH_DONE.en.format(n=corners)))

    # -- enrolling with a one-time code ------------------------------------------------

    enrolScanned = Signal(str)  # an enrolment code's QR read by the scanner: its field

    def scanned(self, code: str) -> None:
        """A code read during a staff session (ui.devices_model): an enrolment code's QR
        goes into the enrol form while the diagnostics are open; anything else is not
        the staff screen's."""
        from kiosk.provision import QR_PREFIX

        if self._open and code.upper().startswith(QR_PREFIX):
            self.enrolScanned.emit(code[len(QR_PREFIX) :].strip()[:32])

    @Slot(str, str)
    def enrol(self, url: str, code: str) -> None:
        """Provision this terminal with `code` at `url`, off the UI thread."""
        terminal, path = self._terminal(), self.config_path()
        if self._enrolling or terminal is None:
            return
        if path is None:
            self._say(NO_CONFIG_PATH)
            return
        from kiosk.provision import provision

        ca = terminal.config.central.ca_bundle
        self._steps, self._enrolling = [], True
        self._say(ENROLLING)

        def print_test(config: Any) -> Any:
            # The running terminal's printer, on its lane; the lines name the new config.
            from kiosk.diagnostics.printer_check import print_test_ticket

            def on_printer() -> Any:
                return print_test_ticket(terminal.ticket_printer, config, terminal.clock())

            return terminal.printer_lane.submit(on_printer).result(120)

        def work() -> ProvisionResult:
            return provision(
                url,
                code,
                config_path=path,
                ca_bundle=ca,
                print_test=print_test if terminal.opened else None,
                on_step=self._stepped.emit,
            )

        self._tasks.watch(
            terminal.network_lane.submit(work), self._enrol_done, self._enrol_failed, busy=False
        )

    @Slot(object)
    def _step(self, step: Step) -> None:
        self._steps.append(step)
        self.changed.emit()

    def _enrol_done(self, result: ProvisionResult) -> None:
        self._enrolling = False
        detail: dict[str, Any] = {"ok": result.ok}
        if result.terminal is not None:
            detail["terminal"] = result.terminal
        self._record(ENROL, detail)
        self._say(ENROLLED if result.ok else NOT_ENROLLED)
        if result.ok:
            self.enrolled.emit()

    def _enrol_failed(self, error: BaseException) -> None:
        log.error("enrolling failed", exc_info=error)
        self._enrolling = False
        self._record(ENROL, {"ok": False})
        self._say(FAILED)
