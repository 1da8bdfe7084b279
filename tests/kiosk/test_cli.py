"""The `kiosk` command as installed: demo walk-through, config errors, catalog errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.resources import resource_path

KIOSK = str(Path(sys.executable).with_name("kiosk"))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KIOSK, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_demo_starts_its_central_server_which_numbers_the_ticket(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    out = run("--demo", "--console", "--data-dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "辅导台 / Dashboard: http://127.0.0.1:" in out.stdout
    assert "取号成功 / Your ticket: A001" in out.stdout  # the hall's series, from the server
    assert "sent to the central server: 是 yes（待发送 / waiting: 0）" in out.stdout
    engine = create_engine(f"sqlite:///{tmp_path / 'demo' / 'central' / 'central.db'}")
    with engine.connect() as db:  # the server stored what the kiosk did
        assert db.scalar(text("SELECT count(*) FROM declarations")) == 1
        assert db.scalar(text("SELECT number FROM tickets")) == "A001"
    engine.dispose()
    assert "Traceback" not in out.stderr


def test_offline_demo_walks_one_declaration_to_a_ticket(tmp_path: Path) -> None:
    out = run(
        "--demo", "--no-central", "--console", "--data-dir", str(tmp_path / "demo"), cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert "预审未通过" in out.stdout and "容缺受理" in out.stdout
    assert "取号成功 / Your ticket: A01-001" in out.stdout
    assert (tmp_path / "demo" / "kiosk.db").exists()
    assert "Traceback" not in out.stderr
    # the files printer: the ticket's bytes and preview; the A4 documents of each review
    (ticket,) = (tmp_path / "demo" / "tickets").glob("*_A01-001_*.bin")
    assert ticket.with_suffix(".png").exists() and f"票据 / ticket: {ticket}" in out.stdout
    documents = sorted(p.name for p in (tmp_path / "demo" / "documents").glob("*.pdf"))
    assert [d.split("-", 3)[-1] for d in documents] == ["commitment.pdf", "notice.pdf"]
    # Without an A4 printer, each went to the ticket printer as a slip too.
    for kind in ("notice", "commitment"):
        (slip,) = (tmp_path / "demo" / "tickets").glob(f"*_{kind}_*.bin")
        assert slip.with_suffix(".png").exists()
    assert out.stdout.count("已打印，请在下方出纸口取走。") == 2


def test_bad_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('terminal_number = 13\n[printer]\nprofile = "big5"\n', encoding="utf-8")
    out = run("--config", str(cfg), cwd=tmp_path)
    assert out.returncode == 2
    assert "terminal_number: 13 is out of range; allowed: 1 to 12" in out.stderr
    assert "printer.profile: 'big5' is not allowed" in out.stderr
    assert "Traceback" not in out.stderr
    missing = run("--config", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert run(cwd=tmp_path).returncode == 2  # kiosk mode without a config


def test_kiosk_mode_with_a_config_and_a_broken_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(resource_path("catalog"), catalog)
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f'terminal_number = 4\ndata_dir = "data"\ncatalog_dir = "{catalog}"\n', encoding="utf-8"
    )
    good = run("--config", str(cfg), "--console", cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "A04-001" in good.stdout and (tmp_path / "data" / "kiosk.db").exists()
    (catalog / "elderly-card.toml").write_text("id = 'elderly-card'\n", encoding="utf-8")
    bad = run("--config", str(cfg), "--console", cwd=tmp_path)
    assert bad.returncode == 3
    assert "elderly-card.toml: item 'elderly-card': name: required" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_refuses_to_start_without_a_chinese_font(tmp_path: Path) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f'terminal_number = 2\ndata_dir = "data"\nfont_path = "{not_a_font}"\n', encoding="utf-8"
    )
    out = run("--config", str(cfg), "--console", cwd=tmp_path)
    assert out.returncode == 4
    assert "中文" in out.stderr and "font" in out.stderr.lower()
    assert "Traceback" not in out.stderr
