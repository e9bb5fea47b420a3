"""« Dépenses réalisées » in a real browser: from an action's panel a person reaches the page, adds an expense on a
budget line with a file that is no receipt, reads why next to the file field with the rest of the form kept, then
gives the invoice as a PDF and finds the expense listed under its line, its receipt downloadable."""
import re
from datetime import date

from playwright.sync_api import expect

from app.extensions import db
from app.models import Action, BudgetLine
from tests.expenses.files import html_named_pdf, small_pdf


def test_add_a_realised_expense_with_its_receipt_after_a_refused_file(map_page, demo_map):
    tools = Action.add(demo_map, kind="ressources", title="Outilthèque du 142", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31))
    tools.budget_lines = [BudgetLine(position=0, label="Outils de jardinage", amount_cents=90000, kind="equipement",
                                     funder="etat")]
    db.session.commit()
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Actions", exact=True).click()
    page.get_by_role("link", name=re.compile("Action 1 · Outilthèque")).click()
    expect(page.locator("#detail h2")).to_have_text("Outilthèque du 142")
    page.locator("#detail").get_by_role("link", name="Dépenses réalisées et justificatifs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dépenses réalisées")
    expect(page.locator(".budget-line")).to_contain_text("Aucune dépense réalisée sur cette ligne.")

    page.get_by_role("link", name="Ajouter une dépense à « Outils de jardinage »").click()
    expect(page.get_by_label("Ligne du budget")).to_have_value(str(tools.budget_lines[0].id))
    page.get_by_label("Dépense", exact=True).fill("Bêches et râteaux")
    page.get_by_label("Fournisseur").fill("Quincaillerie Delattre")
    page.get_by_label("Montant (€)").fill("312,00")
    page.get_by_label("Date").fill("2027-03-15")
    page.get_by_label("Statut").select_option(label="Payée")
    receipt = page.get_by_label("Justificatif (PDF ou photo, facultatif)")
    receipt.set_input_files({"name": "facture.pdf", "mimeType": "application/pdf", "buffer": html_named_pdf()})
    page.get_by_role("button", name="Ajouter la dépense").click()
    expect(page.locator("#expense-receipt-error")).to_contain_text("Ce fichier n'est ni un PDF ni une photo lisible")
    expect(page.get_by_label("Dépense", exact=True)).to_have_value("Bêches et râteaux")  # the rest kept
    expect(page.get_by_label("Montant (€)")).to_have_value("312,00")

    receipt.set_input_files({"name": "facture.pdf", "mimeType": "application/pdf", "buffer": small_pdf()})
    page.get_by_role("button", name="Ajouter la dépense").click()
    expect(page.locator(".flashes")).to_contain_text("Dépense « Bêches et râteaux » ajoutée.")
    row = page.locator("tr", has_text="Bêches et râteaux")
    expect(row).to_contain_text("Quincaillerie Delattre")
    expect(row).to_contain_text("15 mars 2027")
    expect(row).to_contain_text("Payée")
    expect(row).to_contain_text("312,00")
    with page.expect_download() as download:
        row.get_by_role("link", name="Justificatif 1 (PDF)").click()
    assert download.value.suggested_filename.startswith("justificatif-")
    with open(download.value.path(), "rb") as file:
        assert file.read() == small_pdf()
