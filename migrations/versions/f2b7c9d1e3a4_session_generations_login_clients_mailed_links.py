"""session generations, login clients, mailed links

Every session of an account can end at once (users.session_generation); failed logins count per client too
(login_attempts.client, a keyed digest); the links mailed to an address are counted (mailed_links).

Revision ID: f2b7c9d1e3a4
Revises: e4a1b2c3d4f5
Create Date: 2026-12-01 22:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2b7c9d1e3a4'
down_revision = 'e4a1b2c3d4f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client', sa.String(length=64), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_login_attempts_client'), ['client'], unique=False)

    op.create_table('mailed_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mailed_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailed_links_address'), ['address'], unique=False)


def downgrade():
    with op.batch_alter_table('mailed_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailed_links_address'))

    op.drop_table('mailed_links')

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_client'))
        batch_op.drop_column('client')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')

