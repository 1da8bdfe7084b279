"""Saturday appointments (政务"5+1" 星期六办事, central.appointments): the plans of the
service Saturdays and the bookings, new tables only, so an existing database keeps every
row as it is.

Revision ID: 0008
Revises: 0007
Create Date: 2027-02-15 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saturday_plans',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('places_per_slot', sa.Integer(), nullable=False),
    sa.Column('counters', sa.JSON(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=5), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('booked_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_index('ix_appointments_day_slot', 'appointments', ['day', 'slot'])
    # One live booking per mobile and Saturday: a partial index, on SQLite as on PostgreSQL.
    live = sa.text("state != 'cancelled'")
    op.create_index(
        'ux_appointments_live_mobile', 'appointments', ['day', 'mobile'], unique=True,
        sqlite_where=live, postgresql_where=live,
    )


def downgrade() -> None:
    op.drop_index('ux_appointments_live_mobile', table_name='appointments')
    op.drop_index('ix_appointments_day_slot', table_name='appointments')
    op.drop_table('appointments')
    op.drop_table('saturday_plans')
