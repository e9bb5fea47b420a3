"""Whether someone else could write a map at this moment: what a save holds while it writes, seen from outside."""
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.database import is_spatialite, sqlite_module
from app.extensions import db


def map_writable(map_id):
    """True when another connection could take the map's write lock at once: SQLite's one writer, PostgreSQL's lock
    on the map's row (which every change takes to advance its revision). It never waits."""
    if is_spatialite(db.engine):
        sqlite = sqlite_module()
        probe = sqlite.connect(db.engine.url.database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return True
        except sqlite.OperationalError:  # « database is locked »: a writer holds it
            return False
        finally:
            probe.close()
    with db.engine.connect() as connection:
        try:
            connection.execute(text("SELECT id FROM maps WHERE id = :id FOR UPDATE NOWAIT"), {"id": map_id})
            return True
        except OperationalError:  # LockNotAvailable: a transaction holds the row
            return False
        finally:
            connection.rollback()


def transaction_open():
    """Whether the test's session has a transaction open on its database: what a request holds (a snapshot, the
    locks of what it read) until its commit or rollback. Seen from the driver, which is what opens one."""
    driver = db.session.connection().connection.driver_connection
    if is_spatialite(db.engine):
        return driver.in_transaction
    return bool(driver.info.transaction_status)  # IDLE is 0: nothing begun
