"""comments: their writer (an account, or a resident's key digest) and the history entry that keeps them

A comment can be deleted by whoever wrote it and by those who edit the map; deleting it erases its text and its
writer's name, from its row and from its history entry (comments.revision_id). Comments made before keep no writer
(only editors delete them); their history entry is found by item, author and text.

Revision ID: e8b4d2f6a1c3
Revises: d7c3e1f5a9b2
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e8b4d2f6a1c3'
down_revision = 'd7c3e1f5a9b2'
branch_labels = None
depends_on = None

FOREIGN_KEYS = (("user_id", "users"), ("revision_id", "revisions"))


def upgrade():
    # Alembic's batch mode: on SQLite `comments` is rebuilt (no geometry in it, no table refers to it), so that its
    # new foreign keys are declared as the models say, with their ON DELETE.
    with op.batch_alter_table('comments', schema=None) as batch_op:
        for column, table in FOREIGN_KEYS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f'fk_comments_{column}', table, [column], ['id'], ondelete='SET NULL')
        batch_op.add_column(sa.Column('contributor', sa.String(length=64), nullable=True))
    _link_comments_to_their_history()


def _link_comments_to_their_history():
    """Each comment made before gets the « commented » entry of its item with its author and text, oldest first."""
    comments = sa.table('comments', sa.column('id'), sa.column('feature_id'), sa.column('body'), sa.column('author'),
                        sa.column('revision_id'))
    revisions = sa.table('revisions', sa.column('id'), sa.column('feature_id'), sa.column('action'),
                         sa.column('author'), sa.column('after', sa.JSON))
    bind = op.get_bind()
    unclaimed = {}
    entries = sa.select(revisions.c.id, revisions.c.feature_id, revisions.c.author, revisions.c.after).where(
        revisions.c.action == 'commented').order_by(revisions.c.id)
    for revision_id, feature_id, author, after in bind.execute(entries):
        unclaimed.setdefault((feature_id, author, (after or {}).get('comment')), []).append(revision_id)
    rows = sa.select(comments.c.id, comments.c.feature_id, comments.c.author, comments.c.body).order_by(comments.c.id)
    for comment_id, feature_id, author, body in bind.execute(rows).all():
        found = unclaimed.get((feature_id, author, body))
        if found:
            bind.execute(sa.update(comments).where(comments.c.id == comment_id).values(revision_id=found.pop(0)))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('contributor')
        for column, _table in reversed(FOREIGN_KEYS):
            batch_op.drop_constraint(f'fk_comments_{column}', type_='foreignkey')
            batch_op.drop_column(column)
