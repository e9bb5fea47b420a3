"""A person adds a photo to an item from the panel, sees its thumbnail, opens it; a wrong file is refused in French."""
import re

from playwright.sync_api import expect

from app.extensions import db
from app.models import Feature, Photo
from app.photos import store
from tests.browser.conftest import MapPage
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
