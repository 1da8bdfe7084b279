"""Made-up ID cards for the UI tests and the screenshots' scenes (no pytest here: the
screenshot script imports it too)."""

from __future__ import annotations

from devices.id_card.fake_reader import FakeCard

# An older applicant (1950), a card valid for life: old enough for the 老年证.
OLDER = FakeCard(
    name="王秀兰",
    id_number="220104195003070018",
    sex="2",
    nation="01",
    address="吉林省长春市朝阳区人民大街1号",
    authority="长春市公安局朝阳分局",
    valid_from="20100307",
    valid_to="长期",
)
