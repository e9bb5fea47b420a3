"""Before and after in a real browser: the map at a past date shows an item binned since, under its read-only
banner, and back to today; an action's « Avant / après » page puts its gardens' first and latest photos side by
side."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import update

from app import demo_photos
from app.demo_project import GARDENS
from app.extensions import db
from app.models import Action, Feature, Revision
from tests.browser.test_layer_paint import hover
from tests.support.author import AUTHOR

PIGEONNIER = "Le dernier pigeonnier de la cité d'Orient"


def at(day, hour=12):
    return datetime(2026, 11, day, hour, tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)


def test_a_past_date_shows_an_item_binned_since_under_its_banner(map_page, demo_map):
    """The demo's items drawn on 2 November, the pigeonnier binned on the 20th: the map of the 10th still has it."""
    pigeonnier = next(item for item in Feature.listed(demo_map.id)[0] if item.title == PIGEONNIER)
    db.session.execute(update(Revision).where(Revision.map_id == demo_map.id).values(created_at=at(2)))
    pigeonnier.soft_delete(author=AUTHOR)
    db.session.commit()
    db.session.execute(update(Revision).where(Revision.map_id == demo_map.id, Revision.action == "deleted")
                       .values(created_at=at(20)))
    db.session.execute(update(Feature).where(Feature.id == pigeonnier.id).values(deleted_at=at(20)))
    db.session.commit()
    lon, lat = pigeonnier.shape.x, pigeonnier.shape.y

    view = map_page(demo_map.id).open()
    page = view.page
    list_ = page.locator("#features")
    expect(list_).not_to_contain_text(PIGEONNIER)
    page.get_by_label("Voir la carte au").fill("2026-11-10")
    page.get_by_role("button", name="Voir", exact=True).click()
    view.wait_painted(18)

    banner = page.get_by_role("status").filter(has_text="Carte au 10 novembre 2026 — lecture seule")
    expect(banner).to_be_visible()
    expect(page.locator("#features")).to_contain_text(PIGEONNIER)
    expect(page.get_by_role("button", name="Point")).to_have_count(0)  # nothing to draw on a day that is over
    view.show(at=[lon, lat], minZoom=18)
    page.wait_for_selector('#map[data-zoom="18"]', state="attached")  # moved: its items are where they are drawn
    hover(view, lon, lat)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(f"14 · {PIGEONNIER}")

    page.get_by_role("link", name="Revenir à aujourd'hui").click()
    view.wait_painted(17)
    expect(page.get_by_text("lecture seule")).to_have_count(0)
    expect(page.locator("#features")).not_to_contain_text(PIGEONNIER)


def test_the_before_and_after_page_puts_each_garden_s_photos_side_by_side(map_page, demo_map):
    items = Feature.live_by_numbers(demo_map.id, (5, 16))
    action = Action.add(demo_map, kind="jardin_collectif", title=GARDENS, features=items)
    demo_photos.photograph(items)  # as the demo's project has them
    db.session.commit()
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name="Actions", exact=True).click()
    page.get_by_role("link", name=action.title).click()
    page.get_by_role("link", name="Avant / après", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Avant / après")
    pairs = page.locator(".pair")
    expect(pairs).to_have_count(2)
    for index in range(2):
        pair = pairs.nth(index)
        expect(pair.locator("figcaption")).to_have_text(["Avant · 14 mars 2026", "Après · 29 novembre 2026"])
        before, after = pair.locator("img").nth(0), pair.locator("img").nth(1)
        for image in (before, after):
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") > 0
        left, right = before.bounding_box(), after.bounding_box()
        assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"]  # side by side

    with page.expect_download() as download:
        page.get_by_role("link", name="Avant / après (PDF)").click()
    assert download.value.suggested_filename == "Avant_apres_Remettre_en_culture_les_jardins_inutilises.pdf"
