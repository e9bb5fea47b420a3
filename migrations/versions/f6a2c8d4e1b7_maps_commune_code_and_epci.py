"""maps: the INSEE code of the commune chosen at creation, and its intercommunality

A new map is placed in one of the communes of the AMI's eight EPCIs (app/places) and opens on it; its EPCI becomes its
dossier's territory. Maps made before keep their commune's name as typed, with no code and no EPCI.

Revision ID: f6a2c8d4e1b7
Revises: f3a9c1e7b5d2
Create Date: 2026-12-03 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f6a2c8d4e1b7'
down_revision = 'f3a9c1e7b5d2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both databases: nullable, no default, no constraint, so SQLite needs no rebuild of `maps`.
    op.add_column('maps', sa.Column('commune_code', sa.String(length=5), nullable=True))
    op.add_column('maps', sa.Column('epci', sa.String(length=24), nullable=True))


def downgrade():
    op.drop_column('maps', 'epci')
    op.drop_column('maps', 'commune_code')
