"""`kiosk self-test` from the checkout: every check on a clean demo, a bad config said."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def self_test(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test sets offscreen itself
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args, "self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_every_check_passes_on_the_demo_config() -> None:
    done = self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    checks = [line for line in lines if line.startswith("[")]
    names = " ".join(checks)
    for name in (
        "Config file",
        "Service catalog",
        "Chinese font",
        "Local store",
        "Home screen",
        "Pinyin keyboard",
        "Ticket bytes",
        "A4 document",
        "ID card reader process",
        "Central server",
        "Printer status",
    ):
        assert f"/ {name}:" in names
    assert all(c.startswith(("[通过 PASS]", "[跳过 SKIP]")) for c in checks), checks
    assert "offers 中文" in names
    assert "ID card reader process: a sample card read in" in names
    assert lines[-1] == "自检通过 / Self-test passed"
    assert "Traceback" not in done.stderr


def test_a_bad_config_fails_its_check_and_the_exit_status(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('terminal_number = "seven"\n', encoding="utf-8")
    done = self_test("--config", str(config))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("[失败 FAIL] 配置文件 / Config file:")
    # Checks that need the config fail with it, plainly; no traceback anywhere.
    assert "needs the config, which failed" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("自检未通过")
    assert "Traceback" not in done.stdout + done.stderr
