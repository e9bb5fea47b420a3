"""dossiers: the candidature to the AMI, one per map

Revision ID: b7d2c4e91a30
Revises: 5fbb56fd856c
Create Date: 2026-11-30 03:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2c4e91a30'
down_revision = '5fbb56fd856c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('holder_type', sa.String(length=24), nullable=True),
    sa.Column('holder_name', sa.String(length=200), nullable=False),
    sa.Column('territory', sa.String(length=24), nullable=True),
    sa.Column('cite', sa.String(length=120), nullable=False),
    sa.Column('contexts', sa.JSON(), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('evaluation', sa.Text(), nullable=False),
    sa.Column('communication', sa.Text(), nullable=False),
    sa.Column('annex', sa.JSON(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('pieces_ready', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('map_id')
    )


def downgrade():
    op.drop_table('dossiers')
