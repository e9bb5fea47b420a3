"""Engine options for SpatiaLite and PostGIS, the few places where the two differ, and how a save commits."""
import importlib
import json
import os
import re
import select as selecting
import sqlite3

from sqlalchemy import JSON, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

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
    return options


def is_spatialite(engine):
    """True when the engine talks to SQLite + SpatiaLite rather than PostGIS."""
    return engine.dialect.name == "sqlite"


# The statements that change rows: the driver's own rule for opening a transaction (pysqlite's), kept as is so that
# a SpatiaLite function called by SELECT in a migration runs as it always did.
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _is_sqlite(dbapi_connection):
    return type(dbapi_connection).__module__.split(".")[0] in ("sqlite3", "pysqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers go on while one writer saves; foreign keys are off by default in SQLite. The driver opens no
    transaction of its own (`isolation_level = None`): `_write_lock_at_first_write` does."""
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL, whatever the build's default: a commit waits for the disk (2 to 6 ms here, inside the write lock), so a
    # change a person was told is saved survives a power cut too. NORMAL would save that wait and lose, after a crash
    # of the machine, the commits since the last checkpoint.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "before_cursor_execute")
def _write_lock_at_first_write(connection, cursor, statement, parameters, context, executemany):
    """On SQLite, a transaction begins with BEGIN IMMEDIATE right before its first write, never earlier.

    SQLite lets one writer at a time hold the database. A request's reads (its loaders, its form's checks) run
    before, each on the latest committed state, and take no lock; the lock is taken, waiting its turn (busy_timeout),
    by the first statement that writes, and held until the commit. IMMEDIATE takes it in one step: a transaction
    that read first and asked to write later would be refused at once (SQLITE_BUSY_SNAPSHOT) whenever another
    writer had committed in between. PostgreSQL locks the rows a statement writes, by itself."""
    dbapi_connection = cursor.connection
    if _is_sqlite(dbapi_connection) and not dbapi_connection.in_transaction and WRITE.match(statement):
        cursor.execute("BEGIN IMMEDIATE")


# What a PostgreSQL statement that only reads looks like: a SELECT or SHOW that locks no row. Anything else (a
# write, a SAVEPOINT, a DDL statement, SELECT … FOR UPDATE) opens the transaction first.
READ = re.compile(r"\s*(SELECT|SHOW)\b(?!.*\bFOR\s+(UPDATE|NO\s+KEY\s+UPDATE|SHARE|KEY\s+SHARE)\b)",
                  re.IGNORECASE | re.DOTALL)


READS_FIRST = "voyette_reads_first"  # in a pooled connection's info: its session reads before it begins


def _is_psycopg(dbapi_connection):
    return type(dbapi_connection).__module__.split(".")[0] == "psycopg"


@event.listens_for(Session, "after_begin")
def _reads_before_the_first_write(session, transaction, connection):
    """On PostgreSQL, a request's reads run outside any transaction, as on SQLite, each on the latest committed state
    (what READ COMMITTED gives each statement anyway): a request that only reads (a map's layer, a poll, a form)
    then costs no BEGIN and no ROLLBACK, two of its few round trips to the server. Its first write opens the
    transaction (`_transaction_at_first_write`), which commits or rolls back as before. Only the session's
    connections: a migration's run on its own, in one transaction from its first statement."""
    dbapi_connection = connection.connection.driver_connection
    if _is_psycopg(dbapi_connection) and not dbapi_connection.autocommit and \
            not dbapi_connection.info.transaction_status:  # idle: nothing begun
        dbapi_connection.autocommit = True
        connection.connection.info[READS_FIRST] = True


@event.listens_for(Pool, "checkin")
def _back_in_a_transaction_of_its_own(dbapi_connection, connection_record):
    """Whoever takes the connection next begins its transaction from its first statement, unless it is a session
    (`_reads_before_the_first_write`). The pool has rolled back whatever was begun."""
    if connection_record.info.pop(READS_FIRST, False) and dbapi_connection is not None:
        dbapi_connection.autocommit = False


def begin_before_writing(connection):
    """Open the transaction of a session's connection that has only read so far (a PostgreSQL one, see
    `_reads_before_the_first_write`), before a write that goes around SQLAlchemy's execution (COPY)."""
    if connection.connection.info.get(READS_FIRST) and \
            not connection.connection.driver_connection.info.transaction_status:
        connection.connection.driver_connection.execute("BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def _transaction_at_first_write(connection, cursor, statement, parameters, context, executemany):
    """On PostgreSQL, the transaction of a session that has only read begins right before its first statement
    that does more than read: the rows it writes or locks stay so until the commit, as they always did."""
    if not READ.match(statement):
        begin_before_writing(connection)


@event.listens_for(Pool, "checkout")
def _alive(dbapi_connection, connection_record, connection_proxy):
    """A PostgreSQL connection taken from the pool still has its server, known without a round trip: a server that
    ended it (a restart, a terminated backend) wrote its farewell and closed the socket, which then reads as ready,
    while an idle connection's socket has nothing to read (the app listens to no notification). Such a connection
    is replaced by a new one, and the request goes on rather than failing on a dead one."""
    if _is_psycopg(dbapi_connection) and (
            dbapi_connection.closed or selecting.select([dbapi_connection.fileno()], [], [], 0)[0]):
        raise exc.DisconnectionError("the server ended this connection")


def commit_keeping_loaded(session):
    """Commit, leaving the rows the request loaded as they are rather than expiring them: the answer to a save shows
    what this request just wrote (the item saved, its category, its map), which a plain commit would have read again,
    one query per row. For a save whose answer shows its own rows; `session` is the Session itself (`db.session()`).
    What the database computes is expired by whoever asks it (`Map.bump_revision`)."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def insert_rows(connection, table, rows):
    """Insert these rows (dicts with the same keys) into the table in one go, on the session's connection and in its
    transaction: COPY on PostgreSQL, where even a pipelined executemany is one INSERT per row for the server (20,000
    items and their history entries: seconds of an import), an executemany on SQLite, whose inserts cost no round
    trip. The rows are written as they are given: no column default nor ORM hook is applied."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    begin_before_writing(connection)
    names = list(rows[0])
    serialize = connection.dialect._json_serializer or json.dumps  # what SQLAlchemy's JSON type binds
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
    columns = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    table_name = connection.dialect.identifier_preparer.format_table(table)
    with connection.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f"COPY {table_name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            # A geometry is given as EWKT text, which PostGIS reads in COPY's text format as in an INSERT.
            copy.write_row([serialize(row[name]) if name in as_json and row[name] is not None else row[name]
                            for name in names])
