"""The 好差评 scale: the national five levels and the aspects a low rating names.

Standard library only: the touch interface reads these before the first frame, long
before the protocol's models (pydantic) are loaded; kiosk.protocol.events checks that its
payload model uses the same words.
"""

from __future__ import annotations

LEVELS = ("very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied")
"""非常满意, 满意, 基本满意, 不满意, 非常不满意: best first."""
LOW = frozenset({"dissatisfied", "very_dissatisfied"})
"""The levels that ask what fell short, and that become a work order on the server."""
ASPECTS = ("efficiency", "attitude", "guide", "ease", "other")
"""办事效率, 服务态度, 指南准确, 操作便捷, other."""
TEXT_MAX = 200
"""The most characters of the applicant's own words."""
