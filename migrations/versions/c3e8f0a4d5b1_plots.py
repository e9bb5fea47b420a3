"""plots: shared plots cut from a zone, and who has them

Revision ID: c3e8f0a4d5b1
Revises: b7d2c4e91a30
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8f0a4d5b1'
down_revision = 'b7d2c4e91a30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plots',
    sa.Column('feature_id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=80), nullable=False),
    sa.Column('season_start', sa.Date(), nullable=True),
    sa.Column('season_end', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['feature_id'], ['features.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_id'], ['features.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('feature_id')
    )
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plots_zone_id'), ['zone_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plots_zone_id'))

    op.drop_table('plots')
