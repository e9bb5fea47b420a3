"""The layer's answers kept by ETag, and each item's kept layer text: after every kind of change the next read is
what a fresh computation gives, a repeated read of an unchanged view asks the database for no item, the gzipped
answer is sent as kept, and a cache filled by one reader never opens the map to another who may not read it."""
import gzip
import json

import pytest
from shapely.geometry import LineString, Point
from sqlalchemy import event, select

from app.backups import archive
from app.extensions import db
from app.formats.geojson import collection, layer_feature, layer_text
from app.models import Action, Feature, Map
from tests.support.author import AUTHOR

VIEW = "2.80,50.40,3.00,50.50"
BENCH = Point(2.89, 50.44)


def url(map_, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/cartes/{map_.id}/elements.geojson" + (f"?{query}" if query else "")


def fresh(map_id):
    """The layer of the whole map made from the items' columns alone, as the one producer makes it."""
    db.session.expire_all()
    features = Feature.listed(map_id)[0]
    return {f.id: json.loads(layer_feature(f.id, layer_text(f.shape, f.number, f.title, f.category_id, f.label_lon,
                                                                f.label_lat, f.kind)))
            for f in features}


def served(client, map_):
    response = client.get(url(map_))
    assert response.status_code == 200
    return {f["id"]: f for f in response.get_json()["features"]}, response.headers["ETag"]


def add(map_, title="Banc", shape=BENCH, category=None):
    feature = Feature.create(map_, category or map_.categories[0], title, "", shape, author=AUTHOR)
    db.session.commit()
    return feature


def rename(feature):
    feature.edit(feature.category, "Nouveau nom", feature.description, author=AUTHOR)


def reshape(feature):
    feature.edit(feature.category, feature.title, feature.description, LineString([(2.89, 50.44), (2.895, 50.445)]),
                 author=AUTHOR)


def recategorise(feature):
    feature.edit(feature.map.categories[1], feature.title, feature.description, author=AUTHOR)


def delete(feature):
    feature.soft_delete(author=AUTHOR)


def delete_and_restore(feature):
    feature.soft_delete(author=AUTHOR)
    db.session.commit()
    feature.restore(author=AUTHOR)


def revert(feature):
    before = feature.snapshot()
    rename(feature)
    db.session.commit()
    feature.revert_to(before, author=AUTHOR)


def move_its_category(feature):
    """The legend entry removed, its items moved to another: a change made through the relationship."""
    feature.category.remove(move_to=feature.map.categories[2], author=AUTHOR)


@pytest.mark.parametrize("change", [rename, reshape, recategorise, delete, delete_and_restore, revert,
                                    move_its_category])
def test_after_each_change_the_next_read_is_a_fresh_computation(client, empty_map, change):
    feature = add(empty_map)
    other = add(empty_map, "Arbre", Point(2.891, 50.441), empty_map.categories[3])  # untouched by each change
    before, etag = served(client, empty_map)
    assert before == fresh(empty_map.id)
    change(db.session.get(Feature, feature.id))
    db.session.commit()
    after, new_etag = served(client, empty_map)
    assert after == fresh(empty_map.id)
    assert (after == before) == (change in (delete_and_restore, revert))  # those two come back to the start
    assert after[other.id] == before[other.id]
    assert new_etag != etag
    assert client.get(url(empty_map), headers={"If-None-Match": etag}).status_code == 200
    assert client.get(url(empty_map), headers={"If-None-Match": new_etag}).status_code == 304


def test_a_new_item_is_in_the_next_read(client, empty_map):
    add(empty_map)
    served(client, empty_map)
    add(empty_map, "Arbre", Point(2.891, 50.441))
    assert served(client, empty_map)[0] == fresh(empty_map.id) and len(fresh(empty_map.id)) == 2


def test_every_item_keeps_its_layer_text_in_its_row(empty_map):
    feature = add(empty_map, 'Le « jardin » "partagé"', LineString([(2.89, 50.44), (2.8912345678, 50.4412345678)]))
    kept = db.session.scalar(select(Feature.layer_geojson).where(Feature.id == feature.id))
    assert kept == layer_text(feature.shape, feature.number, feature.title, feature.category_id, feature.label_lon,
                              feature.label_lat, feature.kind)
    assert json.loads(layer_feature(feature.id, kept))["geometry"]["coordinates"][1] == [2.8912346, 50.4412346]


def test_a_repeated_view_asks_the_database_for_no_item(client, empty_map):
    add(empty_map)
    first = client.get(url(empty_map, bbox=VIEW)).get_data()
    statements = []

    def seen(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        again = client.get(url(empty_map, bbox=VIEW)).get_data()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert again == first
    assert not [s for s in statements if "FROM features" in s]


def test_the_answer_is_gzipped_once_for_a_browser_that_takes_gzip(client, empty_map):
    for i in range(30):
        add(empty_map, f"Banc {i}", Point(2.89 + i * 1e-4, 50.44))
    plain = client.get(url(empty_map)).get_data()
    for _ in range(2):  # made, then kept
        response = client.get(url(empty_map), headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
        assert gzip.decompress(response.get_data()) == plain
    assert client.get(url(empty_map)).get_data() == plain  # kept gzipped, sent plain to who takes no gzip


def test_clusters_are_kept_by_threshold_too(app, client, empty_map):
    for i in range(12):
        add(empty_map, f"Banc {i}", Point(2.89 + i * 1e-5, 50.44))
    whole = client.get(url(empty_map)).get_json()
    app.config["CLUSTER_THRESHOLD"] = 10
    try:
        clustered = client.get(url(empty_map)).get_json()
        assert client.get(url(empty_map)).get_json() == clustered
    finally:
        app.config["CLUSTER_THRESHOLD"] = 12000
    assert len(whole["features"]) == 12
    assert all("cluster" in f["properties"] for f in clustered["features"])


def test_a_reader_who_may_not_read_never_gets_a_kept_answer(client, anonymous, empty_map):
    feature = add(empty_map)
    action = Action.add(empty_map, kind="jardin", title="Végétaliser la cour")
    action.features.append(feature)
    db.session.commit()
    assert client.get(url(empty_map)).status_code == 200
    assert anonymous.get(url(empty_map)).status_code in (403, 404)  # a private map
    assert client.get(url(empty_map, action=action.id)).get_json()["features"][0]["id"] == feature.id
    db.session.get(Map, empty_map.id).visibility = "public"
    db.session.commit()
    assert anonymous.get(url(empty_map, action=action.id)).status_code == 403  # the project is the members'


def test_the_change_feed_and_the_panel_say_what_the_layer_says(client, empty_map):
    feature = add(empty_map, "Banc", LineString([(2.89, 50.44), (2.8912345678, 50.4412345678)]))
    layer = client.get(url(empty_map)).get_data(as_text=True)
    feed = client.get(f"/cartes/{empty_map.id}/changements?depuis=0").get_data(as_text=True)
    text = db.session.get(Feature, feature.id).as_geojson()
    assert layer == collection([text])
    assert text in feed


def test_a_restored_backup_draws_its_items_with_its_own_categories(client, collective, empty_map):
    add(empty_map, "Banc", category=empty_map.categories[1])
    restored = archive.restore(archive.backup(empty_map), collective)
    db.session.commit()
    layer, _etag = served(client, restored)
    assert layer == fresh(restored.id)
    assert {f["properties"]["category"] for f in layer.values()} == {restored.categories[1].id}
