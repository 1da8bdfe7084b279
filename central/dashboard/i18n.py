"""Every string of the dashboard's interface, in Chinese (the default) and English.

One table for the templates, the client script (it gets the table of the page's language
as JSON) and the Python that labels snapshot data, so a string is translated once.
`tests/central/test_dashboard.py` checks that every key is used somewhere.
"""

from __future__ import annotations

from typing import Literal

from central.dashboard import calling_strings

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
    "role_supervisor": ("值班主管", "Supervisor"),
    "role_technician": ("技术运维", "Technician"),
    "role_grid_leader": ("网格长", "Grid leader"),
    "help_calls": ("呼叫辅导", "Help calls"),
    "no_calls": ("当前没有呼叫", "No one is calling"),
    "terminal_n": ("{n}号终端", "Terminal {n}"),
    "state_open": ("待响应", "Waiting"),
    "state_acknowledged": ("{by} 前往中", "{by} on the way"),
    "state_at_terminal": ("已在终端处理 · {by}", "Handled at the terminal by {by}"),
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
    # A help call the terminal raised at start (kiosk.recovery): a ticket never printed.
    "ticket_unprinted": ("号票 {number} 未打印", "Ticket {number} was not printed"),
    "ticket_unprinted_unnamed": ("号票未打印", "A ticket was not printed"),
    "terminals": ("终端状态", "Terminals"),
    # 好差评 and its 整改工单 (work orders)
    "ratings_today": ("今日评价", "Ratings"),
    "satisfaction": ("满意率", "Satisfaction"),
    "work_orders_open": ("未办结工单", "Open work orders"),
    "work_orders_overdue": ("逾期工单", "Overdue work orders"),
    "work_orders_page": ("整改工单", "Work orders"),
    "work_orders_intro": (
        "不满意和非常不满意的评价生成整改工单，须在 15 个工作日内答复并办结。",
        "A dissatisfied or very dissatisfied rating opens a work order, "
        "to be answered and closed within 15 working days.",
    ),
    "work_orders_none": ("没有整改工单", "No work orders"),
    "work_order_reference": ("受理编号", "Reference"),
    "work_order_rating": ("不足之处", "What fell short"),
    "work_order_words": ("申请人意见", "The applicant's words"),
    "work_order_rated_at": ("评价时间", "Rated at"),
    "work_order_due": ("办结期限", "Due"),
    "work_order_state": ("状态", "State"),
    "work_order_answer": ("答复", "Answer"),
    "work_order_send_answer": ("保存答复", "Save the answer"),
    "work_order_close": ("办结", "Close"),
    "work_order_open": ("待答复", "To answer"),
    "work_order_answered": ("已答复", "Answered"),
    "work_order_closed": ("已办结", "Closed"),
    "work_order_days_left": ("剩 {days} 个自然日", "{days} days left"),
    "work_order_overdue": ("已逾期 {days} 天", "{days} days overdue"),
    "work_order_answered_by": ("{by} 答复于 {at}", "Answered by {by} at {at}"),
    "work_order_closed_by": ("{by} 办结于 {at}", "Closed by {by} at {at}"),
    "work_order_answer_empty": ("请填写答复内容", "Write the answer first"),
    "work_order_answer_long": (
        "答复不能超过 1000 字",
        "The answer may have at most 1000 characters",
    ),
    "work_order_closed_already": ("该工单已办结", "This work order is closed already"),
    "work_order_unanswered": ("请先答复再办结", "Answer the work order before closing it"),
    "work_order_unknown": ("没有这个工单", "No such work order"),
    "work_order_saved": ("已保存", "Saved"),
    "rating_very_satisfied": ("非常满意", "Very satisfied"),
    "rating_satisfied": ("满意", "Satisfied"),
    "rating_basic": ("基本满意", "Fairly satisfied"),
    "rating_dissatisfied": ("不满意", "Dissatisfied"),
    "rating_very_dissatisfied": ("非常不满意", "Very dissatisfied"),
    "aspect_efficiency": ("办事效率", "Speed of service"),
    "aspect_attitude": ("服务态度", "Staff attitude"),
    "aspect_guide": ("指南准确", "Accuracy of the guide"),
    "aspect_ease": ("操作便捷", "Ease of use"),
    "aspect_other": ("其他", "Other"),
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
    "assisted": ("辅导员帮办", "Assisted by an attendant"),
    "proxied": ("网格代办", "By grid leaders"),
    "tickets": ("取号", "Tickets"),
    "help_calls_today": ("呼叫辅导次数", "Help calls"),
    "mean_ack": ("平均响应", "Mean time to respond"),
    "live": ("实时", "Live"),
    "polling": ("定时刷新", "Refreshing every 2 s"),
    "minutes_seconds": ("{m}分{s}秒", "{m} min {s} s"),
    "seconds": ("{s}秒", "{s} s"),
    "hours_minutes": ("{h}小时{m}分", "{h} h {m} min"),
    "milliseconds": ("{n}毫秒", "{n} ms"),
    "size_gb": ("{n} GB", "{n} GB free"),
    "size_mb": ("{n} MB", "{n} MB free"),
    # Terminal health (central.dashboard.health).
    "alerts": ("告警", "Alerts"),
    "no_alerts": ("正常", "All well"),
    "figures": ("运行数据", "Figures"),
    "alert_silent": ("超过2分钟未联系", "Silent for more than 2 minutes"),
    "alert_paper_out": ("打印机缺纸", "Printer out of paper"),
    "alert_printer_fault": ("打印机故障：{status}", "Printer fault: {status}"),
    "alert_out_of_service": ("暂停服务", "Out of service"),
    "alert_pin_locked": ("密码键盘已锁定至 {until}", "PIN pad locked until {until}"),
    "alert_disk_low": ("磁盘空间不足：剩余 {free}", "Disk nearly full: {free}"),
    "alert_clock_drift": ("时钟偏差 {drift}", "Clock off by {drift}"),
    "alert_dead_letters": ("{n} 条数据无法上传", "{n} events could not be sent"),
    "alert_id_card": ("身份证读卡器：{status}", "ID card reader: {status}"),
    "alert_scanner": ("扫码器：{status}", "QR scanner: {status}"),
    "alert_signal_light": ("呼叫灯：{status}", "Call light: {status}"),
    "figure_disk_free": ("磁盘剩余", "Disk"),
    "figure_clock_drift": ("时钟偏差", "Clock drift"),
    "figure_dead_letters": ("无法上传", "Dead letters"),
    "figure_round_trip": ("往返时间", "Round trip"),
    "figure_store": ("数据库", "Store"),
    "figure_memory": ("内存", "Memory"),
    "figure_uptime": ("已运行", "Up for"),
    "figure_restarts": ("开机后重启", "Restarts since boot"),
    "figure_last_crash": ("上次异常退出", "Last crash"),
    "figure_store_schema": ("数据结构版本", "Store schema"),
    "figure_printer": ("票据打印机", "Ticket printer"),
    "figure_a4": ("A4打印机", "A4 printer"),
    "figure_id_card": ("身份证读卡器", "ID card reader"),
    "figure_scanner": ("扫码器", "QR scanner"),
    "figure_signal_light": ("呼叫灯", "Call light"),
    "device_ok": ("正常", "OK"),
    "device_none": ("未配置", "Not configured"),
    "device_no_reader": ("未检测到读卡器", "No reader found"),
    "device_disconnected": ("连接中断", "Disconnected"),
    "device_fault": ("故障", "Fault"),
    "device_restarting": ("正在重启", "Restarting"),
    "figure_tls_expires": ("证书到期", "Certificate expires"),
    "figure_screen": ("屏幕", "Screen"),
    # The audit of staff actions at a terminal.
    "audit": ("操作记录", "Staff actions"),
    "audit_title": ("{terminal} 工作人员操作记录", "{terminal}: staff actions"),
    "audit_empty": ("暂无操作记录", "No staff actions yet"),
    "audit_when": ("时间", "When"),
    "audit_who": ("人员", "Who"),
    "audit_what": ("操作", "What"),
    "audit_detail": ("说明", "Detail"),
    "audit_unknown_pin": ("未识别的密码", "A PIN that matched no one"),
    "page_n_of": ("第 {n} / {of} 页", "Page {n} of {of}"),
    "newer": ("较新", "Newer"),
    "older": ("较早", "Older"),
    "back_to_board": ("返回辅导台", "Back to the board"),
    "oos_printer": ("打印机故障", "Printer fault"),
    "oos_maintenance": ("设备维护", "Maintenance"),
    "oos_network": ("网络故障", "Network fault"),
    "oos_other": ("其他原因", "Other reason"),
    "action_signed_in": ("登录终端", "Signed in at the terminal"),
    "action_signed_out": ("退出终端", "Signed out"),
    "action_session_ended": ("超时自动退出", "Session timed out"),
    "action_pin_failed": ("密码错误", "Wrong PIN"),
    "action_pin_locked": ("密码键盘锁定", "PIN pad locked"),
    "action_help_acknowledged": ("在终端确认呼叫", "Acknowledged a help call"),
    "action_help_resolved": ("在终端处理完呼叫", "Resolved a help call"),
    "action_assist_started": ("开始帮办", "Started assisting"),
    "action_assist_ended": ("结束帮办", "Stopped assisting"),
    "action_proxy_started": ("开始网格代办", "Started a proxy declaration"),
    "action_proxy_ended": ("结束网格代办", "Ended a proxy declaration"),
    "action_out_of_service": ("暂停服务", "Took the terminal out of service"),
    "action_in_service": ("恢复服务", "Put the terminal back in service"),
    "action_diagnostics_opened": ("打开诊断页面", "Opened diagnostics"),
    "action_send_now": ("立即上传数据", "Sent the outbox now"),
    "action_download_catalog": ("立即下载事项目录", "Downloaded the catalog now"),
    "action_test_ticket": ("打印测试票", "Printed a test ticket"),
    "action_printer_status": ("查询打印机状态", "Queried the printer"),
    "action_restart": ("重启终端程序", "Restarted the kiosk"),
    "action_exit": ("退出到系统维护", "Exited to the system"),
    "action_enrol": ("登记终端", "Enrolled the terminal"),
    "action_ticket_reprinted": ("重新打印号票", "Reprinted a ticket"),
    "action_ticket_reprint_failed": ("重新打印号票未成功", "A ticket reprint failed"),
    "detail_reason": ("原因", "Reason"),
    "detail_in_a_row": ("连续错误次数", "Wrong in a row"),
    "detail_until": ("锁定至", "Locked until"),
    "detail_lock_s": ("锁定秒数", "Locked for (s)"),
    "detail_lockouts": ("锁定次数", "Lockouts"),
    "detail_id": ("呼叫编号", "Help call"),
    "detail_source": ("密码来源", "PIN from"),
    "detail_reference": ("申报编号", "Declaration"),
    # The staff accounts page (supervisors).
    "staff_page": ("人员管理", "Staff"),
    "staff_name": ("姓名", "Name"),
    "staff_role": ("角色", "Role"),
    "staff_pin": ("终端密码", "Terminal PIN"),
    "staff_pin_set": ("已设置（{at}）", "Set ({at})"),
    "staff_pin_none": ("未设置", "None"),
    "staff_dashboard": ("辅导台登录", "Dashboard sign-in"),
    "staff_status": ("状态", "Status"),
    "staff_enabled": ("启用", "Enabled"),
    "staff_disabled": ("已停用", "Disabled"),
    "staff_yes": ("可以", "Yes"),
    "staff_no": ("不可以", "No"),
    "staff_add": ("新增人员", "Add an account"),
    "staff_password_optional": (
        "密码（可不填：仅终端使用）",
        "Password (leave empty: terminal only)",
    ),
    "staff_pin_optional": (
        "终端密码（6至8位数字，可不填）",
        "Terminal PIN (6 to 8 digits, optional)",
    ),
    "staff_new_pin": ("新终端密码（6至8位数字）", "New terminal PIN (6 to 8 digits)"),
    "staff_set_pin": ("设置密码", "Set PIN"),
    "staff_disable": ("停用", "Disable"),
    "staff_enable": ("启用", "Enable"),
    "staff_added": ("已新增人员", "Account added"),
    "staff_changed": ("已保存", "Saved"),
    "staff_exists": ("该用户名已存在", "This username is already taken"),
    "staff_conflict": (
        "用户名或密码已被使用，请另选",
        "This username or PIN is in use: choose another",
    ),
    "staff_unknown": ("没有该人员", "No such account"),
    "staff_bad_username": (
        "用户名须为1至64位字母、数字或 . _ @ -",
        "The username must be 1 to 64 letters, digits or . _ @ -",
    ),
    "staff_bad_name": ("姓名须为1至64个字符", "The name must be 1 to 64 characters"),
    "staff_bad_role": ("角色无效", "Unknown role"),
    "staff_short_password": ("密码至少8个字符", "The password needs at least 8 characters"),
    "staff_long_password": ("密码过长", "The password is too long"),
    "staff_not_yourself": ("不能停用自己的账号", "You cannot disable your own account"),
    "pin_form": ("终端密码须为6至8位数字（0-9）", "A PIN must be 6 to 8 digits (0-9)"),
    "pin_trivial": ("该密码过于简单，请另选", "This PIN is too easy to guess: choose another"),
    "pin_in_use": ("该密码不可使用，请另选", "This PIN cannot be used, choose another"),
    "forbidden": ("您的角色无权查看此页", "Your role may not see this page"),
    "enrol_page": ("终端登记", "Enrol a terminal"),
    "enrol_intro": (
        "为终端生成一次性登记码：技术人员在终端的诊断页面输入此码（或运行 kiosk provision），"
        "终端即取得新的接入令牌，原令牌作废。",
        "Make a one-time code for a terminal: the technician types it on the terminal's "
        "diagnostics screen (or runs kiosk provision), which gets a new token; its old "
        "token stops working.",
    ),
    "enrol_terminal": ("终端编号", "Terminal"),
    "enrol_issue": ("生成登记码", "Make the code"),
    "enrol_code_for": ("{terminal} 的登记码", "Enrolment code for {terminal}"),
    "enrol_valid_until": (
        "有效期至 {at}，仅可使用一次；再次生成将使此码作废。",
        "Valid until {at}, once; making another code voids this one.",
    ),
    "enrol_qr": ("登记码二维码", "The code as a QR code"),
    "enrol_bad_number": ("终端编号须为1至12", "The terminal number must be 1 to 12"),
    # 星期六预约 (central.dashboard.saturdays)
    "saturdays_page": ("星期六预约", "Saturday appointments"),
    "saturdays_intro": (
        "政务“5+1”：每周六（法定节假日除外）按上方时间预约办事；"
        "调休上班的星期六按工作日办公，不设预约。",
        "Every Saturday but statutory holidays the hall serves by appointment, in the hours "
        "above; "
        "a make-up working Saturday is an ordinary working day, without appointments.",
    ),
    "saturdays_none": ("近期没有星期六办事日", "No Saturday service days ahead"),
    "saturday_day": ("{day}（星期六）", "Saturday {day}"),
    "saturday_total": ("共 {n} 人预约", "{n} booked"),
    "saturday_slot": ("时段", "Slot"),
    "saturday_booked": ("已约", "Booked"),
    "saturday_left": ("余量", "Left"),
    "saturday_items": ("事项", "Services"),
    "saturday_suggestion": (
        "建议开放 {n} 个窗口（预约 {booked} 人，近四个星期六平均现场取号 {walk_ins} 人，"
        "每个窗口每天约办理 {per} 人）",
        "Suggested: {n} counters ({booked} booked, {walk_ins} walk-ins on average over the "
        "last four service Saturdays, about {per} a counter serves in a day)",
    ),
    "saturday_places": ("每时段名额", "Places per slot"),
    "saturday_counters": ("开放窗口", "Counters"),
    "saturday_counters_hint": ("窗口号，用逗号分隔", "Counter numbers, comma-separated"),
    "saturday_save_plan": ("保存安排", "Save the plan"),
    "saturday_close": ("停止该日预约", "Close this Saturday"),
    "saturday_close_note": (
        "停止原因（将电话告知已预约群众）",
        "Why (those booked are phoned)",
    ),
    "saturday_closed_by": ("{by} 于 {at} 停止预约", "Closed by {by} at {at}"),
    "saturday_reopen": ("恢复该日预约", "Open this Saturday again"),
    "saturday_call_list": ("需电话告知的预约群众", "Applicants to phone"),
    "saturday_nobody": ("该日没有预约", "No one booked this day"),
    "saturday_name": ("姓名", "Name"),
    "saturday_mobile": ("手机号码", "Mobile"),
    "saturday_code": ("预约码", "Code"),
    "saturday_saved": ("已保存", "Saved"),
    "saturday_bad_day": (
        "该日不是近期的星期六办事日",
        "That day is not one of the coming Saturday service days",
    ),
    "saturday_bad_places": ("每时段名额须为0至50", "Places per slot must be 0 to 50"),
    "saturday_bad_counters": (
        "窗口号须为1至99，最多20个",
        "Counters must be numbers 1 to 99, at most 20 of them",
    ),
    "saturday_note_empty": ("请填写停止原因", "Write why the Saturday is closed"),
    "saturday_bad_note": ("停止原因不超过200字", "The reason is at most 200 characters"),
}


# The counter's workbench and the hall display keep their strings in their own table.
STRINGS |= calling_strings.STRINGS


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
