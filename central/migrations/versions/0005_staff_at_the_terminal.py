"""Staff at the terminal (protocol 4): PINs, the audit of staff actions, assisted
declarations, help calls handled at the terminal, the diagnostics' figures.

The hall-wide PIN salt is made here, once, so every later reader finds it (a row made
on first use would need a write in the terminals' GET /staff). An existing database
keeps its rows: every new column is nullable or has a default.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 09:00:00
"""

import secrets
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TERMINAL_FIGURES: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ('store_schema', sa.String(length=32)),
    ('dead_letters', sa.Integer()),
    ('clock_drift_s', sa.Double()),
    ('round_trip_ms', sa.Double()),
    ('tls_expires_at', sa.DateTime()),
    ('printer_detail', sa.String(length=64)),
    ('a4_status', sa.String(length=32)),
    ('disk_free_mb', sa.Double()),
    ('store_mb', sa.Double()),
    ('memory_mb', sa.Double()),
    ('uptime_s', sa.Double()),
    ('restarts', sa.Integer()),
    ('last_crash_at', sa.DateTime()),
    ('screen', sa.String(length=32)),
    ('pin_locked_at', sa.DateTime()),
    ('pin_locked_until', sa.DateTime()),
    ('staff_signed_in_at', sa.DateTime()),
)


def upgrade() -> None:
    op.create_table('settings',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    settings = sa.table('settings', sa.column('name', sa.String), sa.column('value', sa.Text))
    op.execute(settings.insert().values(name='pin_salt', value=secrets.token_hex(16)))
    op.create_table('staff_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('staff', sa.String(length=64), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_actions_terminal_at', 'staff_actions', ['terminal', 'at'])
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_hash', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('pin_set_at', sa.DateTime(), nullable=True))
    op.create_index('ix_staff_pin_hash', 'staff', ['pin_hash'], unique=True)
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assisted_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('assisted_by_name', sa.String(length=64), nullable=True))
    with op.batch_alter_table('help_calls', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('at_terminal', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        for name, type_ in TERMINAL_FIGURES:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        for name, _ in reversed(TERMINAL_FIGURES):
            batch_op.drop_column(name)
    with op.batch_alter_table('help_calls', schema=None) as batch_op:
        batch_op.drop_column('at_terminal')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('assisted_by_name')
        batch_op.drop_column('assisted_by')
    op.drop_index('ix_staff_pin_hash', table_name='staff')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('pin_set_at')
        batch_op.drop_column('pin_hash')
    op.drop_index('ix_staff_actions_terminal_at', table_name='staff_actions')
    op.drop_table('staff_actions')
    op.drop_table('settings')
