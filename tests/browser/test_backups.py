"""A backup in a real browser: downloaded from « Partage », restored from the collective's page as a new map."""
from playwright.sync_api import expect


def test_download_a_backup_then_restore_it_as_a_new_map(map_page, demo_map, collective):
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name="Partage").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger une sauvegarde complète").click()
    assert download.value.suggested_filename.endswith(".voyette.zip")
    saved = download.value.path()

    page.goto(view.url.rsplit("/cartes/", 1)[0] + f"/collectifs/{collective.id}")
    page.get_by_label("Restaurer une carte depuis sa sauvegarde (.voyette.zip)").set_input_files(str(saved))
    page.get_by_role("button", name="Restaurer la carte").click()
    expect(page.locator(".flashes")).to_contain_text("est restaurée, privée au collectif")
    assert f"/cartes/{demo_map.id}" not in page.url
    expect(page.locator("#features .count")).to_have_text("18")
