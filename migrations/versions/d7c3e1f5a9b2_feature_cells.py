"""feature_cells: the live items of each map counted per square of the grid clusters are drawn on

A crowded view's clusters are read from the squares it covers instead of from its items; the items already there
are counted here, by the app's one counter (models.cell.counted).

Revision ID: d7c3e1f5a9b2
Revises: c5e7a9b1d3f6
Create Date: 2026-12-03 10:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.models.cell import counted

# revision identifiers, used by Alembic.
revision = 'd7c3e1f5a9b2'
down_revision = 'c5e7a9b1d3f6'
branch_labels = None
depends_on = None


def upgrade():
    cells = op.create_table(
        'feature_cells',
        sa.Column('map_id', sa.Integer(), nullable=False),
        sa.Column('zoom', sa.SmallInteger(), nullable=False),
        sa.Column('x', sa.Integer(), nullable=False),
        sa.Column('y', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('sum_lon', sa.Float(), nullable=False),
        sa.Column('sum_lat', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('map_id', 'zoom', 'x', 'y', 'category_id'))
    connection = op.get_bind()
    for (map_id,) in connection.execute(sa.text("SELECT id FROM maps")).all():
        items = connection.execute(sa.text(
            "SELECT category_id, label_lon, label_lat FROM features WHERE map_id = :map_id AND deleted_at IS NULL"),
            {"map_id": map_id}).all()
        if items:
            op.bulk_insert(cells, counted(map_id, *zip(*items, strict=True)))


def downgrade():
    op.drop_table('feature_cells')
