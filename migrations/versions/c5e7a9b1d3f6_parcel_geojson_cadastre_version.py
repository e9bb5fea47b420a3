"""reference parcels keep their GeoJSON; maps count their cadastre's versions

The cadastre of a view is written from each parcel's GeoJSON text, made once at import (reference_parcels.geojson;
none for parcels restored from an older backup, which are written from their geometry); maps.cadastre_version
changes with each import of the layer, for the ETag of its views.

Revision ID: c5e7a9b1d3f6
Revises: c5e7a9b1d3f2
Create Date: 2026-12-02 14:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5e7a9b1d3f6'
down_revision = 'c5e7a9b1d3f2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs on both databases: a batch copy would rebuild the parcels' SpatiaLite geometry table, and the
    # maps table that every other one refers to.
    op.add_column('reference_parcels', sa.Column('geojson', sa.Text(), nullable=True))
    op.add_column('maps', sa.Column('cadastre_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    op.drop_column('maps', 'cadastre_version')
    op.drop_column('reference_parcels', 'geojson')
