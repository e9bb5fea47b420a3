"""Engine options for SpatiaLite and PostGIS, and the few places where the two differ."""
import importlib
import os
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

# The largest value of an `integer` column on PostgreSQL (every id) and of a `bigint`; SQLite's are wider, so these
# bound what either database may be handed.
INTEGER_MAX, BIGINT_MAX = 2 ** 31 - 1, 2 ** 63 - 1


def sqlite_module():
    """A DB-API sqlite module able to load extensions.

    Some Python builds (pyenv's among them) compile sqlite3 without extension loading;
    pysqlite3-binary ships one that can, so the app works whichever Python made the virtualenv.
    """
    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return sqlite3
    return importlib.import_module("pysqlite3.dbapi2")


def engine_options(database_url):
    """SQLAlchemy engine options for the database the URL names."""
    options = {"plugins": ["geoalchemy2"]}
    if database_url.startswith("sqlite"):
        os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
        options["module"] = sqlite_module()
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        options["pool_pre_ping"] = True
    return options


def is_spatialite(engine):
    """True when the engine talks to SQLite + SpatiaLite rather than PostGIS."""
    return engine.dialect.name == "sqlite"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers go on while one writer saves; foreign keys are off by default in SQLite."""
    if type(dbapi_connection).__module__.split(".")[0] not in ("sqlite3", "pysqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
