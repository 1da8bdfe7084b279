"""The strings of the counter's declaration view (key: (Chinese, English)); merged into
central.dashboard.i18n."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {}
