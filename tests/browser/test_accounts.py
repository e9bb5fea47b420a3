"""A person invited to a collective creates an account (the password chosen from the link sent to the address),
joins, and their changes carry their name."""
import logging
import re

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
