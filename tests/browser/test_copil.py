"""The COPIL report in a real browser: a member who may edit types the committee's decisions and next steps, saves,
and downloads the report as PDF with them in it."""
import re
from datetime import date

import pypdfium2
from playwright.sync_api import expect

from app.extensions import db
from app.models import Action
from tests.documents.test_report_pdfs import (
    assert_the_planning_holds,
    drawn_share,
    pages_text,
    with_actions,
)


def test_a_member_types_the_decisions_saves_and_downloads_the_report(page, live_server, sign_in, member, demo_map):
    Action.add(demo_map, kind="jardin_collectif", title="Verger partagé", starts_on=date(2027, 3, 1),
               ends_on=date(2028, 6, 30), status="running")
    db.session.commit()
    sign_in(page.context, member("Nadia", "contributor"))
    page.goto(f"{live_server}/cartes/{demo_map.id}/dossier")
    page.get_by_role("link", name="Point d'étape pour le COPIL").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Point d'étape pour le comité de pilotage")
    page.get_by_role("textbox", name="Décisions du comité").fill("Le verger est validé.\nLa fête passe en septembre.")
    page.get_by_role("textbox", name="Prochaines étapes").fill("Commander les arbres avant octobre.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".flashes")).to_have_text("Décisions et prochaines étapes enregistrées.")
    expect(page.get_by_role("textbox", name="Prochaines étapes")).to_have_value("Commander les arbres avant octobre.")

    with page.expect_download() as download:
        page.get_by_role("link", name="Compte rendu de COPIL (PDF)").click()
    assert re.fullmatch(r"Compte_rendu_COPIL_\w+\.pdf", download.value.suggested_filename)
    pdf = pypdfium2.PdfDocument(download.value.path())
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    assert "Le verger est validé. La fête passe en septembre." in text
    assert "Commander les arbres avant octobre." in text and "Verger partagé" in text


def test_a_member_records_a_copil_whose_decision_becomes_an_action_in_the_list(page, live_server, sign_in, member,
                                                                              demo_map):
    Action.add(demo_map, kind="jardin_collectif", title="Verger partagé", starts_on=date(2027, 3, 1),
               ends_on=date(2028, 6, 30), status="running")
    db.session.commit()
    sign_in(page.context, member("Nadia", "contributor"))
    page.goto(f"{live_server}/cartes/{demo_map.id}/copil")
    expect(page.locator(".copil-meetings")).to_contain_text("Aucune réunion enregistrée pour l'instant.")
    page.get_by_role("link", name="Enregistrer une réunion du COPIL").click()
    page.get_by_label("Date de la réunion").fill("2027-03-12")
    page.get_by_label("Présents (une personne ou une structure par ligne)").fill("Maisons & Cités\nVille de Harnes")
    decision = page.get_by_role("group", name="Décision 1")
    decision.get_by_label("Décision", exact=True).fill("Ouvrir une outilthèque à la maison du projet")
    decision.get_by_label("Qui s'en charge").fill("Centre social")
    decision.get_by_label("Échéance").fill("2027-06-30")
    expect(decision.get_by_label("Type de la nouvelle action")).to_be_hidden()  # until a new action is asked
    decision.get_by_label("Suite sur les actions").select_option(label="Devient une nouvelle action")
    decision.get_by_label("Type de la nouvelle action").select_option("ressources")
    expect(decision.get_by_label("Action à mettre à jour")).to_be_hidden()
    page.get_by_role("button", name="Enregistrer la réunion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("COPIL du 12 mars 2027")
    expect(page.locator(".flashes")).to_have_text("Réunion du COPIL enregistrée, avec le point d'étape de ce jour.")
    expect(page.locator(".copil-attendees")).to_contain_text("Ville de Harnes")
    page.get_by_role("link", name="2. Ouvrir une outilthèque à la maison du projet").click()
    expect(page.locator("#detail h2")).to_have_text("Ouvrir une outilthèque à la maison du projet")
    expect(page.locator("#detail .badge")).to_have_text("Prévue")
    expect(page.locator("#detail")).to_contain_text("30 juin 2027")  # its planned end, the due date
    page.get_by_role("link", name="Toutes les actions").click()
    listed = page.locator(".action-list li").filter(has_text="Ouvrir une outilthèque")
    expect(listed).to_contain_text("Action 2 · Ouvrir une outilthèque à la maison du projet")
    expect(listed).to_contain_text("Prévue")
    listed.get_by_role("link").click()
    page.get_by_role("link", name="COPIL du 12 mars 2027").click()  # and back to the meeting, from the action
    expect(page.get_by_role("heading", level=1)).to_have_text("COPIL du 12 mars 2027")


def test_the_browser_s_print_of_a_long_planning_keeps_each_bar_with_its_axis_and_milestones(page, live_server, sign_in,
                                                                                            owner, demo_map):
    """« Imprimer » on the planning page: Chromium's own print (A4 landscape) of 40 actions."""
    with_actions(demo_map, 40)
    sign_in(page.context, owner)
    page.goto(f"{live_server}/cartes/{demo_map.id}/planning")
    expect(page.locator(".gantt-rows tr")).to_have_count(40)
    data = page.pdf(prefer_css_page_size=True)
    texts = pages_text(data)
    assert len(texts) > 1
    assert_the_planning_holds(texts, 40)
    assert drawn_share(data) > .25  # page 1 is not a title over a blank page
