"""A person opens a map: its items are asked before anything else the map needs, and every number is painted over
the lines and zones, whichever came first."""
from shapely.geometry import Point, box

from app.extensions import db
from app.models import Feature
from tests.support.author import AUTHOR

RED, BLUE = (0xD6, 0x27, 0x28), (0x1F, 0x77, 0xB4)  # the two categories' colours


def test_the_items_are_asked_once_before_the_basemap_and_painted(map_page, demo_map, page):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    view = map_page(demo_map.id).open()
    view.wait_painted(18)
    layer = [i for i, url in enumerate(asked) if "/elements.geojson" in url]
    tiles = [i for i, url in enumerate(asked) if "/tuiles-locales/" in url]
    assert len(layer) == 1, [asked[i] for i in layer]  # the early request was the one layer.js took
    assert tiles and layer[0] < tiles[0]


def test_a_number_is_painted_over_a_zone_drawn_after_it(map_page, empty_map):
    point, zone = empty_map.categories[0], empty_map.categories[1]
    point.colour, zone.colour = "#d62728", "#1f77b4"
    empty_map.center_lon, empty_map.center_lat, empty_map.zoom = 2.8975, 50.4430, 18
    Feature.create(empty_map, point, "Le banc", "", Point(2.8970, 50.4428), author=AUTHOR)  # off the zone's number
    Feature.create(empty_map, zone, "La friche", "", box(2.8965, 50.4425, 2.8985, 50.4435), author=AUTHOR)
    db.session.commit()
    view = map_page(empty_map.id).open()
    view.wait_painted(2)
    view.wait_for_colour_near(2.8975, 50.4430, BLUE, radius=6)  # the zone's own number
    # the bench's colour as it is, not tinted by the zone's fill: its number is over the zone
    view.wait_for_colour_near(2.8970, 50.4428, RED, radius=6)
