"""A checked-in Saturday appointment's ticket (series Y, central.tickets): the booking
keeps the reference of the declaration its ticket was given for. A new nullable column
and its unique index, so an existing database keeps every row as it is (no booking has
a ticket yet).

Revision ID: 0009
Revises: 0008
Create Date: 2027-03-01 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=32), nullable=True))
    op.create_index('ux_appointments_reference', 'appointments', ['reference'], unique=True)


def downgrade() -> None:
    op.drop_index('ux_appointments_reference', table_name='appointments')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_column('reference')
