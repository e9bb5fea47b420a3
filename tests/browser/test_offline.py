"""In the field on a tablet: prepare the map, lose the signal, keep working, and find everything sent once."""
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Feature, Photo
from tests.browser.conftest import MapPage
from tests.photos.images import LAT, LON, phone_jpeg

HERE = {"latitude": 50.4418, "longitude": 2.8902}  # in the cité d'Orient
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True, "locale": "fr-FR",
          "permissions": ["geolocation"]}


def tablet(browser, sign_in, owner, accuracy=6):
    context = sign_in(browser.new_context(geolocation={**HERE, "accuracy": accuracy}, **TABLET), owner)
    problems = []
    return context, watched(context.new_page(), problems), problems


def watched(page, problems):
    """The page, its script errors and security-policy violations told to `problems`."""
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return page


def titles_in_database(map_id):
    db.session.expire_all()
    return sorted(db.session.scalars(select(Feature.title).where(Feature.map_id == map_id, Feature.number > 18)))


def add_here(page, title):
    page.get_by_role("button", name="Ajouter ici").tap()
    page.get_by_label("Titre").fill(title)
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Enregistré sur cet appareil")


def keep_on_this_device(page):
    """« Préparer hors ligne », then « Garder sur cet appareil » once its island has estimated the tiles (a tap before
    it is loaded does nothing), until all is kept; the panel is closed again."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_role("link", name="Préparer hors ligne").tap()
    expect(page.locator("[data-estimate]")).to_contain_text("tuiles")
    page.get_by_role("button", name="Garder sur cet appareil").tap()
    expect(page.locator("[data-prepare]")).to_have_attribute("data-prepared", "yes", timeout=60_000)
    page.get_by_role("link", name="Fermer").tap()


def test_items_made_and_changed_offline_survive_a_reload_and_arrive_once(browser, live_server, sign_in, owner,
                                                                          demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    view = MapPage(page, live_server, demo_map.id).open()
    keep_on_this_device(page)

    context.set_offline(True)
    page.get_by_role("button", name="Me localiser").tap()
    expect(page.locator("[data-gps-status]")).to_have_text("Position à ± 6 m")
    add_here(page, "Dépôt sauvage au coin")
    context.set_geolocation({"latitude": 50.4422, "longitude": 2.8911, "accuracy": 4})
    expect(page.locator("[data-gps-status]")).to_have_text("Position à ± 4 m")
    add_here(page, "Poirier de la voyette")
    view.draw("Point", [(2.8930, 50.4430)], tap=True)  # the drawing tools come from this device's copy
    page.get_by_label("Titre").fill("Banc à réparer")
    page.get_by_label("Photo (facultatif)").set_input_files(
        files=[{"name": "banc.jpg", "mimeType": "image/jpeg", "buffer": phone_jpeg()}])
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#outbox")).to_contain_text("3 changements attendent le réseau")
    expect(page.locator("#outbox")).to_contain_text("Hors ligne")
    page.get_by_role("link", name="Fermer").tap()
    view.open_item("permanence architecturale")  # an item's panel and its edit form, kept by « Préparer hors ligne »
    page.get_by_role("link", name="Modifier", exact=True).tap()
    page.get_by_label("Titre").fill("Permanence du mardi")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#outbox")).to_contain_text("4 changements attendent le réseau")
    assert titles_in_database(demo_map.id) == []

    page.reload()  # offline: the page, its scripts and the waiting changes come from the tablet
    expect(page.locator("#outbox")).to_contain_text("4 changements attendent le réseau")
    view.wait_painted(18)  # the whole map kept by « Préparer hors ligne », whatever the view

    context.set_offline(False)
    expect(page.locator("#outbox")).to_have_attribute("data-waiting", "0", timeout=30_000)
    expect(page.locator("#outbox")).to_be_hidden()
    assert titles_in_database(demo_map.id) == ["Banc à réparer", "Dépôt sauvage au coin", "Poirier de la voyette"]
    placed = db.session.scalars(select(Feature).where(Feature.title == "Poirier de la voyette")).one()
    assert (round(placed.label_lon, 4), round(placed.label_lat, 4)) == (2.8911, 50.4422)
    assert placed.properties == {"gps_accuracy_m": 4.0}
    assert db.session.scalars(select(Feature.title).where(Feature.title.like("Permanence%"))).all() == [
        "Permanence du mardi"]
    bench = db.session.scalars(select(Feature).where(Feature.title == "Banc à réparer")).one()
    assert len(Photo.of_feature(bench.id)) == 1  # the photo kept on the tablet went with its item

    sent = page.evaluate("""() => new Promise(done => {  // a second flush finds nothing to send
        document.addEventListener('outbox-sent', event => done(event.detail), {once: true});
        window.dispatchEvent(new Event('online'));
    })""")
    assert sent == 0
    assert len(titles_in_database(demo_map.id)) == 3
    assert problems == []
    context.close()


def test_a_vague_position_asks_twice_and_a_guess_is_refused(browser, live_server, sign_in, owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner, accuracy=60)
    MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("button", name="Me localiser").tap()
    expect(page.locator("[data-gps-status]")).to_have_text("Précision faible : ± 60 m")
    page.get_by_role("button", name="Ajouter ici").tap()
    expect(page.locator("[data-gps-status]")).to_contain_text("touchez encore « Ajouter ici »")
    expect(page.locator("#detail form")).to_have_count(0)
    page.get_by_role("button", name="Ajouter ici").tap()
    expect(page.locator("#detail input[name=accuracy]")).to_have_value("60.0")

    page.get_by_role("link", name="Annuler").tap()
    context.set_geolocation({**HERE, "accuracy": 900})
    expect(page.locator("[data-gps-status]")).to_have_text("Précision faible : ± 900 m")
    page.get_by_role("button", name="Ajouter ici").tap()
    expect(page.locator("[data-gps-status]")).to_contain_text("Position trop imprécise (± 900 m)")
    expect(page.locator("#detail form")).to_have_count(0)
    assert problems == []
    context.close()


def test_a_photo_places_a_new_point_where_it_was_taken(browser, live_server, sign_in, owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("button", name="Photo").tap()
    expect(page.get_by_label("Placer le point là où la photo a été prise")).to_be_checked()
    page.get_by_label("Photo (facultatif)").set_input_files(
        files=[{"name": "pigeonnier.jpg", "mimeType": "image/jpeg", "buffer": phone_jpeg()}])
    page.get_by_label("Titre").fill("Dernier pigeonnier")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Dernier pigeonnier")
    expect(page.locator("#photos .photo-grid img")).to_have_count(1)
    placed = db.session.scalars(select(Feature).where(Feature.title == "Dernier pigeonnier")).one()
    assert (round(placed.label_lon, 4), round(placed.label_lat, 4)) == (round(LON, 4), round(LAT, 4))
    assert problems == []
    context.close()
