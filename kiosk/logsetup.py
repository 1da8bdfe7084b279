"""Logging for the kiosk: to stderr and a rotating file, personal numbers masked."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.privacy import MaskingFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE = "kiosk.log"


def log_folder(data_dir: Path) -> Path:
    """Where the kiosk writes its log: `<data_dir>/logs` (what kiosk.__main__ passes to
    `setup_logging`)."""
    return data_dir / "logs"


def log_file(data_dir: Path) -> Path:
    """The kiosk's current log file, `<data_dir>/logs/kiosk.log` (rotated ones get .1-.5)."""
    return log_folder(data_dir) / LOG_FILE


def setup_logging(level: str, log_dir: Path | None) -> None:
    """Send records to stderr (warnings up) and to `log_dir`/kiosk.log, all masked."""
    root = logging.getLogger()
    root.setLevel(level)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    handlers: list[logging.Handler] = [console]
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / LOG_FILE, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
