"""GET /api/v1/declarations/{reference} and POST …/status (the counters' progress)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import statuses
from central.api.auth import COUNTER, ERRORS, TERMINAL, Client, allow, server
from central.api.routing import TextSafeRoute
from central.api.schemas import DeclarationOut, HistoryEntry, Problem, StatusIn
from central.api.writes import write
from central.models import Declaration, StatusChange, Ticket
from central.state import ServerState

router = APIRouter(route_class=TextSafeRoute)

ReferencePath = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,32}$", examples=["20261126-07-0012"])]
NOT_FOUND = {"model": Problem, "description": "No declaration with this reference"}


def view(session: Session, declaration: Declaration) -> DeclarationOut:
    """What the API shows of a declaration: its progress, never its answers."""
    history = session.scalars(
        select(StatusChange)
        .where(StatusChange.declaration_id == declaration.id)
        .order_by(StatusChange.at, StatusChange.id)
    ).all()
    ticket = session.scalar(select(Ticket.number).where(Ticket.reference == declaration.reference))
    return DeclarationOut(
        reference=declaration.reference,
        item_id=declaration.item_id,
        terminal=declaration.terminal,
        status=declaration.status,
        outcome=declaration.outcome,
        ticket=ticket,
        history=[HistoryEntry(status=h.status, at=h.at, by=h.by, note=h.note) for h in history],
    )


@router.get(
    "/declarations/{reference}",
    response_model=DeclarationOut,
    responses={**ERRORS, 404: NOT_FOUND},
    summary="A declaration's status and history",
)
def get_declaration(
    reference: ReferencePath,
    client: Annotated[Client, Depends(allow(TERMINAL, COUNTER))],
    state: Annotated[ServerState, Depends(server)],
) -> DeclarationOut:
    with state.db.read() as session:
        declaration = session.scalar(select(Declaration).where(Declaration.reference == reference))
        if declaration is None:
            raise HTTPException(404, f"no declaration {reference}")
        return view(session, declaration)


@router.post(
    "/declarations/{reference}/status",
    response_model=DeclarationOut,
    responses={
        **ERRORS,
        404: NOT_FOUND,
        409: {"model": Problem, "description": "The status chart does not allow this move"},
    },
    summary="Move a declaration: received, processing, completed, or returned with a note",
)
def post_status(
    reference: ReferencePath,
    body: StatusIn,
    client: Annotated[Client, Depends(allow(COUNTER))],
    state: Annotated[ServerState, Depends(server)],
) -> DeclarationOut:
    def work(session: Session) -> DeclarationOut:
        declaration = session.scalar(
            select(Declaration).where(Declaration.reference == reference).with_for_update()
        )
        if declaration is None:
            raise HTTPException(404, f"no declaration {reference}")
        statuses.move(
            session, declaration, body.status, f"counter {body.counter}", body.note, state.clock()
        )
        session.flush()
        return view(session, declaration)

    try:
        answer = write(state, work)
    except statuses.StatusConflict as conflict:
        raise HTTPException(409, str(conflict)) from None
    except statuses.NoteRequired as problem:
        raise HTTPException(422, str(problem)) from None
    state.hub.publish("figures")
    return answer
