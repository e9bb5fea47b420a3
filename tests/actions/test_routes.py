"""Project actions: adding one with its budget and objectifs chiffrés, French messages for bad input with
nothing stored, editing and conflicts, ordering, linking items from either side, the map filtered by action."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, BudgetLine, Feature
from tests.conftest import HX, csrf_of, log_in


def actions_url(map_, *rest):
    return "/".join([f"/cartes/{map_.id}/actions", *map(str, rest)])


def items(map_, count):
    return Feature.listed(map_.id)[0][:count]


def form(csrf, **values):
    data = {"csrf_token": csrf, "kind": "jardin_collectif", "title": "Verger partagé des jardins du 05",
            "description": "Planter douze fruitiers dans les jardins inutilisés.", "starts_on": "2027-03-01",
            "ends_on": "2028-06-30", "status": "planned", "lead_partner": "Centre social Jacques-Prévert",
            "partners": "Maisons & Cités\nVille de Harnes",
            "budget_lines-0-label": "Arbres fruitiers", "budget_lines-0-amount": "1 250,50",
            "budget_lines-0-kind": "equipement", "budget_lines-0-funder": "etat",
            "budget_lines-1-label": "Animation des ateliers de greffe", "budget_lines-1-amount": "2400",
            "budget_lines-1-kind": "animation", "budget_lines-1-funder": "etat",
            "budget_lines-2-label": "", "budget_lines-2-amount": "", "budget_lines-2-kind": "animation",
            "indicators-0-label": "Foyers participant à la plantation", "indicators-0-target": "25",
            "indicators-0-reached": ""}
    return {**data, **values}


def add(client, csrf, map_, features=(), **values):
    data = form(csrf, **values)
    data["features"] = [str(feature.id) for feature in features]
    return client.post(actions_url(map_), headers=HX, data=data)


@pytest.fixture
def kind_codes():
    from app.dossier import rules
    return list(rules.ACTION_TYPES)


def test_adding_an_action_keeps_its_budget_in_cents_its_objective_and_its_items(client, csrf, demo_map, kind_codes):
    linked = items(demo_map, 2)
    response = add(client, csrf, demo_map, linked, kind=kind_codes[0])
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert "Action ajoutée." in page and "Verger partagé des jardins du 05" in page
    assert "3\u202f650,50\u00a0€" in page  # French grouping: a narrow no-break space
    action = db.session.scalar(select(Action))
    assert action.position == 1 and action.kind == kind_codes[0]
    assert [(line.label, line.amount_cents) for line in action.budget_lines] == [
        ("Arbres fruitiers", 125050), ("Animation des ateliers de greffe", 240000)]
    assert [(i.label, i.target, i.reached) for i in action.indicators] == [
        ("Foyers participant à la plantation", 25, None)]
    assert [feature.id for feature in action.features] == [feature.id for feature in linked]
    assert response.headers["HX-Trigger"] == "actions-changed"


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"title": "  "}, "title", "Donnez un titre à l'action."),
    ({"ends_on": "2027-01-01"}, "ends_on", "La fin doit venir après le début."),
    ({"budget_lines-0-amount": "-12"}, "budget_lines-0-amount", "Le montant ne peut pas être négatif."),
    ({"budget_lines-0-amount": "douze euros"}, "budget_lines-0-amount", "Montant invalide"),
    ({"budget_lines-0-amount": ""}, "budget_lines-0-amount", "Indiquez le montant."),
    ({"budget_lines-1-label": ""}, "budget_lines-1-label", "Nommez la dépense."),
    ({"indicators-0-target": "beaucoup"}, "indicators-0-target", "Un nombre entier, 0 ou plus."),
    ({"starts_on": "31/02/2027"}, "starts_on", "Date invalide."),
    ({"budget_lines-1-funder": "cofinanceur"}, "budget_lines-1-cofunder", "Nommez le cofinanceur."),
    ({"budget_lines-1-funder": "cofinanceur", "budget_lines-1-cofunder": "Région Hauts-de-France"},
     "budget_lines-1-cofunder_status", "Indiquez si ce cofinancement est acquis ou sollicité."),
    ({"budget_lines-1-cofunder": "Région Hauts-de-France"}, "budget_lines-1-cofunder",
     "Seul un « Autre financeur » se nomme ici : choisissez-le, ou effacez ce nom."),
    ({"budget_lines-1-funder": "cofinanceur", "budget_lines-1-cofunder": "R" * 201,
      "budget_lines-1-cofunder_status": "acquis"}, "budget_lines-1-cofunder", "200 caractères"),
    ({"budget_lines-1-funder": "cofinanceur", "budget_lines-1-cofunder": "Région",
      "budget_lines-1-cofunder_status": "promis"}, "budget_lines-1-cofunder_status", "N'est pas un choix valide."),
])
def test_bad_input_gets_a_french_message_at_the_field_the_rest_kept_nothing_stored(client, csrf, demo_map, kind_codes,
                                                                                   values, field, message):
    response = add(client, csrf, demo_map, kind=kind_codes[0], **values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1).replace("&#39;", "'")
    assert "Planter douze fruitiers dans les jardins inutilisés." in page  # the rest of the input kept
    assert db.session.scalar(select(func.count()).select_from(Action)) == 0
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0


def test_a_line_paid_by_another_funder_keeps_the_funders_name_and_status(client, csrf, demo_map, kind_codes):
    response = add(client, csrf, demo_map, kind=kind_codes[0], **{
        "budget_lines-1-funder": "cofinanceur", "budget_lines-1-cofunder": "  Région Hauts-de-France ",
        "budget_lines-1-cofunder_status": "sollicite"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Autre financeur : Région Hauts-de-France (sollicité)" in response.get_data(as_text=True)
    action = db.session.scalar(select(Action))
    assert [(line.funder, line.cofunder, line.cofunder_status) for line in action.budget_lines] == [
        ("etat", "", ""), ("cofinanceur", "Région Hauts-de-France", "sollicite")]
    page = client.get(actions_url(demo_map, action.id, "modifier"), headers=HX).get_data(as_text=True)
    assert 'value="Région Hauts-de-France"' in page
    assert re.search(r'<option selected value="sollicite">|<option value="sollicite" selected>', page)


def test_another_line_is_offered_without_saving(client, csrf, demo_map, kind_codes):
    data = form(csrf, kind=kind_codes[0], **{"budget_lines-2-label": "Compost", "budget_lines-2-amount": "80",
                                            "budget_lines-2-kind": "equipement", "more": "budget"})
    page = client.post(actions_url(demo_map), headers=HX, data=data).get_data(as_text=True)
    assert 'name="budget_lines-3-label"' in page and 'value="Compost"' in page
    assert db.session.scalar(select(func.count()).select_from(Action)) == 0


def test_editing_shows_the_stored_rows_and_a_stale_form_is_a_conflict(client, csrf, demo_map, kind_codes):
    add(client, csrf, demo_map, kind=kind_codes[0])
    action = db.session.scalar(select(Action))
    page = client.get(actions_url(demo_map, action.id, "modifier"), headers=HX).get_data(as_text=True)
    assert 'value="1250,50"' in page and 'name="budget_lines-2-label"' in page  # two lines and a blank one
    first = client.post(actions_url(demo_map, action.id), headers=HX,
                        data=form(csrf, kind=kind_codes[1], title="Verger et ruches", version="1"))
    assert first.status_code == 200 and "Action enregistrée." in first.get_data(as_text=True)
    stale = client.post(actions_url(demo_map, action.id), headers=HX,
                        data=form(csrf, kind=kind_codes[0], title="Verger seul", version="1"))
    assert stale.status_code == 409 and 'value="Verger seul"' in stale.get_data(as_text=True)
    db.session.refresh(action)
    assert action.title == "Verger et ruches" and action.kind == kind_codes[1]


def test_actions_are_ordered_and_a_deleted_one_leaves_its_items(client, csrf, demo_map, kind_codes):
    for title in ("Verger", "Outilthèque", "Bourse de graines"):
        add(client, csrf, demo_map, items(demo_map, 1), kind=kind_codes[0], title=title)
    verger, _outils, graines = Action.of_map(demo_map.id)
    client.post(actions_url(demo_map, graines.id, "monter"), headers=HX, data={"csrf_token": csrf})
    assert [a.title for a in Action.of_map(demo_map.id)] == ["Verger", "Bourse de graines", "Outilthèque"]
    client.post(actions_url(demo_map, verger.id, "monter"), headers=HX, data={"csrf_token": csrf})  # already first
    page = client.post(actions_url(demo_map, verger.id, "supprimer"), headers=HX,
                       data={"csrf_token": csrf}).get_data(as_text=True)
    assert "Action « Verger » supprimée" in page
    assert [(a.position, a.title) for a in Action.of_map(demo_map.id)] == [(1, "Bourse de graines"), (2, "Outilthèque")]
    assert Feature.listed(demo_map.id)[1] == 18


def test_an_item_is_linked_from_its_own_panel_and_the_map_filters_by_action(client, csrf, demo_map, kind_codes):
    add(client, csrf, demo_map, kind=kind_codes[0], title="Verger")
    add(client, csrf, demo_map, kind=kind_codes[1], title="Outilthèque")
    verger, outils = Action.of_map(demo_map.id)
    feature = items(demo_map, 3)[2]
    panel = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX).get_data(as_text=True)
    assert "Action 1 · Verger" in panel and "Nouvelle action pour cet élément" in panel
    client.post(f"/cartes/{demo_map.id}/elements/{feature.id}/actions", headers=HX,
                data={"csrf_token": csrf, "actions": [str(outils.id)]})
    assert [f.id for f in outils.features] == [feature.id] and verger.features == []
    layer = client.get(f"/cartes/{demo_map.id}/elements.geojson?action={outils.id}").get_json()
    assert [f["id"] for f in layer["features"]] == [feature.id]
    detail = client.get(actions_url(demo_map, outils.id), headers=HX).get_data(as_text=True)
    assert f'data-show-action="{outils.id}"' in detail and feature.title in detail


def test_the_project_is_the_members_business(app, client, demo_map, member, kind_codes, csrf):
    add(client, csrf, demo_map, kind=kind_codes[0])
    action = db.session.scalar(select(Action))
    visitor = app.test_client()  # the demo map is public
    assert visitor.get(actions_url(demo_map)).status_code == 403
    assert visitor.get(f"/cartes/{demo_map.id}/elements.geojson?action={action.id}").status_code == 403
    viewer = app.test_client()
    log_in(viewer, member("Nadia", "viewer").id)
    page = viewer.get(actions_url(demo_map, action.id)).get_data(as_text=True)
    assert "Verger partagé des jardins du 05" in page and "Modifier" not in page
    assert viewer.post(actions_url(demo_map), data=form(csrf_of(viewer))).status_code == 403
