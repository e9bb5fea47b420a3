"""The compte rendu d'exécution in a real browser: a member who may edit opens it from the candidature, types the
collective's perspectives of autonomy, saves, and downloads the PDF with them in it."""
import re

import pypdfium2
from playwright.sync_api import expect

from tests.documents.test_report_pdfs import ERBM
from tests.final_report.project import PSEUDONYMS, running_project


def test_a_member_types_the_perspectives_saves_and_downloads_the_report(page, live_server, sign_in, member, demo_map):
    _orchard, tools = running_project(demo_map)
    sign_in(page.context, member("Nadia", "contributor"))
    page.goto(f"{live_server}/cartes/{demo_map.id}/dossier")
    page.get_by_role("link", name="Compte rendu d'exécution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte rendu d'exécution")
    expect(page.locator(".verdict")).to_have_text("1 point à reprendre avant d'envoyer le compte rendu.")
    page.get_by_role("link", name=re.compile("L'objectif « Prêts d'outils » de l'action « Outilthèque »")).click()
    expect(page).to_have_url(f"{live_server}/cartes/{demo_map.id}/actions/{tools.id}")  # where it is fixed
    expect(page.get_by_role("heading", name="Outilthèque")).to_be_visible()
    page.go_back()

    field = page.get_by_role("textbox", name="Perspectives d'autonomie du collectif")
    field.fill("L'association des jardiniers gère le verger.\nLa commune prête le local.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".flashes")).to_have_text("Perspectives enregistrées.")
    expect(field).to_have_value("L'association des jardiniers gère le verger.\nLa commune prête le local.")

    with page.expect_download() as download:
        page.get_by_role("link", name="Compte rendu d'exécution (PDF)").click()
    assert re.fullmatch(r"Compte_rendu_execution_\w+\.pdf", download.value.suggested_filename)
    pdf = pypdfium2.PdfDocument(download.value.path())
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    assert "L'association des jardiniers gère le verger. La commune prête le local." in text
    assert "Verger partagé" in text and "Justificatif 1 (PDF)" in text and ERBM in text
    assert not any(name in text for name in PSEUDONYMS)
