"""POST /api/v1/events: a terminal's outbox batch, stored exactly once (central.ingest)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from central.api.auth import ERRORS, TERMINAL, Client, allow, same_terminal, server
from central.api.routing import TextSafeRoute
from central.api.schemas import EventBatch, EventResult, EventResults
from central.api.writes import write
from central.ingest import Incoming, ingest
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)


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
    another terminal is answered `rejected` (the rest of the batch is stored).
    """
    same_terminal(client, batch.terminal)
    incoming = [Incoming(e.id, e.kind, e.created_at, e.payload) for e in batch.events]
    outcome = write(state, lambda s: ingest(s, batch.terminal, incoming, state.clock()))
    for topic in sorted(outcome.topics):  # after the commit: the dashboard reads it
        state.hub.publish(topic)
    return EventResults(
        results=[EventResult(id=r.id, status=r.status, reason=r.reason) for r in outcome.results]
    )
