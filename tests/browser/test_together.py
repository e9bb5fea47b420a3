"""Two people on the same map: what one does appears on the other's map and list without reloading."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import MapPage


def test_an_item_drawn_by_one_appears_for_the_other(browser, live_server, demo_map):
    first, second = browser.new_context(locale="fr-FR"), browser.new_context(locale="fr-FR")
    drawer = MapPage(first.new_page(), live_server, demo_map.id).open()
    watcher = MapPage(second.new_page(), live_server, demo_map.id).open()
    watcher.wait_painted(18)

    drawer.draw("Point", [(2.8950, 50.4440)])
    drawer.page.get_by_label("Titre").fill("Hôtel à insectes")
    drawer.page.get_by_role("button", name="Enregistrer").click()
    expect(drawer.page.locator("#detail h2")).to_have_text("Hôtel à insectes")

    expect(watcher.page.locator("#features")).to_contain_text("Hôtel à insectes", timeout=15000)
    expect(watcher.page.locator("#features .feature-list > li")).to_have_count(19)
    watcher.wait_for_colour_near(2.8950, 50.4440, (0xE8, 0xA3, 0x3D))  # the first category's colour

    drawer.page.get_by_role("button", name="Supprimer").click()
    expect(watcher.page.locator("#features .feature-list > li")).to_have_count(18, timeout=15000)
    watcher.wait_for_colour_near(2.8950, 50.4440, (0xE8, 0xA3, 0x3D), present=False)
    first.close()
    second.close()


def test_history_lists_a_change_and_restores_the_earlier_state(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.get_by_role("link", name=re.compile("Le dernier pigeonnier")).click()
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Titre").fill("Pigeonnier démoli")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Pigeonnier démoli")

    page.locator("#detail").get_by_role("link", name="Historique").click()
    history = page.locator("#detail")
    expect(history.locator("h2")).to_have_text("Historique de l'élément 14")
    expect(history).to_contain_text("« Le dernier pigeonnier de la cité d'Orient » → « Pigeonnier démoli »")
    history.get_by_role("button", name="Rétablir cet état").click()
    expect(page.locator("#detail h2")).to_have_text("Le dernier pigeonnier de la cité d'Orient")
    expect(page.locator("#detail")).to_contain_text("a retrouvé son état du")
    expect(page.locator("#features")).to_contain_text("Le dernier pigeonnier de la cité d'Orient")
