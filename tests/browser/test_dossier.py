"""The candidature in a real browser: from the map to the dossier, a wrong citation said at its field, then every
field filled in until the AMI's checklist says the dossier can be filed."""
import re
from datetime import date

from playwright.sync_api import expect

from app.extensions import db
from app.models import Action, BudgetLine, Feature, Indicator

ANNEX = {
    "Modalités d'implication des habitants": "Des marches sur la cité, une réunion par saison dans un jardin. "
                                             "Les habitants choisissent les arbres. Ils plantent eux-mêmes.",
    "nouveaux liens": "Un parrainage des nouveaux arrivants par les jardiniers du quartier. Une fête au verger. "
                      "Un repas partagé à l'automne.",
    "transmission d'une expertise": "Des ateliers de greffe avec l'association des croqueurs de pommes. Deux "
                                    "habitants se forment à la taille. Ils transmettent au printemps suivant.",
    "autonomisation": "Le collectif se constitue en association la deuxième année. Il gère l'outilthèque. "
                      "Le centre social se retire peu à peu.",
}


def two_actions(map_):
    items = Feature.listed(map_.id)[0]
    orchard = Action.add(map_, kind="jardin_collectif", title="Verger partagé des jardins du 05",
                         starts_on=date(2027, 3, 1), ends_on=date(2028, 6, 30), features=[items[4]])
    orchard.budget_lines = [BudgetLine(position=0, label="Arbres fruitiers", amount_cents=450000, kind="equipement",
                                       funder="etat")]
    orchard.indicators = [Indicator(position=0, label="Foyers impliqués", target=25)]
    tools = Action.add(map_, kind="ressources", title="Outilthèque du 142", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31), features=[items[10]])
    tools.budget_lines = [BudgetLine(position=0, label="Outils", amount_cents=120000, kind="equipement",
                                     funder="etat"),
                          BudgetLine(position=1, label="Étagères", amount_cents=30000, kind="equipement",
                                     funder="porteur")]
    db.session.commit()
    return items[4].number


def test_fill_the_dossier_until_the_checklist_turns_green(map_page, demo_map):
    cited = two_actions(demo_map)
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Candidature", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Candidature — AMI « Vivre-ensemble au jardin")
    expect(page.locator(".verdict")).to_contain_text("points à reprendre")
    expect(page.locator("#financement")).to_contain_text(re.compile(r"5\s700,00\s€"))  # asked of the State

    page.get_by_label("Type de porteur").select_option(label="Centre social")
    page.get_by_label("Nom du porteur").fill("Centre social Jacques-Prévert")
    page.get_by_label("Intercommunalité").select_option(label="Communauté d'agglomération de Lens-Liévin")
    page.get_by_label("Cité", exact=True).fill("Cité 9")
    page.get_by_label("Cité en cours de rénovation dans le cadre de l'ERBM").check()
    page.get_by_label("Date de notification (une fois le projet retenu)").fill("2026-12-15")
    page.get_by_label("Partenaires (un par ligne)").fill("Maisons & Cités\nVille de Harnes")
    page.get_by_label("Coordination avec les acteurs du quartier").fill("Maisons & Cités prête les jardins vacants.")
    page.get_by_label("Modalités d'évaluation").fill("Un bilan avec les habitants à chaque saison.")
    page.get_by_label("Plan de communication").fill("Une affiche par saison, avec la mention de l'État.")
    for (start, text), topic in zip(ANNEX.items(), page.locator(".annex-topic").all(), strict=True):
        expect(topic.locator("legend")).to_contain_text(start)
        topic.get_by_label("Texte").fill(text)
        topic.get_by_label("Outilthèque du 142").check()  # each topic cites what it is about
    first = page.locator(".annex-topic").first
    first.get_by_label("Verger partagé des jardins du 05").check()
    first.get_by_label("Éléments de la carte cités (numéros)").fill(f"{cited}, 999")
    page.get_by_role("button", name="Enregistrer le dossier").click()

    expect(page.locator("#annex-habitants-items-error")).to_have_text("Pas d'élément n° 999 sur la carte.")
    expect(page.get_by_label("Nom du porteur")).to_have_value("Centre social Jacques-Prévert")  # the rest kept
    first = page.locator(".annex-topic").first
    first.get_by_label("Éléments de la carte cités (numéros)").fill(str(cited))
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.locator(".flashes")).to_have_text("Dossier enregistré.")
    expect(page.locator(".verdict")).to_contain_text("5 points à reprendre")  # the five pieces
    expect(page.locator(".checks .ko .section")).to_have_text(["AMI §10"] * 5)  # where the call asks for them
    expect(page.locator("#pieces_ready-todo")).to_contain_text("RIB du bénéficiaire de la subvention")

    for piece in ("Courrier de demande", "Attestation sur l'honneur", "Planning détaillé", "Plan de financement",
                  "RIB du bénéficiaire"):
        page.get_by_role("checkbox", name=re.compile(piece)).check()
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.locator(".verdict")).to_have_text(
        "Le dossier respecte toutes les règles de l'AMI : il peut être déposé.")
    expect(page.locator(".checks .ko")).to_have_count(0)
    expect(page.locator(".annex-topic").first.get_by_label("Verger partagé des jardins du 05")).to_be_checked()

    with page.expect_download() as download:
        page.get_by_role("link", name="Annexe (PDF)").click()
    assert download.value.suggested_filename == "Annexe_AMI_jardins_Centre_social_Jacques_Prevert.pdf"
    saved = download.value.path()
    with open(saved, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("link", name="Planning à imprimer").click()
    expect(page.locator(".gantt-rows tr")).to_have_count(2)
    expect(page.locator(".gantt-rows tr").first).to_contain_text("1er mars 2027 → 30 juin 2028")
    expect(page.locator(".milestones")).to_contain_text("15 décembre 2028 Fin du projet au plus tard (24 mois)")

    page.get_by_role("link", name="Retour à la candidature").click()
    page.get_by_role("link", name="Point d'étape pour le COPIL").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Point d'étape pour le comité de pilotage")
    expect(page.locator(".status-counts")).to_contain_text("Prévues : 2")


def test_the_answers_for_demarche_numerique_are_copied_one_by_one(map_page, demo_map, live_server):
    two_actions(demo_map)
    page = map_page(demo_map.id).open().page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(f"{live_server}/cartes/{demo_map.id}/dossier")
    page.get_by_role("link", name="Réponses pour Démarche Numérique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réponses pour Démarche Numérique")
    amount = page.locator("section.answer", has=page.get_by_role("heading", name="Le montant de subvention demandé"))
    amount.get_by_role("button", name="Copier").click()
    expect(amount.get_by_role("status")).to_have_text("Copié : collez-le dans Démarche Numérique.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.match(r"5\s700,00\s€\n", copied), copied  # the subsidy the two actions ask of the State
    holder = page.locator("section.answer", has=page.get_by_role("heading", name="Le porteur"))
    expect(holder).to_contain_text("Rien n'est encore écrit pour cette réponse")


def test_switching_the_call_changes_the_checklist(map_page, demo_map):
    two_actions(demo_map)
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Candidature", exact=True).click()
    checklist = page.locator(".verification")
    expect(checklist).to_contain_text("Indiquez le type de porteur du projet.")
    expect(checklist.locator(".section").first).to_have_text("AMI §4")
    page.get_by_label("Nom du porteur").fill("Centre social Jacques-Prévert")

    chooser = page.get_by_label("Appel auquel répond le dossier")
    expect(chooser.locator("option")).to_have_text([
        "AMI « Vivre-ensemble au jardin dans le Bassin minier » (2026)",
        re.compile("^Région Nord – Pas de Calais, développement social durable")])
    chooser.select_option("region-dsdt-gup")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.locator(".flashes")).to_have_text("Dossier enregistré.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Région Nord – Pas de Calais")
    expect(checklist).to_contain_text("atteint la demande minimale de 5")
    expect(checklist).to_contain_text("L'appel de la Région est réservé aux projets dans ce cadre")
    expect(checklist).not_to_contain_text("Indiquez le type de porteur")
    expect(checklist).not_to_contain_text("AMI §")
    expect(page.get_by_label("Type de porteur")).to_have_count(0)
    expect(page.get_by_label("Appel auquel répond le dossier")).to_have_value("region-dsdt-gup")

    page.get_by_label("Quartier prioritaire de la politique de la ville (QPV)").check()
    page.get_by_role("checkbox", name=re.compile("Contact préalable")).check()
    page.get_by_role("checkbox", name=re.compile("Fiche synthétique")).check()
    page.get_by_label("Partenaires (un par ligne)").fill("Maisons & Cités\nVille de Harnes")
    page.get_by_label("Modalités d'évaluation").fill("Un diagnostic partagé, puis un bilan à chaque saison.")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.locator(".verdict")).to_have_text(
        "Le dossier respecte toutes les règles de l'appel de la Région : il peut être déposé.")

    chooser.select_option(label="AMI « Vivre-ensemble au jardin dans le Bassin minier » (2026)")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AMI « Vivre-ensemble au jardin")
    expect(checklist).to_contain_text("Indiquez le type de porteur du projet.")
    expect(page.get_by_label("Type de porteur")).to_be_visible()
