"""POST /api/v1/events: a terminal's outbox batch, stored exactly once (central.ingest).

And the events kept for a server that knows them (a terminal upgraded before its server
sent kinds or payloads this server could not read): applied once per process, by the
app's startup before it answers anyone; should that fail (the database away for a
moment), by the first batch, before its own events.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends

from central.api.auth import ERRORS, TERMINAL, Client, allow, same_terminal, server
from central.api.routing import TextSafeRoute
from central.api.schemas import EventBatch, EventResult, EventResults
from central.api.writes import write
from central.ingest import Incoming, apply_kept, ingest
from central.state import ServerState

log = logging.getLogger(__name__)
router = APIRouter(route_class=TextSafeRoute)


def apply_kept_events(state: ServerState) -> None:
    """Apply the kept events this server knows now; later calls return at once."""
    with state.kept_lock:
        if state.kept_applied:
            return
        outcome = write(
            state, lambda s: apply_kept(s, state.clock(), state.registry, state.timezone)
        )
        state.kept_applied = True
    if outcome.results:
        log.info(
            "applied %d kept events (protocol %d)", len(outcome.results), state.protocol_version
        )
    for topic in sorted(outcome.topics):  # after the commit: the dashboard reads it
        state.hub.publish(topic)


@router.post(
    "/events",
    response_model=EventResults,
    response_model_exclude_none=True,
    responses=ERRORS,
    summary="Store a batch of events (at most 500), each once",
)
def post_events(
    batch: EventBatch,
    client: Annotated[Client, Depends(allow(TERMINAL))],
    state: Annotated[ServerState, Depends(server)],
) -> EventResults:
    """One result per event, in order: accepted, duplicate (stored before) or rejected.

    A body `terminal` that is not the token's is 403. An event whose payload names
    another terminal (its terminal, reference, offline ticket number or id) is answered
    `rejected` with code 403 (the rest of the batch is stored); one over its kind's size
    limit with 413. An event
    the server cannot read yet (an unknown kind; a payload its older model refuses from
    a newer protocol) is accepted with the reason "unknown kind, kept".
    """
    same_terminal(client, batch.terminal)
    apply_kept_events(state)  # done at start; here only when the start could not
    incoming = [Incoming(e.id, e.kind, e.created_at, e.payload) for e in batch.events]
    outcome = write(
        state,
        lambda s: ingest(
            s,
            batch.terminal,
            incoming,
            state.clock(),
            protocol=batch.protocol,
            known=state.registry,
            zone=state.timezone,
        ),
    )
    for topic in sorted(outcome.topics):  # after the commit: the dashboard reads it
        state.hub.publish(topic)
    return EventResults(
        results=[
            EventResult(id=r.id, status=r.status, reason=r.reason, code=r.code)
            for r in outcome.results
        ]
    )
