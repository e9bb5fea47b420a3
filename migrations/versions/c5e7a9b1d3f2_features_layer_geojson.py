"""features.layer_geojson: each item's layer GeoJSON kept with it

The map's layer concatenates each item's kept text instead of building it from its columns at every read; the
existing items get theirs here, made by the app's one producer (formats.geojson.layer_text).

Revision ID: c5e7a9b1d3f2
Revises: b9d4f6a2c3e5
Create Date: 2026-12-02 14:10:00

"""
import shapely
import sqlalchemy as sa
from alembic import op

from app.formats.geojson import layer_text

# revision identifiers, used by Alembic.
revision = 'c5e7a9b1d3f2'
down_revision = 'b9d4f6a2c3e5'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    # A plain ADD COLUMN on both databases: a batch copy would rebuild SpatiaLite's geometry table.
    op.add_column('features', sa.Column('layer_geojson', sa.Text(), nullable=True))
    connection = op.get_bind()
    as_binary = "AsBinary" if connection.dialect.name == "sqlite" else "ST_AsBinary"
    rows = connection.execute(sa.text(
        f"SELECT id, {as_binary}(geom), number, title, category_id, label_lon, label_lat, kind FROM features")).all()
    update = sa.text("UPDATE features SET layer_geojson = :text WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        connection.execute(update, [{"id": row[0], "text": layer_text(shapely.from_wkb(bytes(row[1])), *row[2:])}
                                    for row in rows[start:start + BATCH]])


def downgrade():
    op.drop_column('features', 'layer_geojson')
