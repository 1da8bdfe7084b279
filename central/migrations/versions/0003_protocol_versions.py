"""Protocol versions: events kept until the server knows them, terminals' mode and protocol.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kept_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('protocol', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.Integer(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('mode_reason', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mode_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('protocol', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('protocol')
        batch_op.drop_column('mode_at')
        batch_op.drop_column('mode_reason')
        batch_op.drop_column('mode')

    op.drop_table('kept_events')
