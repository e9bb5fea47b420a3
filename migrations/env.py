"""Alembic environment: one migration tree for SpatiaLite and PostGIS, through geoalchemy2's helpers."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers

config = context.config
# The app's loggers stay on: a migration run inside a running app (the tests' check()) must not silence them.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

# SpatiaLite 5's own tables, which geoalchemy2's helper does not know and autogenerate would drop.
SPATIALITE_INTERNALS = {"SpatialIndex", "data_licenses", "KNN", "KNN2", "ElementaryGeometries",
                        "sql_statements_log"}


def engine():
    return current_app.extensions["migrate"].db.engine


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table" and (name in SPATIALITE_INTERNALS or name.startswith("idx_")):
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def process_revision_directives(context_, revision, directives):
    """No schema change, no revision file; then geoalchemy2's rewriter for spatial operations."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")
        return
    alembic_helpers.writer.process_revision_directives(context_, revision, directives)


config.set_main_option("sqlalchemy.url", engine().url.render_as_string(hide_password=False).replace("%", "%%"))
metadata = current_app.extensions["migrate"].db.metadata


def run_migrations_online():
    with engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            include_object=include_object,
            process_revision_directives=process_revision_directives,
            render_item=alembic_helpers.render_item,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
