"""Paper to take home from the touch screen (Terminal.take_home): the notice, the signed
commitment or the confirmation, on the A4 printer through CUPS (a fake `lp`) when one is
configured, else as a slip on the ticket printer (the demo's files printer, or the fake
loopback printer for faults); the PDF kept either way; an event and an audit row."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.config import DocumentsConfig, KioskConfig, PrinterConfig, demo_config
from kiosk.declarations import Submitted
from kiosk.prereview import Outcome
from kiosk.samples import SAMPLES, sample_signature_strokes
from kiosk.signature import Signature
from kiosk.store.models import AuditEntry, OutboxEvent
from kiosk.terminal import (
    A4_PRINTED,
    SIGN_FIRST,
    SLIP_PRINTED,
    PaperWhere,
    TakeHome,
    Terminal,
)
from printer.errors import PaperOut
from printer.escpos_reader import read
from printer.fonts import find_cjk_font
from tests.printer.fake_device import FakePrinter

WAIT = 30.0
ITEM = "company-address-change"


@pytest.fixture
def make_terminal(tmp_path: Path, catalog: Catalog) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(config: KioskConfig | None = None) -> Terminal:
        terminal = Terminal(
            config or demo_config(tmp_path / "data"), find_cjk_font(), catalog=catalog
        )
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.close()


def declare(
    terminal: Terminal, catalog: Catalog, *missing: str
) -> tuple[Submitted, dict[str, Any], dict[str, bool]]:
    answers = SAMPLES[ITEM]()
    materials = {m.id: m.id not in missing for m in catalog[ITEM].materials}
    sub = terminal.submit(ITEM, answers, materials, "zh_CN").result(WAIT)
    return sub, answers, materials


def signature() -> Signature:
    strokes, width, height = sample_signature_strokes()
    return Signature.from_pad(strokes, width, height)


def handed_out(terminal: Terminal) -> list[dict[str, Any]]:
    def rows() -> list[dict[str, Any]]:
        with terminal.store.session() as s:
            return [
                e.payload
                for e in s.scalars(
                    select(OutboxEvent).where(OutboxEvent.kind == "document.handed_out")
                )
            ]

    return terminal.store_lane.submit(rows).result(WAIT)


def slip_text(path: Path) -> str:
    ticket = read(path.read_bytes(), "gb18030", strict=True)
    return "".join(ticket.text_lines()).replace(" ", "")


def test_the_signed_commitment_comes_out_as_a_slip_and_is_kept_as_a_pdf(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    sub, answers, materials = declare(terminal, catalog, "premises_proof")
    assert sub.review.outcome is Outcome.PASSED_WITH_DEFICIENCY
    unsigned = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert unsigned.where is PaperWhere.NONE and unsigned.message == SIGN_FIRST
    assert handed_out(terminal) == []
    who = terminal.accept_commitment(sub.reference, signature()).result(WAIT)
    assert who is not None and who.name == answers["contact_name"]

    paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert isinstance(paper, TakeHome) and paper.printed
    assert (paper.document, paper.where, paper.message) == (
        "commitment",
        PaperWhere.SLIP,
        SLIP_PRINTED,
    )
    assert paper.message.zh == "已打印，请在下方出纸口取走。"
    assert paper.preview_png is not None and paper.to_printer_s is not None
    (slip,) = (terminal.data_dir / "tickets").glob(f"{sub.reference}_commitment_*.bin")
    text = slip_text(slip)
    assert "容缺受理承诺书" in text and f"承诺人：{answers['contact_name']}" in text
    # The PDF is kept, with the committer and the signature image.
    assert paper.path == terminal.config.resolved_document_dir() / f"{sub.reference}-commitment.pdf"
    reader = PdfReader(io.BytesIO(paper.path.read_bytes()))
    assert str(answers["contact_name"]) in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1
    (event,) = handed_out(terminal)
    assert event == {
        "reference": sub.reference,
        "terminal": 1,
        "document": "commitment",
        "printer": "slip",
        "status": "printed",
        "at": event["at"],
    }

    def audit_rows() -> list[dict[str, Any]]:
        with terminal.store.session() as s:
            q = select(AuditEntry.detail).where(AuditEntry.action == "document.handed_out")
            return list(s.scalars(q))

    assert terminal.store_lane.submit(audit_rows).result(WAIT) == [
        {
            "reference": sub.reference,
            "document": "commitment",
            "printer": "slip",
            "status": "printed",
        }
    ]


def test_a_rejected_declaration_takes_home_the_notice_and_a_passed_one_its_confirmation(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    rejected, answers, materials = declare(terminal, catalog, "business_licence")
    assert rejected.review.outcome is Outcome.REJECTED
    notice = terminal.take_home(rejected, answers, materials, "en_US").result(WAIT)
    assert (notice.document, notice.where) == ("notice", PaperWhere.SLIP)
    assert notice.message.en == "Printed: please take it from the slot below."
    (slip,) = (terminal.data_dir / "tickets").glob("*_notice_*.bin")
    assert "One-timenotice" in slip_text(slip) and "Fix:" in slip_text(slip)
    passed, answers, materials = declare(terminal, catalog)
    confirmation = terminal.take_home(passed, answers, materials, "zh_CN").result(WAIT)
    assert (confirmation.document, confirmation.where) == ("confirmation", PaperWhere.SLIP)
    assert confirmation.path is not None and confirmation.path.name.endswith("-confirmation.pdf")
    assert [e["document"] for e in handed_out(terminal)] == ["notice", "confirmation"]


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def with_a4(tmp_path: Path) -> KioskConfig:
    config = demo_config(tmp_path / "data")
    return config.model_copy(update={"documents": DocumentsConfig(cups_queue="hall-a4")})


def test_on_the_a4_printer_when_one_is_configured(
    make_terminal: Callable[..., Terminal],
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "lp.log"
    fake_lp(tmp_path, monkeypatch, f'echo "$@" >> {log}\necho "request id is A4-1 (1 file(s))"\n')
    terminal = make_terminal(with_a4(tmp_path))
    sub, answers, materials = declare(terminal, catalog, "premises_proof")
    terminal.accept_commitment(sub.reference, signature()).result(WAIT)
    paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert (paper.where, paper.message) == (PaperWhere.A4, A4_PRINTED)
    assert paper.path is not None and log.read_text().split() == [
        "-d",
        "hall-a4",
        "--",
        str(paper.path),
    ]
    assert list((terminal.data_dir / "tickets").glob("*_commitment_*")) == []  # no slip too
    assert handed_out(terminal)[0]["printer"] == "a4"


def test_a_failing_a4_printer_still_gives_a_slip(
    make_terminal: Callable[..., Terminal],
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_lp(tmp_path, monkeypatch, 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    terminal = make_terminal(with_a4(tmp_path))
    sub, answers, materials = declare(terminal, catalog, "business_licence")
    paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert (paper.where, paper.document) == (PaperWhere.SLIP, "notice")
    assert paper.path is not None and paper.path.is_file()


def test_a_slip_printer_fault_is_a_result_with_words_never_an_exception(
    make_terminal: Callable[..., Terminal], catalog: Catalog, tmp_path: Path
) -> None:
    with FakePrinter("paper_out") as fake:
        config = demo_config(tmp_path / "data").model_copy(
            update={
                "printer": PrinterConfig(
                    connection="network", host=fake.host, port=fake.port, timeout_s=1.0
                )
            }
        )
        terminal = make_terminal(config)
        sub, answers, materials = declare(terminal, catalog, "business_licence")
        paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert paper.where is PaperWhere.SAVED and not paper.printed
    assert isinstance(paper.fault, PaperOut)
    assert paper.message.zh.startswith("打印机缺纸，未能打印") and "文件已保存" in paper.message.zh
    assert paper.path is not None and paper.path.is_file()  # the counter can print it
    assert handed_out(terminal)[0]["status"] == "paper_out"
    assert handed_out(terminal)[0]["printer"] == "none"


def test_an_unknown_document_is_a_bug_of_the_caller(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    sub, answers, materials = declare(terminal, catalog)
    with pytest.raises(ValueError, match="no such document"):
        terminal.take_home(sub, answers, materials, "zh_CN", document="receipt")


def test_the_terminal_keeps_no_signature_once_its_work_is_done(
    make_terminal: Callable[..., Terminal], catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """The signature lives in the objects the journey holds (dropped on the wipe): once
    accepted and printed, nothing in the terminal refers to it, and no log shows it."""
    import gc
    import logging
    import weakref

    caplog.set_level(logging.DEBUG)
    terminal = make_terminal()
    sub, answers, materials = declare(terminal, catalog, "premises_proof")
    signed = signature()
    gone = weakref.ref(signed)
    terminal.accept_commitment(sub.reference, signed).result(WAIT)
    paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert paper.printed
    stroke = signed.to_dict()["strokes"][0]
    del signed
    terminal.store_lane.submit(lambda: None).result(WAIT)  # every lane job has ended
    terminal.printer_lane.submit(lambda: None).result(WAIT)
    gc.collect()
    assert gone() is None
    text = caplog.text
    assert str(stroke[:6])[1:-1] not in text and "strokes" not in text


def test_a_failure_inside_is_words_for_the_screen_not_an_exception(
    make_terminal: Callable[..., Terminal], catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = make_terminal()
    sub, answers, materials = declare(terminal, catalog, "business_licence")

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in the slip")

    monkeypatch.setattr("printer.slip.slip_content", broken)
    paper = terminal.take_home(sub, answers, materials, "zh_CN").result(WAIT)
    assert (paper.where, paper.message.zh) == (PaperWhere.NONE, "文件未能生成，请呼叫辅导员。")
    assert handed_out(terminal)[0]["status"] == "not_saved"
