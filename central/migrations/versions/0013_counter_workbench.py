"""The counter's workbench (窗口工作台): a counter clerk's counter on their account, the
叫号 state of each ticket, the counters' call history, the approvals of 联办
declarations and the audit of every view of a declaration's answers.

An existing database keeps every row: the new columns are nullable or have a default
(every ticket stored before is "waiting" at its natural place, and "前面等候 N 人" counts
the same as before), and the new tables start empty.

Revision ID: 0013
Revises: 0012
Create Date: 2027-05-10 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counter", sa.Integer(), nullable=True))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("queue_state", sa.String(length=16), nullable=False, server_default="waiting")
        )
        batch_op.add_column(sa.Column("queue_priority", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("queue_rank", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("transferred_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("skips", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("called_counter", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("called_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("called_by", sa.String(length=64), nullable=True))
    op.create_table(
        "counter_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("to_counter", sa.Integer(), nullable=True),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_counter_calls_day_at", "counter_calls", ["day", "at"])
    op.create_index("ix_counter_calls_ticket_id", "counter_calls", ["ticket_id"])
    op.create_table(
        "approval_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("approval_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["declaration_id"], ["declarations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("declaration_id", "approval_id"),
    )
    op.create_index("ix_approval_states_declaration_id", "approval_states", ["declaration_id"])
    op.create_table(
        "declaration_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_declaration_views_reference_at", "declaration_views", ["reference", "at"])
    op.create_index("ix_declaration_views_at", "declaration_views", ["at"])


def downgrade() -> None:
    op.drop_index("ix_declaration_views_at", table_name="declaration_views")
    op.drop_index("ix_declaration_views_reference_at", table_name="declaration_views")
    op.drop_table("declaration_views")
    op.drop_index("ix_approval_states_declaration_id", table_name="approval_states")
    op.drop_table("approval_states")
    op.drop_index("ix_counter_calls_ticket_id", table_name="counter_calls")
    op.drop_index("ix_counter_calls_day_at", table_name="counter_calls")
    op.drop_table("counter_calls")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for name in (
            "called_by",
            "called_at",
            "called_counter",
            "skips",
            "transferred_to",
            "queue_rank",
            "queue_priority",
            "queue_state",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("counter")
