"""Choosing the dossier's call on its page: the same dossier gets the other call's checklist, form, answers, annex
and mention; what was written for the first call is kept for when it is chosen again."""
import io
import re
from html import unescape

from docx import Document
from sqlalchemy import func, select

from app.extensions import db
from app.models import Dossier
from tests.dossier.test_answers import answers_of
from tests.dossier.test_routes import dossier_form, project, url, verdict

REGION = "region-dsdt-gup"
SECTION = re.compile(r'<span class="section">([^<]+)</span>')


def sections(page):
    """The sections the checklist cites, each once."""
    return set(SECTION.findall(unescape(page)))


def complete_ami_dossier(client, csrf, demo_map):
    project(demo_map, ("Arbres fruitiers", 450000, "equipement", "etat"),
            ("Ateliers", 300000, "animation", "etat"))
    assert client.post(url(demo_map), data=dossier_form(csrf)).status_code == 303


def test_a_new_dossier_answers_the_ami_and_offers_both_calls(client, demo_map):
    page = unescape(client.get(url(demo_map)).get_data(as_text=True))
    assert "Candidature — AMI « Vivre-ensemble au jardin dans le Bassin minier » (2026)" in page
    chooser = page[page.index('<select id="call"'):page.index("</select>", page.index('<select id="call"'))]
    assert re.findall(r'<option[^>]*value="([^"]+)"', chooser) == ["ami-2026", REGION]
    assert 'selected value="ami-2026"' in chooser or 'value="ami-2026" selected' in chooser


def test_the_two_calls_give_different_checklists_on_the_same_dossier(client, csrf, demo_map):
    complete_ami_dossier(client, csrf, demo_map)
    ami = client.get(url(demo_map)).get_data(as_text=True)
    assert verdict(ami) == "Le dossier respecte toutes les règles de l'AMI : il peut être déposé."
    assert sections(ami) == {"AMI §3", "AMI §4", "AMI §5", "AMI §7", "AMI §8", "AMI §10", "AMI §11"}

    assert client.post(url(demo_map), data=dossier_form(csrf, version="1", call=REGION)).status_code == 303
    region = unescape(client.get(url(demo_map)).get_data(as_text=True))
    assert "Candidature — Région Nord – Pas de Calais" in region
    assert verdict(region) == "2 points à reprendre avant de déposer le dossier."
    assert "Pièce à joindre non marquée prête : Contact préalable avec les techniciens" in region
    assert "La subvention demandée (7\u202f500,00\u00a0€) atteint la demande minimale de 5\u202f000\u00a0€." in region
    assert sections(region) == {"Région, calendrier", "Région, fiche 4 §3", "Région, fiche 4 §1",
                                "Région, critères de sélection"}
    assert "AMI §" not in region and "plafond" not in region
    # Its form: no holder types (the framework lists none), no annex topics, its own pieces.
    assert 'id="holder_type"' not in region and 'id="annex-title"' not in region
    assert 'value="fiche"' in region and 'value="rib"' not in region
    assert db.session.scalar(select(Dossier.call)) == REGION


def test_what_was_written_for_a_call_is_kept_when_another_is_chosen(client, csrf, demo_map):
    complete_ami_dossier(client, csrf, demo_map)
    assert client.post(url(demo_map), data=dossier_form(csrf, version="1", call=REGION)).status_code == 303

    def regions_form(**values):
        """What the Région's form sends: no holder type, no annex."""
        return {key: value for key, value in dossier_form(csrf, pieces_ready=["contact"], **values).items()
                if key != "holder_type" and not key.startswith("annex-")}
    assert client.post(url(demo_map), data=regions_form(version="2", call=REGION)).status_code == 303
    dossier = db.session.scalar(select(Dossier))
    assert dossier.holder_type == "centre_social" and dossier.annex["habitants"].startswith("Ce que le collectif")
    assert sorted(dossier.pieces_ready) == ["attestation", "contact", "courrier", "financement", "planning", "rib"]
    # Back to the AMI: all it had is there again.
    assert client.post(url(demo_map), data=regions_form(version="3", call="ami-2026")).status_code == 303
    page = client.get(url(demo_map)).get_data(as_text=True)
    assert verdict(page) == "Le dossier respecte toutes les règles de l'AMI : il peut être déposé."
    assert "Ce que le collectif prévoit : autonomie." in page


def test_a_call_no_file_has_is_refused_at_its_field_and_nothing_is_stored(client, csrf, demo_map):
    response = client.post(url(demo_map), data=dossier_form(csrf, call="fondation-inconnue"))
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert '<p class="error" id="call-error">Choisissez un des appels à projets de la liste.</p>' in page
    assert "Ce que le collectif prévoit : expertise." in page
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_the_answers_annex_and_mention_follow_the_call(client, csrf, demo_map):
    complete_ami_dossier(client, csrf, demo_map)
    planning = client.get(f"/cartes/{demo_map.id}/planning").get_data(as_text=True).replace("&#39;", "'")
    assert "Avec le soutien de l'État dans le cadre de l'ERBM" in planning
    client.post(url(demo_map), data=dossier_form(csrf, version="1", call=REGION))

    page = client.get(f"{url(demo_map)}/reponses").get_data(as_text=True)
    assert list(answers_of(page)) == ["Le porteur", "Le projet", "Le montant de subvention demandé",
                                      "Les partenaires", "Les modalités d'évaluation"]
    assert "<h1>Réponses à copier dans le dossier</h1>" in page
    planning = client.get(f"/cartes/{demo_map.id}/planning").get_data(as_text=True).replace("&#39;", "'")
    assert "Avec le soutien de l'État" not in planning and "Date limite de dépôt des dossiers complets" in planning
    annex = Document(io.BytesIO(client.get(f"{url(demo_map)}/annexe.docx").data))
    text = "\n".join(paragraph.text for paragraph in annex.paragraphs)
    assert text.startswith("Région Nord – Pas de Calais, développement social durable")
    assert "Modalités d'implication des habitants" not in text  # the AMI's topics: the Région asks none
    assert annex.sections[0].footer.paragraphs[0].text == ""
    pdf = client.get(f"{url(demo_map)}/annexe.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    plan = client.get(f"{url(demo_map)}/plan-de-financement.csv").data.decode("utf-8-sig")
    assert "Fait à Harnes" in plan and "ERBM" not in plan
