"""Masking of personal numbers: ID and phone numbers never appear whole in logs.

A kiosk is shared by strangers and its logs are read by technicians: resident ID
numbers, credit codes and phone numbers are masked in every log record and audit entry.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}[- ]?)(\d{3,4})(\d{4})(?!\d)")


def mask_resident_id(value: str) -> str:
    """220102********123X style: area and last four kept for the counter to recognise."""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str) -> str:
    """138****5678 style."""
    v = value.strip()
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_text(text: str) -> str:
    """`text` with every ID and phone number in it masked."""
    text = _ID.sub(lambda m: m.group(1) + "********" + m.group(3)[-4:].rjust(4, "*"), text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)


def mask_data(value: Any) -> Any:
    """A copy of JSON-like `value` with every string masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(v) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks the rendered message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Mask every record that reaches the handlers of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
