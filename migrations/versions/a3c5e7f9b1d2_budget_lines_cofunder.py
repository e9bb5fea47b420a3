"""budget_lines: the name and status (acquis, sollicité) of the co-funder who pays a line

The plan de financement names each « Autre financeur » with whether its share is granted. Lines stored before
get empty values: the porteur names their co-funder when it next edits the action.

Revision ID: a3c5e7f9b1d2
Revises: c4e9a7b1d2f8
Create Date: 2026-12-03 13:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d2'
down_revision = 'c4e9a7b1d2f8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cofunder', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('cofunder_status', sa.String(length=12), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_column('cofunder_status')
        batch_op.drop_column('cofunder')
