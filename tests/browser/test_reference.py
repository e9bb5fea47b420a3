"""The cadastre as a reference layer in a real browser: drawn from zoom 16, and a zone drawn next to a parcel snaps
onto its corner."""
import json

import shapely
from playwright.sync_api import expect

from app.extensions import db
from app.imports.reading import read
from app.imports.saving import parcel_rows
from app.models import Feature, Parcel
from tests.imports import files


def test_a_zone_drawn_near_a_parcel_corner_snaps_onto_it(map_page, demo_map):
    Parcel.replace_layer(demo_map, parcel_rows(read(files.cadastre(), "cadastre.json")))
    db.session.commit()
    corner = json.loads(files.cadastre())["features"][0]["geometry"]["coordinates"][0][0]  # its south-west corner
    view = map_page(demo_map.id).open()
    page = view.page
    view.show(at=corner, minZoom=19)
    # The zoomed view's own answer: the parcels of the first view are replaced when it comes, mid-drawing otherwise.
    page.wait_for_selector("#map[data-zoom='19'][data-parcels='3']", state="attached")
    x, y = view.point_at(*corner)
    view.draw("Zone", [])
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x - 4, y + 3, steps=8)  # the pointer comes near the corner, as a hand moves it
    page.mouse.click(x - 4, y + 3)  # a few pixels off the corner
    for dx, dy in ((-60, 0), (-60, 60), (0, 60), (0, 0)):  # the last, on the first vertex, closes the zone
        page.mouse.move(x + dx, y + dy, steps=4)
        page.mouse.click(x + dx, y + dy)
    page.get_by_label("Titre").fill("Jardin contre la parcelle AB 1")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Jardin contre la parcelle AB 1")
    saved = next(f for f in Feature.listed(demo_map.id)[0] if f.title == "Jardin contre la parcelle AB 1")
    vertices = shapely.get_coordinates(saved.shape)
    assert any(abs(vx - corner[0]) < 1e-7 and abs(vy - corner[1]) < 1e-7 for vx, vy in vertices), vertices[:3]
