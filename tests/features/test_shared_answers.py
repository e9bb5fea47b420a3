"""The layer's answers shared by the workers of a host (app/shared_answers.py): a save made in one worker prepares
the views read lately, and a read in another worker sends that answer as it is, the bytes a full rebuild gives,
without asking the database for any item; rights are checked before any file is opened; a torn or older file is
never sent for the current revision; a deleted map's files go with it, and unread ones go with `flask expirer`."""
import gzip
import os
import shutil
import time

import pytest
from shapely.geometry import Point
from sqlalchemy import event

from app import expiry, shared_answers
from app.answers import EXTENSION
from app.extensions import db
from app.maps.deleting import delete_map
from app.models import Feature, Map
from tests.conftest import csrf_of, log_in
from tests.support.author import AUTHOR

HX = {"HX-Request": "true"}


@pytest.fixture
def items(empty_map):
    features = [Feature.create(empty_map, empty_map.categories[i % 2], f"Banc {i}", "", Point(2.89 + i * 1e-3, 50.44),
                               author=AUTHOR) for i in range(12)]
    db.session.commit()
    return features


def url(map_):
    return f"/cartes/{map_.id}/elements.geojson"


def layer(client, map_):
    """The whole map's layer as a browser that takes gzip gets it: the bytes sent."""
    response = client.get(url(map_), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    return response.get_data()


def member_of(worker, user_id):
    client = worker.test_client()
    log_in(client, user_id)
    return client


def rename_through(client, map_, feature, title):
    """The panel's form sent to that worker, as an editor saves it."""
    response = client.post(f"/cartes/{map_.id}/elements/{feature.id}", headers=HX, data={
        "csrf_token": csrf_of(client), "category": feature.category_id, "title": title, "description": "",
        "geometry": "", "version": feature.version})
    assert response.status_code == 200


def files_of(app, map_):
    return sorted(shared_answers.folder(map_.id, map_.created_at).glob("*"))


def rebuilt(app, client, map_):
    """The same read with nothing kept anywhere: made from the database alone."""
    app.extensions.pop(EXTENSION, None)
    shutil.rmtree(app.config["ANSWER_DIR"])
    return layer(client, map_)


def items_asked(read):
    """The statements that read items while `read()` runs."""
    statements = []

    def seen(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return [s for s in statements if "FROM features" in s]


def test_a_save_in_one_worker_is_read_from_another_as_a_full_rebuild_gives_it(app, client, other_worker, owner,
                                                                               empty_map, items):
    before = layer(client, empty_map)  # read in this worker: kept in its memory and in the shared file
    rename_through(member_of(other_worker, owner.id), empty_map, items[5], "Banc repeint")
    [path] = files_of(app, empty_map)
    db.session.expire_all()
    revision = db.session.get(Map, empty_map.id).revision
    assert shared_answers.read(path).header["revision"] == revision  # prepared by the save, before any read

    after = []
    assert items_asked(lambda: after.append(layer(client, empty_map))) == []  # sent as the save made it
    assert b"Banc repeint" in gzip.decompress(after[0]) and b"Banc repeint" not in gzip.decompress(before)
    assert after[0] == rebuilt(app, client, empty_map)


def test_a_worker_that_never_read_the_view_sends_the_shared_answer(app, client, other_worker, owner, empty_map, items):
    made = layer(client, empty_map)
    reader = member_of(other_worker, owner.id)
    sent = []
    with other_worker.app_context():  # its engine, whose statements are watched
        assert items_asked(lambda: sent.append(layer(reader, empty_map))) == []
    assert sent == [made]


def test_a_change_no_write_prepared_is_made_by_its_reader_from_the_older_file(app, client, other_worker, owner,
                                                                              empty_map, items):
    layer(client, empty_map)
    # Saved in this test's own context, which ends only after the test: nothing is prepared, the file is older.
    items[3].edit(items[3].category, "Banc déplacé", "", author=AUTHOR)
    db.session.commit()
    reader = member_of(other_worker, owner.id)
    read = layer(reader, empty_map)
    assert b"Banc d\xc3\xa9plac\xc3\xa9" in gzip.decompress(read)
    assert read == rebuilt(app, client, empty_map)


def test_a_torn_file_is_never_sent(app, client, other_worker, owner, empty_map, items):
    whole = layer(client, empty_map)
    [path] = files_of(app, empty_map)
    path.write_bytes(path.read_bytes()[:-40])  # as if cut short: its header says more bytes than it holds
    assert layer(member_of(other_worker, owner.id), empty_map) == whole


def test_a_reader_who_may_not_read_the_map_gets_no_shared_answer(app, client, other_worker, empty_map, items):
    layer(client, empty_map)
    assert files_of(app, empty_map)
    anonymous = other_worker.test_client()
    response = anonymous.get(url(empty_map), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 404 and b"Banc" not in response.get_data()  # a private map


def test_a_save_on_a_map_nobody_reads_prepares_nothing(app, other_worker, owner, empty_map, items):
    rename_through(member_of(other_worker, owner.id), empty_map, items[0], "Banc neuf")
    assert files_of(app, empty_map) == []


def test_a_deleted_map_takes_its_shared_answers(app, client, empty_map, items):
    layer(client, empty_map)
    folder = shared_answers.folder(empty_map.id, empty_map.created_at)
    assert folder.is_dir()
    delete_map(empty_map)
    assert not folder.exists()


def test_answers_nobody_read_for_a_day_go_with_the_daily_clean_up(app, client, empty_map, items):
    layer(client, empty_map)
    assert client.get(url(empty_map) + "?bbox=2.80,50.40,3.00,50.50").status_code == 200
    unread, read = files_of(app, empty_map)
    a_day_ago = time.time() - shared_answers.KEPT_FOR - 60
    os.utime(unread, (a_day_ago, a_day_ago))
    assert expiry.expire_all()["Réponses de la couche non lues"] == 1
    assert files_of(app, empty_map) == [read]


def test_a_map_keeps_the_views_read_last_and_no_more(app, client, empty_map, items, monkeypatch):
    monkeypatch.setattr(shared_answers, "FILES_PER_MAP", 3)
    views = [f"?bbox=2.80,50.40,{3 + i / 100:.2f},50.50" for i in range(4)]
    for view in views:
        assert client.get(url(empty_map) + view).status_code == 200
    assert len(files_of(app, empty_map)) == 3
    assert client.get(url(empty_map) + views[0]).get_json()["features"]  # pushed out, made again: still right
