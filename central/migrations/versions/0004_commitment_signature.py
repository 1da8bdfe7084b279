"""The signed 容缺 commitment (protocol 3): who committed, for whom, and the signature.

The columns are filled from the commitment.accepted events already stored: a server of
protocol 2 accepted protocol 3's events whole (its model keeps extra fields) and stored
them in `events`, so a server upgraded after its terminals has the signatures too.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committer', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('committer_for', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('commitment_signature', sa.JSON(), nullable=True))
    _fill_from_events()


def _fill_from_events() -> None:
    """Each accepted commitment's latest event, applied to its declaration."""
    bind = op.get_bind()
    events = sa.table(
        'events', sa.column('kind', sa.String), sa.column('created_at', sa.DateTime),
        sa.column('payload', sa.JSON),
    )
    declarations = sa.table(
        'declarations', sa.column('reference', sa.String),
        sa.column('commitment_accepted_at', sa.DateTime), sa.column('committer', sa.String),
        sa.column('committer_for', sa.String), sa.column('commitment_signature', sa.JSON),
    )
    latest: dict[str, dict[str, object]] = {}
    rows = bind.execute(
        sa.select(events.c.payload)
        .where(events.c.kind == 'commitment.accepted')
        .order_by(events.c.created_at)
    )
    for (payload,) in rows:
        if isinstance(payload, dict) and isinstance(payload.get('reference'), str):
            latest[payload['reference']] = payload
    for reference, payload in latest.items():
        signature = payload.get('signature')
        if not isinstance(signature, dict):
            continue
        committer, behalf = payload.get('committer'), payload.get('committer_for')
        bind.execute(
            declarations.update()
            .where(declarations.c.reference == reference)
            .where(declarations.c.commitment_accepted_at.is_not(None))
            .values(
                committer=committer[:64] if isinstance(committer, str) else None,
                committer_for=behalf[:64] if isinstance(behalf, str) else None,
                commitment_signature=signature,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('commitment_signature')
        batch_op.drop_column('committer_for')
        batch_op.drop_column('committer')
