"""revisions: history and change feed

Revision ID: 445814b7a77d
Revises: e0f59d1a7f46
Create Date: 2026-11-23 17:30:49.710443

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '445814b7a77d'
down_revision = 'e0f59d1a7f46'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('feature_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['feature_id'], ['features.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('map_id', 'seq', name='uq_revisions_map_seq')
    )
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisions_feature_id'), ['feature_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisions_map_id'), ['map_id'], unique=False)



def downgrade():
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisions_map_id'))
        batch_op.drop_index(batch_op.f('ix_revisions_feature_id'))

    op.drop_table('revisions')
