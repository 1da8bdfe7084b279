"""What the USBRelay boards (16c0:05df, V-USB firmware) understand, whatever the link.

Relay n goes on with the feature report ``[0xFF, n, 0, 0, 0, 0, 0, 0]`` and off with
``[0xFD, n, ...]``, report id 0. 16c0:05df is V-USB's shared id for hobby HID devices,
so a board whose product name is "USBRelay<N>" is preferred among those with the id; N
is also its number of relays, and a relay beyond it is refused here (the firmware
ignores it silently: the light would never light). The links are ``hid_relay``
(hidraw, Linux) and ``hid_usb`` (pyusb).
"""

from __future__ import annotations

import re

from devices.signal_light.faults import LightNotFound
from kiosk.i18n import Text, text

VENDOR_ID, PRODUCT_ID = 0x16C0, 0x05DF
IDS = f"{VENDOR_ID:04x}:{PRODUCT_ID:04x}"
_PRODUCT = re.compile(r"USBRelay(\d)")
_ON, _OFF = 0xFF, 0xFD

NOT_FOUND = text(
    f"未找到 USB 继电器板（{IDS}，USBRelay）：请检查继电器板的 USB 线，"
    f"并用 lsusb 查看是否列出 {IDS}",
    f"No USB relay board ({IDS}, USBRelay) found: check the board's USB cable, and "
    f"whether lsusb lists {IDS}",
)
NO_PERMISSION = text(
    "无权打开 USB 继电器板：请安装终端的 udev 规则（见 docs/deploy.md），然后重新插拔继电器板",
    "No permission to open the USB relay board: install the kiosk's udev rule (see "
    "docs/deploy.md), then unplug the board and plug it in again",
)


def channel_beyond(count: int, channel: int) -> Text:
    """The configured relay is not on the board."""
    return text(
        f"继电器板只有 {count} 路，配置的是第 {channel} 路：请修改配置中呼叫灯的继电器路数",
        f"The relay board has {count} relay(s) but the config names relay {channel}: "
        "correct the call light's relay number in the config",
    )


def report(channel: int, on: bool) -> bytes:
    """The 8-byte feature report that switches relay ``channel`` (1-8)."""
    return bytes([_ON if on else _OFF, channel, 0, 0, 0, 0, 0, 0])


def relay_count(product: str | None) -> int | None:
    """The number of relays a "USBRelay<N>" product name announces; None for another name."""
    found = _PRODUCT.search(product or "")
    return int(found.group(1)) if found else None


def check_channel(name: str, product: str | None, channel: int) -> None:
    """Refuse a relay the board does not have (an unnamed board is given the benefit)."""
    count = relay_count(product)
    if count is not None and channel > count:
        raise LightNotFound(
            f"{name}: the board ({product}) has {count} relay(s), not relay {channel}",
            advice=channel_beyond(count, channel),
        )
