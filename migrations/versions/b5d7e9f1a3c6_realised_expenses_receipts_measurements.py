"""expenses, receipts and measurements; actions' real start and end

Once the project is funded, each budget line gets what was really spent (with its receipts), each indicator its
dated counts, and each action the dates it really started and ended. Nothing stored before changes.

Revision ID: b5d7e9f1a3c6
Revises: a3c5e7f9b1d2
Create Date: 2026-12-04 02:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b5d7e9f1a3c6'
down_revision = 'a3c5e7f9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'expenses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('budget_line_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('supplier', sa.String(length=200), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.Column('spent_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['budget_line_id'], ['budget_lines.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_expenses_budget_line_id', 'expenses', ['budget_line_id'])
    op.create_index('ix_expenses_user_id', 'expenses', ['user_id'])
    op.create_table(
        'receipts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('expense_id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['expense_id'], ['expenses.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('stored_name'),
    )
    op.create_index('ix_receipts_expense_id', 'receipts', ['expense_id'])
    op.create_index('ix_receipts_user_id', 'receipts', ['user_id'])
    op.create_table(
        'measurements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('measured_on', sa.Date(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.Column('counted_by', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_measurements_indicator_id', 'measurements', ['indicator_id'])
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('finished_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('finished_on')
        batch_op.drop_column('started_on')
    op.drop_index('ix_measurements_indicator_id', table_name='measurements')
    op.drop_table('measurements')
    op.drop_index('ix_receipts_user_id', table_name='receipts')
    op.drop_index('ix_receipts_expense_id', table_name='receipts')
    op.drop_table('receipts')
    op.drop_index('ix_expenses_user_id', table_name='expenses')
    op.drop_index('ix_expenses_budget_line_id', table_name='expenses')
    op.drop_table('expenses')
