"""好差评 at the terminal: the rating given for a declaration (one per declaration);
网格化零跑代办: the grid leader who declared for a resident, and the authorisation; and
证照免费邮寄: where a declaration's certificate is mailed (a new table); 星期六办事预约:
the booking a declaration was checked in with.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 22:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('rated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('proxy_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('proxy_by_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('proxy_authorisation', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('proxy_valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('delivery', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('appointment', sa.String(length=8), nullable=True))
    op.create_table('mailings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('mobile', sa.String(length=16), nullable=False),
    sa.Column('division', sa.String(length=6), nullable=False),
    sa.Column('province', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=32), nullable=False),
    sa.Column('district', sa.String(length=32), nullable=False),
    sa.Column('street', sa.String(length=120), nullable=False),
    sa.Column('postcode', sa.String(length=6), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('declaration_id')
    )


def downgrade() -> None:
    op.drop_table('mailings')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('appointment')
        batch_op.drop_column('delivery')
        batch_op.drop_column('proxy_valid_until')
        batch_op.drop_column('proxy_authorisation')
        batch_op.drop_column('proxy_by_name')
        batch_op.drop_column('proxy_by')
        batch_op.drop_column('rated_at')
        batch_op.drop_column('rating')
