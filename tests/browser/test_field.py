"""In the field, in a real browser: what a person edits or reads on the map page is never lost nor garbled."""
from playwright.sync_api import expect


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
