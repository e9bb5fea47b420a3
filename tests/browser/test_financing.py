"""The plan de financement in a real browser: a person names a line's co-funder and its status in the action form,
then downloads the plan from the candidature page and finds the co-funder, its status and share in the files."""
import io
import re
from datetime import date

import pypdfium2
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from app.models import Action, BudgetLine


def test_name_a_co_funder_in_the_action_form_and_find_it_in_the_downloaded_plan(map_page, demo_map):
    tools = Action.add(demo_map, kind="ressources", title="Outilthèque du 142", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31))
    tools.budget_lines = [BudgetLine(position=0, label="Outils", amount_cents=300000, kind="equipement",
                                     funder="etat")]
    db.session.commit()
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Actions", exact=True).click()
    page.get_by_role("link", name=re.compile("Action 1 · Outilthèque")).click()
    expect(page.locator("#detail h2")).to_have_text("Outilthèque du 142")
    page.locator("#detail").get_by_role("link", name="Modifier").click()
    expect(page.locator("#action-form-title")).to_have_text("Modifier l'action 1")

    line = page.get_by_role("group", name="Dépense 2")  # the blank row after the stored one
    line.get_by_label("Dépense", exact=True).fill("Abri à outils")
    line.get_by_label("Montant (€)").fill("1 000")
    line.get_by_label("Nature").select_option(label="Petits équipements et aménagements nécessaires au projet")
    expect(line.get_by_label("Nom du cofinanceur")).to_be_hidden()  # asked only of « Autre financeur »
    line.get_by_label("Financé par").select_option(label="Autre financeur")
    expect(line.get_by_label("Nom du cofinanceur")).to_be_visible()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#budget_lines-1-cofunder-error")).to_have_text("Nommez le cofinanceur.")
    expect(line.get_by_label("Dépense", exact=True)).to_have_value("Abri à outils")  # the rest kept

    line.get_by_label("Nom du cofinanceur").fill("Ville de Harnes")
    line.get_by_label("Cofinancement").select_option(label="acquis")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("table.budget")).to_contain_text("Autre financeur : Ville de Harnes (acquis)")

    page.get_by_role("link", name="Candidature", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Plan de financement (tableur)").click()
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read()))["Plan de financement"]
    named = [[cell.value for cell in row] for row in sheet.iter_rows() if row[2].value == "Ville de Harnes"]
    assert len(named) == 1 and named[0][3] == "acquis" and named[0][6].startswith("=SUM(")
    assert any(row[7].value == "Ville de Harnes" and row[8].value == "acquis" for row in sheet.iter_rows())

    with page.expect_download() as download:
        page.get_by_role("link", name="Plan de financement (PDF)").click()
    with open(download.value.path(), "rb") as file:
        pdf = pypdfium2.PdfDocument(file.read())
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    pdf.close()
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Ville de Harnes acquis 1 000,00 € 25 %" in text and "Fait à Harnes, le" in text
