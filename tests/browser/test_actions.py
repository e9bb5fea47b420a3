"""Project actions in the browser: add two with their budget, link an item from its panel, show on the map only
what an action concerns, and back to everything."""
import re

from playwright.sync_api import expect

from app.models import Feature


def test_two_actions_linked_to_items_and_the_map_filtered_by_one(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    items = Feature.listed(demo_map.id)[0]
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.locator("#detail h2")).to_contain_text("Actions du projet")

    page.get_by_role("link", name="Nouvelle action").click()
    page.get_by_label("Type d'action (AMI)").select_option(
        label="Aménagement ou animation de jardins ou vergers collectifs")
    page.get_by_label("Titre", exact=True).fill("Verger partagé des jardins du 05")
    page.get_by_label("Début", exact=True).fill("2027-03-01")
    page.get_by_label("Fin", exact=True).fill("2026-06-30")  # before the start: refused
    budget = page.get_by_role("group", name="Dépense 1")
    budget.get_by_label("Dépense", exact=True).fill("Arbres fruitiers")
    budget.get_by_label("Montant (€)").fill("1 250,50")
    budget.get_by_label("Nature").select_option(label="Petits équipements et aménagements nécessaires au projet")
    page.get_by_role("button", name="Ajouter une ligne").first.click()
    second = page.get_by_role("group", name="Dépense 2")
    second.get_by_label("Dépense", exact=True).fill("Ateliers de greffe")
    second.get_by_label("Montant (€)").fill("douze")
    page.get_by_label(f"{items[4].number:02d} · {items[4].title}").check()
    page.get_by_role("button", name="Ajouter l'action").click()

    expect(page.locator("#ends_on-error")).to_have_text("La fin doit venir après le début.")
    expect(page.locator("#budget_lines-1-amount-error")).to_contain_text("Montant invalide")
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Verger partagé des jardins du 05")  # the rest kept
    page.get_by_label("Fin", exact=True).fill("2028-06-30")
    page.get_by_role("group", name="Dépense 2").get_by_label("Montant (€)").fill("2400")
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.locator("#detail h2")).to_have_text("Verger partagé des jardins du 05")
    expect(page.locator("table.budget tfoot")).to_contain_text(re.compile(r"3\s650,50\s€"))

    page.get_by_role("link", name="Toutes les actions").click()
    page.get_by_role("link", name="Nouvelle action").click()
    page.get_by_label("Titre", exact=True).fill("Outilthèque du 142")
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.locator("#detail")).to_contain_text("Action 2")

    # From an item's panel: it serves the tool library too.
    view.open_item(items[10].title)
    page.get_by_label(re.compile("Action 2 · Outilthèque")).check()
    page.get_by_role("button", name="Enregistrer les actions").click()
    expect(page.locator("#detail .notice")).to_have_text("Actions de l'élément enregistrées.")
    expect(page.get_by_label(re.compile("Action 2 · Outilthèque"))).to_be_checked()

    # « Voir sur la carte »: only what the orchard concerns, then everything again, as it was.
    painted_before = page.locator("#map").get_attribute("data-painted")
    page.get_by_role("link", name="Actions", exact=True).click()
    page.get_by_role("link", name=re.compile("Action 1 · Verger")).click()
    page.get_by_role("button", name="Voir sur la carte").click()
    view.wait_painted(1)
    expect(page.locator("#map-filter")).to_contain_text("Action 1 : Verger partagé des jardins du 05")
    page.get_by_role("button", name="Tout afficher").click()
    view.wait_painted(painted_before)
    expect(page.locator("#map-filter")).to_be_hidden()
