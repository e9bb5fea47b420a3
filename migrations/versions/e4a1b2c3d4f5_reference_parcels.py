"""reference parcels: the cadastre as a map's reference layer

Revision ID: e4a1b2c3d4f5
Revises: c3e8f0a4d5b1
Create Date: 2026-11-30 05:20:00

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry


# revision identifiers, used by Alembic.
revision = 'e4a1b2c3d4f5'
down_revision = 'c3e8f0a4d5b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reference_parcels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('section', sa.String(length=4), nullable=False),
    sa.Column('numero', sa.String(length=8), nullable=False),
    sa.Column('contenance', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=False),
    sa.Column('west', sa.Float(), nullable=False),
    sa.Column('south', sa.Float(), nullable=False),
    sa.Column('east', sa.Float(), nullable=False),
    sa.Column('north', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reference_parcels', schema=None) as batch_op:
        batch_op.create_index('ix_reference_parcels_map_box', ['map_id', 'west', 'east'], unique=False)


def downgrade():
    with op.batch_alter_table('reference_parcels', schema=None) as batch_op:
        batch_op.drop_index('ix_reference_parcels_map_box')

    op.drop_table('reference_parcels')
