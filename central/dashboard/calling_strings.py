"""The strings of the counter's 叫号 page, the hall display and the counter clerks'
accounts (key: (Chinese, English)); merged into central.dashboard.i18n."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "role_counter_clerk": ("窗口人员", "Counter clerk"),
}
