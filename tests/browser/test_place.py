"""A map's own place, as a person sets it: the commune chosen for a new map, the view it opens on, the basemap kept."""
from playwright.sync_api import expect
from sqlalchemy import select

from app import places
from app.extensions import db
from app.models import Map
from tests.browser.conftest import MapPage
from tests.browser.test_offline import keep_on_this_device, tablet


def shown(page):
    """The centre (lon, lat) and zoom the map shows, as map.js tells them."""
    center = page.locator("#map").get_attribute("data-center")
    return tuple(float(v) for v in center.split(",")), int(page.locator("#map").get_attribute("data-zoom"))


def test_a_new_map_opens_on_the_commune_chosen_for_it(page, live_server, sign_in, owner):
    sign_in(page.context, owner)
    page.goto(live_server + "/")
    page.get_by_label("Nom de la carte").fill("Cité Notre-Dame")
    commune = page.get_by_label("Commune")
    commune.select_option(label="Douai")
    group = commune.evaluate("select => select.selectedOptions[0].parentElement.label")
    assert group == "Communauté d'agglomération du Douaisis (Douaisis Agglo)"
    page.get_by_role("button", name="Créer la carte").click()
    expect(page.locator(".panel-header")).to_contain_text("Douai")
    page.wait_for_selector("#map[data-painted]", state="attached")
    (lon, lat), zoom = shown(page)
    douai = places.commune("59178")
    assert (round(lon, 4), round(lat, 4), zoom) == (round(douai.lon, 4), round(douai.lat, 4), places.COMMUNE_ZOOM)
    page.get_by_role("link", name="Candidature").click()
    expect(page.get_by_label("Intercommunalité")).to_have_value("douaisis")


def test_an_editor_saves_the_view_shown_and_the_map_opens_on_it(map_page, empty_map):
    view = map_page(empty_map.id).open()
    page = view.page
    box = page.locator("#map").bounding_box()
    # A double click zooms in around the place clicked: the centre moves towards it.
    page.mouse.dblclick(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.3)
    page.wait_for_selector("#map[data-zoom='17']", state="attached")
    (lon, lat), zoom = shown(page)
    assert (round(lon, 3), round(lat, 3)) != (2.906, 50.445)
    page.get_by_text("Vue d'ouverture", exact=True).click()
    page.get_by_role("button", name="Enregistrer cette vue comme vue d'ouverture").click()
    expect(page.get_by_role("status").filter(has_text="Vue d'ouverture enregistrée.")).to_be_visible()
    db.session.expire_all()
    saved = db.session.scalars(select(Map).where(Map.id == empty_map.id)).one()
    assert (saved.center_lon, saved.center_lat, saved.zoom) == (lon, lat, 17)

    view.open()  # the next visit, by anyone: the map opens on that view
    assert shown(page) == ((lon, lat), 17)


def test_the_basemap_chosen_opens_every_map_next_time_offline_too(browser, live_server, sign_in, owner, demo_map,
                                                                   empty_map):
    context, page, problems = tablet(browser, sign_in, owner)
    view = MapPage(page, live_server, demo_map.id).open()
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("Fond local hors ligne")
    page.get_by_role("button", name="Fonds de carte").tap()
    page.get_by_label("Fond local sombre").tap()
    expect(attribution).to_contain_text("Fond local sombre hors ligne")

    view.open()  # the next visit
    expect(page.get_by_label("Fond local sombre")).to_be_checked()
    expect(attribution).to_contain_text("Fond local sombre hors ligne")
    MapPage(page, live_server, empty_map.id).open()  # another map, on the same device
    expect(attribution).to_contain_text("Fond local sombre hors ligne")

    view.open()
    keep_on_this_device(page)  # the tiles of the basemap shown: the dark one
    context.set_offline(True)
    page.reload()
    view.wait_painted(18)
    expect(page.get_by_label("Fond local sombre")).to_be_checked()
    expect(page.locator("img.leaflet-tile-loaded[src*='teinte=sombre']").first).to_be_visible()
    assert problems == []
    context.close()
