"""A resident without an account contributes through a link; the owner validates; revoking the link stops it."""
from playwright.sync_api import expect

from tests.browser.conftest import MapPage


def test_resident_proposes_a_point_through_a_link_and_the_owner_validates_it(browser, live_server, sign_in, owner,
                                                                             demo_map):
    owner_context = sign_in(browser.new_context(locale="fr-FR"), owner)
    camille = MapPage(owner_context.new_page(), live_server, demo_map.id).open()
    camille.page.get_by_role("link", name="Partage").click()
    camille.page.get_by_label("Pour qui, pour quoi").fill("Diagnostic en marchant du 12 mai")
    expect(camille.page.get_by_label("Les contributions attendent ma validation")).to_be_checked()
    camille.page.get_by_role("button", name="Créer un lien de contribution").click()
    link = camille.page.get_by_label("Lien de contribution Diagnostic en marchant du 12 mai").input_value()

    # A resident on a tablet, who will never make an account, opens the link.
    resident_context = browser.new_context(locale="fr-FR", viewport={"width": 768, "height": 1024}, has_touch=True,
                                           is_mobile=True)
    karim = MapPage(resident_context.new_page(), live_server, demo_map.id)
    karim.page.goto(link)
    karim.page.get_by_role("button", name="Ouvrir la carte").tap()
    expect(karim.page.locator("#pseudonym-error")).to_contain_text("Indiquez un prénom ou un pseudonyme")
    karim.page.get_by_label("Votre prénom ou pseudonyme").fill("Karim")
    karim.page.get_by_role("button", name="Ouvrir la carte").tap()
    karim.wait_painted()
    expect(karim.page.locator("#panel")).to_contain_text("Vous contribuez sous le nom « Karim »")
    expect(karim.page.get_by_role("link", name="Partage")).to_have_count(0)
    karim.draw("Point", [(2.8950, 50.4440)], tap=True)
    karim.page.get_by_label("Titre").fill("Composteur collectif")
    karim.page.get_by_role("button", name="Enregistrer").tap()
    expect(karim.page.locator("#detail")).to_contain_text("« Composteur collectif » attend la validation")
    expect(karim.page.locator("#features")).not_to_contain_text("Composteur collectif")

    camille.page.reload()
    camille.wait_painted()
    expect(camille.page.get_by_role("link", name="À valider")).to_contain_text("1")
    camille.page.get_by_role("link", name="À valider").click()
    expect(camille.page.locator(".proposal")).to_contain_text("proposé par Karim")
    camille.page.get_by_role("button", name="Valider").click()
    expect(camille.page.locator("#detail")).to_contain_text("« Composteur collectif » est sur la carte, n° 19")
    expect(camille.page.locator("#detail")).to_contain_text("Aucune proposition en attente.")

    # Karim sees it arrive on his map without reloading, under his name in the history.
    expect(karim.page.locator("#features")).to_contain_text("Composteur collectif", timeout=15000)
    karim.open_item("Composteur collectif")
    expect(karim.page.get_by_role("link", name="Modifier", exact=True)).to_have_count(0)
    karim.page.locator("#detail").get_by_role("link", name="Historique").tap()
    expect(karim.page.locator("#detail .history-entry").first).to_contain_text("Karim")

    # The owner revokes the link: from his next page, Karim can only look.
    camille.page.get_by_role("link", name="Partage").click()
    camille.page.get_by_role("button", name="Révoquer le lien Diagnostic en marchant du 12 mai").click()
    expect(camille.page.locator("#detail")).not_to_contain_text("Diagnostic en marchant du 12 mai")
    karim.page.reload()
    karim.wait_painted()
    expect(karim.page.get_by_role("button", name="Point")).to_have_count(0)
    karim.page.goto(link)
    expect(karim.page.locator("h1")).to_have_text("Ce lien ne fonctionne plus")
    owner_context.close()
    resident_context.close()


def test_presence_shows_who_else_has_the_map_open(browser, live_server, sign_in, member, demo_map):
    alice_context = sign_in(browser.new_context(locale="fr-FR"), member("Alice", "editor"))
    bruno_context = sign_in(browser.new_context(locale="fr-FR"), member("Bruno", "viewer"))
    alice = MapPage(alice_context.new_page(), live_server, demo_map.id).open()
    bruno = MapPage(bruno_context.new_page(), live_server, demo_map.id).open()
    expect(bruno.page.locator("#presence")).to_contain_text("Aussi sur la carte : Alice")
    alice.page.reload()  # her next call to say she is there also learns that Bruno is
    expect(alice.page.locator("#presence")).to_contain_text("Aussi sur la carte : Bruno")
    expect(bruno.page.get_by_role("button", name="Point")).to_have_count(0)  # a viewer does not draw
    alice_context.close()
    bruno_context.close()
