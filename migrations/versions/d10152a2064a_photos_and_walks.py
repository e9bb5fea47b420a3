"""photos and walks

Revision ID: d10152a2064a
Revises: 877eade061d6
Create Date: 2026-11-23 19:05:41.084673

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision = 'd10152a2064a'
down_revision = '877eade061d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_geospatial_table('walks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('facilitator', sa.String(length=120), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('route', Geometry(geometry_type='LINESTRING', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('walks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_walks_map_id'), ['map_id'], unique=False)

    op.create_table('photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feature_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('author', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['feature_id'], ['features.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_name'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photos_feature_id'), ['feature_id'], unique=False)

    # A plain ADD COLUMN with its foreign key inline on SQLite: rebuilding `features` (Alembic's batch mode)
    # would lose its SpatiaLite geometry registration.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE features ADD COLUMN walk_id INTEGER REFERENCES walks (id)")
    else:
        op.add_column('features', sa.Column('walk_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_features_walk_id', 'features', 'walks', ['walk_id'], ['id'])
    op.create_index('ix_features_walk_id', 'features', ['walk_id'], unique=False)


def downgrade():
    op.drop_index('ix_features_walk_id', table_name='features')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE features DROP COLUMN walk_id")
    else:
        op.drop_constraint('fk_features_walk_id', 'features', type_='foreignkey')
        op.drop_column('features', 'walk_id')

    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photos_feature_id'))

    op.drop_table('photos')
    with op.batch_alter_table('walks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_walks_map_id'))

    op.drop_geospatial_table('walks')
