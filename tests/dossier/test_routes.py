"""The candidature's page: a dossier filled in turns the AMI's checklist green; bad input gets a French message at
the field with nothing stored; the money comes from the actions; a stale form is a conflict; members read it."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, BudgetLine, Dossier, Feature, Indicator
from tests.conftest import csrf_of, log_in

VERDICT = re.compile(r'<p class="verdict" role="status">([^<]*)</p>')


def url(map_):
    return f"/cartes/{map_.id}/dossier"


def project(map_, *lines, status="planned"):
    """One action from March 2027 to June 2028 with these (label, cents, kind, funder) lines."""
    action = Action.add(map_, kind="jardin_collectif", title="Verger partagé", starts_on=date(2027, 3, 1),
                        ends_on=date(2028, 6, 30), status=status)
    action.budget_lines = [BudgetLine(position=i, label=label, amount_cents=cents, kind=kind, funder=funder)
                           for i, (label, cents, kind, funder) in enumerate(lines)]
    action.indicators = [Indicator(position=0, label="Foyers impliqués", target=25)]
    db.session.commit()
    return action


def dossier_form(csrf, **values):
    data = {"csrf_token": csrf, "version": "0", "holder_type": "centre_social",
            "holder_name": "Centre social Jacques-Prévert", "territory": "call", "cite": "Cité 9 de Harnes",
            "contexts": ["erbm", "qpv"], "partners": "Maisons & Cités\nVille de Harnes",
            "notified_on": "2026-12-15", "evaluation": "Un bilan à chaque saison.", "communication": "Affiches.",
            "pieces_ready": ["courrier", "attestation", "planning", "financement", "rib"]}
    for topic in ("habitants", "liens", "expertise", "autonomie"):
        data[f"annex-{topic}-text"] = (f"Ce que le collectif prévoit : {topic}. Les habitants en ont parlé en "
                                       f"réunion. Le centre social les accompagne.")
        data[f"annex-{topic}-items"] = "5"
    data["annex-habitants-items"] = "5, 12"
    return {**data, **values}


def verdict(page):
    return VERDICT.search(page).group(1).replace("&#39;", "'")


def test_a_new_dossier_lists_what_is_missing_and_stores_nothing(client, demo_map):
    page = client.get(url(demo_map)).get_data(as_text=True)
    assert "points à reprendre avant de déposer le dossier" in verdict(page)
    assert "Indiquez le type de porteur du projet." in page
    assert "Ajoutez au moins une action au projet, avec ses dates." in page
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_a_complete_dossier_turns_the_checklist_green(client, csrf, demo_map):
    project(demo_map, ("Arbres fruitiers", 450000, "equipement", "etat"),
            ("Ateliers", 300000, "animation", "etat"), ("Local du centre social", 200000, "fonctionnement",
                                                        "valorisation"))
    response = client.post(url(demo_map), data=dossier_form(csrf))
    assert response.status_code == 303
    page = client.get(url(demo_map)).get_data(as_text=True)
    assert "Dossier enregistré." in page
    assert verdict(page) == "Le dossier respecte toutes les règles de l'AMI : il peut être déposé."
    assert "7\u202f500,00\u00a0€" in page  # the State's subsidy, from the lines
    dossier = db.session.scalar(select(Dossier))
    assert dossier.holder_type == "centre_social" and dossier.contexts == ["erbm", "qpv"]
    assert dossier.notified_on == date(2026, 12, 15) and dossier.cited("habitants", "items") == [5, 12]
    assert sorted(dossier.pieces_ready) == ["attestation", "courrier", "financement", "planning", "rib"]
    assert 'value="5, 12"' in page and "Ce que le collectif prévoit : autonomie." in page  # read back


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"annex-liens-items": "5, 999"}, "annex-liens-items", "Pas d'élément n° 999 sur la carte."),
    ({"notified_on": "le 15 décembre"}, "notified_on", "Date invalide."),
    ({"holder_name": "x" * 201}, "holder_name", "Pas plus de 200 caractères."),
])
def test_bad_input_gets_a_french_message_at_the_field_the_rest_kept_nothing_stored(client, csrf, demo_map,
                                                                                   values, field, message):
    response = client.post(url(demo_map), data=dossier_form(csrf, **values))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and error.group(1).replace("&#39;", "'") == message
    assert "Ce que le collectif prévoit : expertise." in page  # the rest of the input kept
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_the_rules_speak_next_to_the_fields_they_are_about(client, csrf, demo_map):
    """A commune asking for 90 % of the cost, and paying running costs with the subsidy."""
    project(demo_map, ("Plants et outils", 900000, "equipement", "etat"),
            ("Électricité du local", 100000, "fonctionnement", "etat"))
    client.post(url(demo_map), data=dossier_form(csrf, holder_type="commune", **{"annex-autonomie-text": ""},
                                                 pieces_ready=["courrier"]))
    page = client.get(url(demo_map)).get_data(as_text=True).replace("&#39;", "'")
    assert "7 points à reprendre" in verdict(page)  # share, expense, topic, four pieces
    money = page[page.index('id="financement"'):page.index('id="actions"')]
    assert "Une collectivité territoriale doit garder au moins 20" in money  # 0 % kept: no own funds at all
    row = page[page.index('id="action-0"'):page.index("</tr>", page.index('id="action-0"'))]
    assert "La dépense « Électricité du local » relève du fonctionnement de la structure" in row
    topic = page[page.index('id="annex-autonomie-text"'):page.index("</fieldset>", page.index('id="annex-autonomie'))]
    assert "Perspectives d'autonomisation du collectif à terme » est vide : rédigez-le." in topic
    assert "Pièce à joindre non marquée prête : RIB du bénéficiaire de la subvention." in page


def test_a_dropped_action_is_not_in_the_financing_plan(client, csrf, demo_map):
    project(demo_map, ("Arbres", 300000, "equipement", "etat"))
    project(demo_map, ("Grand chantier", 2000000, "equipement", "etat"), status="dropped")
    page = client.get(url(demo_map)).get_data(as_text=True)
    assert "Grand chantier" not in page and "Verger partagé" in page
    assert "La subvention demandée (3\u202f000,00\u00a0€) respecte le plafond" in page.replace("&#39;", "'")


def test_a_stale_form_is_a_conflict_and_keeps_what_the_person_wrote(client, csrf, demo_map):
    client.post(url(demo_map), data=dossier_form(csrf))
    client.post(url(demo_map), data=dossier_form(csrf, version="1", holder_name="Association Les Voyettes"))
    stale = client.post(url(demo_map), data=dossier_form(csrf, version="1", holder_name="Mairie de Harnes"))
    assert stale.status_code == 409 and 'value="Mairie de Harnes"' in stale.get_data(as_text=True)
    assert db.session.scalar(select(Dossier.holder_name)) == "Association Les Voyettes"


def test_a_viewer_reads_the_dossier_without_a_way_to_change_it(app, client, csrf, demo_map, member):
    client.post(url(demo_map), data=dossier_form(csrf))
    viewer = app.test_client()
    log_in(viewer, member("Vera", "viewer").id)
    page = viewer.get(url(demo_map)).get_data(as_text=True)
    assert "Centre social Jacques-Prévert" in page and "<fieldset class=\"plain\" disabled>" in page
    assert "Enregistrer le dossier" not in page
    refused = viewer.post(url(demo_map), data=dossier_form(csrf_of(viewer), holder_name="Autre"))
    assert refused.status_code == 403
    assert Feature.listed(demo_map.id)[1] == 18


def test_a_territory_contradicting_the_maps_commune_is_said_at_its_field(client, csrf, demo_map):
    project(demo_map, ("Arbres fruitiers", 450000, "equipement", "etat"))
    client.post(url(demo_map), data=dossier_form(csrf, territory="valenciennes"))
    page = client.get(url(demo_map)).get_data(as_text=True).replace("&#39;", "'")
    assert "La commune de la carte, Harnes, est dans la Communauté d'agglomération de Lens-Liévin" in page
    assert "1 point à reprendre" in verdict(page)
