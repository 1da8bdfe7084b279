"""The screenshot states: every screen with its kinds of content, reached through the
view-models as fast as the kiosk allows. Shared by scripts/screenshots.py (for people to
look at) and tests/ui/test_primary_action.py (the primary action on screen in each).

Each scene has a name, the steps that reach it from a wiped kiosk, and the objectName of
its primary action (a trailing "*" takes the first shown item with that prefix), or None
on a screen whose action is a choice among many (the services list) or none at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtQuick import QQuickItem

from kiosk.journey import Screen
from kiosk.modes import STORE_UNAVAILABLE
from kiosk.samples import SAMPLES
from kiosk.staff.identity import Identity
from kiosk.staff.roles import Role
from ui.app import KioskApp

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920), "demo": (1280, 800)}


@dataclass(frozen=True)
class Scene:
    name: str
    reach: Callable[[], object]
    primary: str | None


def scenes(kiosk: KioskApp, settle: Callable[[Callable[[], bool]], None]) -> list[Scene]:
    """The scenes of this kiosk; `settle(condition)` runs the event loop until it holds."""
    vm = kiosk.journey
    assert vm is not None
    j = vm.journey

    def fill(answers: dict[str, object]) -> None:
        for f in j.page.fields if j.page else []:
            if f.id in answers and f.id in j.visible_field_ids():
                vm.setAnswer(f.id, answers[f.id])

    def to_check(item: str, missing: tuple[str, ...] = ()) -> None:
        vm.chooseItem(item)
        vm.begin()
        answers = SAMPLES[item]()
        while j.screen is Screen.FORM:
            fill(answers)
            vm.next()
        for m in j.applicable_materials():
            vm.setMaterial(m.id, m.id not in missing)
        vm.next()

    def submit() -> None:
        vm.submit()
        settle(lambda: j.screen is Screen.RESULT)

    def ticket() -> None:
        to_check("elderly-card")
        submit()
        vm.takeTicket()
        settle(lambda: j.screen is Screen.TICKET and bool(vm.printed))

    def finished() -> None:
        ticket()
        vm.finish()
        settle(lambda: bool(kiosk.rating.reference_offered))

    def low_rating() -> None:
        finished()
        kiosk.rating.choose("dissatisfied")
        kiosk.rating.toggleAspect("efficiency")

    def progress_found() -> None:
        ticket()
        assert j.submitted is not None
        reference = j.submitted.reference
        kiosk.wipe()
        kiosk.lookup.open()
        kiosk.lookup.lookUp(reference, "7788")  # elderly_card_answers' family_contact
        settle(lambda: bool(kiosk.lookup.property("found")))

    def help_called() -> None:
        vm.start()
        kiosk.help.call()
        settle(lambda: bool(kiosk.help.active))

    def sign_in(role: Role, name: str) -> None:
        kiosk.staff.openPad()
        kiosk.staff.flow.signed_in(Identity(f"{role.value}.demo", name, role), kiosk.clock())
        kiosk.staff.changed.emit()

    def pad() -> None:
        vm.chooseItem("elderly-card")
        vm.begin()
        kiosk.staff.openPad()
        for d in "2468":
            kiosk.staff.digit(d)

    def staff_call() -> None:
        help_called()
        sign_in(Role.ATTENDANT, "张伟")
        kiosk.staff._load_calls()
        settle(lambda: len(kiosk.staff.property("calls")) > 0)

    def assist() -> None:
        vm.chooseItem("elderly-card")
        vm.begin()
        sign_in(Role.ATTENDANT, "张伟")
        kiosk.staff.startAssist()

    def paused() -> None:
        kiosk.staff.show_out_of_service("printer")

    def diagnostics() -> None:
        sign_in(Role.SUPERVISOR, "王主管")
        kiosk.staff.show("diagnostics")
        settle(lambda: len(kiosk.diag.property("figures")) > 0)

    def grid_leader() -> None:
        sign_in(Role.GRID_LEADER, "王婧姝")

    def proxy_form() -> None:
        grid_leader()
        kiosk.staff.startProxy()
        vm.chooseItem("elderly-card")
        vm.begin()
        resident = SAMPLES["elderly-card"]()
        for prefilled in ("by_proxy", "proxy_role", "proxy_name"):
            resident.pop(prefilled)
        fill(resident)
        vm.next()  # past the resident's page: the proxy's, prefilled

    def proxy_result() -> None:
        grid_leader()
        kiosk.staff.startProxy()
        to_check("elderly-card")
        submit()
        settle(lambda: not vm.paperBusy and vm.property("paperMessage") != "")

    def mailing_entry() -> None:
        to_check("elderly-card")
        submit()
        settle(lambda: bool(kiosk.mailing.property("offered")))
        kiosk.mailing.chooseMail()
        settle(lambda: kiosk.mailing.property("district") != "")

    def scroll_to(page: str, name: str) -> None:
        """The result screen scrolled to `name` (a screenshot shows what is below)."""
        flick = kiosk.window.findChild(QQuickItem, page)
        item = kiosk.window.findChild(QQuickItem, name)
        if flick is not None and item is not None:
            flick.setProperty("contentY", item.property("y"))

    def mailing_form() -> None:
        mailing_entry()
        scroll_to("resultPage", "mailingCard")

    def mailing_picker() -> None:
        mailing_entry()
        kiosk.mailing.openPicker("district")

    def mailing_saved() -> None:
        mailing_entry()
        kiosk.mailing.save("张玉琴", "13604317788", "会展社区福临家园5栋2单元", "130033")
        settle(lambda: bool(kiosk.mailing.property("saved")))
        scroll_to("resultPage", "mailingCard")

    # 星期六办事预约: the demo kiosk has no central server, so the server's answers are
    # set on the view-model as kiosk.bookings would hand them over (offline is real).
    def appointment_at(page: str) -> None:
        from datetime import date

        from kiosk.appointments import Arrival, Booking, Saturday, Slot

        a = kiosk.appointment
        a.open()
        slots = tuple(
            Slot(f"{h:02d}:00", f"{h + 1:02d}:00", left)
            for h, left in zip(range(9, 16), (0, 3, 4, 1, 4, 2, 4), strict=True)
        )
        days = [date(2026, 12, d) for d in (5, 12, 19, 26)]
        a._item_id = "elderly-card"
        a._saturdays = [
            Saturday(day, "09:00", "16:00", i == 2, slots) for i, day in enumerate(days)
        ]
        a._day_index, a._slot, a._page = 0, "10:00", page
        if page == "booked":
            a._booking = Booking("K7QM3XPA", days[0], "10:00", "elderly-card")
            from kiosk.terminal import SLIP_PRINTED

            a._slip = SLIP_PRINTED
        if page == "arrival":
            a._arrival = Arrival("early", days[0], "10:00", "elderly-card", 40)
        a.changed.emit()

    def appointment_offline() -> None:
        kiosk.appointment.open()
        kiosk.appointment.show("items")
        kiosk.appointment.chooseItem("elderly-card")
        settle(lambda: bool(kiosk.appointment.property("offline")))

    # The ID card reader: the demo's made-up reader on its pseudo-terminal, read by the
    # reader's real process.
    def card_prompt() -> None:
        vm.chooseItem("elderly-card")
        vm.begin()
        settle(lambda: bool(kiosk.id_card.property("wanted") and kiosk.id_card.property("ready")))

    def card_filled() -> None:
        from tests.ui.cards import OLDER

        card_prompt()
        hub = kiosk.devices.hub
        assert hub is not None and hub._fake_reader is not None
        reader = hub._fake_reader
        # The reader reads a card once until it is lifted: it must see the last one go.
        reader.lift()
        polls = reader.count((0x20, 0x01))
        settle(lambda: reader.count((0x20, 0x01)) >= polls + 2)
        reader.place(OLDER)
        settle(lambda: kiosk.id_card.property("kind") == "filled")

    def diagnostics_devices() -> None:
        diagnostics()
        kiosk.devices.blinkLight()  # a device test's line above, the devices' lines below
        settle(lambda: bool(kiosk.devices.property("tested")))
        flick = kiosk.window.findChild(QQuickItem, "diagnosticsPage")
        if flick is not None:  # to the bottom: the devices are the last lines
            bottom = float(flick.property("contentHeight")) - flick.height()
            flick.setProperty("contentY", max(0.0, bottom))

    def progress_by_card() -> None:
        # Two declarations of the card's holder, as kiosk.card_lookup hands them over.
        progress_found()
        found = kiosk.lookup._progress
        assert found is not None
        from dataclasses import replace

        older = replace(found, reference="20261120-01-0004", item_id="residence-permit")
        kiosk.lookup._choices = (found, older)
        kiosk.lookup.changed.emit()

    def scan_notice() -> None:
        kiosk.devices.route("https://weixin.qq.com/r/not-this-hall")
        settle(lambda: bool(kiosk.devices.property("notice")))

    def touch_test() -> None:
        sign_in(Role.TECHNICIAN, "李娜")
        kiosk.staff.show("touch_test")

    return [
        Scene("01-home", lambda: None, "startButton"),
        Scene("02-services", vm.start, None),
        Scene("03-search-lnz", lambda: (vm.start(), vm.setQuery("lnz")), None),
        Scene("04-intro-joint", lambda: vm.chooseItem("company-startup"), "beginButton"),
        Scene(
            "05-form", lambda: (vm.chooseItem("company-address-change"), vm.begin()), "nextButton"
        ),
        Scene(
            "06-form-errors",
            lambda: (vm.chooseItem("elderly-card"), vm.begin(), vm.next()),
            "nextButton",
        ),
        Scene(
            "07-materials", lambda: (to_check("elderly-card"), vm.changeMaterials()), "nextButton"
        ),
        Scene("08-check", lambda: to_check("company-address-change"), "submitButton"),
        Scene(
            "09-result-rejected",
            lambda: (to_check("company-address-change", missing=("business_licence",)), submit()),
            "fixNow_*",
        ),
        Scene(
            "10-result-deficiency",
            lambda: (to_check("company-address-change", missing=("premises_proof",)), submit()),
            "acceptCommitment",
        ),
        Scene("11-ticket", ticket, "finishButton"),
        Scene("12-finish", finished, "homeButton"),
        Scene("13-help-called", help_called, None),
        Scene("14-idle-warning", lambda: (vm.start(), kiosk.idle._ask()), "idleContinue"),
        Scene(
            "15-out-of-service",
            lambda: kiosk.navigator.out_of_service(STORE_UNAVAILABLE, "store_unavailable"),
            None,
        ),
        Scene("16-staff-pin", pad, "pinSubmit"),
        Scene("17-staff-call", staff_call, "acknowledge"),
        Scene("18-staff-assist", assist, "nextButton"),
        Scene("19-staff-paused", paused, None),
        Scene("20-staff-diagnostics", diagnostics, None),
        Scene("21-staff-touch-test", touch_test, "touchDone"),
        Scene("22-finish-low-rating", low_rating, "ratingSubmit"),
        Scene("23-progress-entry", kiosk.lookup.open, "lookupSubmit"),
        Scene("24-progress-found", progress_found, "lookupHome"),
        Scene("25-staff-grid-leader", grid_leader, "startProxy"),
        Scene("26-proxy-form", proxy_form, "nextButton"),
        Scene("27-proxy-result", proxy_result, "takeTicket"),
        Scene("28-mailing-entry", mailing_form, "takeTicket"),
        Scene("29-mailing-picker", mailing_picker, None),
        Scene("30-mailing-saved", mailing_saved, "takeTicket"),
        Scene("31-appointment-menu", kiosk.appointment.open, "appointmentBook"),
        Scene("32-appointment-when", lambda: appointment_at("when"), "bookSlot_1000"),
        Scene("33-appointment-form", lambda: appointment_at("form"), "bookSubmit"),
        Scene("34-appointment-booked", lambda: appointment_at("booked"), "appointmentHome"),
        Scene(
            "35-appointment-check-in",
            lambda: (kiosk.appointment.open(), kiosk.appointment.show("check_in")),
            "checkInSubmit",
        ),
        Scene("36-appointment-early", lambda: appointment_at("arrival"), "declareInstead"),
        Scene("37-appointment-offline", appointment_offline, "declareInstead"),
        Scene("38-card-prompt", card_prompt, "demoCardButton"),
        Scene("39-card-filled", card_filled, "nextButton"),
        Scene("40-scan-not-ours", scan_notice, "startButton"),
        Scene("41-diagnostics-devices", diagnostics_devices, None),
        Scene("42-progress-by-card", progress_by_card, "lookupHome"),
    ]


def reset(kiosk: KioskApp, language: str, large: bool) -> None:
    """A wiped kiosk in this language and text size, back in service, no call open."""
    if kiosk.help.active:
        kiosk.help.toggle()
    if kiosk.staff.flow.active:
        kiosk.staff.end()
    kiosk.staff.in_service()
    kiosk.navigator.in_service()
    kiosk.wipe()
    kiosk.idle.stillHere()
    kiosk.shell.setLanguage(language)
    if large != kiosk.shell.largeText:
        kiosk.shell.toggleLargeText()
