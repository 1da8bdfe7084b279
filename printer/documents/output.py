"""Saving a document to the documents folder, and printing it through CUPS when configured.

The file is always written first (atomically), so a printer fault loses nothing: the
caller gets a :class:`DocumentPrintError` with a message for the applicant in both
languages and one for the technician, and the saved file can be printed again.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from kiosk.atomic import write_atomic
from kiosk.config import KioskConfig
from kiosk.i18n import Text, text

LP_TIMEOUT_S = 30.0


class DocumentPrintError(Exception):
    """The document was saved at `path` but could not be sent to the printer."""

    def __init__(self, path: Path, applicant: Text, technician: str) -> None:
        self.path = path
        self.applicant = applicant
        self.technician = technician
        super().__init__(technician)


def _file_name(name: str) -> str:
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "document"
    return safe if safe.lower().endswith(".pdf") else f"{safe}.pdf"


def save_pdf(pdf: bytes, name: str, config: KioskConfig) -> Path:
    """Write `pdf` as `name`.pdf to the documents folder (atomically); OSError if it cannot."""
    folder = config.resolved_document_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(name)
    write_atomic(path, pdf)
    return path


def save_document(pdf: bytes, name: str, config: KioskConfig) -> Path:
    """Write `pdf` as `name`.pdf to the documents folder; print it if a CUPS queue is set."""
    path = save_pdf(pdf, name, config)
    queue = config.documents.cups_queue
    if queue:
        print_file(path, queue)
    return path


_NOT_PRINTED = text(
    "文件已保存，但未能打印，请呼叫辅导员协助打印。",
    "The document was saved but could not be printed: please call an attendant.",
)


def print_file(path: Path, queue: str) -> None:
    """Send `path` to CUPS queue `queue` with ``lp``; DocumentPrintError when that fails."""
    command = ["lp", "-d", queue, "--", str(path)]
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=LP_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        raise DocumentPrintError(path, _NOT_PRINTED, "lp not found: install cups-client") from None
    except subprocess.TimeoutExpired:
        detail = f"lp -d {queue} did not finish within {LP_TIMEOUT_S:.0f} s"
        raise DocumentPrintError(path, _NOT_PRINTED, detail) from None
    except OSError as exc:
        raise DocumentPrintError(path, _NOT_PRINTED, f"cannot run lp: {exc}") from None
    if out.returncode != 0:
        reason = (out.stderr or out.stdout).strip() or f"exit status {out.returncode}"
        raise DocumentPrintError(path, _NOT_PRINTED, f"lp -d {queue} failed: {reason}")
