"""A person opens a map far too full to draw item by item: its clusters do not hide one another and their counts
read as French readers write numbers."""
import math

import pytest

from app.extensions import db
from bench import fill
from tests.browser.conftest import LEAFLET

HARNES = (2.906, 50.445)

# Each cluster drawn on the map: where (pixels of the map), its radius and the text in it.
DRAWN_CLUSTERS = """() => {
    const map = """ + LEAFLET + """;
    return Object.values(map._layers).filter(layer => layer.options && layer.options.fillColor === '#2f5d50')
        .map(layer => {
            const p = map.latLngToContainerPoint(layer.getLatLng());
            return {x: p.x, y: p.y, radius: layer.getRadius(), text: layer.options.text, count: layer.tooltipText};
        });
}"""


@pytest.fixture
def crowded_map(app, empty_map):
    """10,400 items in one garden (50 m square) and 3,000 over the town around it, the map opening on them."""
    app.config["CLUSTER_THRESHOLD"] = 1000
    empty_map.center_lon, empty_map.center_lat, empty_map.zoom = *HARNES, 14
    db.session.commit()
    fill.fill(empty_map.id, 10_400, fill.bounds(HARNES, 50, 50), seed=2)
    fill.fill(empty_map.id, 3_000, fill.bounds(HARNES, 8_000, 6_000), seed=3)
    db.session.expire_all()
    yield empty_map
    app.config["CLUSTER_THRESHOLD"] = 12000


def test_a_crowded_map_opens_on_clusters_that_do_not_overlap_with_readable_counts(map_page, crowded_map):
    view = map_page(crowded_map.id).open()
    clusters = view.page.evaluate(DRAWN_CLUSTERS)
    assert len(clusters) > 20
    for i, one in enumerate(clusters):
        for other in clusters[i + 1:]:
            # each circle's white outline (2 px wide) is drawn half outside its radius
            assert math.dist((one["x"], one["y"]), (other["x"], other["y"])) >= one["radius"] + other["radius"] + 2
    texts = {c["text"] for c in clusters}
    assert any(t.endswith("\u202fk") for t in texts), texts  # the garden's count, abbreviated
    assert any(len(t) <= 3 for t in texts)
    assert all(len(t) <= 5 for t in texts)
    garden = max(clusters, key=lambda c: c["radius"])
    # in its tooltip, whole (a few of the town's items fall in the garden's square)
    assert garden["text"] == "10\u202fk" and garden["count"].startswith("10\u202f4")
