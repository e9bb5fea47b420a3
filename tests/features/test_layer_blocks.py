"""The layer's items kept gzipped by blocks of numbers: after a change the next read is, byte for byte, what a
full rebuild gives, for the whole map and for a view or a category filter, and it reads and gzips only the block
of the changed item; a repeated read asks the database for nothing."""
import json
import shutil
import zlib

import pytest
from shapely.geometry import LineString, Point
from sqlalchemy import event

from app.answers import EXTENSION
from app.extensions import db
from app.models import Feature
from app.models import feature as feature_module
from tests.features.test_layer_answers import fresh
from tests.support.author import AUTHOR

BLOCK = 4  # numbers 1–3, 4–7, 8–11, 12–15…


@pytest.fixture
def small_blocks(app):
    app.config["LAYER_BLOCK_ITEMS"] = BLOCK
    yield
    app.config["LAYER_BLOCK_ITEMS"] = 500


@pytest.fixture
def items(empty_map, small_blocks):
    """Fourteen items in a row from west to east, numbered 1 to 14, of two categories."""
    features = [Feature.create(empty_map, empty_map.categories[i % 2], f"Banc {i}", "", Point(2.89 + i * 1e-3, 50.44),
                               author=AUTHOR) for i in range(14)]
    db.session.commit()
    return features


def read(client, map_, query=""):
    """The layer as a browser that takes gzip receives it, decompressed."""
    response = client.get(f"/cartes/{map_.id}/elements.geojson{query}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    stream = zlib.decompressobj(zlib.MAX_WBITS | 16)
    text = stream.decompress(response.get_data())
    assert stream.eof and not stream.unused_data  # one gzip member, as every browser reads it
    return text


def rebuilt(app, client, map_, query=""):
    """The same read with nothing kept, in this worker's memory or in the files every worker shares: made from the
    database alone."""
    app.extensions.pop(EXTENSION, None)
    shutil.rmtree(app.config["ANSWER_DIR"])
    return read(client, map_, query)


def rename(feature):
    feature.edit(feature.category, "Nouveau nom", feature.description, author=AUTHOR)


def move(feature):  # out of the view of the first items, into a line
    feature.edit(feature.category, feature.title, feature.description,
                 LineString([(2.95, 50.44), (2.951, 50.441)]), author=AUTHOR)


def recategorise(feature):
    feature.edit(feature.map.categories[1 - feature.map.categories.index(feature.category)], feature.title,
                 feature.description, author=AUTHOR)


def delete(feature):
    feature.soft_delete(author=AUTHOR)


def add_one(feature):
    Feature.create(feature.map, feature.category, "Arbre", "", Point(2.8905, 50.4405), author=AUTHOR)


def remove_its_category(feature):  # a legend change: no single item named, the answer is made anew
    feature.category.remove(move_to=feature.map.categories[2], author=AUTHOR)


CHANGES = [rename, move, recategorise, delete, add_one, remove_its_category]
VIEWS = ["", "?bbox=2.889,50.43,2.8955,50.45", "?categories={first}"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("change", CHANGES)
def test_after_a_change_the_read_is_a_full_rebuild_byte_for_byte(app, client, empty_map, items, change, view):
    query = view.format(first=empty_map.categories[0].id)
    before = read(client, empty_map, query)
    change(db.session.get(Feature, items[5].id))  # number 6, in the second block
    db.session.commit()
    after = read(client, empty_map, query)
    assert after == rebuilt(app, client, empty_map, query)
    if not query:
        assert after != before
        assert {f["id"]: f for f in json.loads(after)["features"]} == fresh(empty_map.id)



@pytest.mark.parametrize("change", [rename, move, delete])
def test_a_view_read_by_the_spatial_index_is_patched_by_a_scan_of_the_block_the_same(app, client, empty_map, items,
                                                                                    monkeypatch, change):
    monkeypatch.setattr(feature_module, "SPATIALITE_SCAN_UP_TO", BLOCK)  # the map's 14 rows: by the R*Tree
    query = VIEWS[1]
    read(client, empty_map, query)
    change(db.session.get(Feature, items[5].id))
    db.session.commit()
    seen = statements_during(lambda: read(client, empty_map, query))
    after = read(client, empty_map, query)
    assert after == rebuilt(app, client, empty_map, query)
    assert not [statement for statement, _values in seen if "SpatialIndex" in statement]  # one block: scanned

def test_changes_one_after_the_other_each_read_right(app, client, empty_map, items):
    read(client, empty_map)
    for feature, change in zip(items[::3], [rename, move, delete, recategorise, rename], strict=True):
        change(db.session.get(Feature, feature.id))
        db.session.commit()
        assert read(client, empty_map) == rebuilt(app, client, empty_map)
        read(client, empty_map)  # kept again, for the next change to patch


def statements_during(action):
    seen = []

    def keep(_connection, _cursor, statement, parameters, *_args):
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        seen.append((statement, list(values)))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


def test_the_read_after_a_change_reads_only_the_changed_block(client, empty_map, items):
    read(client, empty_map)
    rename(db.session.get(Feature, items[5].id))  # number 6: the block of numbers 4 to 7
    db.session.commit()
    seen = statements_during(lambda: read(client, empty_map))
    texts = [(statement, values) for statement, values in seen if "layer_geojson" in statement]
    assert len(texts) == 1
    assert 4 in texts[0][1] and 7 in texts[0][1] and "BETWEEN" in texts[0][0]


def test_a_repeated_read_after_a_patch_asks_the_database_for_no_item(client, empty_map, items):
    read(client, empty_map)
    rename(db.session.get(Feature, items[5].id))
    db.session.commit()
    patched = read(client, empty_map)
    seen = statements_during(lambda: patched == read(client, empty_map) or pytest.fail("not the same answer"))
    assert not [statement for statement, _values in seen if "FROM features" in statement or "revisions" in statement]


def test_a_browser_that_takes_no_gzip_gets_the_same_text(client, empty_map, items):
    plain = client.get(f"/cartes/{empty_map.id}/elements.geojson").get_data()
    assert plain == read(client, empty_map)
