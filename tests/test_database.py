"""A save takes the database's write lock at its first write and keeps it only until its commit, on both databases;
reads before it open no transaction."""
import threading

import pytest
from shapely.geometry import Point
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.pool import NullPool

from app.database import engine_options, is_spatialite
from app.extensions import db
from app.models import Feature, Map
from tests.support.author import AUTHOR
from tests.support.locks import map_writable, transaction_open


def test_the_write_lock_is_taken_by_the_first_write_and_given_back_by_the_commit(demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    assert map_writable(demo_map.id)  # reading took nothing
    feature.edit(feature.category, "Renommé", feature.description, author=AUTHOR)
    assert not map_writable(demo_map.id)
    db.session.commit()
    assert map_writable(demo_map.id)


def test_reads_open_no_transaction_and_the_first_write_opens_the_one_its_commit_ends(demo_map):
    """A request that only reads (a map's layer, a poll, a form) costs no BEGIN and no ROLLBACK on either database."""
    feature = Feature.listed(demo_map.id)[0][0]
    db.session.get(Map, demo_map.id)
    assert not transaction_open()
    feature.edit(feature.category, "Renommé", feature.description, author=AUTHOR)
    db.session.flush()
    assert transaction_open()
    db.session.commit()
    assert not transaction_open()
    assert db.session.get(Feature, feature.id).title == "Renommé"


def test_a_write_after_reads_is_undone_whole_by_a_rollback(demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    title, revision = feature.title, demo_map.revision
    feature.edit(feature.category, "Abandonné", feature.description, author=AUTHOR)
    db.session.flush()
    db.session.rollback()
    assert (db.session.get(Feature, feature.id).title, db.session.get(Map, demo_map.id).revision) == (title,
                                                                                                    revision)


def test_a_row_read_for_update_stays_locked_until_the_commit(demo_map):
    """A save that locks the rows it is about to remove (actions/saving.py, maps/deleting.py) holds them from that
    statement on: on PostgreSQL it opens the transaction, though it is a SELECT; SQLite's lock is its one write lock,
    taken by the first write."""
    db.session.execute(select(Map.id).where(Map.id == demo_map.id).with_for_update())
    assert map_writable(demo_map.id) == is_spatialite(db.engine)
    db.session.execute(update(Map).where(Map.id == demo_map.id).values(name=Map.name))
    assert not map_writable(demo_map.id)
    db.session.commit()
    assert map_writable(demo_map.id)


@pytest.mark.skipif("config.getoption('--db') == 'spatialite'", reason="SQLite has no server to end a connection")
def test_a_connection_its_server_ended_is_replaced_before_a_request_uses_it(client, demo_map):
    """A PostgreSQL restart, or an operator ending the app's sessions, leaves the pool's idle connections dead: the
    next request is answered on a new one, not with a 500."""
    map_id = demo_map.id
    db.session.execute(text("SELECT 1"))
    db.session.remove()  # the test's connection back in the pool, with whatever others the app had opened
    outside = create_engine(db.engine.url, poolclass=NullPool)
    try:
        with outside.connect() as connection:
            ended = connection.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )).scalar()
    finally:
        outside.dispose()
    assert ended >= 1
    response = client.get(f"/cartes/{map_id}/elements.geojson")
    assert response.status_code == 200
    assert response.get_json()["features"]


def test_a_save_whose_reads_came_before_another_s_commit_waits_its_turn_and_saves(app, empty_map):
    """One person's save reads the map, another's commits, then the first writes: not refused, nothing lost."""
    map_id, point = empty_map.id, Point(2.8935, 50.4434)
    read, committed, outcome = threading.Event(), threading.Event(), {}

    def reads_then_writes():
        with app.app_context():
            try:
                map_ = db.session.get(Map, map_id)
                category = map_.categories[0]
                read.set()
                committed.wait()
                Feature.create(map_, category, "Lu avant", "", point, author=AUTHOR)
                db.session.commit()
            except Exception as error:  # kept, so that the test shows it
                outcome["error"] = error
            finally:
                read.set()
                db.session.remove()

    def writes_between():
        read.wait()
        with app.app_context():
            try:
                map_ = db.session.get(Map, map_id)
                Feature.create(map_, map_.categories[0], "Écrit entre-temps", "", point, author=AUTHOR)
                db.session.commit()
            finally:
                committed.set()
                db.session.remove()

    threads = [threading.Thread(target=reads_then_writes), threading.Thread(target=writes_between)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "error" not in outcome, outcome
    db.session.expire_all()  # the test's own session read the map before both saves
    assert sorted((f.number, f.title) for f in Feature.listed(map_id)[0]) == [(1, "Écrit entre-temps"),
                                                                              (2, "Lu avant")]
    assert db.session.get(Map, map_id).revision == 2



def test_a_commit_on_sqlite_is_on_disk_before_it_is_answered(tmp_path):
    """synchronous=FULL: a change a person was told is saved survives a power cut, not only a crash of Voyette.
    Checked on a SpatiaLite file whichever database the tests run on (PostgreSQL's is a setting of its server)."""
    url = f"sqlite:///{tmp_path / 'voyette.db'}"
    engine = create_engine(url, **engine_options(url))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
