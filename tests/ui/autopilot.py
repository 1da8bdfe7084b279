"""A kiosk process whose applicant is a robot: the real `kiosk` command, journey after journey.

Run as `python tests/ui/autopilot.py <kiosk arguments>`. It starts the kiosk exactly as
the `kiosk` command does (kiosk.__main__.main: the stop request, the demo's central
server, the touch interface's event loop) and, once the window shows, walks elderly-card
declarations to printed tickets, over and over, on a zero-delay timer of the window's.
It prints what it does, one line each, so that a test can stop it in any state:
`BOOT`, `STATE <screen>`, `TICKET <number> <reference>`, `PRINTED <reference>`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.stopping import STOP

STOP.install()  # as kiosk.__main__.main does first: from here on a signal is an orderly stop
print("BOOT", flush=True)

from PySide6.QtCore import QObject, QTimer  # noqa: E402

from kiosk.samples import SAMPLES  # noqa: E402
from ui import app as ui_app  # noqa: E402


class Pilot(QObject):
    """One step of the journey per timer tick, as fast as the kiosk answers."""

    def __init__(self, kiosk: ui_app.KioskApp) -> None:
        super().__init__(kiosk.window)
        self.kiosk = kiosk
        self.answers = SAMPLES["elderly-card"]()
        self.shown = ""
        self.ticket = ""
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.step())
        self.timer.start()

    def say(self, line: str) -> None:
        print(line, flush=True)

    def step(self) -> None:
        vm = self.kiosk.journey
        if vm is None or vm.busy:
            return
        j = vm.journey
        screen = j.screen.value
        if screen != self.shown:
            self.shown = screen
            self.say(f"STATE {screen}")
        if screen == "home":
            self.kiosk.nav.start()
        elif screen == "services":
            vm.chooseItem("elderly-card")
        elif screen == "intro":
            vm.begin()
        elif screen == "form":
            for f in j.page.fields if j.page else []:
                if f.id in self.answers and f.id in j.visible_field_ids():
                    vm.setAnswer(f.id, self.answers[f.id])
            vm.next()
        elif screen == "materials":
            for m in j.applicable_materials():
                vm.setMaterial(m.id, True)
            vm.next()
        elif screen == "check":
            vm.submit()
        elif screen == "result" and vm.mayTakeTicket and not vm.printing:
            vm.takeTicket()
        elif screen == "ticket":
            ticket = j.ticket
            if ticket is not None and ticket.number != self.ticket:
                self.ticket = ticket.number
                self.say(f"TICKET {ticket.number} {ticket.reference}")
            if vm.printed and ticket is not None:
                self.say(f"PRINTED {ticket.reference}")
                vm.finish()
            elif vm.printerMessage:
                vm.finish()
        elif screen == "finish":
            vm.home()


_show = ui_app.KioskApp.show


def _show_and_fly(self: ui_app.KioskApp) -> None:
    _show(self)
    Pilot(self)


ui_app.KioskApp.show = _show_and_fly  # type: ignore[method-assign]

if __name__ == "__main__":
    from kiosk.__main__ import main

    sys.exit(main(sys.argv[1:]))
