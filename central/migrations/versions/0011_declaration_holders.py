"""Who a declaration is about: the holder index of the progress lookup by ID card.

One row per resident ID number among a declaration's answers, as its key (SHA-256 of a
fixed prefix and the number: central.holders), the pair unique, indexed by the key. An
existing database keeps every row: the index is filled here from the declarations
already stored (their latest answers), a thousand at a time, so a declaration submitted
before the upgrade is found by its applicant's card at once.

Revision ID: 0011
Revises: 0010
Create Date: 2027-04-01 09:00:00
"""

from alembic import op
import sqlalchemy as sa

from central.holders import holder_keys


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CHUNK = 1000


def upgrade() -> None:
    op.create_table('declaration_holders',
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['reference'], ['declarations.reference']),
    sa.PrimaryKeyConstraint('reference', 'holder')
    )
    op.create_index('ix_declaration_holders_holder', 'declaration_holders', ['holder'])
    _fill_holders()


def _fill_holders() -> None:
    """Each stored declaration's answers give its rows; read by id, CHUNK at a time."""
    bind = op.get_bind()
    declarations = sa.table(
        'declarations',
        sa.column('id', sa.Integer),
        sa.column('reference', sa.String),
        sa.column('answers', sa.JSON),
    )
    holders = sa.table(
        'declaration_holders', sa.column('reference', sa.String), sa.column('holder', sa.String)
    )
    last = 0
    while True:
        chunk = bind.execute(
            sa.select(declarations.c.id, declarations.c.reference, declarations.c.answers)
            .where(declarations.c.id > last)
            .order_by(declarations.c.id)
            .limit(CHUNK)
        ).all()
        if not chunk:
            return
        rows = [
            {'reference': reference, 'holder': key}
            for _, reference, answers in chunk
            for key in holder_keys(answers)
        ]
        if rows:
            bind.execute(holders.insert(), rows)
        last = chunk[-1][0]


def downgrade() -> None:
    op.drop_index('ix_declaration_holders_holder', table_name='declaration_holders')
    op.drop_table('declaration_holders')
