"""The terminal's devices (protocol 6): the states of its ID card reader, QR scanner and
call light from the latest heartbeat, on its health row.

An existing database keeps every row: the new columns are nullable, and each terminal's
are filled here from its latest heartbeat in `events` (an older server stored a protocol
6 heartbeat whole, its model keeping the extra fields), so a state a terminal told
before the upgrade shows at once. A value no heartbeat model would take (not text, over
32 characters) stays None: unknown.

Revision ID: 0010
Revises: 0009
Create Date: 2027-03-15 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DEVICE_STATES = ('id_card_status', 'scanner_status', 'signal_light_status')


def upgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        for name in DEVICE_STATES:
            batch_op.add_column(sa.Column(name, sa.String(length=32), nullable=True))
    _fill_states()


def _state(value: object) -> str | None:
    if isinstance(value, str) and len(value) <= 32 and '\x00' not in value:
        return value
    return None


def _fill_states() -> None:
    """Each terminal's latest heartbeat (events come in their terminal's order: the
    latest created wins) gives its states; one indexed look-up per terminal."""
    bind = op.get_bind()
    events = sa.table(
        'events',
        sa.column('id', sa.String),
        sa.column('terminal', sa.Integer),
        sa.column('kind', sa.String),
        sa.column('created_at', sa.DateTime),
        sa.column('payload', sa.JSON),
    )
    terminals = sa.table(
        'terminals',
        sa.column('number', sa.Integer),
        *(sa.column(name, sa.String) for name in DEVICE_STATES),
    )
    for number in bind.execute(sa.select(terminals.c.number)).scalars().all():
        payload = bind.execute(
            sa.select(events.c.payload)
            .where(events.c.kind == 'heartbeat', events.c.terminal == number)
            .order_by(events.c.created_at.desc(), events.c.id.desc())
            .limit(1)
        ).scalar()
        if not isinstance(payload, dict):
            continue
        states = {name: _state(payload.get(name)) for name in DEVICE_STATES}
        if any(value is not None for value in states.values()):
            bind.execute(
                terminals.update().where(terminals.c.number == number).values(**states)
            )


def downgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        for name in reversed(DEVICE_STATES):
            batch_op.drop_column(name)
