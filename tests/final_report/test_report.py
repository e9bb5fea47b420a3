"""The compte rendu d'exécution: its page with the last phase's checklist, its PDF read back with pypdfium2 and its
DOCX with python-docx, as the State would read them: the sections, the figures, the mention, and no resident's name."""
import io
import re
from datetime import UTC, date, datetime

import pytest
from docx import Document

from app.extensions import db
from app.models import Action, BudgetLine, Expense, Feature, Measurement
from tests.documents.test_report_pdfs import ERBM, drawn_share, pages_text
from tests.final_report.project import FACILITATOR, PSEUDONYMS, new_item, running_project

SECTIONS = ("Actions réalisées", "Objectifs chiffrés : prévus et atteints", "Dépenses réalisées et justificatifs",
            "Plan de financement réalisé", "La carte au début et à la fin", "Habitants mobilisés",
            "Perspectives d'autonomie du collectif")


def plain(text):
    """Text as a reader sees it: French number spaces and no-break spaces as spaces, apostrophes unescaped."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").replace("&#39;", "'").split())


@pytest.fixture
def project(demo_map):
    """The running project, its map drawn before the notification, then an item added and one removed since."""
    orchard, tools = running_project(demo_map)
    for item in Feature.listed(demo_map.id)[0]:
        item.created_at = item.updated_at = datetime(2026, 11, 1, tzinfo=UTC)
    db.session.commit()
    # Since the notification (15 December 2026, still to come as these tests run): one item added, one removed.
    new_item(demo_map).created_at = datetime(2027, 6, 1, tzinfo=UTC)
    removed = Feature.listed(demo_map.id)[0][3]
    removed.soft_delete(author="Camille")
    removed.deleted_at = datetime(2027, 7, 1, tzinfo=UTC)
    db.session.commit()
    return demo_map, orchard, tools


def page_of(client, map_):
    response = client.get(f"/cartes/{map_.id}/compte-rendu")
    assert response.status_code == 200
    return plain(response.get_data(as_text=True))


def test_the_page_renders_on_the_demo_map_and_says_what_is_missing(client, demo_map):
    page = page_of(client, demo_map)
    assert "<h1>Compte rendu d'exécution</h1>" in page
    for section in SECTIONS:
        assert section in page, section
    assert "2 points à reprendre avant d'envoyer le compte rendu." in page
    assert "Indiquez la date de notification de la subvention sur la page « Candidature »" in page
    assert "Aucun objectif chiffré dans les actions : ajoutez-en un" in page
    assert "Le compte rendu porte la mention « Avec le soutien de l'État dans le cadre de l'ERBM »." in page
    assert "Indiquez la date de notification (ou de dépôt) sur la page Candidature" in page
    assert 'name="perspectives"' in page  # the owner may edit


def test_the_page_shows_the_project_s_end_and_links_each_point_to_fix_where_it_is_fixed(client, project):
    map_, _orchard, tools = project
    page = page_of(client, map_)
    assert "1 point à reprendre avant d'envoyer le compte rendu." in page
    assert (f'<a href="/cartes/{map_.id}/actions/{tools.id}">L\'objectif « Prêts d\'outils » de l\'action '
            "« Outilthèque » n'a pas été mesuré") in page
    assert "8 mars 2027" in page and "1er avril 2027 <em>(prévue)</em>" in page  # real dates, else planned ones
    assert "<td>35</td>" in page  # the latest measurement, not the 12 typed on the action nor the older 20
    assert "Justificatif 1 (PDF), Justificatif 2 (photo)" in page and "Justificatif 3 (PDF)" in page
    assert "Éléments ajoutés : 1 (en couleur sur la carte), modifiés : 0, retirés : 1." in page
    assert page.count("<svg") == 2
    for name in (*PSEUDONYMS, FACILITATOR):
        assert name not in page


def test_the_checklist_passes_once_everything_is_measured_and_fails_on_spending_over_the_subsidy(client, project):
    map_, orchard, tools = project
    tools.indicators[0].measurements = [Measurement(measured_on=date(2027, 10, 30), value=112)]
    db.session.commit()
    page = page_of(client, map_)
    assert "Le compte rendu respecte les règles de l'AMI pour la fin du projet : il peut être envoyé." in page
    orchard.budget_lines[0].expenses.append(Expense(label="Serre", supplier="Agri", amount_cents=130_000,
                                                    spent_on=date(2028, 2, 1), status="payee"))
    db.session.commit()
    page = page_of(client, map_)
    assert ('<a href="#cr-depenses">Les dépenses réalisées sur les lignes financées par l\'État (4 500,50 €) '
            "dépassent la subvention de 4 500,00 € de 0,50 €") in page


def test_an_action_that_really_ended_late_fails_the_end_date_though_planned_in_time(client, project):
    map_, orchard, _tools = project
    orchard.finished_on = date(2029, 1, 10)
    db.session.commit()
    page = page_of(client, map_)
    assert ("Le projet s'achève le 10 janvier 2029 (fin réelle de l'action « Verger partagé »), après le "
            "15 décembre 2028") in page


def test_the_pdf_has_every_section_its_figures_and_the_mention_and_no_resident_s_name(client, project):
    map_, _orchard, _tools = project
    response = client.get(f"/cartes/{map_.id}/compte-rendu.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Compte_rendu_execution_Centre_social_Jacques_Prevert.pdf"')
    pages = [plain(text) for text in pages_text(response.data)]
    text = " ".join(pages)
    for section in SECTIONS:
        assert section in text, section
    assert "Vérification" not in text  # the checklist is the porteur's, not the State's
    assert "1. Verger partagé 8 mars 2027 20 mai 2028 5 000,00 € 2 250,50 €" in text
    assert "Foyers participants 40 35 87 %" in text and "Prêts d'outils 100 non mesuré" in text
    assert "Dépenses : 3 ; justificatifs : 3." in text
    assert "Justificatif 3 (PDF)" in text and "3. Fête des jardins : En cours" in text
    assert "Subvention de l'État (FNADT) 4 500,00 € 3 200,50 € -1 299,50 €" in text
    assert "Coût total du projet 6 500,00 € 3 200,50 € -3 299,50 €" in text
    assert "Au début : le 15 décembre 2026 (notification de la subvention)" in text
    assert "Diagnostics en marchant : 2, avec 23 participants en tout." in text
    assert ("Propositions des habitants par les liens de contribution : 3 (validées : 1, refusées : 0, en attente : "
            "2), venues de 2 appareils différents.") in text
    for name in (*PSEUDONYMS, FACILITATOR):
        assert name not in text
    for number, page in enumerate(pages, start=1):
        assert ERBM in page and f"Page {number} / {len(pages)}" in page
    maps = next(index for index, page in enumerate(pages) if "La carte au début et à la fin" in page)
    assert "À la fin : le" in pages[maps] and drawn_share(response.data, page=maps) > .6  # both maps, one page
    assert drawn_share(response.data) > .25


def test_the_docx_says_the_same_with_the_mention_in_its_footer(client, project):
    map_, _orchard, _tools = project
    response = client.get(f"/cartes/{map_.id}/compte-rendu.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Compte_rendu_execution_Centre_social_Jacques_Prevert.docx"')
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in SECTIONS:
        assert section in headings, section
    tables = [[[plain(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables]
    done, goals, spending, realised = tables
    assert done[1] == ["1. Verger partagé", "8 mars 2027", "20 mai 2028", "5 000,00 €", "2 250,50 €"]
    assert done[2][1:3] == ["1er avril 2027 (prévue)", "31 octobre 2027 (prévue)"]
    assert goals[1][3] == "35" and goals[3][3] == "non mesuré"
    assert spending[2] == ["Pommiers et poiriers", "20 novembre 2027", "Pépinière du Pévèle", "Payée",
                           "Justificatif 1 (PDF), Justificatif 2 (photo)", "1 800,00 €"]
    assert spending[1][0].startswith("1. Verger partagé · Arbres fruitiers (Subvention de l'État (FNADT)")
    assert realised[1] == ["Subvention de l'État (FNADT)", "4 500,00 €", "3 200,50 €", "-1 299,50 €"]
    assert len(document.inline_shapes) == 2  # the map at the start and at the end
    assert document.sections[0].footer.paragraphs[0].text == ERBM
    text = " ".join(p.text for p in document.paragraphs) + str(tables)
    for name in (*PSEUDONYMS, FACILITATOR):
        assert name not in text


def test_the_report_compares_with_the_filing_when_no_notification_is_known(client, project):
    map_, _orchard, _tools = project
    from app.models import Dossier
    Dossier.of_map(map_).notified_on = None
    db.session.commit()
    page = page_of(client, map_)
    assert "Au début : le 10 septembre 2026 (dépôt de la candidature)" in page


def test_the_copil_report_reads_the_latest_measurement_too(client, project):
    map_, _orchard, _tools = project
    page = plain(client.get(f"/cartes/{map_.id}/copil").get_data(as_text=True))
    assert "<td>Foyers participants</td><td>40</td> <td>35 <span class=\"small\">(au " in page and "87 %" in page


def test_an_abandoned_action_s_spending_is_told_its_unspent_lines_are_not(client, project):
    map_, _orchard, _tools = project
    pond = next(action for action in Action.of_map(map_.id) if action.status == "dropped")
    pond.budget_lines = [BudgetLine(position=0, label="Bâche", amount_cents=40_000, kind="equipement", funder="etat",
                                    expenses=[Expense(label="Bâche EPDM", supplier="Aquajardin", amount_cents=32_000,
                                                      spent_on=date(2027, 4, 2), status="payee")]),
                         BudgetLine(position=1, label="Plantes", amount_cents=10_000, kind="equipement",
                                    funder="porteur")]
    db.session.commit()
    page = page_of(client, map_)
    assert "4. Mare pédagogique · Bâche" in page and "· Plantes" not in page
    # Spent on the State's lines, though the abandoned action's planned lines are out of the plan.
    assert "Dépenses réalisées sur la subvention de l'État : 3 520,50 €, dans la subvention de 4 500,00 €." in page


def numbers_drawn(svg):
    return [int(number) for number in re.findall(r'font-weight="bold" fill="#fff">(\d+)</text>', svg)]


def test_the_map_at_the_start_has_what_was_there_then_and_the_map_at_the_end_what_is_there_now(client, project):
    map_, _orchard, _tools = project
    page = client.get(f"/cartes/{map_.id}/compte-rendu").get_data(as_text=True)
    start, end = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    live = {item.number for item in Feature.listed(map_.id)[0]}
    removed = {item.number for item in Feature.listed(map_.id, deleted=True)[0]}
    added = max(live)  # the item made since the notification
    assert sorted(numbers_drawn(start)) == sorted(live - {added} | removed)
    assert sorted(numbers_drawn(end)) == sorted(live)


def test_an_item_removed_before_the_start_is_on_neither_map(client, demo_map):
    running_project(demo_map)
    items = Feature.listed(demo_map.id)[0]
    for item in items:
        item.created_at = item.updated_at = datetime(2026, 1, 1, tzinfo=UTC)
    items[0].soft_delete(author="Camille")
    items[0].deleted_at = datetime(2026, 12, 1, tzinfo=UTC)  # before the notification of the 15th
    db.session.commit()
    page = client.get(f"/cartes/{demo_map.id}/compte-rendu").get_data(as_text=True)
    assert "retirés : 0." in page
    start, end = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert items[0].number not in numbers_drawn(start) + numbers_drawn(end)
