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
    with op.batch_alter_table('reference_parcels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geojson', sa.Text(), nullable=True))
    with op.batch_alter_table('maps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cadastre_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('maps', schema=None) as batch_op:
        batch_op.drop_column('cadastre_version')
    with op.batch_alter_table('reference_parcels', schema=None) as batch_op:
        batch_op.drop_column('geojson')
