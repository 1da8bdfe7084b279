"""Sync: the ticket's queue position from the central server, and the sync worker's state.

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
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ahead', sa.Integer(), nullable=True))
    op.create_table('sync_state',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('ahead')
