"""proposals: the uuid their browser made

A resident's drawing sent twice (its answer lost, or the offline outbox replaying it) makes one proposal:
proposals.uuid, unique, as features.uuid.

Revision ID: b9d4f6a2c3e5
Revises: a7c3e5f1b2d4
Create Date: 2026-12-02 05:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b9d4f6a2c3e5'
down_revision = 'a7c3e5f1b2d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint('uq_proposals_uuid', ['uuid'])


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposals_uuid', type_='unique')
        batch_op.drop_column('uuid')
