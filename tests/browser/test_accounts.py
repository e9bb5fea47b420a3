"""A person invited to a collective creates an account (the password chosen from the link sent to the address),
joins, and their changes carry their name."""
import logging
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import MemberInvite
from tests.browser.conftest import MapPage


def test_invited_sign_up_join_then_changes_carry_the_display_name(page, live_server, collective, demo_map, caplog):
    invitation = MemberInvite(collective=collective, role="contributor")
    db.session.add(invitation)
    db.session.commit()
    page.goto(f"{live_server}/rejoindre/{invitation.token}")  # the link the owner sent
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Nom affiché (prénom, pseudonyme…)").fill("Mireille")
    page.get_by_label("Adresse e-mail").fill("mireille@")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#email-error")).to_contain_text("ne semble pas valide")
    expect(page.get_by_label("Nom affiché (prénom, pseudonyme…)")).to_have_value("Mireille")  # kept
    page.get_by_label("Adresse e-mail").fill("mireille@example.org")
    with caplog.at_level(logging.WARNING):
        page.get_by_role("button", name="Créer mon compte").click()
        expect(page.locator(".flashes")).to_contain_text("Un lien pour choisir votre mot de passe")
    page.goto(live_server + re.search(r"/compte/nouveau-mot-de-passe/\S+", caplog.text).group())  # the mailbox's
    page.get_by_label("Mot de passe", exact=True).fill("court")
    page.get_by_label("Mot de passe, encore une fois").fill("court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.locator("#password-error")).to_contain_text("au moins 10 caractères")
    page.get_by_label("Mot de passe", exact=True).fill("cavalier-2026-jardins")
    page.get_by_label("Mot de passe, encore une fois").fill("cavalier-2026-jardins")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.locator(".flashes")).to_contain_text("Bienvenue, Mireille")
    page.get_by_role("button", name="Rejoindre le collectif").click()
    expect(page.locator(".flashes")).to_contain_text("Bienvenue dans le collectif « Centre social Test »")
    expect(page.locator(".member-list")).to_contain_text("Mireille")

    page.get_by_role("link", name="Cité d'Orient, Harnes").click()
    view = MapPage(page, live_server, demo_map.id)
    view.wait_painted()
    expect(page.locator(".account-nav")).to_contain_text("Mireille")
    view.open_item("Le dernier pigeonnier")
    view.rename("Le pigeonnier de M. Delattre")
    page.locator("#detail").get_by_role("link", name="Historique").click()
    expect(page.locator("#detail .history-entry").first).to_contain_text("Mireille")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator(".account-nav")).to_contain_text("Se connecter")


def test_a_password_changed_on_the_laptop_closes_the_session_left_open_on_the_tablet(browser, live_server, sign_in,
                                                                                      owner, demo_map):
    """Camille lent the centre's tablet for a walk and forgot to log out there: changing her password on her laptop
    closes that session, and keeps hers."""
    laptop, tablet = (sign_in(browser.new_context(), owner).new_page() for _ in range(2))
    tablet.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(tablet.locator(".account-nav")).to_contain_text("Camille")
    laptop.goto(f"{live_server}/compte")
    laptop.get_by_role("link", name="Changer le mot de passe").click()
    laptop.get_by_label("Mot de passe actuel").fill("pas le bon")
    laptop.get_by_label("Nouveau mot de passe").fill("jardins-du-142-partages")
    laptop.get_by_label("Mot de passe, encore une fois").fill("jardins-du-142-partages")
    laptop.get_by_role("button", name="Changer le mot de passe").click()
    expect(laptop.locator("#current-error")).to_be_visible()  # the wrong current password, said next to it
    laptop.get_by_label("Mot de passe actuel").fill("un mot de passe sûr")
    laptop.get_by_label("Nouveau mot de passe").fill("jardins-du-142-partages")
    laptop.get_by_label("Mot de passe, encore une fois").fill("jardins-du-142-partages")
    laptop.get_by_role("button", name="Changer le mot de passe").click()
    expect(laptop.locator(".flashes")).to_contain_text("autres sessions")
    laptop.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(laptop.locator(".account-nav")).to_contain_text("Camille")

    tablet.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(tablet.locator(".account-nav")).to_contain_text("Se connecter")
    tablet.goto(f"{live_server}/compte/connexion")
    tablet.get_by_label("Adresse e-mail").fill("camille@exemple.fr")
    tablet.get_by_label("Mot de passe").fill("jardins-du-142-partages")
    tablet.get_by_role("button", name="Se connecter").click()
    tablet.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(tablet.locator(".account-nav")).to_contain_text("Camille")


def _restarted(browser, context):
    """The same browser after a restart: its stored cookies come back, the cookies of the session alone do not."""
    state = context.storage_state()
    context.close()
    state["cookies"] = [cookie for cookie in state["cookies"] if cookie["expires"] != -1]
    return browser.new_context(storage_state=state)


def _log_in(page, live_server, password="un mot de passe sûr", remember=True):
    page.goto(f"{live_server}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("camille@exemple.fr")
    page.get_by_label("Mot de passe").fill(password)
    if remember:
        page.get_by_label("Rester connecté sur cet appareil").check()
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".account-nav")).to_contain_text("Camille")


@pytest.mark.parametrize("remember, after_restart", [(True, "Camille"), (False, "Se connecter")])
def test_rester_connecte_keeps_the_tablet_signed_in_across_a_browser_restart(browser, live_server, owner, demo_map,
                                                                             remember, after_restart):
    """Camille prepared the map on the centre's tablet the day before the walk; the browser was closed overnight."""
    tablet = browser.new_context()
    _log_in(tablet.new_page(), live_server, remember=remember)
    tablet = _restarted(browser, tablet)
    page = tablet.new_page()
    page.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(page.locator(".account-nav")).to_contain_text(after_restart)
    tablet.close()


def test_logging_out_on_the_laptop_ends_the_tablet_s_remembered_session(browser, live_server, owner, demo_map):
    """The tablet was lost on the way back: logging out anywhere ends every session, the remembered one too."""
    tablet, laptop = browser.new_context(), browser.new_context()
    _log_in(tablet.new_page(), live_server)
    on_laptop = laptop.new_page()
    _log_in(on_laptop, live_server, remember=False)
    on_laptop.get_by_role("button", name="Se déconnecter").click()
    expect(on_laptop.locator(".account-nav")).to_contain_text("Se connecter")
    tablet = _restarted(browser, tablet)
    page = tablet.new_page()
    page.goto(f"{live_server}/cartes/{demo_map.id}")
    expect(page.locator(".account-nav")).to_contain_text("Se connecter")
    tablet.close()
    laptop.close()
