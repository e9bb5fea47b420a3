"""Public maps' layer answers left as files for nginx (app/published.py): only what anyone may read, named by the
query string as sent, never of a revision but the current one (a save withdraws them and publishes again those it
made), and gone when the map is made private or deleted. nginx's side is tested in tests/deploy/test_production.py."""
import gzip
from types import SimpleNamespace

import pytest
from shapely.geometry import Point

from app import published
from app.extensions import db
from app.maps.deleting import delete_map
from app.models import Action, Feature
from tests.conftest import csrf_of
from tests.features.test_shared_answers import member_of, rebuilt, rename_through, url
from tests.support.author import AUTHOR

VIEW = "bbox=2.88000%2C50.43000%2C2.91000%2C50.45000&zoom=17"  # as layer.js asks: URLSearchParams escapes commas


@pytest.fixture
def folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLISHED_DIR", str(tmp_path))  # before `other_worker`, which takes it
    return tmp_path


@pytest.fixture
def public_map(empty_map):
    empty_map.visibility = "public"
    for i in range(6):
        Feature.create(empty_map, empty_map.categories[0], f"Banc {i}", "", Point(2.89 + i * 1e-3, 50.44),
                       author=AUTHOR)
    db.session.commit()
    return empty_map


def read(client, map_, query=""):
    response = client.get(f"{url(map_)}?{query}" if query else url(map_), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    return response.get_data()


def files(folder, map_):
    return {path.name: path.read_bytes() for path in (folder / str(map_.id)).glob("*")}


def test_a_public_maps_views_are_left_under_their_query_as_the_app_sent_them(folder, anonymous, client, public_map):
    whole, view = read(anonymous, public_map), read(client, public_map, VIEW)  # a member reads what anyone does
    assert files(folder, public_map) == {"q.gz": whole, f"q{VIEW}.gz": view}
    assert b"Banc 3" in gzip.decompress(whole)


def test_what_not_anyone_may_read_or_no_file_may_be_named_after_is_never_left(folder, anonymous, client, public_map,
                                                                              demo_map):
    for visibility in ("private", "link"):  # its members only; anyone with its secret link
        demo_map.visibility = visibility
        db.session.commit()
        read(client, demo_map)
    action = Action.add(public_map, kind="ressources", title="Outilthèque")
    db.session.commit()
    read(client, public_map, f"action={action.id}")  # the project's own: its members only
    read(anonymous, public_map, "categories=&zoom=16&x=a+b")
    read(anonymous, public_map, "zoom=16&x=a/b")
    assert not (folder / str(demo_map.id)).exists()
    assert files(folder, public_map) == {}


def test_a_save_withdraws_the_maps_files_and_leaves_again_those_it_made(folder, app, other_worker, anonymous, owner,
                                                                         public_map):
    read(anonymous, public_map)
    read(anonymous, public_map, VIEW)
    stale = folder / str(public_map.id) / "qzoom=3.gz"
    stale.write_bytes(b"an answer of the revision before")  # a view nobody read lately: the save prepares none
    rename_through(member_of(other_worker, owner.id), public_map, Feature.listed(public_map.id)[0][0], "Banc repeint")
    left = files(folder, public_map)
    assert set(left) == {"q.gz", f"q{VIEW}.gz"}  # made by the save, before any reader
    assert all(b"Banc repeint" in gzip.decompress(body) for body in left.values())
    assert left["q.gz"] == rebuilt(app, anonymous, public_map)


def test_an_answer_of_a_revision_or_visibility_no_longer_current_is_removed_once_left(folder, public_map):
    current = SimpleNamespace(id=public_map.id, revision=public_map.revision, visibility="public")
    older = SimpleNamespace(id=public_map.id, revision=public_map.revision - 1, visibility="public")
    published.publish(older, b"zoom=15", b"older")  # a reader that loaded the map before a save committed
    published.publish(current, b"zoom=16", b"current")
    assert files(folder, public_map) == {"qzoom=16.gz": b"current"}
    public_map.visibility = "private"  # committed after the reader loaded the map, before it left its file
    db.session.commit()
    published.publish(current, b"zoom=17", b"current")
    assert files(folder, public_map) == {"qzoom=16.gz": b"current"}


def test_a_map_made_private_or_deleted_takes_its_files(folder, anonymous, client, public_map):
    read(anonymous, public_map)
    made_private = client.post(f"/cartes/{public_map.id}/partage", headers={"HX-Request": "true"}, data={
        "csrf_token": csrf_of(client), "visibility": "private"})
    assert made_private.status_code == 200
    assert files(folder, public_map) == {}
    assert anonymous.get(url(public_map)).status_code == 404
    public_map.visibility = "public"
    db.session.commit()
    read(anonymous, public_map)
    map_id = public_map.id
    assert files(folder, public_map)
    delete_map(public_map)
    assert not list((folder / str(map_id)).glob("*"))


def test_no_folder_set_leaves_no_file(app, anonymous, public_map):
    assert app.config["PUBLISHED_DIR"] == ""  # `make run`, with no nginx in front
    read(anonymous, public_map)
    assert published.withdraw(public_map.id) == []
