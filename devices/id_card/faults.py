"""The ID card reader's faults, typed: what the applicant is told, what the technician sees.

Two families. A `CardUnreadable` is about the card on the reader (moved mid-read, a text
block that does not check out): the applicant lifts it and places it again. A
`ReaderFault` is about the reader itself (not connected, its security module not ready,
silent): the technician's status says which. Frame-level faults (devices.id_card.frames)
are turned into one of the two by the backend that met them.

Every fault carries a short ``code`` (it crosses the worker's pipe as is, and names the
fault in logs); no fault's text ever carries a card's content.
"""

from __future__ import annotations

from typing import ClassVar, Final

from kiosk.i18n import Text, text

LIFT_AND_PLACE_AGAIN: Final = text(
    "未能读取身份证，请取下后重新放置。",
    "The card could not be read: lift it and place it again.",
)
NOT_SUPPORTED: Final = text(
    "这种证件暂时不能在这里读取，请手工填写。",
    "This kind of card cannot be read here yet: please fill in the form by hand.",
)


class IdCardError(Exception):
    """Anything the ID card reader's adapters raise on purpose (never a bare exception)."""

    code: ClassVar[str] = "error"


class CardUnreadable(IdCardError):
    """The card on the reader could not be read or did not check out: lift and place again.

    ``reason`` is a code for the logs (which check failed), never the card's content.
    """

    code: ClassVar[str] = "unreadable"
    message: ClassVar[Text] = LIFT_AND_PLACE_AGAIN

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CardUnsupported(CardUnreadable):
    """A card of a kind the reader recognises but whose layout is not verified here."""

    code: ClassVar[str] = "unsupported"
    message: ClassVar[Text] = NOT_SUPPORTED


def unreadable_message(code: str) -> Text:
    """The applicant's message for an ``{"unreadable": code}`` event of the worker."""
    return NOT_SUPPORTED if code == CardUnsupported.code else LIFT_AND_PLACE_AGAIN


class ReaderFault(IdCardError):
    """The reader cannot be used (the card is not at fault); ``str()`` is for the log."""

    code: ClassVar[str] = "fault"


class ReaderNotFound(ReaderFault):
    """No reader where the settings say (the port or device does not open)."""

    code: ClassVar[str] = "not_found"


class ReaderNotReady(ReaderFault):
    """The reader answers but its security module (SAM) does not say it is ready."""

    code: ClassVar[str] = "sam_not_ready"


class NoAnswer(ReaderFault):
    """The reader did not answer within the exchange's timeout."""

    code: ClassVar[str] = "no_answer"


class LinkBroken(ReaderFault):
    """The port went away while in use (a USB adapter unplugged)."""

    code: ClassVar[str] = "link_broken"


class LinkGarbled(ReaderFault):
    """Answer after answer arrives damaged (a bad cable, a wrong baud rate)."""

    code: ClassVar[str] = "garbled"


class LibraryMissing(ReaderFault):
    """The vendor's library is not where the settings say, or lacks a function."""

    code: ClassVar[str] = "library_missing"


class LibraryFailed(ReaderFault):
    """The vendor's library refused to open the reader or failed in a way it reports."""

    code: ClassVar[str] = "library_failed"


class BadSettings(ReaderFault):
    """The worker's settings do not parse."""

    code: ClassVar[str] = "bad_settings"
