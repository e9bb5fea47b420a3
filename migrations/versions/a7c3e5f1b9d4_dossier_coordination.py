"""dossiers: the coordination with the neighbourhood's actors, the social landlords above all (§5 of the call)

Revision ID: a7c3e5f1b9d4
Revises: f4c6e8a0b2d5
Create Date: 2026-12-03 13:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b9d4'
down_revision = 'f4c6e8a0b2d5'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN with a constant default on both databases: the dossiers already written read ''.
    op.add_column('dossiers', sa.Column('coordination', sa.Text(), nullable=False, server_default=''))


def downgrade():
    op.drop_column('dossiers', 'coordination')
