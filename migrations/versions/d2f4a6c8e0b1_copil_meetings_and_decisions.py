"""COPIL meetings and their decisions

A meeting of the comité de pilotage: its date, its attendees and the COPIL report frozen as it stood that day; each
decision with its owner, its due date and the action it became or updated. Nothing stored before changes.

Revision ID: d2f4a6c8e0b1
Revises: b5d7e9f1a3c6
Create Date: 2026-12-04 02:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2f4a6c8e0b1'
down_revision = 'b5d7e9f1a3c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'copil_meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('map_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('attendees', sa.Text(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['map_id'], ['maps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_copil_meetings_map_id', 'copil_meetings', ['map_id'])
    op.create_table(
        'copil_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('action_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=12), nullable=False),
        sa.Column('set_status', sa.String(length=12), nullable=True),
        sa.Column('set_ends_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['meeting_id'], ['copil_meetings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_copil_decisions_action_id', 'copil_decisions', ['action_id'])
    op.create_index('ix_copil_decisions_meeting_id', 'copil_decisions', ['meeting_id'])


def downgrade():
    op.drop_index('ix_copil_decisions_meeting_id', table_name='copil_decisions')
    op.drop_index('ix_copil_decisions_action_id', table_name='copil_decisions')
    op.drop_table('copil_decisions')
    op.drop_index('ix_copil_meetings_map_id', table_name='copil_meetings')
    op.drop_table('copil_meetings')
