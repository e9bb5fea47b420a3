"""« Réponses pour Démarche Numérique »: the online form's answers in its order, made from the dossier and the
actions, each as plain text to copy; what people typed stays text."""
import re
from html import unescape

from app.extensions import db
from app.models import Dossier
from tests.dossier.test_routes import dossier_form, project, url

ORDER = ["Le porteur", "Le projet", "Les objectifs chiffrés", "Les partenaires", "Le calendrier de réalisation",
         "Le montant de subvention demandé", "Les modalités d'évaluation", "Les modalités de communication"]


def answers_of(page):
    """{title: text} of each answer, in the page's order."""
    found = re.findall(r'<h2 id="answer-[a-z]+-title">\d+\. ([^<]+)</h2>\s*(?:<textarea[^>]*>([^<]*)</textarea>)?',
                       page)
    return {unescape(title): unescape(text) for title, text in found}


def test_the_answers_follow_the_online_forms_order_and_say_what_the_dossier_holds(client, csrf, demo_map):
    action = project(demo_map, ("Arbres fruitiers", 450000, "equipement", "etat"),
                     ("Local", 50000, "fonctionnement", "valorisation"))
    action.lead_partner = "Association <b>Les Croqueurs</b>"
    db.session.commit()
    client.post(url(demo_map), data=dossier_form(csrf))
    page = client.get(f"{url(demo_map)}/reponses").get_data(as_text=True)
    answers = answers_of(page)
    assert list(answers) == ORDER
    assert answers["Le porteur"] == "Centre social Jacques-Prévert\nCentre social"
    assert answers["Les objectifs chiffrés"] == "Foyers impliqués : 25 (action 1. Verger partagé)"
    assert answers["Les partenaires"] == "Maisons & Cités\nVille de Harnes\nAssociation <b>Les Croqueurs</b>"
    assert "&lt;b&gt;Les Croqueurs" in page and "<b>Les" not in page  # typed text, never markup
    assert answers["Le calendrier de réalisation"] == "1. Verger partagé : du 1er mars 2027 au 30 juin 2028"
    assert answers["Le montant de subvention demandé"].startswith("4\u202f500,00\u00a0€\n")
    assert answers["Les modalités d'évaluation"] == "Un bilan à chaque saison."


def test_an_answer_not_written_yet_says_so_and_leads_to_the_dossier(client, demo_map):
    page = client.get(f"{url(demo_map)}/reponses").get_data(as_text=True)
    # Only the project has something: the map's place.
    assert unescape(page).count("Rien n'est encore écrit pour cette réponse") == len(ORDER) - 1
    assert db.session.query(Dossier).count() == 0
