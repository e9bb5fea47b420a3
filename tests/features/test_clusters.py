"""A crowded view comes as clusters a reader can read: none overlaps another on screen at the zoom the map asks,
each at its members' place within its square of the grid, and a view of a few streets (from zoom 17) shows its
items rather than counts."""
import itertools
import math

import pytest

from app import geo
from app.extensions import db
from bench import fill

HARNES = (2.906, 50.445)


@pytest.fixture
def few_clusters(app):
    """Clusters above 10 items in view (and 40 from zoom 17), so that a test needs few items."""
    app.config["CLUSTER_THRESHOLD"] = 10
    yield
    app.config["CLUSTER_THRESHOLD"] = 12000


def crowded(map_, count, width_m, height_m):
    """`count` items spread over a rectangle of that size around Harnes; returns the rectangle."""
    area = fill.bounds(HARNES, width_m, height_m)
    fill.fill(map_.id, count, area)
    db.session.expire_all()
    return area


def layer(client, map_, bbox, zoom=None):
    query = "bbox=" + ",".join(f"{v:.5f}" for v in bbox) + ("" if zoom is None else f"&zoom={zoom}")
    response = client.get(f"/cartes/{map_.id}/elements.geojson?{query}")
    assert response.status_code == 200
    return response.get_json()["features"]


def on_screen(cluster, zoom):
    """(x, y, radius) in pixels of a cluster as the map draws it at that zoom."""
    x, y = geo.to_pixel(*cluster["geometry"]["coordinates"], zoom)
    return x, y, cluster["properties"]["radius"]


@pytest.mark.parametrize("zoom", [12, 14, 16])
def test_the_clusters_of_a_dense_view_never_overlap_on_screen(client, empty_map, few_clusters, zoom):
    area = crowded(empty_map, 3000, 8000, 6000)
    features = layer(client, empty_map, area, zoom)
    assert features and all("cluster" in f["properties"] for f in features)
    assert sum(f["properties"]["cluster"] for f in features) == 3000
    circles = [on_screen(f, zoom) for f in features]
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(circles, 2):
        # each circle's white outline (2 px wide) is drawn half outside its radius
        assert math.dist((x1, y1), (x2, y2)) >= r1 + r2 + 2


def test_a_cluster_s_circle_grows_with_its_count_but_stays_in_its_square(client, empty_map, few_clusters):
    area = crowded(empty_map, 3000, 8000, 6000)
    clusters = [f["properties"] for f in layer(client, empty_map, area, 12)]
    by_count = sorted(clusters, key=lambda p: p["cluster"])
    assert by_count[0]["radius"] < by_count[-1]["radius"] <= 40


def test_moving_the_map_moves_no_cluster(client, empty_map, few_clusters):
    west, south, east, north = crowded(empty_map, 3000, 8000, 6000)
    middle = (west + east) / 2
    left = {tuple(f["geometry"]["coordinates"]): f["properties"] for f in layer(client, empty_map,
                                                                                (west, south, middle, north), 14)}
    right = {tuple(f["geometry"]["coordinates"]): f["properties"] for f in layer(client, empty_map,
                                                                                 (middle, south, east, north), 14)}
    shifted = {tuple(f["geometry"]["coordinates"]): f["properties"] for f in layer(client, empty_map,
                                                                                   (west + (east - west) / 4, south,
                                                                                    east, north), 14)}
    # The squares of the grid are the world's, not the view's: a square wholly in two views counts the same there.
    inside = {at: p for at, p in shifted.items() if middle + 0.01 < at[0] < east - 0.01}
    assert inside and all(right.get(at) == p for at, p in inside.items())
    assert left


def test_a_view_of_a_few_streets_shows_its_items_from_zoom_17(client, empty_map, few_clusters):
    area = crowded(empty_map, 30, 300, 200)
    near = layer(client, empty_map, area, 17)
    assert len(near) == 30 and not any("cluster" in f["properties"] for f in near)
    assert all("cluster" in f["properties"] for f in layer(client, empty_map, area, 16))


def test_a_wide_view_named_with_a_near_zoom_still_comes_as_clusters(client, empty_map, few_clusters):
    area = crowded(empty_map, 300, 8000, 6000)
    assert all("cluster" in f["properties"] for f in layer(client, empty_map, area, 18))


def test_a_view_asked_without_its_zoom_is_clustered_as_a_screen_shows_it(client, empty_map, few_clusters):
    area = crowded(empty_map, 3000, 8000, 6000)
    features = layer(client, empty_map, area)
    assert features and sum(f["properties"]["cluster"] for f in features) == 3000
