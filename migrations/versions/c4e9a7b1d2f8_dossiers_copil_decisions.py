"""dossiers: the COPIL report's decisions and next steps, typed on the report

Revision ID: c4e9a7b1d2f8
Revises: a7c3e5f1b9d4
Create Date: 2026-12-03 13:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e9a7b1d2f8'
down_revision = 'a7c3e5f1b9d4'
branch_labels = None
depends_on = None

COLUMNS = ('copil_decisions', 'copil_next_steps')


def upgrade():
    # A plain ADD COLUMN on both databases (SQLite needs no rebuild for a column with a constant default); the
    # dossiers already there get empty texts.
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
