"""First schema: declarations, pre-review results, tickets, help requests, outbox, audit log.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 16:00:53.993121
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('catalog_version', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('commitment_accepted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declarations_item_id'), ['item_id'], unique=False)

    op.create_table('help_requests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('terminal', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('outbox',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_state'), ['state'], unique=False)

    op.create_table('sequences',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('prereview_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('prereview_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prereview_results_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('series', sa.String(length=1), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('counters', sa.JSON(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('last_print_status', sa.String(length=32), nullable=True),
    sa.Column('last_printed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day', 'number'),
    sa.UniqueConstraint('declaration_id')
    )


def downgrade() -> None:
    op.drop_table('tickets')
    with op.batch_alter_table('prereview_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prereview_results_declaration_id'))

    op.drop_table('prereview_results')
    op.drop_table('sequences')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_created_at'))

    op.drop_table('outbox')
    op.drop_table('help_requests')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declarations_item_id'))

    op.drop_table('declarations')
    op.drop_table('audit_log')
