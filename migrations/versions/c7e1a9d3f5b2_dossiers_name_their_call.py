"""dossiers name their call

A dossier answers one call for projects, a file of app/dossier/calls/ named by this column; every dossier stored
before answered the AMI « Vivre-ensemble au jardin » (2026), whose file is ami-2026.toml.

Revision ID: c7e1a9d3f5b2
Revises: d8f2a4c6e0b1
Create Date: 2026-12-04 02:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7e1a9d3f5b2'
down_revision = 'd8f2a4c6e0b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.add_column(sa.Column('call', sa.String(length=40), server_default='ami-2026', nullable=False))


def downgrade():
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.drop_column('call')
