"""Every string of the dashboard's interface, in Chinese (the default) and English.

One table for the templates, the client script (it gets the table of the page's language
as JSON) and the Python that labels snapshot data, so a string is translated once.
`tests/central/test_dashboard.py` checks that every key is used somewhere.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
DEFAULT: Language = "zh"

# key: (Chinese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("自助申报区 辅导台", "Self-service area: attendants' desk"),
    "switch_language": ("English", "中文"),
    "sign_in": ("登录", "Sign in"),
    "sign_in_title": ("工作人员登录", "Staff sign-in"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "sign_in_failed": ("用户名或密码不正确", "Wrong username or password"),
    "sign_in_throttled": (
        "登录失败次数过多，请 {minutes} 分钟后再试",
        "Too many failed sign-ins: try again in {minutes} minutes",
    ),
    "sign_out": ("退出", "Sign out"),
    "role_attendant": ("辅导员", "Attendant"),
    "role_supervisor": ("值班主任", "Supervisor"),
    "help_calls": ("呼叫辅导", "Help calls"),
    "no_calls": ("当前没有呼叫", "No one is calling"),
    "terminal_n": ("{n}号终端", "Terminal {n}"),
    "state_open": ("待响应", "Waiting"),
    "state_acknowledged": ("{by} 前往中", "{by} on the way"),
    "item": ("事项", "Service"),
    "step": ("步骤", "Step"),
    "fields_in_error": ("有误的项", "Fields in error"),
    "waited": ("已等待", "Waiting for"),
    "acknowledge": ("确认前往", "On my way"),
    "resolve": ("已解决", "Resolved"),
    "action_failed": ("操作未完成，请刷新后重试", "That did not go through; please try again"),
    "screen_home": ("首页", "Home"),
    "screen_services": ("选择事项", "Choosing a service"),
    "screen_intro": ("办事须知", "What to bring"),
    "screen_form": ("填写表单", "Filling in the form"),
    "screen_materials": ("核对材料", "Materials"),
    "screen_check": ("确认信息", "Checking the answers"),
    "screen_result": ("预审结果", "Pre-review result"),
    "screen_ticket": ("取号", "Ticket"),
    "screen_finish": ("办理完成", "Finished"),
    "reason_printer": ("打印机故障", "printer fault"),
    "terminals": ("终端状态", "Terminals"),
    "terminal": ("终端", "Terminal"),
    "last_seen": ("最近联系", "Last seen"),
    "never_seen": ("从未连接", "Never"),
    "online": ("在线", "Online"),
    "offline": ("离线", "Offline"),
    "printer": ("打印机", "Printer"),
    "printer_ok": ("正常", "OK"),
    "printer_unknown": ("未知（尚未打印）", "Unknown (nothing printed yet)"),
    "printer_offline": ("离线", "Offline"),
    "printer_paper_out": ("缺纸", "Out of paper"),
    "printer_cover_open": ("纸仓盖未关", "Cover open"),
    "printer_disconnected": ("连接中断", "Disconnected"),
    "printer_no_answer": ("无响应", "Not answering"),
    "printer_not_found": ("未找到", "Not found"),
    "service": ("服务状态", "Service"),
    "mode_applicant": ("服务中", "In service"),
    "mode_staff": ("工作人员操作中", "Staff at the terminal"),
    "mode_check_in": ("预约签到", "Appointment check-in"),
    "mode_progress": ("进度查询", "Progress lookup"),
    "mode_out_of_service": ("暂停服务", "Out of service"),
    "outbox": ("待上传", "Outbox"),
    "app_version": ("程序版本", "App"),
    "catalog_version": ("事项目录", "Catalog"),
    "no_terminals": ("尚未登记终端", "No terminals registered"),
    "today": ("今日数据", "Today"),
    "consultations": ("事项咨询", "Guides viewed"),
    "declarations": ("提交申报", "Declarations"),
    "passed": ("预审通过", "Passed"),
    "passed_with_deficiency": ("容缺受理", "Passed with deficiency"),
    "rejected": ("预审未通过", "Rejected"),
    "tickets": ("取号", "Tickets"),
    "help_calls_today": ("呼叫辅导次数", "Help calls"),
    "mean_ack": ("平均响应", "Mean time to respond"),
    "live": ("实时", "Live"),
    "polling": ("定时刷新", "Refreshing every 2 s"),
    "minutes_seconds": ("{m}分{s}秒", "{m} min {s} s"),
    "seconds": ("{s}秒", "{s} s"),
}


def language(value: str | None) -> Language:
    """The language a cookie or query names, or the default."""
    return "en" if value == "en" else DEFAULT


def table(lang: Language) -> dict[str, str]:
    """Every string in `lang`, by key (what the client script gets)."""
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in STRINGS.items()}


def t(lang: Language, key: str, **values: object) -> str:
    """One string in `lang`; `{name}` placeholders are filled from `values`."""
    text = STRINGS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def duration(lang: Language, seconds: float) -> str:
    """A wait or a response time as minutes and seconds (the script mirrors this)."""
    whole = max(0, int(seconds))
    if whole < 60:
        return t(lang, "seconds", s=whole)
    return t(lang, "minutes_seconds", m=whole // 60, s=whole % 60)
