"""Delivering a ticket's bytes to the printer: the one place that prints.

``deliver`` asks the printer's status before the ticket (where the link can read),
refuses to send anything to a printer that reports a fault or does not answer at all,
sends the bytes in chunks (a link dying mid-ticket is caught at the chunk), then asks
again: paper that ran out during the ticket means it may be cut short. The ``files``
printer gets ``<name>.bin`` written atomically instead; its ``<name>.png`` preview comes
after, from ``write_preview``, once the picture is drawn (the bytes never wait for it).

It blocks on the device, so it runs on a worker thread, never the UI thread; it keeps
no global state, and every blocking call under it has a timeout. The caller owns the
connection: ``deliver`` and ``status`` open it when needed and leave it open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic import write_atomic
from printer.connections import Connection, FilesConnection
from printer.errors import PAPER_RAN_OUT, NoAnswer, PaperOut, PrinterFault, PrinterNotFound
from printer.status import PRINTER_STATUS, QUERIES, UNKNOWN, PrinterStatus, parse_status, query

CHUNK = 512  # bytes per write: a broken link shows up within one chunk
_DRAIN_LIMIT = 8  # reads of stale bytes before a status query (bounded)


@dataclass(frozen=True)
class DeliveryReport:
    """How a ticket went out: the status around it, the bytes sent, notes for the log."""

    status_before: PrinterStatus
    status_after: PrinterStatus
    bytes_sent: int
    warnings: list[str] = field(default_factory=list)
    files: tuple[Path, ...] = ()  # the files written by the ``files`` printer


def _again(fault: PrinterFault, technician: str) -> PrinterFault:
    """The same fault (type, applicant text and advice) with a fuller technician text.
    The advice is kept: a transport's own ("install libusb-1.0-0", "check the udev rule")
    says more than the fault type's default."""
    return type(fault)(technician, applicant=fault.applicant, advice=fault.advice)


def _drain(conn: Connection) -> None:
    """Drop late replies still on the link, so the next reply answers the next query."""
    for _ in range(_DRAIN_LIMIT):
        if not conn.read(64, 0.0):
            return


def _ask(conn: Connection) -> PrinterStatus:
    """Ask ``DLE EOT`` 1, 2 and 4, each reply waited for up to the connection's timeout.

    A printer that does not answer the first query is not asked the others (they would
    only add their timeouts): its status stays unknown.
    """
    replies: dict[int, bytes] = {}
    for n in QUERIES:
        _drain(conn)
        conn.write(query(n))
        replies[n] = conn.read(1, conn.timeout)
        if n == PRINTER_STATUS and not replies[n]:
            break
    return parse_status(replies.get(1), replies.get(2), replies.get(4))


def status(conn: Connection) -> PrinterStatus:
    """The printer's status for health checks; ``UNKNOWN`` when the link cannot read.

    Raises the link's faults (cannot connect, link broken); an unanswered query is not
    a fault here, just unknown.
    """
    conn.open()
    return _ask(conn) if conn.can_read else UNKNOWN


def deliver(
    conn: Connection, data: bytes, *, name: str, on_sent: Callable[[], None] | None = None
) -> DeliveryReport:
    """Print one ticket's bytes on ``conn``; raises a ``PrinterFault`` when it cannot.

    ``name`` names the ticket's files for the ``files`` printer (no folders in it).
    ``on_sent`` is called the moment every byte has been handed to the connection (after
    the flush; the ``files`` printer: once ``<name>.bin`` is written), before the status
    after the ticket is asked, and never when the bytes could not all be handed over.
    """
    conn.open()
    if isinstance(conn, FilesConnection):
        report = _to_files(conn, data, name)
        if on_sent is not None:
            on_sent()
        return report
    where = conn.name
    warnings: list[str] = []
    before = UNKNOWN
    if conn.can_read:
        try:
            before = _ask(conn)
        except PrinterFault as fault:
            raise _again(
                fault, f"{fault.technician}; status before the ticket, nothing sent"
            ) from fault
        if not before.known:
            raise NoAnswer(
                f"{where}: no answer to DLE EOT within {conn.timeout:g} s before the ticket "
                f"({before.describe()}); nothing sent"
            )
        shown = before.fault()
        if shown is not None:
            raise _again(shown, f"{where}: {shown.technician} before the ticket; nothing sent")
    else:
        warnings.append(f"{where}: no status channel; the ticket was sent unconfirmed")

    sent = 0
    try:
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            conn.write(chunk)
            sent += len(chunk)
        conn.flush()
    except PrinterFault as fault:
        raise _again(
            fault, f"{fault.technician}; {sent} of {len(data)} ticket bytes sent"
        ) from fault
    if on_sent is not None:
        on_sent()

    after = UNKNOWN
    if conn.can_read:
        done = f"after all {sent} ticket bytes were sent"
        try:
            after = _ask(conn)
        except PrinterFault as fault:
            raise _again(fault, f"{fault.technician}; status {done}") from fault
        shown = after.fault()
        if shown is not None:
            applicant = PAPER_RAN_OUT if isinstance(shown, PaperOut) else shown.applicant
            technician = f"{where}: {shown.technician} {done}; the ticket may be cut short"
            raise type(shown)(technician, applicant=applicant, advice=shown.advice)
        if not after.known:
            warnings.append(f"{where}: no status answer {done} ({after.describe()})")
    if "near_end" in (before.paper, after.paper):
        seen = (after if after.paper == "near_end" else before).describe()
        warnings.append(f"{where}: paper near end, load a new roll soon ({seen})")
    return DeliveryReport(before, after, sent, warnings)


def _check_name(name: str) -> None:
    if not name or name.startswith(".") or any(c in name for c in "/\\\x00:"):
        raise ValueError(f"not a plain file name: {name!r}")


def _to_files(conn: FilesConnection, data: bytes, name: str) -> DeliveryReport:
    """The ``files`` printer: ``<name>.bin``, written atomically (whole or not at all)."""
    _check_name(name)
    conn.write(data)
    payload = conn.take()
    try:
        conn.folder.mkdir(parents=True, exist_ok=True)
        written = write_atomic(conn.folder / f"{name}.bin", payload)
    except OSError as exc:
        raise PrinterNotFound(
            f"{conn.name}: cannot write {name}.bin: {exc.strerror or exc} (errno {exc.errno})"
        ) from exc
    return DeliveryReport(UNKNOWN, UNKNOWN, len(payload), [], (written,))


def write_preview(folder: Path, name: str, png: bytes) -> Path:
    """The ``files`` printer's ``<name>.png`` beside ``<name>.bin``, written atomically.

    It comes after the ``.bin`` (which is written as soon as the bytes are handed over):
    a ``.bin`` without its ``.png`` is a ticket whose picture is still being drawn.
    Raises ``OSError``: the ticket is printed by then, so a failure here is no printer fault.
    """
    _check_name(name)
    return write_atomic(folder / f"{name}.png", png)
