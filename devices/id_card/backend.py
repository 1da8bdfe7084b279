"""What every backend offers the worker (`Reader`), and the backend the settings name.

A reader is opened once (`open()`: ReaderFault when it cannot be used), polled in a loop
(`poll()`: the card placed, None, CardUnreadable, or ReaderFault) and closed. The
backends' modules are imported here when chosen, not with this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from devices.id_card.card import IdCard
from devices.id_card.settings import ReaderSettings

if TYPE_CHECKING:
    from devices.id_card.fake_reader import FakeReader


class Reader(Protocol):
    name: str

    def open(self) -> None: ...

    def poll(self) -> IdCard | None: ...

    def close(self) -> None: ...


class FakeBackend:
    """The "fake" backend: a fake reader inside this process, with the demo's card on it,
    read through the serial backend on its pty (the demo goes through the real path)."""

    def __init__(self, poll_s: float) -> None:
        self.name = "fake ID card reader"
        self._poll_s = poll_s
        self._fake: FakeReader | None = None
        self._serial: Reader | None = None

    def open(self) -> None:
        from devices.id_card.fake_reader import FakeReader, demo_card
        from devices.id_card.serial_reader import SerialReader

        fake = FakeReader()
        fake.place(demo_card())
        self._fake, self._serial = fake, SerialReader(fake.port, poll_s=self._poll_s)
        try:
            self._serial.open()
        except BaseException:
            self.close()
            raise

    def place(self) -> None:
        from devices.id_card.fake_reader import demo_card

        if self._fake is not None:
            self._fake.place(demo_card())

    def lift(self) -> None:
        if self._fake is not None:
            self._fake.lift()

    def poll(self) -> IdCard | None:
        from devices.id_card.faults import LinkBroken

        if self._serial is None:
            raise LinkBroken("the fake reader is not open")
        return self._serial.poll()

    def close(self) -> None:
        serial, self._serial = self._serial, None
        fake, self._fake = self._fake, None
        if serial is not None:
            serial.close()
        if fake is not None:
            fake.close()


def make_reader(settings: ReaderSettings) -> Reader:
    """The backend `settings` name, not opened yet."""
    if settings.backend == "vendor":
        from devices.id_card.vendor_reader import vendor_reader

        return vendor_reader(
            settings.vendor,
            settings.library,
            settings.vendor_port,
            baud=settings.baud,
            poll_s=settings.poll_s,
        )
    if settings.backend == "fake":
        return FakeBackend(settings.poll_s)
    from devices.id_card.serial_reader import SerialReader

    return SerialReader(settings.port, settings.baud, poll_s=settings.poll_s)
