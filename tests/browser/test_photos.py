"""A person adds a photo to an item from the panel, sees its thumbnail, opens it; a wrong file is refused in French."""
import re

from playwright.sync_api import expect

from app.extensions import db
from app.models import Feature, Photo
from app.photos import store
from tests.browser.conftest import MapPage
from tests.browser.test_offline import tablet
from tests.photos import images

PIGEON_LOFT = "Le dernier pigeonnier de la cité d'Orient"


def test_add_a_photo_see_its_thumbnail_and_open_it(map_page, demo_map, tmp_path):
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item("pigeonnier")
    photo = tmp_path / "pigeonnier.jpg"  # 3000 × 1500 pixels lying on their side (Orientation 6)
    photo.write_bytes(images.phone_jpeg(size=(3000, 1500), orientation=6))
    page.get_by_label("Prendre ou choisir une photo").set_input_files(photo)
    add = page.get_by_role("button", name="Ajouter la photo")
    expect(add).to_be_enabled()  # once the browser has made it smaller: upright, 2048 px at most, before sending
    assert page.locator("#photo-file").evaluate(
        "input => createImageBitmap(input.files[0]).then(b => [b.width, b.height, input.files[0].type])"
    ) == [1024, 2048, "image/jpeg"]
    add.click()
    thumbnail = page.get_by_role("img", name=f"Photo n° 1 de « {PIGEON_LOFT} »")
    expect(thumbnail).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [160, 320]
    expect(page.locator("#photos .count")).to_have_text("1")

    thumbnail.click()
    full = page.locator("dialog.photo-viewer img")
    expect(full).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=full.element_handle())
    assert full.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1024, 2048]  # upright, at most 2048 px
    page.get_by_role("button", name="Fermer", exact=True).last.click()
    expect(full).to_be_hidden()

    [kept] = Photo.of_feature(db.session.query(Feature).filter_by(title=PIGEON_LOFT).one().id)
    assert (kept.width, kept.height, kept.author) == (1024, 2048, "Camille")


def test_a_text_file_is_refused_beside_the_field(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item("pigeonnier")
    page.get_by_label("Prendre ou choisir une photo").set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": images.text_file()})
    page.get_by_role("button", name="Ajouter la photo").click()
    expect(page.locator("#photo-file-error")).to_have_text("Ce fichier n'est pas une photo JPEG, PNG ou WebP.")
    expect(page.get_by_label("Prendre ou choisir une photo")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#detail h2")).to_have_text(PIGEON_LOFT)  # the item's panel is still there
    assert db.session.query(Photo).count() == 0


def test_on_a_tablet_a_tapped_thumbnail_opens_the_photo(browser, live_server, sign_in, owner, demo_map):
    feature = db.session.query(Feature).filter_by(title=PIGEON_LOFT).one()
    store.attach(feature, images.as_upload(images.phone_jpeg(size=(400, 200))), author="Karim")
    db.session.commit()
    context = sign_in(browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True,
                                          locale="fr-FR"), owner)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    MapPage(page, live_server, demo_map.id).open(f"/elements/{feature.id}")
    expect(page.locator("#detail h2")).to_have_text(PIGEON_LOFT)
    for name in ("Ajouter la photo", re.compile("^Supprimer la photo n° 1")):
        assert page.get_by_role("button", name=name).bounding_box()["height"] >= 44
    page.get_by_role("img", name=re.compile("^Photo n° 1 de")).tap()
    full = page.locator("dialog.photo-viewer img")
    expect(full).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=full.element_handle())
    assert full.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [200, 400]
    page.get_by_role("button", name="Fermer", exact=True).last.tap()
    expect(full).to_be_hidden()
    assert errors == []
    context.close()


PLACE = (2.8902, 50.4418)


def test_a_heavy_phone_photo_is_shrunk_in_the_new_item_form_with_its_capture_date(map_page, demo_map, tmp_path):
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Point", [PLACE])
    page.get_by_label("Titre").fill("Mur peint")
    page.get_by_label("Description").fill("La fresque du square, à restaurer")
    photo = tmp_path / "fresque.jpg"  # 23 MB: over the request limit as it is
    photo.write_bytes(images.heavy_phone_jpeg())
    page.get_by_label("Photo (facultatif)").set_input_files(photo)
    save = page.get_by_role("button", name="Enregistrer")
    expect(save).to_be_enabled()
    assert page.locator("#photo").evaluate("input => input.files[0].size") < 15 * 1024 * 1024
    save.click()
    expect(page.locator("#detail h2")).to_have_text("Mur peint")
    expect(page.locator("#photos .photo-grid")).to_contain_text("prise le 12 mai 2024 à 14:03")
    feature = db.session.query(Feature).filter_by(title="Mur peint").one()
    assert feature.description == "La fresque du square, à restaurer"
    [kept] = Photo.of_feature(feature.id)
    assert (kept.width, kept.height) == (2048, 1536)


def test_a_photo_the_server_refuses_keeps_the_form_and_its_text(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Point", [PLACE])
    page.get_by_label("Titre").fill("Mur peint")
    page.get_by_label("Description").fill("La fresque du square")
    # No browser can read it, so it goes as it is: over the request limit, refused before it is read.
    page.get_by_label("Photo (facultatif)").set_input_files(
        {"name": "fresque.jpg", "mimeType": "image/jpeg", "buffer": images.text_file() * 17_000})
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#photo-error")).to_have_text("Le fichier envoyé est trop volumineux.")
    expect(page.get_by_label("Photo (facultatif)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Titre")).to_have_value("Mur peint")
    expect(page.get_by_label("Description")).to_have_value("La fresque du square")
    assert db.session.query(Feature).filter_by(title="Mur peint").count() == 0


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded_or_sent(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item("pigeonnier")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_label("Prendre ou choisir une photo").set_input_files(  # 400 megapixels in 50 KB
        {"name": "bombe.png", "mimeType": "image/png", "buffer": images.decompression_bomb()})
    expect(page.locator("#photo-file-error")).to_have_text(
        "La photo a trop de pixels (50 mégapixels au plus) : envoyez-la en plus petit.")
    expect(page.get_by_label("Prendre ou choisir une photo")).to_have_value("")
    assert not [url for url in posts if "/photos" in url]


def photo_form_offline(page, context):
    """« Photo » once online (its form is then kept on this device), another panel, then « Photo » offline."""
    page.get_by_role("button", name="📷 Photo").tap()
    expect(page.get_by_label("Titre")).to_be_visible()
    page.get_by_role("link", name=re.compile("pigeonnier")).first.tap()
    expect(page.locator("#detail h2")).to_have_text(PIGEON_LOFT)
    context.set_offline(True)
    page.get_by_role("button", name="📷 Photo").tap()
    expect(page.get_by_label("Titre")).to_be_visible()


def photo_form_offline_on_a_tablet(browser, live_server, sign_in, owner, demo_map):
    """A tablet whose service worker keeps the map, offline in « Photo »'s form, placing the point at the photo."""
    context, page, problems = tablet(browser, sign_in, owner)
    MapPage(page, live_server, demo_map.id).open()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    photo_form_offline(page, context)
    expect(page.get_by_label("Placer le point là où la photo a été prise")).to_be_checked()
    return context, page, problems


def test_photo_offline_places_the_point_where_it_was_taken_and_sends_it_once_online(
        browser, live_server, sign_in, owner, demo_map):
    context, page, problems = photo_form_offline_on_a_tablet(browser, live_server, sign_in, owner, demo_map)
    page.get_by_label("Photo (facultatif)").set_input_files(  # shrunk here: its place is read before
        files=[{"name": "fresque.jpg", "mimeType": "image/jpeg", "buffer": images.heavy_phone_jpeg()}])
    page.get_by_label("Titre").fill("Fresque du square")
    save = page.get_by_role("button", name="Enregistrer")
    expect(save).to_be_enabled()
    save.tap()
    expect(page.locator("#detail h2")).to_have_text("Enregistré sur cet appareil")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/elements")) as sent:
        context.set_offline(False)
    assert sent.value.status == 200
    placed = db.session.query(Feature).filter_by(title="Fresque du square").one()
    assert (round(placed.label_lon, 4), round(placed.label_lat, 4)) == (round(images.LON, 4), round(images.LAT, 4))
    assert len(Photo.of_feature(placed.id)) == 1
    assert problems == []
    context.close()


def test_photo_offline_with_a_photo_that_says_no_place_tells_it_beside_the_field(
        browser, live_server, sign_in, owner, demo_map):
    context, page, problems = photo_form_offline_on_a_tablet(browser, live_server, sign_in, owner, demo_map)
    page.get_by_label("Photo (facultatif)").set_input_files(
        files=[{"name": "fresque.jpg", "mimeType": "image/jpeg", "buffer": images.plain_jpeg()}])
    expect(page.locator("#photo-error")).to_have_text(
        "Cette photo ne dit pas où elle a été prise : dessinez le point sur la carte.")
    assert problems == []
    context.close()


def test_photo_offline_saved_without_a_photo_tells_it_beside_the_field_and_keeps_the_form(
        browser, live_server, sign_in, owner, demo_map):
    context, page, problems = photo_form_offline_on_a_tablet(browser, live_server, sign_in, owner, demo_map)
    page.get_by_label("Titre").fill("Fresque du square")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#photo-error")).to_have_text(
        "Choisissez une photo qui dit où elle a été prise, ou dessinez le point sur la carte.")
    expect(page.get_by_label("Titre")).to_have_value("Fresque du square")
    expect(page.locator("#outbox")).to_have_attribute("data-waiting", "0")
    assert problems == []
    context.close()
