"""Events waiting for the declaration, ticket or help call they refer to.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('waiting_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('waiting_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waiting_events_key'), ['key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('waiting_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waiting_events_key'))

    op.drop_table('waiting_events')
