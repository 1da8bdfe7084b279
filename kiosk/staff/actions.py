"""The words of staff.action events (docs/sync-protocol.md): one per staff action, the
same in the audit log. A word is lower-case letters and underscores, at most 32."""

from __future__ import annotations

import re

SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"
SESSION_ENDED = "session_ended"  # the session's timeout
PIN_FAILED = "pin_failed"
PIN_LOCKED = "pin_locked"
HELP_ACKNOWLEDGED = "help_acknowledged"
HELP_RESOLVED = "help_resolved"
ASSIST_STARTED = "assist_started"
ASSIST_ENDED = "assist_ended"
PROXY_STARTED = "proxy_started"  # 网格化零跑代办 (kiosk.proxy)
PROXY_ENDED = "proxy_ended"
OUT_OF_SERVICE = "out_of_service"
IN_SERVICE = "in_service"
DIAGNOSTICS_OPENED = "diagnostics_opened"
SEND_NOW = "send_now"
DOWNLOAD_NOW = "download_catalog"
TEST_TICKET = "test_ticket"
PRINTER_STATUS = "printer_status"
RESTART = "restart"
EXIT = "exit"
ENROL = "enrol"  # the diagnostics' enrolment with a one-time code
TICKET_REPRINTED = "ticket_reprinted"  # a ticket not printed (a crash), reprinted by staff
TICKET_REPRINT_FAILED = "ticket_reprint_failed"

ACTION_WORD = re.compile(r"[a-z][a-z_]{0,31}")


def is_action(word: object) -> bool:
    return isinstance(word, str) and ACTION_WORD.fullmatch(word) is not None
