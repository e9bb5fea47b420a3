"""A form refused whole (its contribution link revoked, its session renewed) stays as it was typed, with the reason
said in French next to it, so that nothing typed is lost."""
from playwright.sync_api import expect

from tests.browser.conftest import MapPage

TITLE, DESCRIPTION = "Banc cassé devant l'école", "Les enfants s'y asseyent en attendant la sortie : à réparer."


def _type_a_new_item(view):
    view.draw("Point", [(2.8950, 50.4440)])
    view.page.get_by_label("Titre").fill(TITLE)
    view.page.get_by_label("Description").fill(DESCRIPTION)


def _still_typed(view):
    expect(view.page.get_by_label("Titre")).to_have_value(TITLE)
    expect(view.page.get_by_label("Description")).to_have_value(DESCRIPTION)


def test_a_link_revoked_while_the_resident_types_keeps_what_was_typed(browser, live_server, sign_in, owner,
                                                                      demo_map):
    camille = MapPage(sign_in(browser.new_context(), owner).new_page(), live_server, demo_map.id).open()
    camille.page.get_by_role("link", name="Partage").click()
    camille.page.get_by_label("Pour qui, pour quoi").fill("Marche du 12 mai")
    camille.page.get_by_role("button", name="Créer un lien de contribution").click()
    link = camille.page.get_by_label("Lien de contribution Marche du 12 mai").input_value()

    karim = MapPage(browser.new_context().new_page(), live_server, demo_map.id)
    karim.page.goto(link)
    karim.page.get_by_label("Votre prénom ou pseudonyme").fill("Karim")
    karim.page.get_by_role("button", name="Ouvrir la carte").click()
    karim.wait_painted()
    _type_a_new_item(karim)

    camille.page.get_by_role("button", name="Révoquer le lien Marche du 12 mai").click()
    expect(camille.page.locator("#detail")).not_to_contain_text("Marche du 12 mai")

    with karim.page.expect_response(lambda response: response.request.method == "POST") as answer:
        karim.page.get_by_role("button", name="Enregistrer").click()
    assert answer.value.status == 403
    expect(karim.page.locator("#detail [role=alert]")).to_contain_text("Ce lien de contribution a été révoqué")
    _still_typed(karim)
    camille.page.context.close()
    karim.page.context.close()


def test_a_session_renewed_while_typing_keeps_what_was_typed_and_sends_it_once_signed_in_again(
        browser, live_server, sign_in, owner, demo_map):
    """The session ended while Camille typed (the browser dropped its cookies); she signs in again in another tab
    and sends the same form."""
    context = sign_in(browser.new_context(), owner)
    camille = MapPage(context.new_page(), live_server, demo_map.id).open()
    _type_a_new_item(camille)
    context.clear_cookies()

    with camille.page.expect_response(lambda response: response.request.method == "POST") as answer:
        camille.page.get_by_role("button", name="Enregistrer").click()
    assert answer.value.status == 400
    expect(camille.page.locator("#detail [role=alert]")).to_contain_text("Votre session a expiré")
    _still_typed(camille)

    other_tab = context.new_page()
    other_tab.goto(f"{live_server}/compte/connexion")
    other_tab.get_by_label("Adresse e-mail").fill("camille@exemple.fr")
    other_tab.get_by_label("Mot de passe").fill("un mot de passe sûr")
    other_tab.get_by_role("button", name="Se connecter").click()
    expect(other_tab.locator(".account-nav")).to_contain_text("Camille")
    camille.page.bring_to_front()
    camille.page.get_by_role("button", name="Enregistrer").click()
    expect(camille.page.locator("#detail h2")).to_have_text(TITLE)
    context.close()
