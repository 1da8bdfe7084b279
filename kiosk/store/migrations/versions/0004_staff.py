"""Staff at the terminal: downloaded staff accounts, the PIN pad's lock, the out-of-service
state, and who assisted a declaration.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_accounts',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('pin_hash', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('username')
    )
    op.create_table('staff_pad',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('lock_s', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('out_of_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('staff', sa.String(length=64), nullable=False),
    sa.Column('staff_name', sa.String(length=64), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assisted_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('assisted_by_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('assisted_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('assisted_at')
        batch_op.drop_column('assisted_by_name')
        batch_op.drop_column('assisted_by')
    op.drop_table('out_of_service')
    op.drop_table('staff_pad')
    op.drop_table('staff_accounts')
