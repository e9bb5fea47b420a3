"""revisions and photos: the account that signed them

So that an account's entries and photos are found whatever name it displays later, for its export and its
deletion (app/people/traces.py). Rows made before know no account: they are found by name.

Revision ID: f4c6e8a0b2d5
Revises: f6a2c8d4e1b7
Create Date: 2026-12-03 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f4c6e8a0b2d5'
down_revision = 'f6a2c8d4e1b7'
branch_labels = None
depends_on = None

TABLES = ("revisions", "photos")
comments = sa.table('comments', sa.column('id'), sa.column('revision_id'))


def upgrade():
    with _comments_kept_on_their_history():
        for table in TABLES:
            # Alembic's batch mode: on SQLite the table is rebuilt, so that the key is declared with its ON DELETE.
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
                batch_op.create_foreign_key(f'fk_{table}_user_id', 'users', ['user_id'], ['id'], ondelete='SET NULL')
                batch_op.create_index(f'ix_{table}_user_id', ['user_id'], unique=False)


def downgrade():
    with _comments_kept_on_their_history():
        for table in TABLES:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_index(f'ix_{table}_user_id')
                batch_op.drop_constraint(f'fk_{table}_user_id', type_='foreignkey')
                batch_op.drop_column('user_id')


class _comments_kept_on_their_history:  # noqa: N801 - used as a `with` block
    """SQLite rebuilds `revisions` by dropping it, which sets every `comments.revision_id` NULL (their key's ON DELETE
    fires on DROP TABLE): the links are read before and written back after."""

    def __enter__(self):
        bind = op.get_bind()
        self.links = bind.execute(sa.select(comments.c.id, comments.c.revision_id)
                                  .where(comments.c.revision_id.is_not(None))).all() \
            if bind.dialect.name == "sqlite" else []

    def __exit__(self, *exception):
        for comment_id, revision_id in self.links if exception == (None, None, None) else ():
            op.get_bind().execute(sa.update(comments).where(comments.c.id == comment_id)
                                  .values(revision_id=revision_id))
