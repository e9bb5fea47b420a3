"""Deleting a map as its owner would: from « Partage », past the backup offered first, a name mistyped, then typed
right; the collective's page says the map is gone, and it is."""
from playwright.sync_api import expect

from app.extensions import db
from app.models import Map


def test_an_owner_deletes_a_map_after_a_mistyped_name(map_page, demo_map, collective):
    map_id = demo_map.id
    view = map_page(map_id).open()
    page = view.page
    page.get_by_role("link", name="Partage").click()
    page.get_by_role("link", name="Supprimer la carte…").click()

    expect(page.get_by_role("heading", name="Supprimer la carte", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="D'abord, gardez sa sauvegarde")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la sauvegarde").click()
    assert download.value.suggested_filename.endswith(".voyette.zip")

    name = page.get_by_label("Pour confirmer, tapez le nom de la carte : Cité d'Orient, Harnes")
    name.fill("Cité d'Orient")
    page.get_by_role("button", name="Supprimer la carte et tout ce qu'elle contient").click()
    expect(page.locator(".field.has-error .error")).to_have_text(
        "Ce n'est pas le nom de la carte : rien n'est supprimé. Tapez-le exactement comme il est écrit, majuscules "
        "et accents compris.")
    expect(name).to_have_value("Cité d'Orient")  # what was typed is kept, to be corrected

    name.fill("Cité d'Orient, Harnes")
    page.get_by_role("button", name="Supprimer la carte et tout ce qu'elle contient").click()
    expect(page).to_have_url(f"{view.url.rsplit('/cartes/', 1)[0]}/collectifs/{collective.id}")
    expect(page.locator(".flashes")).to_have_text(
        "La carte « Cité d'Orient, Harnes » est supprimée, avec tout ce qu'elle contenait.")
    expect(page.locator("#maps-title + *")).to_have_text("Pas encore de carte.")
    db.session.rollback()
    assert db.session.get(Map, map_id) is None
    assert page.goto(view.url).status == 404
