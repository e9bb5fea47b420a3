"""A save takes the database's write lock at its first write and keeps it only until its commit, on both databases."""
import threading

from shapely.geometry import Point
from sqlalchemy import create_engine, text

from app.database import engine_options
from app.extensions import db
from app.models import Feature, Map
from tests.support.author import AUTHOR
from tests.support.locks import map_writable


def test_the_write_lock_is_taken_by_the_first_write_and_given_back_by_the_commit(demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    assert map_writable(demo_map.id)  # reading took nothing
    feature.edit(feature.category, "Renommé", feature.description, author=AUTHOR)
    assert not map_writable(demo_map.id)
    db.session.commit()
    assert map_writable(demo_map.id)


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
