"""The signed 容缺 commitment: who committed, and the signature drawn on the screen.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 02:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committer_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('committer_for', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('commitment_signature', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('commitment_signature')
        batch_op.drop_column('committer_for')
        batch_op.drop_column('committer_name')
