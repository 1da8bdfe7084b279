"""What the read-aloud button says: heading, guidance, the focused field and its error."""

from __future__ import annotations

from kiosk.read_aloud import MAX_CHARS, ScreenReading, script


def test_a_screen_reads_heading_guidance_field_and_error_in_order() -> None:
    reading = ScreenReading(
        heading="老年人优待证（老年证）办理",
        guidance="第 3 步 / 共 7 步  请填写申请信息",
        field_label="老年人姓名",
        field_error="请输入老年人姓名",
    )
    assert script(reading) == [
        "老年人优待证（老年证）办理",
        "第 3 步 / 共 7 步 请填写申请信息",
        "老年人姓名",
        "请输入老年人姓名",
    ]


def test_nothing_is_said_twice_and_marks_for_the_eye_are_silent() -> None:
    reading = ScreenReading(heading="材料清单", guidance="材料清单", field_label="▼ 更多")
    assert script(reading) == ["材料清单", "更多"]
    assert script(ScreenReading()) == []


def test_a_reading_stays_short() -> None:
    said = script(ScreenReading(heading="长" * 5000, guidance="还有"))
    assert said == ["长" * MAX_CHARS]
