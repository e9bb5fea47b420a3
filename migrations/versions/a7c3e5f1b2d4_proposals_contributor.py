"""proposals: the digest of their proposer's key

A resident follows what their browser proposed through a link (« Mes propositions »): proposals.contributor holds
the digest of the key kept in that browser's session.

Revision ID: a7c3e5f1b2d4
Revises: a6c1d2e3f4b5
Create Date: 2026-12-02 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b2d4'
down_revision = 'a6c1d2e3f4b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contributor', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposals_contributor'), ['contributor'], unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_contributor'))
        batch_op.drop_column('contributor')
