"""In the field, in a real browser: what a person edits or reads on the map page is never lost nor garbled."""
import json
import re

from playwright.sync_api import expect
from shapely.geometry import Point

from app.extensions import db
from app.models import Feature
from tests.browser.conftest import MapPage
from tests.browser.test_offline import HERE, tablet
from tests.support.author import AUTHOR


def test_saving_the_legend_keeps_the_edits_of_every_row(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name="Modifier la légende").click()
    page.get_by_label("Nom de la catégorie 1").fill("Jardins partagés")
    page.get_by_label("Nom de la catégorie 2").fill("Mémoire du quartier")
    page.locator(".legend-editor").get_by_role("button", name="Enregistrer").first.click()
    expect(page.locator("#legend")).to_contain_text("Jardins partagés")
    expect(page.get_by_label("Nom de la catégorie 2")).to_have_value("Mémoire du quartier")
    expect(page.locator("#legend")).to_contain_text("Mémoire du quartier")


def test_the_list_stays_on_the_items_shown_when_someone_else_changes_one(map_page, demo_map):
    category = demo_map.categories[0]
    Feature.create_many(demo_map, [(category, f"Banc {n}", "", Point(2.8950 + n / 10000, 50.4440))
                                   for n in range(1, 43)], author=AUTHOR)  # 60 items: more than a page of 50
    db.session.commit()
    view = map_page(demo_map.id).open()
    page = view.page
    rows = page.locator("#features .feature-list > li:not(.more)")
    expect(rows).to_have_count(50)
    page.get_by_role("link", name="Afficher les éléments suivants").click()
    expect(rows).to_have_count(60)

    far = Feature.listed(demo_map.id)[0][55]  # on the second page only
    far.edit(far.category, "Banc repeint", far.description, author="Bruno")
    db.session.commit()
    expect(page.locator("#features")).to_contain_text("Banc repeint", timeout=15000)
    expect(rows).to_have_count(60)


def test_offline_a_map_never_prepared_shows_the_french_offline_page(map_page, demo_map, empty_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(view.url.replace(f"/cartes/{demo_map.id}", f"/cartes/{empty_map.id}"))
    expect(page.get_by_role("alert")).to_contain_text("Hors ligne : cette page n’a pas été gardée sur cet appareil.")
    page.context.set_offline(False)


def test_the_sizes_of_prepare_offline_are_written_in_french(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_role("link", name="Préparer hors ligne").click()
    size = r"\d+(,\d)?\u202f(ko|Mo)"  # 850 ko, 3,4 Mo: a French decimal comma, a narrow space that does not break
    expect(page.locator("[data-estimate]")).to_have_text(
        re.compile(r"^Le fond de carte du secteur \(zooms \d+–\d+\) : [\d\u202f]+ tuiles, environ " + size + r"\.$"))
    page.get_by_role("button", name="Garder sur cet appareil").click()
    expect(page.locator("[data-prepare]")).to_have_attribute("data-prepared", "yes", timeout=60_000)
    expect(page.locator("[data-prepare-status]")).to_have_text(re.compile(
        r"^Prêt : la carte, ses éléments et [\d\u202f]+ tuiles du fond sont sur cet appareil "
        r"\(" + size + r" utilisés\)\.$"))


def test_the_map_controls_speak_french(map_page, demo_map):
    page = map_page(demo_map.id).open().page
    for name in ("Zoom avant", "Zoom arrière"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_attribute("title", name)
    expect(page.get_by_role("button", name="Fonds de carte", exact=True)).to_have_attribute("title", "Fonds de carte")
    for english in ("Zoom in", "Zoom out", "Layers"):
        expect(page.locator(f'#map [title="{english}"], #map [aria-label="{english}"]')).to_have_count(0)


def centre_of(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_while_drawing_a_tap_on_the_position_or_the_locate_buttons_is_a_vertex(browser, live_server, sign_in, owner,
                                                                                demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    view = MapPage(page, live_server, demo_map.id).open()
    locate, add_here = page.get_by_role("button", name="Me localiser"), page.get_by_role("button", name="Ajouter ici")
    locate.tap()
    expect(page.locator("[data-gps-status]")).to_have_text("Position à ± 6 m")
    expect(add_here).to_be_enabled()

    view.draw("Zone", [], tap=True)
    # On the position and its accuracy circle, then where « Ajouter ici » and « Me localiser » lie, and back to
    # the first corner to close the zone.
    taps = [view.point_at(HERE["longitude"], HERE["latitude"]), centre_of(add_here), centre_of(locate)]
    for x, y in taps + taps[:1]:
        page.touchscreen.tap(x, y)
        page.wait_for_timeout(300)  # a finger's pace: four taps within a few milliseconds are no drawing
    geometry = page.locator("#detail form.feature-form input[name=geometry]")
    expect(geometry).not_to_have_value("")
    shape = json.loads(geometry.input_value())
    assert shape["type"] == "Polygon"
    corners = [view.point_at(lon, lat) for lon, lat in shape["coordinates"][0][:-1]]
    assert len(corners) == 3
    for (x, y), (tapped_x, tapped_y) in zip(corners, taps, strict=True):
        assert abs(x - tapped_x) < 3 and abs(y - tapped_y) < 3  # where the finger was
    expect(page.locator("#detail input[name=accuracy]")).to_have_value("")  # not a point at the GPS position
    expect(locate).to_have_attribute("aria-pressed", "true")  # still following: the tap was not for it

    page.get_by_label("Titre").fill("Placette devant chez Ginette")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Placette devant chez Ginette")
    add_here.tap()  # drawing is over: « Ajouter ici » drops a point at the position again
    expect(page.locator("#detail input[name=accuracy]")).to_have_value("6.0")
    assert problems == []
    context.close()


def test_with_the_position_shown_a_tap_on_an_item_opens_it(browser, live_server, sign_in, owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    view = MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("button", name="Me localiser").tap()
    expect(page.locator("[data-gps-status]")).to_have_text("Position à ± 6 m")
    page.wait_for_selector('#map[data-zoom="17"]', state="attached")  # centred on the position
    view.tap_at(2.8921, 50.4431)  # item 1, beside the position and its accuracy circle
    expect(page.locator("#detail h2")).to_have_text("Lieu de la permanence architecturale")
    view.tap_at(2.8897, 50.4420)  # then the zone of item 5, the position inside it, with item 1 highlighted
    expect(page.locator("#detail h2")).to_have_text("Surfaces de jardins non utilisées, potentiels à projet")
    assert problems == []
    context.close()
