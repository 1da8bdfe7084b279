"""Staff at the terminal through the real QML: the hidden gesture and the PIN pad (right,
wrong, the lock and its survival of a restart), the session's timeout, acknowledging a
real help call with the real central server's dashboard seeing it, assist mode from
mid-form to a ticket with the assisted flag reaching the server, out of service and
back, the technician's diagnostics, a revoked account after the sync, a ticket never
printed reprinted from the staff home after a restart, and nothing of a staff session
left in the view-models afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from central import admin
from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import HelpCall, StaffAction
from central.models import Terminal as TerminalHealth
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, KioskConfig, demo_config
from kiosk.diagnostics import words
from kiosk.pins import hash_pin
from kiosk.samples import SAMPLES
from kiosk.terminal import Terminal
from printer.fonts import find_cjk_font
from tests.central.dashboard_helpers import PASSWORD
from tests.central.dashboard_helpers import sign_in as sign_in_dashboard
from tests.ui import qt_messages
from tests.ui.conftest import WAIT_MS, Kiosk
from ui.app import KioskApp

SALT = bytes.fromhex("5a17c0ffee5a17c0ffee5a17c0ffee00")
ATTENDANT_PIN, TECHNICIAN_PIN = "246813", "975318"
ACCOUNTS = [
    ("zhang.wei", "张伟", "attendant", ATTENDANT_PIN),
    ("li.na", "李娜", "technician", TECHNICIAN_PIN),
]


def staff_list(accounts: list[tuple[str, str, str, str]], version: str = "v1") -> dict[str, Any]:
    return {
        "version": version,
        "salt": SALT.hex(),
        "accounts": [
            {
                "username": u,
                "display_name": n,
                "role": r,
                "pin_hash": hash_pin(p, iterations=100_000, salt=SALT),
            }
            for u, n, r, p in accounts
        ],
    }


def open_kiosk(qapp: Any, qtbot: Any, config: KioskConfig, catalog: Catalog) -> Kiosk:
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog)
    warnings: list[str] = []
    app.engine.warnings.connect(lambda ws: warnings.extend(qt_messages.qml_warnings(ws)))
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.wait_ready()
    k = Kiosk(app, qtbot, config.resolved_data_dir())
    k.settle()
    k.qml_warnings = warnings  # type: ignore[attr-defined]
    return k


def enrol(k: Kiosk, accounts: list[tuple[str, str, str, str]] = ACCOUNTS) -> None:
    """The staff list as a download from the central server would install it."""
    terminal = k.app.terminal
    assert terminal is not None
    terminal.store_lane.submit(
        lambda: terminal.staff.install_accounts(staff_list(accounts))
    ).result(10)


@pytest.fixture
def staffed(qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog) -> Iterator[Kiosk]:
    k = open_kiosk(qapp, qtbot, demo_config(tmp_path / "data"), catalog)
    enrol(k)
    try:
        yield k
    finally:
        k.app.close()
    assert k.qml_warnings == []  # type: ignore[attr-defined]


def press_and_hold(k: Kiosk, name: str) -> None:
    """A finger held on the item until the staff's gesture fires (3 s), then lifted."""
    item = k.get(name)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    at = QPoint(round(centre.x()), round(centre.y()))
    QTest.mousePress(k.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), at)
    try:
        k.wait(lambda: k.app.staff.property("screen") == "pin", timeout=10_000)
    finally:
        QTest.mouseRelease(k.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), at)
    k.settle()


def enter_pin(k: Kiosk, pin: str) -> None:
    for d in pin:
        k.click(f"pinKey_{d}")
    k.click("pinSubmit")
    k.wait(lambda: not k.app.staff.property("checking"))
    k.settle()


def sign_in(k: Kiosk, pin: str) -> None:
    k.app.staff.openPad()
    k.settle()
    enter_pin(k, pin)
    k.wait(lambda: k.app.staff.property("screen") == "home", lambda: k.text("pinMessage"))


def mid_form(k: Kiosk) -> dict[str, Any]:
    k.choose("elderly-card")
    k.click("beginButton")
    answers = SAMPLES["elderly-card"]()
    k.fill_page(answers)
    k.next_page()
    return dict(k.journey.journey.answers)


def staff_events(k: Kiosk) -> list[dict[str, Any]]:
    """The staff.action events written so far, in the order they were written."""
    events = sorted(k.events("staff.action"), key=lambda e: (e.created_at, e.id))
    return [dict(e.payload) for e in events]


def test_the_hidden_gesture_then_wrong_and_right_pins_and_back_to_the_applicant(
    staffed: Kiosk,
) -> None:
    k = staffed
    answers = mid_form(k)
    page = k.journey.journey.page_id
    k.click("hallName")  # a tap is only a tap
    assert k.app.staff.property("screen") == "" and k.journey.screen == "form"
    press_and_hold(k, "hallName")
    texts = " ".join(k.texts())
    assert "张伟" not in texts and "李娜" not in texts  # the pad names no one
    shown_inputs = [i for i in k.shown_items() if i.inherits("QQuickTextInput")]
    assert shown_inputs == []  # digits are buttons: no field, no keyboard, no learning
    assert [k.text(f"pinKey_{d}") for d in "123"] == ["1", "2", "3"]  # the phone's order
    assert k.get("pinKey_1").y() < k.get("pinKey_7").y()
    enter_pin(k, "111111")
    assert "还可再试 4 次" in k.text("pinMessage")
    enter_pin(k, ATTENDANT_PIN)
    k.wait(lambda: k.app.staff.property("screen") == "home")
    k.settle()
    assert "张伟" in k.text("staffName") and "业务辅导人员" in k.text("staffName")
    assert not k.find("openDiagnostics")  # not an attendant's
    k.click("staffDone")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    assert k.journey.journey.page_id == page and k.journey.journey.answers == answers
    # The sign-out is written on the store lane: waited for, not raced.
    actions = ["pin_failed", "signed_in", "signed_out"]
    k.wait(lambda: [e["action"] for e in staff_events(k)] == actions, lambda: str(staff_events(k)))
    assert all(ATTENDANT_PIN not in str(e) and "111111" not in str(e) for e in staff_events(k))


def test_five_wrong_pins_lock_the_pad_and_the_lock_survives_a_restart(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    config = demo_config(tmp_path / "data")
    k = open_kiosk(qapp, qtbot, config, catalog)
    try:
        enrol(k)
        k.app.staff.openPad()
        for _ in range(5):
            enter_pin(k, "000000")
        assert k.app.staff.property("locked")
        assert "已锁定" in k.text("pinMessage")
        assert not k.get("pinKey_5").isEnabled()
        # The fifth wrong PIN is a failure and the lock, in one transaction (written on the
        # store lane: waited for).
        k.wait(lambda: "pin_locked" in [e["action"] for e in staff_events(k)])
        actions = [e["action"] for e in staff_events(k)]
        assert actions.count("pin_failed") == 5 and actions.count("pin_locked") == 1
    finally:
        k.app.close()
    again = open_kiosk(qapp, qtbot, config, catalog)
    try:
        again.app.staff.openPad()
        again.settle()
        enter_pin(again, ATTENDANT_PIN)  # the right PIN, but the pad is still locked
        assert again.app.staff.property("screen") == "pin"
        assert again.app.staff.property("locked") and "已锁定" in again.text("pinMessage")
    finally:
        again.app.close()


def test_the_session_ends_after_its_time_without_a_touch(staffed: Kiosk) -> None:
    k = staffed
    answers = mid_form(k)
    sign_in(k, ATTENDANT_PIN)
    k.app.staff.set_timeout(0.3)
    k.click("startAssist")  # a touch: the session goes on, in assist mode
    assert k.app.staff.property("assisting")
    k.wait(lambda: not k.app.staff.property("signedIn"), timeout=WAIT_MS)
    k.settle()
    assert k.app.nav.property("mode") == "applicant" and k.journey.screen == "form"
    assert k.journey.journey.answers == answers and not k.find("assistBand")
    k.wait(lambda: [e["action"] for e in staff_events(k)][-2:] == ["assist_ended", "session_ended"])


def test_nothing_of_a_staff_session_stays_in_the_view_models(staffed: Kiosk) -> None:
    k = staffed
    k.choose("elderly-card")
    k.click("callAttendant")
    k.wait(lambda: k.help.active and bool(k.help_requests()))
    sign_in(k, TECHNICIAN_PIN)
    k.wait(lambda: len(k.app.staff.property("calls")) == 1)
    k.click("openDiagnostics")
    k.wait(lambda: len(k.app.diag.property("figures")) > 5)
    k.click("showLog")
    k.wait(lambda: k.app.diag.property("logLines") is not None)
    k.app.staff.end()
    k.settle()
    staff, diag = k.app.staff, k.app.diag
    assert (staff.property("name"), staff.property("roleName")) == ("", "")
    assert staff.property("calls") == [] and staff.property("pinLength") == 0
    assert not staff.property("signedIn") and staff.property("screen") == ""
    assert diag.property("figures") == [] and diag.property("logLines") == []
    assert diag.property("deadLetters") == []


def test_a_technicians_diagnostics_from_the_real_store_and_printer(staffed: Kiosk) -> None:
    k = staffed
    sign_in(k, TECHNICIAN_PIN)
    k.click("openDiagnostics")
    k.wait(lambda: len(k.app.diag.property("figures")) > 5)
    k.settle()
    keys = {f["key"] for f in k.app.diag.property("figures")}
    for key in ("app_version", "catalog_version", "store_schema", "disk_free", "store_size"):
        assert key in keys, sorted(keys)
    for f in k.app.diag.property("figures"):
        assert f["state"] in ("ok", "warning", "fault", "unknown") and f["stateLabel"]
    before = sorted((k.data_dir / "tickets").glob("*.bin"))
    k.click("testTicket")
    k.wait(lambda: len(sorted((k.data_dir / "tickets").glob("*.bin"))) > len(before))
    k.click("queryPrinter")
    k.wait(lambda: "printer_status" in [e["action"] for e in staff_events(k)])
    k.click("touchTest")
    k.wait(lambda: k.app.staff.property("screen") == "touch_test")
    k.settle()
    corner = k.get("corner_3")
    k.tap(corner)
    k.click("touchDone")
    k.wait(lambda: k.app.staff.property("screen") == "diagnostics")
    k.wait(lambda: "touch_test" in [e["action"] for e in staff_events(k)])
    touch = [e for e in staff_events(k) if e["action"] == "touch_test"]
    assert touch and touch[-1]["detail"]["corners"] == 1


def unprinted_ticket(config: KioskConfig, catalog: Catalog) -> str:
    """A ticket committed on a terminal whose printer fails (the files printer's folder
    is a file, so nothing can be written): its number. The terminal is closed after."""
    terminal = Terminal(config, find_cjk_font(), catalog=catalog)
    try:
        terminal.open().result(30)
        item = catalog["elderly-card"]
        submitted = terminal.submit(
            "elderly-card", SAMPLES["elderly-card"](), {m.id: True for m in item.materials}, "zh_CN"
        ).result(30)
        issued, printed = terminal.take_ticket(submitted.reference, submitted.review)
        fault = printed.result(30).fault
        assert fault is not None and fault.code == "not_found"
        return issued.result(30).number
    finally:
        terminal.close()


def test_a_ticket_never_printed_is_reprinted_from_the_staff_home_after_a_restart(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog
) -> None:
    config = demo_config(tmp_path / "data")
    tickets = config.resolved_ticket_dir()
    tickets.parent.mkdir(parents=True)
    tickets.write_bytes(b"")  # the printer's folder cannot be made: every print faults
    number = unprinted_ticket(config, catalog)
    k = open_kiosk(qapp, qtbot, config, catalog)  # the restart: its call is raised
    try:
        enrol(k)
        sign_in(k, ATTENDANT_PIN)
        k.wait(lambda: [c["ticket"] for c in k.app.staff.property("calls")] != [])
        k.settle()
        [row] = k.app.staff.property("calls")
        assert f"号票 {number} 未打印" in " ".join(k.texts())
        assert not k.find("staffNotice")
        # Still no printer: the technician's words for it, and the call stays open.
        k.click("reprint")
        k.wait(lambda: not k.app.staff.property("reprinting"))
        k.settle()
        told = k.text("staffNotice")
        assert told.startswith(words.printer_fault("not_found").zh) and "cannot write" in told
        assert "已通知辅导员" not in told and "取号信息已保存" not in told
        assert [r.state for r in k.help_requests()] == ["open"]
        # The folder is back: printed, said so, audited, and the call resolved.
        tickets.unlink()
        k.click("reprint")
        k.wait(lambda: sorted(tickets.glob("*.bin")) != [], timeout=WAIT_MS)
        k.wait(lambda: [r.state for r in k.help_requests()] == ["resolved"])
        assert any(number.encode() in f.read_bytes() for f in tickets.glob("*.bin"))
        k.wait(lambda: k.app.staff.property("calls") == [])
        k.settle()
        assert k.text("staffNotice") == f"号票 {number} 已重新打印"
        k.shell.setLanguage("en_US")
        k.app.staff.refresh_texts()  # what ui/app.py's language change calls
        k.settle()
        assert k.text("staffNotice") == f"Ticket {number} reprinted"
        k.shell.setLanguage("zh_CN")
        k.wait(lambda: "help_resolved" in [e["action"] for e in staff_events(k)])
        done = [(e["action"], e["detail"]) for e in staff_events(k)]
        assert ("ticket_reprint_failed", {"ticket": number, "status": "not_found"}) in done
        assert ("ticket_reprinted", {"ticket": number}) in done
        order = [action for action, _ in done]
        assert order.index("ticket_reprinted") < order.index("help_resolved")
        assert row["callId"] == k.help_requests()[0].id
        k.app.staff.end()
        k.settle()
        assert k.app.staff.property("notice") == ""  # nothing of it for whoever comes next
    finally:
        k.app.close()
    assert k.qml_warnings == []  # type: ignore[attr-defined]


# -- with the real central server on loopback ----------------------------------------------


@pytest.fixture
def online(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, central: tuple[ServerThread, Database]
) -> Iterator[tuple[Kiosk, Database]]:
    server, db = central
    now = datetime.now(UTC)
    token = admin.add_terminal(db, 1, now).token
    admin.add_terminal(db, 3, now)
    for username, name, role, pin in ACCOUNTS:
        admin.add_staff(db, username, name, role, None, now, pin=pin)
    config = demo_config(tmp_path / "data").model_copy(
        update={"central": CentralConfig(url=server.base_url, token=token, timeout_s=5)}
    )
    k = open_kiosk(qapp, qtbot, config, catalog)
    terminal = k.app.terminal
    assert terminal is not None
    k.wait(lambda: terminal.staff.enrolled, timeout=15_000)  # the staff list downloaded
    try:
        yield k, db
    finally:
        k.app.close()


def _call(db: Database) -> str | None:
    """The state of the hall's help call (None: none arrived yet)."""
    with db.read() as s:
        call = s.scalars(select(HelpCall)).first()
        return call.state if call is not None else None


def test_acknowledging_a_real_help_call_at_the_terminal(online: tuple[Kiosk, Database]) -> None:
    k, db = online
    k.choose("elderly-card")
    k.click("callAttendant")
    k.wait(lambda: _call(db) is not None, timeout=10_000)
    sign_in(k, ATTENDANT_PIN)
    k.wait(lambda: len(k.app.staff.property("calls")) == 1)
    k.settle()
    texts = " ".join(k.texts())
    assert "老年" in texts and "等待辅导员" in texts  # the item by name, the call's state
    k.click("acknowledge")
    k.wait(lambda: _call(db) == "acknowledged", timeout=10_000)
    assert k.help.acknowledged  # the applicant's button follows
    # What the hall's dashboard shows, through its own API, signed in as a supervisor.
    admin.add_staff(db, "wang", "王主管", "supervisor", PASSWORD, datetime.now(UTC))
    url = k.app.config.central.url  # type: ignore[union-attr]
    with httpx.Client(base_url=url, follow_redirects=False) as browser:
        sign_in_dashboard(browser, "wang", PASSWORD)
        shown = browser.get("/dashboard/snapshot.json").json()
    label = shown["calls"][0]["state_label"]
    assert "已在终端处理" in label and "张伟" in label, label
    k.click("resolve")
    k.wait(lambda: _call(db) == "resolved", timeout=10_000)
    k.wait(lambda: not k.help.active)


def test_assist_from_mid_form_to_a_ticket_reaches_the_server_as_assisted(
    online: tuple[Kiosk, Database],
) -> None:
    k, db = online
    mid_form(k)
    sign_in(k, ATTENDANT_PIN)
    k.click("startAssist")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    k.settle()
    assert "张伟" in k.text("assistText")
    first = k.journey.property("assistPages")[0]["pageId"]
    k.click("assistJump")
    k.click(f"jump_{first}")
    k.wait(lambda: k.journey.journey.page_id == first)
    k.fill_form(SAMPLES["elderly-card"]())
    k.tick_materials()
    assert k.submit() == "passed"
    reference = k.journey.journey.submitted.reference  # type: ignore[union-attr]
    k.take_ticket()
    k.click("assistEnd")
    k.wait(lambda: not k.app.staff.property("signedIn"))

    def assisted() -> tuple[str | None, str | None]:
        with db.read() as s:
            row = s.scalar(
                select(CentralDeclaration).where(CentralDeclaration.reference == reference)
            )
            return (row.assisted_by, row.assisted_by_name) if row else (None, None)

    k.wait(lambda: assisted() == ("zhang.wei", "张伟"), lambda: str(assisted()), timeout=15_000)

    def actions() -> set[str]:
        with db.read() as s:
            return set(s.scalars(select(StaffAction.action)))

    k.wait(lambda: {"signed_in", "assist_started", "assist_ended"} <= actions(), timeout=15_000)


def test_out_of_service_with_the_terminals_in_service_and_back(
    qapp: Any, qtbot: Any, catalog: Catalog, online: tuple[Kiosk, Database]
) -> None:
    k, db = online
    with db.transaction() as s:  # terminal 3 is up and serving (its heartbeat)
        s.merge(TerminalHealth(number=3, last_seen_at=datetime.now(UTC), mode="applicant"))
    mid_form(k)
    sign_in(k, ATTENDANT_PIN)
    k.click("pause")
    k.click("reason_printer")
    k.wait(lambda: k.app.nav.property("mode") == "out_of_service")
    journey = k.journey.journey
    assert journey.screen.value == "home" and journey.answers == {}  # the applicant wiped
    k.app.terminal.download_now()  # type: ignore[union-attr]
    k.wait(lambda: "3" in k.app.staff.property("inServiceText"), timeout=15_000)
    k.settle()
    assert "本终端暂停服务" in k.text("outOfServiceReason") and "打印机故障" in k.text(
        "outOfServiceReason"
    )
    assert k.text("inService") == "正在服务的终端：3 号"
    k.shell.setLanguage("en_US")
    k.settle()
    assert "out of service" in k.text("outOfServiceReason")
    k.shell.setLanguage("zh_CN")

    def mode() -> str | None:
        with db.read() as s:
            row = s.get(TerminalHealth, 1)
            return row.mode if row else None

    k.wait(lambda: mode() == "out_of_service", timeout=15_000)

    def health() -> tuple[Any, ...]:  # the diagnostics' figures, by the heartbeat
        with db.read() as s:
            row = s.get(TerminalHealth, 1)
            return (row.store_schema, row.screen, row.disk_free_mb) if row else ()

    k.wait(lambda: health()[:2] == ("0005", "1280x800 landscape"), lambda: str(health()))
    assert health()[2] > 0
    sign_in(k, ATTENDANT_PIN)
    k.click("resume")
    k.click("staffDone")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    k.wait(lambda: mode() == "applicant", timeout=15_000)


def test_a_revoked_account_cannot_sign_in_once_the_terminal_synced(
    online: tuple[Kiosk, Database],
) -> None:
    k, db = online
    terminal = k.app.terminal
    assert terminal is not None
    sign_in(k, ATTENDANT_PIN)
    k.app.staff.end()
    admin.set_disabled(db, "zhang.wei", True)

    def version() -> str | None:
        from kiosk.staff.accounts import installed_version

        with terminal.store.session() as s:
            return installed_version(s)

    before = version()
    terminal.download_now()
    k.wait(lambda: version() != before, timeout=15_000)
    k.app.staff.openPad()
    k.settle()
    enter_pin(k, ATTENDANT_PIN)
    assert k.app.staff.property("screen") == "pin" and "不正确" in k.text("pinMessage")


@pytest.mark.parametrize(
    ("button", "action", "code"), [("restartKiosk", "restart", 75), ("exitKiosk", "exit", 0)]
)
def test_a_technician_restarts_or_exits_the_kiosk_and_it_is_audited_first(
    staffed: Kiosk, button: str, action: str, code: int
) -> None:
    k = staffed
    k.app.staff.exitRequested.disconnect(k.app._leave)  # the test's application stays
    sign_in(k, TECHNICIAN_PIN)
    k.click("openDiagnostics")
    with k.qtbot.waitSignal(k.app.staff.exitRequested, timeout=WAIT_MS) as asked:
        k.click(button)
    assert asked.args == [code]
    assert [e["action"] for e in staff_events(k)][-1] == action  # written before the end
