"""Lanes: serial, ordered, urgent first, keyed wake-ups, downward waits only, owned ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import CancelledError

import pytest

from kiosk.lanes import Lane, LaneClosed, WrongLane, then


@pytest.fixture
def lane() -> Iterator[Lane]:
    lane = Lane("test", rank=0)
    yield lane
    lane.close()


def test_jobs_run_one_at_a_time_in_order_on_the_lanes_thread(lane: Lane) -> None:
    seen: list[tuple[int, str]] = []
    futures = [
        lane.submit(lambda i=i: seen.append((i, threading.current_thread().name)))
        for i in range(50)
    ]
    for f in futures:
        f.result(5)
    assert [i for i, _ in seen] == list(range(50))
    assert {name for _, name in seen} == {"lane-test"}


def test_an_urgent_job_goes_before_the_waiting_ones_not_the_running_one(lane: Lane) -> None:
    running, release = threading.Event(), threading.Event()
    order: list[str] = []

    def block() -> None:
        running.set()
        release.wait(5)
        order.append("running")

    lane.submit(block)
    assert running.wait(5)
    normal = lane.submit(lambda: order.append("normal"))
    urgent = lane.submit(lambda: order.append("urgent"), urgent=True)
    release.set()
    normal.result(5)
    urgent.result(5)
    assert order == ["running", "urgent", "normal"]


def test_a_keyed_job_replaces_the_one_waiting_under_its_key(lane: Lane) -> None:
    ran: list[str] = []
    first = lane.after(60, lambda: ran.append("first"), key="sync")
    second = lane.after(0, lambda: ran.append("second"), key="sync")
    second.result(5)
    assert first.cancelled() and ran == ["second"]


def test_errors_reach_the_future_and_the_lane_goes_on(lane: Lane) -> None:
    def boom() -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        lane.submit(boom).result(5)
    assert lane.submit(lambda: 42).result(5) == 42


def test_close_runs_what_was_submitted_drops_what_was_scheduled_and_refuses_more() -> None:
    lane = Lane("closing", rank=0)
    gate = threading.Event()
    done: list[int] = []
    lane.submit(lambda: gate.wait(5))
    queued = lane.submit(lambda: done.append(1))
    later = lane.after(3600, lambda: done.append(2))
    closer = threading.Thread(target=lane.close)
    closer.start()
    gate.set()
    closer.join(10)
    assert not closer.is_alive() and not lane.thread.is_alive()
    assert queued.result(0) is None and done == [1]
    with pytest.raises(CancelledError):
        later.result(0)
    with pytest.raises(LaneClosed):
        lane.submit(lambda: None).result(0)


def test_a_lane_waits_only_for_a_lower_ranked_lane() -> None:
    store, network = Lane("store", rank=0), Lane("network", rank=2)
    try:
        assert network.submit(lambda: store.call(lambda: "stored")).result(5) == "stored"
        with pytest.raises(WrongLane):
            store.submit(lambda: network.call(lambda: None)).result(5)
        assert store.submit(lambda: store.call(lambda: "inline")).result(5) == "inline"
    finally:
        network.close()
        store.close()


def test_then_chains_lanes_without_waiting() -> None:
    a, b = Lane("a", rank=0), Lane("b", rank=1)
    try:
        names: list[str] = []

        def first() -> int:
            names.append(threading.current_thread().name)
            return 20

        def second(value: int) -> int:
            names.append(threading.current_thread().name)
            return value + 1

        assert then(a.submit(first), b, second).result(5) == 21
        assert names == ["lane-a", "lane-b"]

        def fail() -> int:
            raise KeyError("x")

        with pytest.raises(KeyError):
            then(a.submit(fail), b, second).result(5)
    finally:
        a.close()
        b.close()
