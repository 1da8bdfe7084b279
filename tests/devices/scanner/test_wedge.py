"""WedgeDetector with explicit timestamps: codes, typing, bounds, and nothing ever lost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner.wedge import ENTER, Action, Verdict, WedgeDetector

CODE = "https://zwfw.jkq.gov.cn/progress?ref=20261126-07-0012"


def feed_all(detector: WedgeDetector, keys: str, start: int, gap: int) -> list[Verdict]:
    return [detector.feed(key, start + i * gap) for i, key in enumerate(keys)]


def test_a_quick_run_ended_by_enter_is_a_code_and_nothing_is_released() -> None:
    detector = WedgeDetector()
    verdicts = feed_all(detector, CODE + ENTER, 1000, 5)
    assert [v.action for v in verdicts[:-1]] == [Action.HOLD] * len(CODE)
    assert verdicts[-1] == Verdict(Action.CODE, (), CODE)
    assert all(v.release == () for v in verdicts)
    assert detector.held == () and detector.deadline is None
    assert detector.flush(10_000) == ()


def test_slow_keys_are_typing_released_in_order() -> None:
    detector = WedgeDetector()
    verdicts = feed_all(detector, "hello", 1000, 150)
    assert [v.action for v in verdicts] == [Action.HOLD] * 5  # each kept for one gap
    assert [v.release for v in verdicts] == [(), ("h",), ("e",), ("l",), ("l",)]
    last = 1000 + 4 * 150
    assert detector.deadline == last + 36
    assert detector.flush(last + 35) == ()  # the next key may still come
    assert detector.flush(last + 36) == ("o",)
    assert detector.held == ()


def test_enter_after_typing_passes_with_what_was_held() -> None:
    detector = WedgeDetector()
    feed_all(detector, "12345", 1000, 150)
    assert detector.feed(ENTER, 1000 + 4 * 150 + 10) == Verdict(Action.PASS, ("5",))


def test_fewer_than_min_length_quick_keys_and_enter_are_typing() -> None:
    detector = WedgeDetector(min_length=4)
    verdicts = feed_all(detector, "abc" + ENTER, 1000, 5)
    assert verdicts[-1] == Verdict(Action.PASS, ("a", "b", "c"))
    assert feed_all(detector, "abcd" + ENTER, 5000, 5)[-1] == Verdict(Action.CODE, (), "abcd")


def test_an_enter_after_a_pause_is_not_the_end_of_a_code() -> None:
    detector = WedgeDetector()
    feed_all(detector, "ABCD1234", 1000, 5)
    assert detector.feed(ENTER, 1000 + 7 * 5 + 36) == Verdict(Action.PASS, tuple("ABCD1234"))


def test_a_burst_longer_than_max_length_is_typing_and_never_held_past_it() -> None:
    detector = WedgeDetector(max_length=16)
    verdicts = feed_all(detector, "x" * 40 + ENTER, 1000, 2)
    assert detector.held == ()
    assert [v.action for v in verdicts[:16]] == [Action.HOLD] * 16
    assert verdicts[16] == Verdict(Action.PASS, ("x",) * 16)
    assert all(v == Verdict(Action.PASS) for v in verdicts[17:])  # the rest, Enter too
    # After the run a new code is a code again.
    assert feed_all(detector, "5678" + ENTER, 9000, 2)[-1].code == "5678"


def test_an_endless_quick_stream_holds_at_most_max_length() -> None:
    detector = WedgeDetector(max_length=64, max_total_ms=10**9)
    most = 0
    for i in range(20_000):
        detector.feed("7", i)
        most = max(most, len(detector.held))
    assert most == 64


def test_a_run_longer_in_time_than_max_total_is_typing() -> None:
    detector = WedgeDetector(max_gap_ms=35, max_total_ms=300)
    verdicts = feed_all(detector, "a" * 20 + ENTER, 1000, 30)  # 570 ms
    assert verdicts[10].action is Action.HOLD  # 300 ms from the first: still in time
    assert verdicts[11] == Verdict(Action.PASS, ("a",) * 11)
    assert verdicts[-1] == Verdict(Action.PASS)


def test_an_auto_repeated_key_is_typing() -> None:
    detector = WedgeDetector()
    assert detector.feed("a", 1000) == Verdict(Action.HOLD)
    assert detector.feed("a", 1030, repeat=True) == Verdict(Action.PASS, ("a",))
    assert detector.feed("a", 1060, repeat=True) == Verdict(Action.PASS)
    assert detector.feed(ENTER, 1080) == Verdict(Action.PASS)


def test_time_going_backwards_is_a_pause() -> None:
    detector = WedgeDetector()
    feed_all(detector, "abcd", 1000, 5)
    assert detector.feed("e", 10) == Verdict(Action.HOLD, tuple("abcd"))


def test_interrupt_releases_and_the_rest_of_the_run_is_typing() -> None:
    detector = WedgeDetector()
    feed_all(detector, "abcd", 1000, 5)
    assert detector.interrupt() == tuple("abcd")  # a Backspace came
    assert detector.feed("e", 1025) == Verdict(Action.PASS)
    assert detector.feed(ENTER, 1030) == Verdict(Action.PASS)
    assert detector.feed("f", 2000) == Verdict(Action.HOLD)  # after a pause: fresh


def test_a_flush_mid_burst_never_leaves_a_code_cut_from_its_start() -> None:
    """The event loop stalled: the timer released half a code as typing; its second half
    arrives with quick timestamps and is typing too, not a shorter code."""
    detector = WedgeDetector()
    feed_all(detector, "ABCD", 1000, 5)
    assert detector.flush(1015 + 36) == tuple("ABCD")
    verdicts = [detector.feed(k, 1020 + i * 5) for i, k in enumerate("1234" + ENTER)]
    assert all(v.action is Action.PASS for v in verdicts)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        WedgeDetector(max_gap_ms=0)
    with pytest.raises(ValueError):
        WedgeDetector(min_length=10, max_length=5)
    with pytest.raises(ValueError):
        WedgeDetector().feed("ab", 0)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "7", ":", ENTER]),
            st.integers(-5, 200),  # the gap before the key (negative: a clock went back)
            st.booleans(),  # auto-repeated
            st.booleans(),  # a timer flush before this key
        ),
        max_size=200,
    ),
    st.integers(1, 8),
    st.integers(8, 40),
)
def test_every_key_is_typed_or_part_of_a_code_once_in_order(
    keys: list[tuple[str, int, bool, bool]], min_length: int, max_length: int
) -> None:
    detector = WedgeDetector(
        max_gap_ms=35, max_total_ms=400, min_length=min_length, max_length=max_length
    )
    out: list[str] = []
    now = 10_000
    fed: list[str] = []
    for key, gap, repeat, flush in keys:
        now += gap
        if flush:
            out += detector.flush(now)
        verdict = detector.feed(key, now, repeat=repeat)
        fed.append(key)
        out += verdict.release
        if verdict.action is Action.PASS:
            out.append(key)
        elif verdict.action is Action.CODE:
            assert key == ENTER and verdict.code is not None
            assert min_length <= len(verdict.code) <= max_length
            out += [*verdict.code, ENTER]
        assert len(detector.held) <= max_length
    out += detector.interrupt()
    assert out == fed
