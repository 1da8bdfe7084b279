"""Check-in by ID card (POST /api/v1/appointments/check-in-by-id-card) finds a booking by
its holder's resident ID number: an index on `appointments.id_number`. Only the index is
new: an existing database keeps every booking as it is, and those booked before the
upgrade are found by their holder's card at once.

Revision ID: 0012
Revises: 0011
Create Date: 2027-04-15 09:00:00
"""

from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_appointments_id_number', 'appointments', ['id_number'])


def downgrade() -> None:
    op.drop_index('ix_appointments_id_number', table_name='appointments')
