"""One-time enrolment codes (central enrol, POST /api/v1/enrol): a new table only, so an
existing database keeps every row as it is.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-12 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enrolment_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('terminal_number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    op.create_index(
        'ix_enrolment_codes_terminal_number', 'enrolment_codes', ['terminal_number']
    )


def downgrade() -> None:
    op.drop_index('ix_enrolment_codes_terminal_number', table_name='enrolment_codes')
    op.drop_table('enrolment_codes')
