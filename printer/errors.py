"""Printer faults: one typed exception per thing that can go wrong with the ticket printer.

Each fault carries two messages. ``applicant`` is for the person at the screen, in plain
words and both languages: what happened, that an attendant is called, and that the ticket is saved
(the core stores it before printing, so it can be printed again). For the technician,
``advice`` says in both languages what is wrong and what to check (kiosk.diagnostics.words:
"打印机缺纸：请…装入新纸卷" / "Printer out of paper: … load a roll"; a transport may give a
more precise one, e.g. libusb missing), and ``technician`` is the detail for the log: the
connection, what was sent, the status bytes seen; ``for_technician`` joins the two.
Whatever a technician reads (the printer CLI, the diagnostics) uses those, never
``applicant``. None of them ever holds ticket content or personal numbers: only
connection names, byte counts, status bytes and system error texts.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.diagnostics.words import printer_fault
from kiosk.i18n import Text, text


class PrinterFault(Exception):
    """The ticket printer could not print; ``code`` names the fault for the store."""

    code: ClassVar[str] = "fault"
    default_applicant: ClassVar[Text] = text(
        "打印机出现故障，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer has a problem; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )

    def __init__(
        self, technician: str, *, applicant: Text | None = None, advice: Text | None = None
    ) -> None:
        super().__init__(technician)
        self.technician = technician
        self.applicant = applicant if applicant is not None else self.default_applicant
        self.advice = advice if advice is not None else printer_fault(self.code)

    @property
    def for_technician(self) -> Text:
        """What is wrong and what to check, then the detail (the same in both)."""
        return Text(
            f"{self.advice.zh}（{self.technician}）", f"{self.advice.en} ({self.technician})"
        )

    def __str__(self) -> str:
        return f"{self.code}: {self.technician}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keep custom texts across pickling (e.g. to another process).
        return (_rebuild, (type(self), self.technician, self.applicant, self.advice))


def _rebuild(
    cls: type[PrinterFault], technician: str, applicant: Text, advice: Text | None = None
) -> PrinterFault:
    return cls(technician, applicant=applicant, advice=advice)


class PrinterOffline(PrinterFault):
    """The printer is off, offline, in error, or refuses the connection."""

    code = "offline"
    default_applicant = text(
        "打印机暂时无法使用，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer is not available right now; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )


class PaperOut(PrinterFault):
    """The printer has no paper (before the ticket, or it ran out during it)."""

    code = "paper_out"
    default_applicant = text(
        "打印机缺纸，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer is out of paper; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )


class CoverOpen(PrinterFault):
    """The printer's cover is open."""

    code = "cover_open"
    default_applicant = text(
        "打印机盖未关好，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer cover is open; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )


class Disconnected(PrinterFault):
    """The link to the printer broke while the ticket was being sent."""

    code = "disconnected"
    default_applicant = text(
        "打印中断，已通知辅导员。您的取号信息已保存，可以重新打印，请稍候。",
        "Printing was interrupted; an attendant has been called. Your ticket is saved "
        "and can be printed again, please wait.",
    )


class NoAnswer(PrinterFault):
    """The printer did not answer, or did not take the data, in time."""

    code = "no_answer"
    default_applicant = text(
        "打印机没有响应，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer is not responding; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )


class PrinterNotFound(PrinterFault):
    """The printer's device, port or queue is missing or cannot be opened."""

    code = "not_found"
    default_applicant = text(
        "未找到打印机，已通知辅导员。您的取号信息已保存，请稍候。",
        "The printer cannot be found; an attendant has been called. "
        "Your ticket is saved, please wait.",
    )


# After the ticket was sent: it may be cut short, so the applicant is told it can be reprinted.
PAPER_RAN_OUT = text(
    "打印机纸张用完，票据可能不完整，已通知辅导员。您的取号信息已保存，可以重新打印，请稍候。",
    "The printer ran out of paper and your ticket may be incomplete; an attendant has been called. "
    "Your ticket is saved and can be printed again, please wait.",
)
