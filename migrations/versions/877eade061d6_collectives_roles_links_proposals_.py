"""collectives, roles, links, proposals, presence

Revision ID: 877eade061d6
Revises: 8edf65cbe51c
Create Date: 2026-11-23 18:19:54.475810

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '877eade061d6'
down_revision = '8edf65cbe51c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('member_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collective_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['collective_id'], ['collectives.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('member_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_invites_collective_id'), ['collective_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collective_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['collective_id'], ['collectives.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('collective_id', 'user_id', name='uq_memberships_collective_user')
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('contribution_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('moderated', sa.Boolean(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('contribution_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_links_map_id'), ['map_id'], unique=False)

    op.create_table('presences',
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('visitor', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('map_id', 'visitor')
    )
    with op.batch_alter_table('presences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presences_seen_at'), ['seen_at'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('geometry', sa.JSON(), nullable=False),
    sa.Column('author', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('feature_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], ),
    sa.ForeignKeyConstraint(['feature_id'], ['features.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['link_id'], ['contribution_links.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_map_id'), ['map_id'], unique=False)

    # A plain ADD COLUMN with its foreign key inline on SQLite: rebuilding `maps` (Alembic's batch mode)
    # would break the tables that reference it.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE maps ADD COLUMN collective_id INTEGER "
                   "REFERENCES collectives (id)")
    else:
        op.add_column('maps', sa.Column('collective_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_maps_collective_id', 'maps', 'collectives', ['collective_id'], ['id'])
    op.add_column('maps', sa.Column('visibility', sa.String(length=8), server_default='private', nullable=False))
    op.add_column('maps', sa.Column('share_token', sa.String(length=32), nullable=True))
    op.create_index('ix_maps_collective_id', 'maps', ['collective_id'], unique=False)
    # Maps made before collectives were open to everyone: they stay listed rather than vanish.
    op.execute("UPDATE maps SET visibility = 'public'")


def downgrade():
    op.drop_index('ix_maps_collective_id', table_name='maps')
    with op.batch_alter_table('maps', schema=None) as batch_op:
        batch_op.drop_column('share_token')
        batch_op.drop_column('visibility')
        batch_op.drop_column('collective_id')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_map_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('presences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presences_seen_at'))

    op.drop_table('presences')
    with op.batch_alter_table('contribution_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_links_map_id'))

    op.drop_table('contribution_links')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_collective_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('member_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_invites_collective_id'))

    op.drop_table('member_invites')
    op.drop_table('collectives')
