"""Printing from the map page in a real browser: the preview in the panel, then the PDF downloaded."""
from playwright.sync_api import expect


def test_preview_then_download_the_printed_map(map_page, demo_map):
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Imprimer").click()
    expect(page.locator("#detail h2")).to_have_text("Imprimer la carte")
    page.get_by_label("A3").check()
    page.get_by_label("Paysage").check()
    page.get_by_label("La vue actuelle de la carte").check()
    # The server renders the preview: how long it takes depends on the machine, so wait for its answer itself.
    with page.expect_response(lambda response: "sortie=apercu" in response.url, timeout=120_000) as rendered:
        page.get_by_role("button", name="Aperçu").click()
    assert rendered.value.ok
    preview = page.get_by_role("img", name="Aperçu de la carte imprimée")
    expect(preview).to_be_visible()
    box = preview.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert box[0] > box[1] > 0  # landscape
    assert "etendue=vue" in preview.get_attribute("src") and "bbox=2.8" in preview.get_attribute("src")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le PDF").click()
    assert download.value.suggested_filename.endswith("_A3_paysage.pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
