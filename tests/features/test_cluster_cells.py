"""A crowded view's clusters are read from counts kept per square of the grid, so that their cost does not grow with
the map: the counts follow every way an item is written, and a low-zoom view reads them instead of its items."""
import math

from flask_migrate import downgrade, upgrade
from shapely.geometry import LineString, Point, box
from sqlalchemy import event, select

from app import geo
from app.backups import archive
from app.extensions import db
from app.features import clusters
from app.models import Feature, FeatureCell, Map
from bench import fill
from tests.support.author import AUTHOR

HARNES = (2.906, 50.445)
BEFORE = "c5e7a9b1d3f6"  # the revision before feature_cells
WORLD = (-180, -geo.MERCATOR_LAT_MAX, 180, geo.MERCATOR_LAT_MAX)


def kept(map_):
    """{(zoom, x, y, category): (count, mean lon, mean lat)} of the map's kept squares that hold live items."""
    rows = db.session.execute(select(FeatureCell).where(FeatureCell.map_id == map_.id, FeatureCell.count > 0))
    return {(c.zoom, c.x, c.y, c.category_id): (c.count, c.sum_lon / c.count, c.sum_lat / c.count)
            for c in rows.scalars()}


def fresh(map_):
    """The same, counted afresh from the live items by the query that counts a view's items."""
    counts = {}
    for zoom in range(clusters.ITEMS_FROM_ZOOM):
        for category in map_.categories:
            for x, y, lon, lat, count in Feature.clusters_in_view(map_, WORLD, zoom, clusters.CELL_PX, [category.id]):
                counts[zoom, x, y, category.id] = (count, lon, lat)
    return counts


def assert_kept_is_fresh(map_):
    db.session.expire_all()
    kept_counts, fresh_counts = kept(map_), fresh(map_)
    assert kept_counts.keys() == fresh_counts.keys()
    for key, (count, lon, lat) in fresh_counts.items():
        assert kept_counts[key][0] == count, key
        assert math.isclose(kept_counts[key][1], lon, abs_tol=1e-9) and math.isclose(kept_counts[key][2], lat,
                                                                                    abs_tol=1e-9), key


def test_the_counts_follow_each_item_s_life(empty_map):
    first, second = empty_map.categories[0], empty_map.categories[1]
    items = [Feature.create(empty_map, first, f"Banc {i}", "", Point(2.89 + i * 0.003, 50.44 + i * 0.002),
                            author=AUTHOR) for i in range(5)]
    items.append(Feature.create(empty_map, second, "Haie", "", LineString([(2.9, 50.45), (2.91, 50.451)]),
                                author=AUTHOR))
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    assert sum(count for (zoom, *_), (count, *_) in kept(empty_map).items() if zoom == 10) == 6
    moved = db.session.get(Feature, items[0].id)
    moved.edit(moved.category, moved.title, "", Point(3.2, 50.1), author=AUTHOR)  # far away: other squares
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    recategorised = db.session.get(Feature, items[1].id)
    recategorised.edit(second, recategorised.title, "", author=AUTHOR)
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    db.session.get(Feature, items[2].id).soft_delete(author=AUTHOR)
    db.session.get(Feature, items[3].id).soft_delete(author=AUTHOR)
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    db.session.get(Feature, items[2].id).restore(author=AUTHOR)
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    reverted = db.session.get(Feature, items[0].id)
    reverted.revert_to({"title": "Banc 0", "description": "", "category_id": second.id,
                        "geometry": geo.shape_to_dict(Point(2.95, 50.46))}, author=AUTHOR)
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    db.session.delete(db.session.get(Feature, items[4].id))  # deleted for good
    db.session.commit()
    assert_kept_is_fresh(empty_map)


def test_the_counts_follow_a_category_s_removal(empty_map):
    first, second, third = empty_map.categories[:3]
    for i in range(4):
        Feature.create(empty_map, first, f"Arbre {i}", "", Point(2.89 + i * 0.01, 50.44), author=AUTHOR)
        Feature.create(empty_map, third, f"Mur {i}", "", Point(2.89, 50.44 + i * 0.01), author=AUTHOR)
    db.session.commit()
    first.remove(move_to=second, author=AUTHOR)  # its items move, then the category goes
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    third.remove(author=AUTHOR)  # its items go to the bin with it
    db.session.commit()
    assert_kept_is_fresh(empty_map)
    assert {category for (_zoom, _x, _y, category) in kept(empty_map)} == {second.id}


def test_a_failed_write_leaves_the_counts_as_they_were(empty_map):
    Feature.create(empty_map, empty_map.categories[0], "Banc", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    before = kept(empty_map)
    Feature.create(empty_map, empty_map.categories[0], "Banc", "", Point(2.95, 50.46), author=AUTHOR)
    db.session.flush()
    db.session.rollback()
    assert kept(empty_map) == before
    assert_kept_is_fresh(empty_map)


def test_an_import_is_counted(empty_map):
    rows = [(empty_map.categories[i % 3], f"Point {i}", "", Point(2.88 + (i % 17) * 0.002, 50.43 + i * 0.0001))
            for i in range(300)]
    rows.append((empty_map.categories[0], "Jardin", "", box(2.9, 50.44, 2.901, 50.441)))
    Feature.create_many(empty_map, rows, author=AUTHOR)
    db.session.commit()
    assert_kept_is_fresh(empty_map)


def test_a_restored_backup_and_a_bulk_fill_are_counted(client, empty_map, collective):
    fill.fill(empty_map.id, 500, fill.bounds(HARNES, 3000, 2000))
    db.session.expire_all()
    assert_kept_is_fresh(empty_map)
    Feature.listed(empty_map.id)[0][0].soft_delete(author=AUTHOR)  # the bin is not counted in the copy either
    db.session.commit()
    restored = archive.restore(client.get(f"/cartes/{empty_map.id}/sauvegarde").data, collective)
    db.session.commit()
    assert_kept_is_fresh(restored)
    assert sum(count for (zoom, *_), (count, *_) in kept(restored).items() if zoom == 0) == 499


def test_the_migration_counts_the_items_already_there(empty_map):
    map_id = empty_map.id
    fill.fill(map_id, 200, fill.bounds(HARNES, 3000, 2000))
    db.session.remove()
    try:
        downgrade(revision=BEFORE)
    finally:
        upgrade()
    map_ = db.session.get(Map, map_id)
    assert_kept_is_fresh(map_)
    assert kept(map_)


def test_a_low_zoom_clustered_view_reads_no_item(app, client, empty_map):
    app.config["CLUSTER_THRESHOLD"] = 10
    try:
        area = fill.bounds(HARNES, 8000, 6000)
        fill.fill(empty_map.id, 1000, area)
        statements = []

        def seen(_connection, _cursor, statement, *_args):
            statements.append(" ".join(statement.split()))

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            query = "bbox=" + ",".join(f"{v:.5f}" for v in area)
            for zoom in (8, 12, 16):
                features = client.get(f"/cartes/{empty_map.id}/elements.geojson?{query}&zoom={zoom}").get_json()
                assert sum(f["properties"]["cluster"] for f in features["features"]) == 1000
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    finally:
        app.config["CLUSTER_THRESHOLD"] = 12000
    reading_items = [s for s in statements if " FROM features" in s]
    # Whether the view is crowded is asked of the spatial index, and stops past the threshold: that query is bounded
    # by the threshold, not by the map. No other query reads the items.
    assert reading_items and all("LIMIT" in s for s in reading_items), reading_items
