"""A person opens a map: its items are asked before anything else the map needs, every number is painted over the
lines and zones, whichever came first, and the mouse finds each item, a number over another or a thin line."""
from playwright.sync_api import expect
from shapely.geometry import LineString, Point, box

from app.extensions import db
from app.models import Feature
from tests.browser.conftest import LEAFLET
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


def hover(view, lon, lat):
    """Move the mouse there once the canvas listens again: Leaflet drops the moves of the 32 ms after one it heard."""
    view.page.wait_for_function(f"() => !{LEAFLET}.options.renderer._mouseHoverThrottled")
    view.page.mouse.move(*view.point_at(lon, lat))


def test_a_line_and_two_overlapping_numbers_answer_the_mouse(map_page, empty_map):
    category = empty_map.categories[0]
    empty_map.center_lon, empty_map.center_lat, empty_map.zoom = 2.8975, 50.4430, 17
    path = LineString([(2.8955, 50.4420), (2.8995, 50.4420)])
    Feature.create(empty_map, category, "Le chemin", "", path, author=AUTHOR)
    Feature.create(empty_map, category, "Le banc", "", Point(2.8975, 50.4430), author=AUTHOR)
    Feature.create(empty_map, category, "La fontaine", "", Point(2.89763, 50.4430), author=AUTHOR)  # 12 px east
    db.session.commit()
    view = map_page(empty_map.id).open()
    view.wait_painted(3)
    page, tooltip = view.page, view.page.locator(".leaflet-tooltip")

    hover(view, 2.89742, 50.4430)  # the west side of the bench's number, beyond the fountain's
    expect(tooltip).to_have_text("02 · Le banc")
    hover(view, 2.89771, 50.4430)  # straight onto the fountain's, over it
    expect(tooltip).to_have_text("03 · La fontaine")

    hover(view, 2.8960, 50.4420)  # on the line, far from its number
    expect(tooltip).to_have_text("01 · Le chemin")
    view.click_at(2.8960, 50.4420)
    expect(page.locator("#detail h2")).to_have_text("Le chemin")
    view.click_at(2.8960, 50.4423)  # beside it: nothing there, the panel stays
    expect(page.locator("#detail h2")).to_have_text("Le chemin")
    expect(page.locator(".overlap-choice")).to_have_count(0)
