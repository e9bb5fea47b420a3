"""A person opens the demo map, draws, edits, deletes, and uses the list with the keyboard only."""
import re

from playwright.sync_api import expect
from shapely.geometry import box

from app.extensions import db
from app.models import Feature
from tests.support.author import AUTHOR


def test_demo_map_shows_its_18_numbered_items(map_page, demo_map):
    view = map_page(demo_map.id).open()
    view.wait_painted(18)
    page = view.page
    expect(page.locator("#features .feature-list > li")).to_have_count(18)
    expect(page.locator("#features")).to_contain_text("Le dernier pigeonnier de la cité d'Orient")
    expect(page.locator("#legend")).to_contain_text("Traditions locales et connaissances historiques")
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()


def test_choose_another_basemap(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.locator(".leaflet-control-layers").hover()
    with page.expect_request(lambda request: "teinte=sombre" in request.url):
        page.get_by_label("Fond local sombre").check()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Fond local sombre hors ligne")


def test_an_item_clicked_on_the_map_or_in_the_list_opens_in_the_panel_and_is_highlighted(map_page, demo_map):
    view = map_page(demo_map.id).open()
    view.wait_painted(18)
    highlight = (0xFF, 0xD4, 0x00)
    view.wait_for_colour_near(2.8889, 50.4449, highlight, present=False)
    view.click_at(2.8889, 50.4449)  # the number of item 14, the pigeon loft
    expect(view.page.locator("#detail h2")).to_have_text("Le dernier pigeonnier de la cité d'Orient")
    view.wait_for_colour_near(2.8889, 50.4449, highlight)
    view.page.get_by_role("link", name=re.compile("Ancienne rigole")).click()
    expect(view.page.locator("#detail h2")).to_have_text("Ancienne rigole qui longeait les fonds de parcelle")
    view.wait_for_colour_near(2.8880, 50.4410, highlight)
    view.wait_for_colour_near(2.8889, 50.4449, highlight, present=False)


def test_draw_a_zone_save_it_reload_and_find_it_with_its_area(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    corners = [(2.8880, 50.4437), (2.8892, 50.4437), (2.8892, 50.4443), (2.8880, 50.4443)]
    view.draw("Zone", corners[:1])
    expect(page.locator("#draw-hint")).to_contain_text("sommet")
    for lon, lat in corners[1:] + corners[:1]:
        view.click_at(lon, lat)
    page.get_by_label("Titre").fill("Futur verger partagé")
    page.get_by_label("Catégorie").select_option(label="★ Parcelles à haut potentiel d'activation")
    page.get_by_label("Description").fill("Proposé pendant la balade du 12 mai.")
    page.get_by_role("button", name="Enregistrer").click()
    detail = page.locator("#detail")
    expect(detail.locator("h2")).to_have_text("Futur verger partagé")
    expect(detail.locator(".num")).to_have_text("19")
    expect(detail).to_contain_text(re.compile(r"Surface : \d[\d\s]* m²"))
    expect(page.locator("#features .feature-list > li")).to_have_count(19)

    page.reload()
    view.wait_painted(19)
    page.get_by_role("link", name=re.compile("Futur verger partagé")).click()
    expect(page.locator("#detail")).to_contain_text(re.compile(r"Surface : \d[\d\s]* m²"))
    stored = db.session.query(Feature).filter_by(title="Futur verger partagé").one()
    assert stored.kind == "polygon" and 5000 < stored.measures["area_m2"] < 8000


def test_draw_a_line_and_see_its_length(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    path = [(2.8900, 50.4425), (2.8920, 50.4425), (2.8940, 50.4427)]
    view.draw("Ligne", path + path[-1:])  # touching the last point again ends the line
    page.get_by_label("Titre").fill("Voyette des jardins")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Voyette des jardins")
    expect(page.locator("#detail")).to_contain_text(re.compile(r"Longueur : \d+ m"))
    stored = db.session.query(Feature).filter_by(title="Voyette des jardins").one()
    assert stored.kind == "line" and 250 < stored.measures["length_m"] < 310


def test_draw_a_point_then_move_it(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Point", [(2.8950, 50.4440)])
    page.get_by_label("Titre").fill("Boîte à livres")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Boîte à livres")

    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_role("button", name="Modifier la forme sur la carte").click()
    start, end = view.point_at(2.8950, 50.4440), view.point_at(2.8960, 50.4445)
    page.wait_for_function("() => document.querySelector('#detail input[name=geometry]') !== null")
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    expect(page.locator("#detail input[name=geometry]")).not_to_have_value("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Boîte à livres")
    moved = db.session.query(Feature).filter_by(title="Boîte à livres").one()
    db.session.refresh(moved)
    assert abs(moved.shape.x - 2.8960) < 0.0002 and abs(moved.shape.y - 50.4445) < 0.0002


def test_edit_then_delete_then_restore_an_item(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name=re.compile("Arbres fruitiers")).click()
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.get_by_label("Catégorie")).to_have_value(str(demo_map.categories[1].id))  # its own, not the first
    page.get_by_label("Titre").fill("Pommiers de la rue Bruno")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Pommiers de la rue Bruno")
    expect(page.locator("#detail .category")).to_contain_text("Culture du potager")
    expect(page.locator("#features")).to_contain_text("Pommiers de la rue Bruno")

    page.get_by_role("button", name="Supprimer").click()
    expect(page.locator("#detail")).to_contain_text("Élément supprimé")
    expect(page.locator("#features .feature-list > li")).to_have_count(17)
    view.wait_painted()
    page.get_by_role("link", name="Corbeille").click()
    page.get_by_role("link", name=re.compile("Pommiers de la rue Bruno")).click()
    expect(page.locator("#detail")).not_to_contain_text("Élément supprimé")  # the panel now shows it from the bin
    page.get_by_role("button", name="Restaurer").click()
    expect(page.locator("#detail")).to_contain_text("Élément restauré")
    expect(page.locator("#features")).to_contain_text("La corbeille est vide.")
    page.get_by_role("link", name="Retour aux éléments").click()
    expect(page.locator("#features .feature-list > li")).to_have_count(18)
    expect(page.locator("#features")).to_contain_text("Pommiers de la rue Bruno")


def test_a_refused_title_is_shown_beside_the_field_and_the_drawing_kept(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Point", [(2.8950, 50.4440)])
    page.get_by_label("Description").fill("Un texte à garder")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#title-error")).to_have_text("Donnez un titre à l'élément.")
    expect(page.get_by_label("Description")).to_have_value("Un texte à garder")
    page.get_by_label("Titre").fill("Compost collectif")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Compost collectif")


def test_the_list_works_with_the_keyboard_alone(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.featureId !== undefined"):
            break
    expect(page.locator(":focus")).to_contain_text("Lieu de la permanence architecturale")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#detail h2")).to_have_text("Plaque de rue ancienne à préserver (et numéro de porte)")
    expect(page.locator("#detail h2")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Modifier")
    page.keyboard.press("Enter")
    expect(page.locator("#detail h2")).to_be_focused()
    for _ in range(3):  # from the form's heading: the shape button, the category, then the title
        page.keyboard.press("Tab")
    expect(page.get_by_label("Titre")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Plaque émaillée de la rue")
    page.keyboard.press("Enter")
    expect(page.locator("#detail h2")).to_have_text("Plaque émaillée de la rue")


def test_hide_a_category_and_edit_the_legend(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.wait_painted(18)
    page.get_by_label("Afficher « Traditions locales et connaissances historiques » sur la carte").uncheck()
    view.wait_painted(13)
    page.get_by_role("link", name="Modifier la légende").click()
    page.locator(".new-category").get_by_label("Nom").fill("Compost")
    page.locator(".new-category").get_by_role("button", name="Ajouter").click()
    expect(page.locator("#legend")).to_contain_text("Compost")
    page.get_by_role("button", name="Monter « Compost »").click()
    expect(page.locator("#legend .legend-list li").nth(6)).to_contain_text("Compost")


def test_on_a_tablet_the_panel_is_below_the_map_and_a_tap_adds_a_point(browser, live_server, sign_in, owner, demo_map):
    context = sign_in(browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True,
                                          locale="fr-FR"), owner)
    page = context.new_page()
    from tests.browser.conftest import MapPage
    view = MapPage(page, live_server, demo_map.id).open()
    map_box, panel_box = page.locator("#map").bounding_box(), page.locator("#panel").bounding_box()
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1
    assert page.get_by_role("button", name="Point").bounding_box()["height"] >= 44
    view.draw("Point", [(2.8950, 50.4440)], tap=True)
    page.get_by_label("Titre").fill("Nichoir")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Nichoir")
    context.close()


def test_a_click_on_overlapping_items_offers_the_choice_of_each(map_page, demo_map):
    category = demo_map.categories[0]
    friche = Feature.create(demo_map, category, "Friche du garage", "", box(2.8976, 50.4427, 2.8984, 50.4434),
                            author=AUTHOR)  # over the east side of item 13, « Le 142 »
    db.session.commit()
    view = map_page(demo_map.id).open()
    page = view.page
    view.show(at=[2.8975, 50.4430], minZoom=18)
    page.wait_for_selector('#map[data-zoom="18"]', state="attached")
    choice = page.locator(".overlap-choice")

    view.click_at(2.8973, 50.4430)  # item 11, « La Buvette de Ginette », inside the zone of item 13
    expect(choice).to_contain_text("Plusieurs éléments ici :")
    expect(choice.get_by_role("button")).to_have_text([
        "11 · La Buvette de Ginette dans le garage du 142", "13 · Le 142 : un lieu d'expérimentation et d'exposition"])
    choice.get_by_role("button", name=re.compile("Le 142")).click()
    expect(page.locator("#detail h2")).to_have_text("Le 142 : un lieu d'expérimentation et d'exposition")
    expect(choice).to_have_count(0)

    view.click_at(2.8977, 50.4431)  # where the two zones overlap, after one of them was opened
    expect(choice.get_by_role("button")).to_have_count(2)
    assert sorted(choice.get_by_role("button").all_inner_texts()) == [
        "13 · Le 142 : un lieu d'expérimentation et d'exposition", f"{friche.number} · Friche du garage"]
    choice.get_by_role("button", name=re.compile("Friche du garage")).click()
    expect(page.locator("#detail h2")).to_have_text("Friche du garage")

    view.click_at(2.8971, 50.4427)  # in item 13 alone: opened at once
    expect(page.locator("#detail h2")).to_have_text("Le 142 : un lieu d'expérimentation et d'exposition")
    expect(choice).to_have_count(0)
