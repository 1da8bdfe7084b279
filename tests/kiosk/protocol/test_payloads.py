"""The payload builder: what the terminal sends, checked by the models the server uses,
byte for byte what the terminal built by hand before; and the kinds of each version."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from kiosk.protocol import (
    KINDS,
    MODES,
    PROTOCOL_VERSION,
    InvalidPayload,
    Registry,
    TerminalMode,
    UnknownKind,
    parse,
    payload,
    registry,
)
from kiosk.protocol.fields import is_kind_name

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 26, 10, 30, 1, 123456, tzinfo=CST)
DAY = date(2026, 11, 26)
REF = "20261126-07-0012"
CALL = "9b0c6f0e-8d52-4c1e-9a57-3c7f1d0e2b44"
REVIEW = {  # kiosk.prereview.ReviewResult.to_dict(): carried as extra fields
    "item_id": "elderly-card",
    "outcome": "passed_with_deficiency",
    "reviewed_on": "2026-11-26",
    "findings": [],
    "deficiencies": [{"material_id": "photo", "due_date": "2026-12-10"}],
    "commitment": {"zh": "承诺", "en": "I promise"},
    "approvals": [],
}

SIGNED = {"w": 1000, "h": 333, "strokes": [[10, 20, 300, 40, 600, 30], [100, 200, 900, 210]]}

# (kind, what the builder is given, what the terminal wrote by hand until now)
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "declaration.submitted",
        {
            "reference": REF,
            "terminal": 7,
            "item_id": "elderly-card",
            "catalog_version": "3f2a9c1b0d4e",
            "language": "zh_CN",
            "answers": {"name": "张三", "birth": "1950-01-02"},
            "materials": {"photo": True},
            "submitted_at": NOW,
        },
        {
            "reference": REF,
            "terminal": 7,
            "item_id": "elderly-card",
            "catalog_version": "3f2a9c1b0d4e",
            "language": "zh_CN",
            "answers": {"name": "张三", "birth": "1950-01-02"},
            "materials": {"photo": True},
            "submitted_at": NOW.isoformat(),
        },
    ),
    ("prereview.result", {"reference": REF, **REVIEW}, {"reference": REF, **REVIEW}),
    (
        "commitment.accepted",
        {"reference": REF, "accepted_at": NOW},
        {"reference": REF, "accepted_at": NOW.isoformat()},
    ),
    (
        "ticket.issued",
        {
            "reference": REF,
            "number": "A07-001",
            "day": DAY,
            "series": "A",
            "source": "local",
            "counters": (3, 4),
            "terminal": 7,
            "item_id": "elderly-card",
            "issued_at": NOW,
        },
        {
            "reference": REF,
            "number": "A07-001",
            "day": "2026-11-26",
            "series": "A",
            "source": "local",
            "counters": [3, 4],
            "terminal": 7,
            "item_id": "elderly-card",
            "issued_at": NOW.isoformat(),
        },
    ),
    *[
        (
            kind,
            {"reference": REF, "number": "A017", "status": status, "at": NOW},
            {"reference": REF, "number": "A017", "status": status, "at": NOW.isoformat()},
        )
        for kind, status in (
            ("ticket.printed", "printed"),
            ("ticket.reprinted", "printed"),
            ("ticket.print_failed", "paper_out"),
        )
    ],
    (
        "help.requested",
        {
            "id": CALL,
            "terminal": 7,
            "context": {"screen": "form", "item_id": "elderly-card", "fields_in_error": []},
            "requested_at": NOW,
        },
        {
            "id": CALL,
            "terminal": 7,
            "context": {"screen": "form", "item_id": "elderly-card", "fields_in_error": []},
            "requested_at": NOW.isoformat(),
        },
    ),
    (
        "help.cancelled",
        {"id": CALL, "terminal": 7, "cancelled_at": NOW},
        {"id": CALL, "terminal": 7, "cancelled_at": NOW.isoformat()},
    ),
    *[
        (
            kind,
            {"id": CALL, "terminal": 7, "at": NOW},
            {"id": CALL, "terminal": 7, "at": NOW.isoformat()},
        )
        for kind in ("help.acknowledged", "help.resolved")
    ],
    (
        "guide.viewed",
        {"item_id": "elderly-card", "terminal": 7, "at": NOW},
        {"item_id": "elderly-card", "terminal": 7, "at": NOW.isoformat()},
    ),
    (
        "heartbeat",
        {
            "terminal": 7,
            "at": NOW,
            "outbox_depth": 0,
            "oldest_pending_age_s": None,
            "app_version": "0.1.0",
            "catalog_version": None,
            "calendar_version": "2027-1",
            "printer_status": "ok",
        },
        {
            "terminal": 7,
            "at": NOW.isoformat(),
            "outbox_depth": 0,
            "oldest_pending_age_s": None,
            "app_version": "0.1.0",
            "catalog_version": None,
            "calendar_version": "2027-1",
            "printer_status": "ok",
        },
    ),
    (
        "catalog.refused",
        {"terminal": 7, "version": "9e8d", "problems": ["a.toml: bad"], "at": NOW},
        {"terminal": 7, "version": "9e8d", "problems": ["a.toml: bad"], "at": NOW.isoformat()},
    ),
    (
        "terminal.mode",
        {"terminal": 7, "mode": "out_of_service", "reason": "printer jam", "at": NOW},
        {"terminal": 7, "mode": "out_of_service", "reason": "printer jam", "at": NOW.isoformat()},
    ),
    (
        "commitment.accepted",  # protocol 3: who committed, and the signature
        {
            "reference": REF,
            "accepted_at": NOW,
            "committer": "王婧姝",
            "committer_for": "张玉琴",
            "signature": SIGNED,
        },
        {
            "reference": REF,
            "accepted_at": NOW.isoformat(),
            "committer": "王婧姝",
            "committer_for": "张玉琴",
            "signature": SIGNED,
        },
    ),
    (
        "staff.action",  # protocol 4: the audit of staff actions
        {
            "terminal": 7,
            "action": "out_of_service",
            "staff": "zhang.wei",
            "role": "attendant",
            "detail": {"reason": "printer"},
            "at": NOW,
        },
        {
            "terminal": 7,
            "action": "out_of_service",
            "staff": "zhang.wei",
            "role": "attendant",
            "detail": {"reason": "printer"},
            "at": NOW.isoformat(),
        },
    ),
    (
        "declaration.assisted",
        {"reference": REF, "terminal": 7, "staff": "zhang.wei", "by": "张伟", "at": NOW},
        {
            "reference": REF,
            "terminal": 7,
            "staff": "zhang.wei",
            "by": "张伟",
            "at": NOW.isoformat(),
        },
    ),
    (
        "declaration.proxied",  # protocol 5: 网格化零跑代办
        {
            "reference": REF,
            "terminal": 7,
            "staff": "zhao.min",
            "by": "赵敏",
            "authorisation": f"WT{REF}",
            "valid_until": date(2026, 12, 26),
            "at": NOW,
        },
        {
            "reference": REF,
            "terminal": 7,
            "staff": "zhao.min",
            "by": "赵敏",
            "authorisation": f"WT{REF}",
            "valid_until": "2026-12-26",
            "at": NOW.isoformat(),
        },
    ),
    (
        "mailing.requested",  # protocol 5: 证照免费邮寄
        {
            "reference": REF,
            "terminal": 7,
            "recipient": "张玉琴",
            "mobile": "13604317788",
            "division": "220171",
            "province": "吉林省",
            "city": "长春市",
            "district": "长春经济技术开发区",
            "street": "会展社区福临家园5栋2单元",
            "postcode": "130033",
            "at": NOW,
        },
        {
            "reference": REF,
            "terminal": 7,
            "recipient": "张玉琴",
            "mobile": "13604317788",
            "division": "220171",
            "province": "吉林省",
            "city": "长春市",
            "district": "长春经济技术开发区",
            "street": "会展社区福临家园5栋2单元",
            "postcode": "130033",
            "at": NOW.isoformat(),
        },
    ),
    (
        "rating.given",  # protocol 5: 好差评
        {
            "reference": REF,
            "terminal": 7,
            "level": "dissatisfied",
            "aspects": ["efficiency", "other"],
            "text": "等了很久",
            "rated_at": NOW,
        },
        {
            "reference": REF,
            "terminal": 7,
            "level": "dissatisfied",
            "aspects": ["efficiency", "other"],
            "text": "等了很久",
            "rated_at": NOW.isoformat(),
        },
    ),
    (
        "document.handed_out",
        {
            "reference": REF,
            "terminal": 7,
            "document": "commitment",
            "printer": "slip",
            "status": "printed",
            "at": NOW,
        },
        {
            "reference": REF,
            "terminal": 7,
            "document": "commitment",
            "printer": "slip",
            "status": "printed",
            "at": NOW.isoformat(),
        },
    ),
]


@pytest.mark.parametrize(("kind", "fields", "by_hand"), CASES, ids=[c[0] for c in CASES])
def test_the_builder_gives_the_bytes_the_terminal_sent_by_hand(
    kind: str, fields: dict[str, Any], by_hand: dict[str, Any]
) -> None:
    built = payload(kind, **fields)
    assert json.dumps(built, ensure_ascii=False) == json.dumps(by_hand, ensure_ascii=False)
    # And the server reads it back with the same model.
    assert parse(kind, json.loads(json.dumps(built))) == parse(kind, by_hand)


def test_the_largest_signature_a_pad_gives_fits_the_commitment_event() -> None:
    """The signature is thinned to MAX_ENCODED_BYTES; with the longest names the event
    stays within SMALL, the limit every server version has for commitment.accepted."""
    import random

    from kiosk.protocol.limits import SMALL, payload_size
    from kiosk.signature import MAX_POINTS, MAX_STROKES, Signature

    rng = random.Random(3)
    strokes = [
        [(rng.uniform(0, 900), rng.uniform(0, 300)) for _ in range(MAX_POINTS // MAX_STROKES)]
        for _ in range(MAX_STROKES)
    ]
    signed = Signature.from_pad(strokes, 900, 300).to_dict()
    built = payload(
        "commitment.accepted",
        reference=REF,
        accepted_at=NOW,
        committer="𠀀" * 64,
        committer_for="𠀀" * 64,
        signature=signed,
    )
    assert payload_size(built) <= SMALL


@pytest.mark.parametrize(
    "signature",
    [
        {"w": 1000, "h": 333, "strokes": []},
        {"w": 1000, "h": 333, "strokes": [[1]]},
        {"w": 1000, "h": 333, "strokes": [[1, 2, 3000, 4]]},
        {"w": 2000, "h": 333, "strokes": [[1, 2, 3, 4]]},
        {"w": 1000, "h": 333, "strokes": [[1, 2, 3, 4]], "png": "…"},
        {"w": 1000, "h": 333, "strokes": [[1, 2, 3, 4]] * 65},
    ],
)
def test_a_signature_out_of_its_bounds_is_refused_by_both_sides(signature: Any) -> None:
    with pytest.raises(InvalidPayload, match=r"payload\.signature"):
        parse(
            "commitment.accepted",
            {"reference": REF, "accepted_at": NOW.isoformat(), "signature": signature},
        )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"level": "angry"}, r"payload\.level"),
        ({"aspects": ["efficiency", "efficiency"]}, "each aspect at most once"),
        ({"aspects": ["speed"]}, r"payload\.aspects"),
        ({"text": "慢" * 201}, r"payload\.text"),
        ({"text": "a\x00b"}, "NUL"),
    ],
)
def test_a_rating_out_of_its_bounds_is_refused(change: dict[str, Any], problem: str) -> None:
    rating = {"reference": REF, "terminal": 7, "level": "satisfied", "rated_at": NOW.isoformat()}
    parse("rating.given", rating)  # the rating alone is fine
    with pytest.raises(InvalidPayload, match=problem):
        parse("rating.given", {**rating, **change})


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"mobile": "12345678901"}, "mobile"),
        ({"postcode": "13003"}, "postcode"),
        ({"division": "012345"}, "division"),
        ({"street": "长" * 121}, "street"),
        ({"recipient": ""}, "a mailing needs recipient"),
        ({"street": "坏\x00"}, "NUL"),
    ],
)
def test_a_mailing_is_whole_and_well_formed(change: dict[str, Any], problem: str) -> None:
    mailing = {
        "reference": REF,
        "terminal": 7,
        "recipient": "张玉琴",
        "mobile": "13604317788",
        "division": "220171",
        "province": "吉林省",
        "city": "长春市",
        "district": "长春经济技术开发区",
        "street": "会展社区",
        "postcode": "130033",
        "at": NOW.isoformat(),
    }
    parse("mailing.requested", mailing)
    with pytest.raises(InvalidPayload, match=problem):
        parse("mailing.requested", {**mailing, **change})
    # Back to the counter, or the grid leader brings it: nothing else is needed.
    parse("mailing.requested", {"reference": REF, "terminal": 7, "mail": False, "at": NOW})
    brought = {"reference": REF, "terminal": 7, "mail": False, "grid_leader": True, "at": NOW}
    assert parse("mailing.requested", brought).grid_leader
    with pytest.raises(InvalidPayload, match="not both"):
        parse("mailing.requested", {**mailing, "grid_leader": True})


def test_every_kind_the_terminal_sends_is_covered() -> None:
    assert {kind for kind, _, _ in CASES} == set(KINDS) - {"printer.status"}


def test_times_keep_their_offset_and_utc_stays_as_isoformat_writes_it() -> None:
    utc = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)
    built = payload("guide.viewed", item_id="x", terminal=1, at=utc)
    assert built["at"] == "2026-11-26T02:30:00+00:00"  # not pydantic's "Z"
    assert payload("guide.viewed", item_id="x", terminal=1, at=NOW)["at"].endswith("+08:00")


def test_a_model_instance_gives_the_same_payload() -> None:
    mode = TerminalMode(terminal=7, mode="staff", at=NOW)
    assert mode.payload() == {"terminal": 7, "mode": "staff", "at": NOW.isoformat()}
    assert payload("terminal.mode", terminal=7, mode="staff", at=NOW) == mode.payload()


@pytest.mark.parametrize(
    ("kind", "fields", "problem"),
    [
        ("terminal.mode", {"terminal": 7, "mode": "asleep", "at": NOW}, "payload.mode"),
        ("terminal.mode", {"terminal": 7, "mode": "staff", "at": NOW.replace(tzinfo=None)}, "at"),
        (
            "terminal.mode",
            {"terminal": 7, "mode": "staff", "reason": "x" * 65, "at": NOW},
            "reason",
        ),
        ("guide.viewed", {"item_id": "x", "terminal": 13, "at": NOW}, "payload.terminal"),
        ("heartbeat", {"at": NOW}, "payload.terminal: Field required"),
        ("ticket.issued", {"reference": "no spaces"}, "(and"),
    ],
)
def test_a_payload_the_server_would_refuse_is_refused_when_built(
    kind: str, fields: dict[str, Any], problem: str
) -> None:
    with pytest.raises(InvalidPayload, match=problem.replace("(", r"\(")):
        payload(kind, **fields)


def test_an_unknown_kind_is_refused_when_built() -> None:
    with pytest.raises(UnknownKind, match=r"unknown kind 'ticket\.voided'"):
        payload("ticket.voided", reference=REF)


def test_each_version_knows_the_kinds_introduced_up_to_it() -> None:
    assert PROTOCOL_VERSION == max(max(k.since, k.model.widened) for k in KINDS.values()) == 6
    first, second = Registry(1), Registry(2)
    assert set(Registry(5).kinds) - set(Registry(4).kinds) == {
        "rating.given",
        "declaration.proxied",
        "mailing.requested",
    }
    # 6 only widened the heartbeat: no new kind.
    assert set(Registry(6).kinds) == set(Registry(5).kinds)
    assert KINDS["heartbeat"].model.widened == 6
    assert not first.knows("terminal.mode") and second.knows("terminal.mode")
    assert set(second.kinds) - set(first.kinds) == {"terminal.mode"}
    assert first.knows("heartbeat") and first.knows("catalog.refused")
    with pytest.raises(UnknownKind):
        first.parse("terminal.mode", {"terminal": 7, "mode": "staff", "at": NOW.isoformat()})
    assert registry() is registry(PROTOCOL_VERSION)
    for version in (0, PROTOCOL_VERSION + 1):
        with pytest.raises(ValueError, match="protocol version"):
            Registry(version)


def test_kind_names_fit_the_servers_column_and_modes_are_the_terminals() -> None:
    assert all(is_kind_name(name) for name in KINDS)
    assert not any(is_kind_name(n) for n in ("", "Foo", "a..b", "a.", "x" * 49, "a b", "a\n"))
    assert MODES == ("applicant", "staff", "check_in", "progress", "out_of_service")


def test_extra_fields_are_kept_for_the_server() -> None:
    built = payload("heartbeat", terminal=7, at=NOW, load_average=12.5, tags=("a", "b"))
    assert built == {"terminal": 7, "at": NOW.isoformat(), "load_average": 12.5, "tags": ["a", "b"]}
    assert parse("heartbeat", built).model_extra == {"load_average": 12.5, "tags": ["a", "b"]}


# --- protocol 6: the heartbeat carries the devices' states --------------------------------

DEVICES = {"id_card_status": "no_reader", "scanner_status": "ok", "signal_light_status": "none"}


def test_a_heartbeat_with_the_devices_states_round_trips() -> None:
    built = payload("heartbeat", terminal=7, at=NOW, printer_status="ok", **DEVICES)
    assert built == {"terminal": 7, "at": NOW.isoformat(), "printer_status": "ok", **DEVICES}
    beat = parse("heartbeat", json.loads(json.dumps(built)))
    got = (beat.id_card_status, beat.scanner_status, beat.signal_light_status)
    assert got == ("no_reader", "ok", "none")
    assert beat.model_extra == {} and beat.payload() == built
    # A word the server does not know yet (a newer terminal's) is taken as it is.
    newer = parse("heartbeat", {**built, "scanner_status": "firmware_update"})
    assert newer.scanner_status == "firmware_update"


def test_a_protocol_5_heartbeat_is_still_accepted_with_the_states_unknown() -> None:
    older = {  # what a protocol-5 terminal sends: none of the three
        "terminal": 7,
        "at": NOW.isoformat(),
        "outbox_depth": 0,
        "printer_status": "ok",
        "disk_free_mb": 51200.5,
    }
    for version in (5, PROTOCOL_VERSION):
        beat = parse("heartbeat", older, version)
        assert (beat.id_card_status, beat.scanner_status, beat.signal_light_status) == (
            None,
            None,
            None,
        )
        assert beat.payload() == older  # nothing added to what it sent
    # Explicitly unknown is unknown too.
    nulls = dict.fromkeys(DEVICES)
    assert parse("heartbeat", {**older, **nulls}).id_card_status is None


@pytest.mark.parametrize("field", sorted(DEVICES))
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("x" * 33, "at most 32 characters"),
        ("故" * 33, "at most 32 characters"),
        ("fa\x00ult", "NUL"),
        (1, "valid string"),
        (True, "valid string"),
        (["fault"], "valid string"),
        ({"state": "fault"}, "valid string"),
    ],
)
def test_a_hostile_device_state_is_refused_at_its_field(
    field: str, value: Any, problem: str
) -> None:
    beat = {"terminal": 7, "at": NOW.isoformat()}
    with pytest.raises(InvalidPayload, match=rf"^payload\.{field}: .*{problem}"):
        parse("heartbeat", {**beat, field: value})
    with pytest.raises(InvalidPayload, match=rf"payload\.{field}"):
        payload("heartbeat", terminal=7, at=NOW, **{field: value})
    assert parse("heartbeat", {**beat, field: "x" * 32}).model_dump()[field] == "x" * 32
