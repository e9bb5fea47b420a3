"""walk route breaks and accuracy

Where a walk's route was not recorded (the tablet's screen asleep): walks.route_breaks, [{after, from, until}];
the route's typical GPS accuracy: walks.route_accuracy_m.

Revision ID: a6c1d2e3f4b5
Revises: f2b7c9d1e3a4
Create Date: 2026-12-02 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a6c1d2e3f4b5'
down_revision = 'f2b7c9d1e3a4'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs: rebuilding `walks` (Alembic's batch mode on SQLite) would lose its SpatiaLite geometry.
    op.add_column('walks', sa.Column('route_breaks', sa.JSON(), nullable=True))
    op.add_column('walks', sa.Column('route_accuracy_m', sa.Float(), nullable=True))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE walks DROP COLUMN route_accuracy_m")
        op.execute("ALTER TABLE walks DROP COLUMN route_breaks")
    else:
        op.drop_column('walks', 'route_accuracy_m')
        op.drop_column('walks', 'route_breaks')
