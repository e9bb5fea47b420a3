"""Importing in a real browser: a refused file said at the field, then a French spreadsheet previewed, its
categories taken from a column, imported, and its items on the map and in the list."""
from playwright.sync_api import expect

from tests.imports import files


def test_import_a_french_spreadsheet_after_seeing_what_it_holds(map_page, demo_map, tmp_path):
    bad = tmp_path / "rire.kml"
    bad.write_bytes(files.kml_with_entities())
    good = tmp_path / "arbres.csv"
    good.write_bytes(files.csv_french())
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name="Importer").click()
    page.get_by_label("Fichier (15 Mo au plus)").set_input_files(str(bad))
    page.get_by_role("button", name="Voir ce que contient le fichier").click()
    expect(page.locator("#import-file-error")).to_contain_text("déclare des entités")

    page.get_by_label("Fichier (15 Mo au plus)").set_input_files(str(good))
    page.get_by_role("button", name="Voir ce que contient le fichier").click()
    expect(page.locator(".import-counts")).to_have_text("2 éléments à importer : 2 points, 0 lignes, 0 zones.")
    expect(page.locator(".import-left-out summary")).to_have_text("1 élément laissé de côté")
    page.get_by_label("… ou selon le champ (ses valeurs nommant des catégories de la légende)").select_option(
        "Catégorie")
    page.get_by_role("button", name="Mettre à jour l'aperçu").click()
    expect(page.locator(".import-sample tbody tr").first).to_contain_text("Culture du potager")
    page.get_by_role("button", name="Importer 2 éléments").click()
    expect(page.locator("#detail .notice")).to_have_text("2 éléments ajoutés à la carte (numérotés à partir de 19).")
    expect(page.locator("#features .feature-list")).to_contain_text("Pommier du 5")
    view.wait_painted(20)


def test_a_umap_backups_layers_join_the_legend_in_their_colours(map_page, demo_map, tmp_path):
    backup = tmp_path / "quartier.umap"
    backup.write_bytes(files.umap_layers_not_in_the_legend())
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name="Importer").click()
    page.get_by_label("Fichier (15 Mo au plus)").set_input_files(str(backup))
    page.get_by_role("button", name="Voir ce que contient le fichier").click()
    box = page.get_by_label("Créer les catégories manquantes")
    expect(box).to_be_checked()
    expect(page.locator(".import-new-categories")).to_contain_text("3 catégories seront ajoutées à la légende")
    box.uncheck()
    page.get_by_role("button", name="Mettre à jour l'aperçu").click()
    expect(page.locator(".import-new-categories")).to_contain_text("ne sont pas dans la légende")
    page.get_by_label("Créer les catégories manquantes").check()
    page.get_by_role("button", name="Mettre à jour l'aperçu").click()
    new = page.locator(".import-new-categories li", has_text="Arbres fruitiers")
    expect(new.locator(".swatch")).to_have_css("background-color", "rgb(0, 100, 0)")
    page.get_by_role("button", name="Importer 4 éléments").click()
    expect(page.locator("#detail .notice")).to_contain_text("4 éléments ajoutés à la carte")
    expect(page.locator("#legend")).to_contain_text("Arbres fruitiers")
    expect(page.locator("#legend")).to_contain_text("Boîtes à livres")
