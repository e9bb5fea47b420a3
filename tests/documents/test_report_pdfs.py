"""The planning and the COPIL report as PDF downloads, read back page by page: the text each page holds (pypdfium2),
and how much of page 1 is drawn (rendered to pixels)."""
import re
from datetime import date, timedelta

import numpy
import pypdfium2
import pytest

from app.dossier import calls, planning
from app.extensions import db
from app.formatting import long_date
from app.models import Action, Dossier

ERBM = "Avec le soutien de l'État dans le cadre de l'ERBM"
AXIS = re.compile(r"2026\s*2027\s*2028")


def plain(text):
    """A page's text with every run of spaces and line breaks as one space (WeasyPrint wraps long labels)."""
    return " ".join(text.split())


def pages_text(data):
    pdf = pypdfium2.PdfDocument(data)
    return [plain(page.get_textpage().get_text_range()) for page in pdf]


def drawn_share(data, page=0):
    """The share of a page's pixel rows that hold some ink (anything darker than near-white)."""
    pixels = numpy.asarray(pypdfium2.PdfDocument(data)[page].render(scale=50 / 72).to_pil().convert("L"))
    return (pixels < 235).any(axis=1).mean()


def with_actions(map_, count):
    """`count` dated actions over 2027–2028, one undated, with a dossier naming its holder."""
    for index in range(count):
        start = date(2027, 1, 4) + timedelta(days=17 * index)
        Action.add(map_, kind="convivialite", title=f"Atelier de quartier numéro {index + 1}", starts_on=start,
                   ends_on=start + timedelta(days=90))
    Action.add(map_, kind="ressources", title="Grainothèque sans date")
    db.session.add(Dossier(map=map_, holder_name="Centre social Jacques-Prévert"))
    db.session.commit()


def assert_the_planning_holds(texts, count):
    """Each of the `count` actions' rows is on one page, and that page has the years and every milestone. Compared
    without spaces: Chromium's PDFs come out of text extraction with spaces inside words."""
    def squash(text):
        return "".join(text.split())
    texts = [squash(text) for text in texts]
    ami = calls.get("ami-2026")
    labels = [squash(str(milestone.label)) for milestone in planning.milestones(None, ami, planning.scale(ami))]
    for number in range(1, count + 1):
        start = date(2027, 1, 4) + timedelta(days=17 * (number - 1))
        row = squash(f"{number}. Atelier de quartier numéro {number} {long_date(start)} → "
                     f"{long_date(start + timedelta(days=90))} · Prévue")
        on, = [text for text in texts if row in text]  # on one page, never split
        assert AXIS.search(on), f"action {number} is on a page without the years"
        assert [label for label in labels if label not in on] == [], f"action {number}'s page lacks milestones"


def download(client, map_, name):
    response = client.get(f"/cartes/{map_.id}/{name}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return response


@pytest.mark.parametrize("count, pages", [(3, 1), (40, 4)])
def test_the_planning_pdf_keeps_each_bar_with_the_axis_and_every_milestone(client, demo_map, count, pages):
    with_actions(demo_map, count)
    response = download(client, demo_map, "dossier/planning.pdf")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Planning_Centre_social_Jacques_Prevert.pdf"')
    texts = pages_text(response.data)
    assert len(texts) == pages
    assert_the_planning_holds(texts, count)
    assert "Sans dates, donc hors du planning : " in texts[-1] and "Grainothèque sans date" in texts[-1]
    for number, text in enumerate(texts, 1):
        assert ERBM in text and f"Page {number} / {pages}" in text
    assert drawn_share(response.data) > .25  # page 1 is not a title over a blank page


def test_the_copil_report_pdf_has_the_decisions_and_next_steps_typed(client, csrf, demo_map):
    with_actions(demo_map, 5)
    response = client.post(f"/cartes/{demo_map.id}/copil", data={
        "csrf_token": csrf, "copil_decisions": "Le comité valide le verger.\nLa fête est reportée.",
        "copil_next_steps": "Planter les arbres en novembre."})
    assert response.status_code == 303
    response = download(client, demo_map, "dossier/copil.pdf")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Compte_rendu_COPIL_Centre_social_Jacques_Prevert.pdf"')
    texts = pages_text(response.data)
    whole = " ".join(texts)
    assert "Compte rendu de COPIL" in texts[0] and "Atelier de quartier numéro 5" in whole
    assert "Le comité valide le verger. La fête est reportée." in whole
    assert "Planter les arbres en novembre." in whole
    for number, text in enumerate(texts, 1):
        assert ERBM in text and f"Page {number} / {len(texts)}" in text
    assert drawn_share(response.data) > .25


def test_the_annex_keeps_a_long_planning_with_its_axis_and_milestones(client, demo_map):
    with_actions(demo_map, 30)
    texts = pages_text(download(client, demo_map, "dossier/annexe.pdf").data)
    assert_the_planning_holds(texts, 30)


def test_the_copil_report_pdf_draws_the_map_s_changes_once_the_filing_date_is_known(client, demo_map):
    with_actions(demo_map, 2)
    Dossier.of_map(demo_map).filed_on = date.today() - timedelta(days=30)
    db.session.commit()
    data = download(client, demo_map, "dossier/copil.pdf").data
    whole = " ".join(pages_text(data))
    assert "Ce qui a changé sur la carte" in whole and "éléments ajoutés : 18" in whole  # the demo's, made today
    assert "Indiquez la date de dépôt" not in whole


def test_the_copil_report_pdf_leaves_out_the_map_s_changes_until_then(client, demo_map):
    with_actions(demo_map, 2)
    whole = " ".join(pages_text(download(client, demo_map, "dossier/copil.pdf").data))
    assert "Ce qui a changé sur la carte" not in whole and "Indiquez la date de dépôt" not in whole
    assert "Décisions et prochaines étapes" in whole and "Rien de noté." in whole
