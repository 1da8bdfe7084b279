"""The call light's faults: one typed exception per thing a technician can fix.

Each fault carries ``advice``, in both languages, saying what is wrong and what to check
(the diagnostics and the light's status show it), and ``technician``, the detail for the
log: the transport's name and the system's error text. The light's driver retries after
any of them (a board unplugged and plugged back in recovers by itself).
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.i18n import Text, text


class LightFault(Exception):
    """The call light's relay could not be reached or switched."""

    default_advice: ClassVar[Text] = text(
        "呼叫灯故障：请查看日志中的呼叫灯信息",
        "Call light fault: see the call light's lines in the log",
    )

    def __init__(self, technician: str, *, advice: Text | None = None) -> None:
        super().__init__(technician)
        self.technician = technician
        self.advice = advice if advice is not None else self.default_advice

    def __reduce__(self) -> tuple[object, ...]:
        # Keep a transport's own advice across pickling (e.g. to another process).
        return (_rebuild, (type(self), self.technician, self.advice))


def _rebuild(cls: type[LightFault], technician: str, advice: Text) -> LightFault:
    return cls(technician, advice=advice)


class LightNotFound(LightFault):
    """No relay board, no port or no device node: unplugged, or the config names another."""

    default_advice = text(
        "未找到呼叫灯继电器：请检查继电器的 USB 线和配置中的呼叫灯设置",
        "Call light relay not found: check its USB cable and the call light's settings "
        "in the config",
    )


class LightNoPermission(LightFault):
    """The device is there but the kiosk's user may not open it (the udev rule)."""

    default_advice = text(
        "无权打开呼叫灯继电器：请安装终端的 udev 规则（见 docs/deploy.md），然后重新插拔继电器",
        "No permission to open the call light relay: install the kiosk's udev rule (see "
        "docs/deploy.md), then unplug the relay and plug it in again",
    )


class LightDisconnected(LightFault):
    """The link broke while switching the relay (the board pulled out while in use)."""

    default_advice = text(
        "呼叫灯继电器连接中断：请检查继电器的 USB 线；重新插好后呼叫灯会自动恢复",
        "The call light relay's link broke: check its USB cable; the light recovers by "
        "itself once it is plugged in again",
    )
