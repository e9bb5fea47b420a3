"""A resident who opens a contribution link is told, beside the pseudonym, what becomes of it, and can read the
rest before typing it."""
import re

from playwright.sync_api import expect

from app.demo import demo_contribution_link


def test_a_resident_reads_the_privacy_page_from_the_landing_page(page, live_server, demo_map):
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/contribuer/{demo_contribution_link(demo_map).token}")
    pseudonym = page.get_by_label("Votre prénom ou pseudonyme")
    expect(pseudonym).to_have_accessible_description(
        "Ce nom s'affiche à côté de vos contributions pour les membres du collectif de la carte, et reste dans son "
        "historique ; les autres lisent « un membre » ou « un·e habitant·e ». "
        "Données personnelles")
    pseudonym.fill("Karim")
    with page.context.expect_page() as opened:
        page.locator(".privacy-notice").get_by_role("link", name="Données personnelles").click()
    privacy = opened.value
    expect(privacy.get_by_role("heading", level=1)).to_have_text("Données personnelles")
    expect(privacy.get_by_role("row", name=re.compile(r"^Photos "))).to_contain_text("EXIF")
    expect(privacy.locator("dl.operator")).to_contain_text("non renseigné par l'exploitant")
    # What was typed is still there, ready to be sent.
    expect(pseudonym).to_have_value("Karim")
    page.get_by_role("button", name="Ouvrir la carte").click()
    expect(page.locator("#panel")).to_contain_text("Vous contribuez sous le nom « Karim »")
    expect(page.locator("#panel .legal-links").get_by_role("link", name="Mentions légales")).to_be_visible()
    assert problems == []
