"""The migration tree matches the models, on the database under test."""
from flask_migrate import check


def test_models_and_migrations_agree():
    # Raises (with the differences in its message) when a model changed without a migration.
    check()
