"""dossiers: the perspectives of autonomy of the collective, typed on the compte rendu d'exécution

Revision ID: d8f2a4c6e0b1
Revises: d2f4a6c8e0b1
Create Date: 2026-12-04 02:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd8f2a4c6e0b1'
down_revision = 'd2f4a6c8e0b1'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases (a constant default needs no rebuild on SQLite); the dossiers already there
    # get an empty text.
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('perspectives', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('perspectives')
