"""A past COPIL meeting as a PDF download, read back (pypdfium2): its attendees, its decisions with the actions they
made, and its report as it was that day, whatever changed since."""
from app.extensions import db
from app.models import Action, CopilMeeting
from tests.copil.test_meetings import meeting_form, orchard, url
from tests.documents.test_report_pdfs import ERBM, pages_text


def test_a_meeting_s_pdf_holds_its_attendees_decisions_and_frozen_report(client, csrf, demo_map):
    action = orchard(demo_map)
    client.post(url(demo_map), data=meeting_form(
        csrf, {"text": "Ouvrir une outilthèque à la maison du projet.", "owner": "Centre social",
               "due_on": "2027-06-30", "follow_up": "new", "kind": "ressources"},
        {"text": "Inviter le bailleur au prochain comité.", "owner": "Nadia B."}))
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    action.title = "Verger renommé depuis"
    db.session.commit()
    response = client.get(f"/cartes/{demo_map.id}/dossier/copil/{meeting.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Compte_rendu_COPIL_2027-03-12_Centre_social.pdf"')
    pages = pages_text(response.data)
    whole = " ".join(pages)
    assert "Compte rendu du COPIL du 12 mars 2027" in pages[0]
    assert "Maisons & Cités" in whole and "Ville de Harnes" in whole and "Nadia B." in whole
    assert "Ouvrir une outilthèque à la maison du projet." in whole and "30 juin 2027" in whole
    assert "Devenue l'action 2. Ouvrir une outilthèque" in whole
    assert "Inviter le bailleur au prochain comité." in whole
    assert "1. Verger partagé" in whole and "Verger renommé depuis" not in whole  # the report of that day
    frozen = whole[whole.index("Point d'étape présenté ce jour"):]
    assert "Verger partagé" in frozen and "2. Ouvrir" not in frozen  # made by the meeting, after its report
    assert all(ERBM in page for page in pages)
    assert len(Action.of_map(demo_map.id)) == 2
