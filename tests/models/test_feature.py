"""Features: numbering, soft deletion, the view queries, the version."""
import json
import threading

import pytest
from shapely.geometry import LineString, Point, box
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Category, Feature, Map
from tests.support.author import AUTHOR


def add(map_, shape=None, title="Un élément"):
    feature = Feature.create(map_, map_.categories[0], title, "", shape or Point(2.8935, 50.4434), author=AUTHOR)
    db.session.commit()
    return feature


def test_numbers_follow_each_other_and_are_never_reused(empty_map):
    first, second, third = add(empty_map), add(empty_map), add(empty_map)
    assert [first.number, second.number, third.number] == [1, 2, 3]
    second.soft_delete(author=AUTHOR)
    db.session.commit()
    assert add(empty_map).number == 4  # the gap left by 02 stays: a printed legend keeps meaning the same


def test_numbers_are_per_map(empty_map):
    other = Map(name="Autre", commune="")
    other.categories.append(Category(label="Tout", colour="#123456"))
    db.session.add(other)
    db.session.commit()
    add(empty_map)
    assert add(other).number == 1


def test_concurrent_creations_get_distinct_numbers(app, empty_map):
    map_id, count = empty_map.id, 8
    # A thread that fails before the start breaks the barrier: the test fails instead of waiting for ever.
    start = threading.Barrier(count, timeout=120)
    errors = []

    def create():
        with app.app_context():
            try:
                map_ = db.session.get(Map, map_id)
                category = map_.categories[0]
                start.wait()
                Feature.create(map_, category, "En même temps", "", Point(2.89, 50.44), author=AUTHOR)
                db.session.commit()
            except Exception as error:  # collected so the test shows it
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=create) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = db.session.scalars(select(Feature.number).where(Feature.map_id == map_id)).all()
    assert sorted(numbers) == list(range(1, count + 1))


def in_view(map_, bbox=None, category_ids=None):
    """The layer's features in that view, decoded (by blocks of 2 numbers: every block size joins the same texts)."""
    return json.loads("[" + ",".join(Feature.layer_blocks_in_view(map_, bbox, category_ids, None, 2).values()) + "]")


def test_soft_delete_hides_and_restore_brings_back_with_its_number(empty_map):
    feature = add(empty_map)
    feature.soft_delete(author=AUTHOR)
    db.session.commit()
    assert Feature.listed(empty_map.id)[1] == 0
    assert Feature.listed(empty_map.id, deleted=True)[0] == [feature]
    assert in_view(empty_map) == []
    feature.restore(author=AUTHOR)
    db.session.commit()
    assert Feature.listed(empty_map.id)[0] == [feature] and feature.number == 1


def test_every_change_advances_the_map_revision(empty_map):
    before = empty_map.revision
    feature = add(empty_map)
    feature.edit(feature.category, "Nouveau titre", "", author=AUTHOR)
    feature.soft_delete(author=AUTHOR)
    feature.restore(author=AUTHOR)
    db.session.commit()
    assert db.session.get(Map, empty_map.id).revision == before + 4


def test_view_query_keeps_only_what_touches_the_box(empty_map):
    inside = add(empty_map, Point(2.8935, 50.4434), "dedans")
    add(empty_map, Point(3.2, 50.6), "dehors")
    crossing = add(empty_map, LineString([(2.85, 50.40), (2.95, 50.40)]), "traverse")
    view = (2.88, 50.39, 2.90, 50.45)
    assert sorted(f["id"] for f in in_view(empty_map, view)) == sorted([inside.id, crossing.id])
    assert in_view(empty_map, view, category_ids=[]) == []
    assert Feature.more_in_view_than(empty_map, view, None, 1)
    assert not Feature.more_in_view_than(empty_map, view, None, 2)


def test_view_query_is_the_same_through_the_spatial_index_and_by_scanning(empty_map, monkeypatch):
    from app.models import feature as feature_module
    for i in range(12):
        add(empty_map, Point(2.88 + i * 0.002, 50.44), f"p{i}")
    add(empty_map, LineString([(2.85, 50.43), (2.95, 50.45)]), "long")
    view = (2.885, 50.435, 2.895, 50.445)
    scanned = sorted(f["id"] for f in in_view(empty_map, view))
    monkeypatch.setattr(feature_module, "SPATIALITE_SCAN_UP_TO", 0)  # large-map path: the R*Tree on SpatiaLite
    assert sorted(f["id"] for f in in_view(empty_map, view)) == scanned
    assert len(scanned) == 6


def test_view_query_filters_by_category(empty_map):
    first, second = empty_map.categories[0], empty_map.categories[1]
    Feature.create(empty_map, first, "a", "", Point(2.89, 50.44), author=AUTHOR)
    Feature.create(empty_map, second, "b", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    assert [f["properties"]["title"] for f in in_view(empty_map, (2.8, 50.4, 3.0, 50.5), [second.id])] == ["b"]


def test_clusters_count_every_feature_in_view(empty_map):
    for i in range(30):
        Feature.create(empty_map, empty_map.categories[0], f"p{i}", "", Point(2.89 + i * 1e-5, 50.44), author=AUTHOR)
    Feature.create(empty_map, empty_map.categories[0], "loin", "", Point(2.95, 50.47), author=AUTHOR)
    db.session.commit()
    clusters = Feature.clusters_in_view(empty_map, (2.8, 50.4, 3.0, 50.5), 14, 80)
    assert sorted(count for _column, _row, _lon, _lat, count in clusters) == [1, 30]


def test_zone_area_is_stored_shape_area(empty_map):
    zone = add(empty_map, box(2.8895, 50.4415, 2.8910, 50.4421))
    assert 7000 < zone.measures["area_m2"] < 7200
    assert zone.kind == "polygon"
    assert box(2.8895, 50.4415, 2.8910, 50.4421).contains(Point(zone.label_lon, zone.label_lat))


def test_a_stale_version_cannot_overwrite(app, empty_map):
    feature = add(empty_map)
    with app.app_context():  # someone else saves first, in their own session
        other = db.session.get(Feature, feature.id)
        other.title = "Modifié ailleurs"
        db.session.commit()
        db.session.remove()
    feature.title = "Ma version"
    with pytest.raises(StaleDataError):
        db.session.commit()


def test_items_created_many_at_once_are_as_if_created_one_by_one(empty_map):
    """`create_many` writes around the ORM: each item gets the layer text, the history entry and the grid count
    that `create` gives it through the flush's hooks."""
    from app.models import FeatureCell, Revision
    category = empty_map.categories[0]
    line = LineString([(2.89, 50.44), (2.891, 50.441)])
    one = Feature.create(empty_map, category, "Haie", "Charmille", line, author=AUTHOR)
    db.session.commit()
    cells = {(c.zoom, c.x, c.y, c.count) for c in db.session.scalars(select(FeatureCell))}
    assert list(Feature.create_many(empty_map, [(category, "Haie", "Charmille", line)], author=AUTHOR)) == [2]
    db.session.commit()
    many = db.session.scalar(select(Feature).where(Feature.map_id == empty_map.id, Feature.number == 2))
    assert many.layer_geojson == one.layer_geojson.replace('"number":1', '"number":2')
    first, second = Revision.since(empty_map.id, 0)
    assert (second.action, second.feature_id, second.author, second.seq) == ("created", many.id, AUTHOR, 2)
    assert second.after == {**first.after, "number": 2}
    assert {(c.zoom, c.x, c.y, c.count) for c in db.session.scalars(select(FeatureCell))} == {
        (zoom, x, y, count * 2) for zoom, x, y, count in cells}


def test_items_created_many_at_once_keep_their_texts_and_times_as_if_created_one_by_one(empty_map):
    """What a bulk write could garble (COPY's text format on PostgreSQL): tabs, new lines, backslashes, accents and
    a lone quote in texts, the JSON of properties and history, the times of creation."""
    from app.models import Revision
    category = empty_map.categories[0]
    point = Point(2.89, 50.44)
    title, description = "Banc \\N « bleu »", "Ligne 1\nLigne\t2 \\ fin \"quote' \r\n\\."
    one = Feature.create(empty_map, category, title, description, point, author=AUTHOR)
    db.session.commit()
    Feature.create_many(empty_map, [(category, title, description, point)], author=AUTHOR)
    db.session.commit()
    db.session.expire_all()
    one, many = db.session.scalars(select(Feature).where(Feature.map_id == empty_map.id).order_by(Feature.number))
    assert (many.title, many.description, many.properties, many.kind) == (title, description, {}, one.kind)
    assert many.shape.equals_exact(one.shape, 1e-9) and many.deleted_at is None and many.walk_id is None
    assert abs((many.created_at - one.created_at).total_seconds()) < 60  # both in the same zone (UTC)
    assert many.created_at == many.updated_at
    first, second = Revision.since(empty_map.id, 0)
    assert second.after == {**first.after, "number": 2} and second.before is None
    assert abs((second.created_at - first.created_at).total_seconds()) < 60
