"""好差评 and the progress lookup (protocol 5): ratings, their work orders, and the 容缺
materials each declaration still owes; the grid leader who declared for a resident
(网格化零跑代办) with the authorisation's reference; and 证照免费邮寄, the mailings.

An existing database keeps every row: the new column is nullable and is filled here from
the latest pre-review result each declaration has in `events`, so a declaration
submitted before the upgrade shows what it owes at the lookup too. The mailings start
empty: an older server kept the mailing.requested events it could not read, and the
upgraded server applies them at its start (central.ingest.apply_kept).

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-01 09:00:00
"""

from alembic import op
import sqlalchemy as sa

from central.progress import owed_of


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owed', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('proxy_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('proxy_by_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('proxy_authorisation', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('proxy_valid_until', sa.Date(), nullable=True))
    op.create_table('ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('aspects', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('declaration_id')
    )
    op.create_index('ix_ratings_rated_at', 'ratings', ['rated_at'])
    op.create_table('work_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['rating_id'], ['ratings.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('rating_id')
    )
    op.create_index('ix_work_orders_state', 'work_orders', ['state'])
    op.create_index('ix_work_orders_due_on', 'work_orders', ['due_on'])
    op.create_table('mailings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('mobile', sa.String(length=16), nullable=False),
    sa.Column('division', sa.String(length=6), nullable=False),
    sa.Column('province', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=32), nullable=False),
    sa.Column('district', sa.String(length=32), nullable=False),
    sa.Column('street', sa.String(length=120), nullable=False),
    sa.Column('postcode', sa.String(length=6), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('carrier', sa.String(length=32), nullable=True),
    sa.Column('tracking', sa.String(length=32), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('dispatched_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('declaration_id')
    )
    _fill_owed()


def _fill_owed() -> None:
    """Each declaration's latest pre-review result (events come in their terminal's
    order: the latest created wins) gives what it owes."""
    bind = op.get_bind()
    events = sa.table(
        'events',
        sa.column('id', sa.String),
        sa.column('kind', sa.String),
        sa.column('created_at', sa.DateTime),
        sa.column('payload', sa.JSON),
    )
    declarations = sa.table(
        'declarations', sa.column('reference', sa.String), sa.column('owed', sa.JSON)
    )
    latest: dict[str, object] = {}
    rows = bind.execute(
        sa.select(events.c.payload)
        .where(events.c.kind == 'prereview.result')
        .order_by(events.c.created_at, events.c.id)
    )
    for (payload,) in rows:
        if isinstance(payload, dict) and isinstance(payload.get('reference'), str):
            latest[payload['reference']] = payload
    for reference, payload in latest.items():
        assert isinstance(payload, dict)
        bind.execute(
            declarations.update()
            .where(declarations.c.reference == reference)
            .values(owed=owed_of(payload))
        )


def downgrade() -> None:
    op.drop_table('mailings')
    op.drop_index('ix_work_orders_due_on', table_name='work_orders')
    op.drop_index('ix_work_orders_state', table_name='work_orders')
    op.drop_table('work_orders')
    op.drop_index('ix_ratings_rated_at', table_name='ratings')
    op.drop_table('ratings')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        for name in ('proxy_valid_until', 'proxy_authorisation', 'proxy_by_name', 'proxy_by'):
            batch_op.drop_column(name)
        batch_op.drop_column('owed')
