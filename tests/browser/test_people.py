"""A person downloads « Mes données », then deletes their account from « Mon compte »; the map's owner then reads
« ancien membre » where their name was."""
import json
import zipfile

from playwright.sync_api import expect

from app.extensions import db
from app.models import Comment, Feature
from tests.conftest import PASSWORD


def test_a_member_downloads_their_data_then_deletes_their_account(browser, live_server, sign_in, member, owner,
                                                                 demo_map):
    person = member("Mireille", "editor")
    item = Feature.listed(demo_map.id)[0][0]
    Comment.add(item, "Je passe arroser jeudi.", author="Mireille", account_id=person.id)
    db.session.commit()
    page = sign_in(browser.new_context(), person).new_page()
    page.goto(f"{live_server}/")
    page.locator(".account-nav").get_by_role("link", name="Mireille").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Mes données").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        data = json.loads(archive.read("donnees.json"))
    assert [comment["texte"] for comment in data["commentaires"]] == ["Je passe arroser jeudi."]

    page.get_by_role("link", name="Supprimer mon compte").click()
    page.get_by_label("Votre mot de passe, pour confirmer").fill("pas le bon")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.locator("#password-error")).to_contain_text("Mot de passe incorrect")
    page.get_by_label("Votre mot de passe, pour confirmer").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.locator(".flashes")).to_contain_text("Votre compte est supprimé")
    expect(page.locator(".account-nav")).to_contain_text("Se connecter")

    owners = sign_in(browser.new_context(), owner).new_page()
    owners.goto(f"{live_server}/cartes/{demo_map.id}/elements/{item.id}")
    expect(owners.locator("#detail")).to_contain_text("ancien membre")
    expect(owners.locator("#detail")).not_to_contain_text("Mireille")


def test_an_owner_erases_a_resident_s_comments_by_pseudonym(map_page, demo_map):
    item = Feature.listed(demo_map.id)[0][0]
    Comment.add(item, "Le banc est cassé.", author="Karim")
    db.session.commit()
    view = map_page(demo_map.id)
    view.open("/partage")
    view.page.get_by_role("link", name="Effacer les contributions d'une personne").click()
    view.page.get_by_label("La personne", exact=True).select_option(label="Karim (pseudonyme)")
    view.page.get_by_label("Supprimer ses commentaires").check()
    view.page.get_by_role("button", name="Effacer").click()
    expect(view.page.locator("#erased")).to_contain_text("1 commentaire(s)")
    view.open(f"/elements/{item.id}")
    expect(view.page.locator("#detail")).not_to_contain_text("Le banc est cassé.")
    expect(view.page.locator("#detail")).not_to_contain_text("Karim")
