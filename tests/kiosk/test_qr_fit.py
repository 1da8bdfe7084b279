"""kiosk.qr_fit repeats a few printer numbers (the core imports no printer code): they
match printer/ and the qrcode library, and a URL the config accepts makes a real QR that
fits the paper, while one byte more would not."""

from __future__ import annotations

import re
import typing

import pytest
import qrcode

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.protocol.fields import Reference
from kiosk.qr_fit import (
    MODULE_DOTS,
    PAPER_DOTS,
    QUIET_ZONE,
    REFERENCE_MAX_CHARS,
    byte_capacity,
    largest_version,
    qr_fit,
    version_for,
)
from printer.preview import qr_image
from printer.profiles import PAPERS
from printer.sample import sample_ticket_content
from printer.ticket_layout import Qr, layout


def test_the_capacity_table_is_the_qrcode_librarys() -> None:
    for n in [1, *range(10, 700, 7), byte_capacity(17), byte_capacity(17) + 1]:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(b"\xff" * n, optimize=0)  # bytes outside any other mode: byte mode
        code.make(fit=True)
        assert code.version == version_for(n), n


@pytest.mark.parametrize("width", [80, 58])
def test_paper_and_module_sizes_are_the_printers(catalog: Catalog, width: int) -> None:
    paper = PAPERS[width]
    assert paper.dots == PAPER_DOTS[width]
    config = KioskConfig(terminal_number=7, printer=PrinterConfig(paper_width_mm=width))  # type: ignore[arg-type]
    blocks = layout(sample_ticket_content(catalog, config), paper)
    (qr,) = [b for b in blocks if isinstance(b, Qr)]
    assert qr.module == MODULE_DOTS[width]


def test_the_longest_reference_is_the_protocols() -> None:
    pattern = next(m.pattern for m in typing.get_args(Reference)[1:] if hasattr(m, "pattern"))
    assert re.fullmatch(r"\^\[A-Za-z0-9-\]\{1,(\d+)\}\$", str(pattern)).group(1) == str(  # type: ignore[union-attr]
        REFERENCE_MAX_CHARS
    )


@pytest.mark.parametrize("width", [80, 58])
def test_the_largest_accepted_url_prints_a_qr_inside_the_paper(width: int) -> None:
    capacity = byte_capacity(largest_version(width))
    base = "https://h.example/p?ref={reference}"
    filler = capacity - len(base.format(reference="0" * REFERENCE_MAX_CHARS))
    template = base.replace("/p?", "/" + "p" * (filler + 1) + "?")
    config = PrinterConfig(paper_width_mm=width, qr_url_template=template)  # type: ignore[arg-type]
    # Lower case: the qrcode library's byte mode, as a real reference's hyphens make it.
    url = config.qr_url_template.format(reference="z" * REFERENCE_MAX_CHARS)
    assert qr_fit(url, width).fits and len(url.encode()) == capacity
    image = qr_image(url, MODULE_DOTS[width], border=QUIET_ZONE)
    assert image.width <= PAPER_DOTS[width]
    # One byte more: the next version, wider than the paper with its quiet zone.
    longer = url + "x"
    assert not qr_fit(longer, width).fits
    assert qr_image(longer, MODULE_DOTS[width], border=QUIET_ZONE).width > PAPER_DOTS[width]
