"""`python -m printer sample`: the technician's sample prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from printer.escpos_reader import read
from printer.sample import REFERENCE
from tests.printer.fake_device import FakePrinter

ROOT = Path(__file__).parents[2]
URL = f"https://zwfw.jkq.gov.cn/progress?ref={REFERENCE}"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "printer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_sample_writes_every_profile_width_and_document(tmp_path: Path) -> None:
    out = run("sample", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    tickets = [
        f"ticket-{p}-{w}mm.{e}"
        for p in ("gb18030", "gbk", "image")
        for w in (58, 80)
        for e in ("bin", "png")
    ]
    slips = [
        f"slip-{d}-{p}-{w}mm.{e}"
        for d in ("notice", "commitment", "confirmation")
        for p in ("gb18030", "gbk", "image")
        for w in (58, 80)
        for e in ("bin", "png")
    ]
    assert names == sorted([*tickets, *slips, "commitment.pdf", "confirmation.pdf", "notice.pdf"])
    commitment = read((tmp_path / "slip-commitment-gbk-58mm.bin").read_bytes(), "gbk", strict=True)
    assert commitment.qr_codes() == [URL] and "容缺受理承诺书" in commitment.text_lines()
    for encoding in ("gb18030", "gbk"):
        ticket = read(
            (tmp_path / f"ticket-{encoding}-80mm.bin").read_bytes(), encoding, strict=True
        )
        assert "A07-012" in ticket.text_lines() and ticket.qr_codes() == [URL]
    preview = Image.open(tmp_path / "ticket-image-58mm.png")
    assert [r.text for r in zxingcpp.read_barcodes(preview.convert("L"))] == [URL]
    notice = PdfReader(tmp_path / "notice.pdf").pages[0].extract_text()
    assert "一次性告知单" in notice and "统一社会信用代码" in notice


def test_test_ticket_to_a_configured_printer(tmp_path: Path) -> None:
    with FakePrinter() as fake:
        cfg = tmp_path / "kiosk.toml"
        cfg.write_text(
            f'terminal_number = 5\n[printer]\nconnection = "network"\n'
            f'host = "{fake.host}"\nport = {fake.port}\ntimeout_s = 1\n',
            encoding="utf-8",
        )
        ok = run("sample", "--printer", "--config", str(cfg))
        assert ok.returncode == 0, ok.stderr
        assert "A07-012" in read(fake.received, "gb18030", strict=True).text_lines()
        image = run("sample", "--printer", "image", "--config", str(cfg))
        assert image.returncode == 0 and "profile image" in image.stdout
        assert read(fake.received, "gb18030").images()  # the image profile's raster
        fake.state = "paper_out"
        empty = run("sample", "--printer", "--config", str(cfg))
    assert empty.returncode == 1
    assert "打印机缺纸" in empty.stderr and "out of paper" in empty.stderr
    assert "Traceback" not in empty.stderr
