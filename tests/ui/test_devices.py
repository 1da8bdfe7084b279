"""The terminal's devices through the real QML: a scanner's burst routed (a ticket's QR
opens the progress lookup and is never typed into the field that had the focus; a code
of elsewhere is said so), the call light following a help call through acknowledge and
resolve, and the technician's device lines and tests on the diagnostics screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent

from devices.signal_light.fake import FakeRelay
from devices.signal_light.light import LightMode
from kiosk.catalog.loader import Catalog
from kiosk.config import demo_config
from kiosk.modes import Mode
from kiosk.staff.identity import Identity, Role
from tests.ui.cards import OLDER
from tests.ui.conftest import Kiosk
from tests.ui.test_id_card import _reader
from tests.ui.test_staff import TECHNICIAN_PIN, enrol, open_kiosk, sign_in

ATTENDANT = Identity("zhang.wei", "张伟", Role.ATTENDANT)


def burst(k: Kiosk, code: str, gap_ms: int = 5) -> None:
    """A keyboard-wedge scanner: every key `gap_ms` apart, then Enter (set timestamps)."""
    at = 5_000_000
    for char in code + "\r":
        at += gap_ms
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(at)
            QCoreApplication.sendEvent(k.window, event)


def relay(k: Kiosk) -> FakeRelay:
    hub = k.app.devices.hub
    assert hub is not None and hub.light is not None
    transport = hub.light._transport
    assert isinstance(transport, FakeRelay)
    return transport


def test_a_tickets_qr_scanned_mid_form_opens_the_lookup_and_is_not_typed(kiosk: Kiosk) -> None:
    k = kiosk
    reference = "20261204-01-0007"
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    k.type_into("field_applicant_name", "王秀兰")
    k.wait(lambda: k.journey.journey.answers.get("applicant_name") == "王秀兰")
    burst(k, f"https://zwfw.jkq.gov.cn/progress?ref={reference}")
    k.wait(lambda: k.app.navigator.mode is Mode.PROGRESS)
    assert k.journey.journey.answers.get("applicant_name") == "王秀兰"  # not typed into
    assert k.app.devices.property("notice") == ""


def test_a_code_not_of_this_hall_is_said_so_in_plain_words(kiosk: Kiosk) -> None:
    k = kiosk
    burst(k, "https://weixin.qq.com/r/AbCdEf")
    k.wait(lambda: k.find("scanNotice") is not None)
    assert "这不是本大厅的二维码" in k.text("scanNoticeText")
    assert k.app.navigator.mode is Mode.APPLICANT
    k.click("scanNotice")
    k.wait(lambda: k.find("scanNotice") is None)


def test_the_call_light_follows_a_help_call(kiosk: Kiosk) -> None:
    k = kiosk
    light = k.app.devices.hub.light  # type: ignore[union-attr]
    assert light is not None
    fake = relay(k)
    k.click("callAttendant")
    k.wait(lambda: light.status.mode is LightMode.BLINK)
    before = len(fake.switches)
    k.wait(lambda: len(fake.switches) >= before + 3)  # on, off, on: blinking
    (request,) = k.help_requests()
    terminal = k.app.terminal
    assert terminal is not None
    assert terminal.acknowledge_help(ATTENDANT, request.id).result(10)
    k.wait(lambda: light.status.mode is LightMode.STEADY and fake.lit)
    assert terminal.resolve_help(ATTENDANT, request.id).result(10)
    k.wait(lambda: light.status.mode is LightMode.OFF and not fake.lit)


@pytest.fixture
def technician(qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog) -> Iterator[Kiosk]:
    k = open_kiosk(qapp, qtbot, demo_config(tmp_path / "data"), catalog)
    enrol(k)
    try:
        sign_in(k, TECHNICIAN_PIN)
        k.app.staff.show("diagnostics")
        k.wait(lambda: k.find("testCard") is not None)
        k.settle()
        yield k
    finally:
        k.app.close()
    assert k.qml_warnings == []  # type: ignore[attr-defined]


def test_the_diagnostics_show_each_device_and_test_them(technician: Kiosk) -> None:
    k = technician
    diag = k.app.diag
    k.wait(lambda: {"id_card", "scanner", "signal_light"} <= {r["key"] for r in diag._rows()})
    rows = {r["key"]: r for r in diag._rows()}
    assert rows["signal_light"]["state"] == "ok"
    assert "键盘式扫码器" in rows["scanner"]["value"]
    # Read a card: shown masked, never whole.
    k.click("testCard")
    k.wait(lambda: "请在读卡区放置一张身份证" in k.text("deviceTested"))
    _reader(k).place(OLDER)
    k.wait(lambda: "已读到身份证" in k.text("deviceTested"))
    shown = k.text("deviceTested")
    assert "王**" in shown and "2201**********0018" in shown and "王秀兰" not in shown
    assert "applicant_name" not in k.journey.journey.answers  # the test's, not a form's
    # Scan a code: what it was, not what it said.
    burst(k, "KIOSK-ENROL:K7QM3XPA")
    k.wait(lambda: "工作人员码" in k.text("deviceTested"))
    # A staff session's scan goes to the staff screen: an enrolment code's QR, its field.
    k.wait(lambda: k.text("enrolCode") == "K7QM3XPA")
    assert k.app.navigator.mode is Mode.STAFF
    # Blink the light.
    fake = relay(k)
    before = len(fake.switches)
    k.click("blinkLight")
    k.wait(lambda: "呼叫灯将闪烁" in k.text("deviceTested"))
    k.wait(lambda: len(fake.switches) >= before + 3)
