"""Every PDF the product makes, rendered to pixels as a partner's viewer would (WeasyPrint, then pypdfium2): page 1
is drawn, not left mostly blank, and every page carries the State's mention and its number."""
from datetime import date

import pypdfium2
import pytest

from app.demo import demo_contribution_link
from app.dossier import copil
from app.extensions import db
from app.models import CopilMeeting, Dossier
from tests.documents.test_documents import project  # noqa: F401 (a fixture)
from tests.documents.test_report_pdfs import ERBM, drawn_share, pages_text

PDFS = {
    "annex": "/cartes/{m}/dossier/annexe.pdf",
    "plan de financement": "/cartes/{m}/dossier/plan-de-financement.pdf",
    "planning": "/cartes/{m}/dossier/planning.pdf",
    "COPIL report": "/cartes/{m}/dossier/copil.pdf",
    "a past COPIL meeting": "/cartes/{m}/dossier/copil/{s}.pdf",
    "compte rendu d'exécution": "/cartes/{m}/compte-rendu.pdf",
    "print, A4 portrait": "/cartes/{m}/impression/fichier?fond=aucun&papier=A4&sens=portrait",
    "print, A3 landscape": "/cartes/{m}/impression/fichier?fond=aucun&papier=A3&sens=paysage",
    "poster, A4": "/cartes/{m}/communication/fichier?support=affiche-A4&lien=carte",
    "poster, A3": "/cartes/{m}/communication/fichier?support=affiche-A3&lien=carte",
    "flyer": "/cartes/{m}/communication/fichier?support=flyer-A5&lien={l}",
}
SHEETS = ("poster, A4", "poster, A3", "flyer")  # one page to pin up or hand out: no page number


@pytest.mark.parametrize("document", PDFS)
def test_every_pdf_draws_its_first_page_and_carries_the_mention(client, project, document):  # noqa: F811
    map_, _items = project
    meeting = CopilMeeting(map_id=map_.id, held_on=date(2027, 3, 12), attendees="Maisons & Cités",
                           report=copil.freeze(map_, Dossier.of_map(map_)))
    db.session.add(meeting)
    db.session.commit()
    response = client.get(PDFS[document].format(m=map_.id, s=meeting.id, l=demo_contribution_link(map_).id))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pages_text(response.data)
    if document == "annex":  # a title page first (holder, territory, partners), then the map on a page of its own
        assert drawn_share(response.data) > 0.1 and drawn_share(response.data, page=1) > 0.5
    else:
        assert drawn_share(response.data) > 0.25, document
    assert all(ERBM in page for page in pages)
    if document in SHEETS:
        assert len(pages) == 1 and "Page 1" not in pages[0]
        return
    count = len(pypdfium2.PdfDocument(response.data))
    assert all(f"Page {n} / {count}" in page for n, page in enumerate(pages, start=1))
