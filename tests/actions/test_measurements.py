"""Dated measurements of an objectif chiffré, on its action's page: added by those who edit the map, listed, deleted;
the latest is what the objective has reached in the COPIL report, the answers and the annex DOCX, the figure typed
on the action's form standing in before the first one."""
import io
import re
from datetime import date, timedelta

import pytest
from docx import Document

from app.dossier import copil
from app.extensions import db
from app.models import Action, Dossier, Indicator
from tests.conftest import HX, csrf_of, log_in
from tests.dossier.test_answers import answers_of
from tests.dossier.test_routes import dossier_form
from tests.support import state


@pytest.fixture
def orchard(demo_map):
    action = Action.add(demo_map, kind="jardin_collectif", title="Verger partagé", starts_on=date(2026, 9, 1),
                        ends_on=date(2027, 6, 30), status="running")
    action.indicators = [Indicator(position=0, label="Foyers participants", target=40, reached=10),
                         Indicator(position=1, label="Arbres plantés", target=12)]
    db.session.commit()
    return action


def measurements_url(action, indicator, *rest):
    return "/".join([f"/cartes/{action.map_id}/actions/{action.id}/objectifs/{indicator.id}/mesures", *rest])


def measure(client, csrf, action, indicator, day, value, counted_by="Lucie"):
    prefix = f"mesure-{indicator.id}"
    return client.post(measurements_url(action, indicator), headers=HX, data={
        "csrf_token": csrf, f"{prefix}-measured_on": day, f"{prefix}-value": value, f"{prefix}-counted_by": counted_by})


def reached_line(page, indicator):
    found = re.search(rf'<li id="objectif-{indicator.id}">\s*<p class="indicator-reached">(.*?)</p>', page, re.S)
    return " ".join(found.group(1).split())


def test_measurements_are_listed_and_the_latest_by_date_is_what_was_reached(client, csrf, orchard):
    households = orchard.indicators[0]
    first = measure(client, csrf, orchard, households, "2026-10-03", "14", "Centre social")
    assert first.status_code == 200 and "Mesure ajoutée." in first.get_data(as_text=True)
    measure(client, csrf, orchard, households, "2026-11-21", "23")
    page = measure(client, csrf, orchard, households, "2026-09-20", "8").get_data(as_text=True)  # typed late
    assert reached_line(page, households) == ("Foyers participants : objectif 40, atteint 23 "
                                              "(mesuré le 21 novembre 2026)")
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>([^<]+)</td>", page)
    assert rows == [("20 septembre 2026", "8", "Lucie"), ("3 octobre 2026", "14", "Centre social"),
                    ("21 novembre 2026", "23", "Lucie")]
    db.session.expire_all()
    assert [(m.measured_on, m.value) for m in households.measurements][-1] == (date(2026, 11, 21), 23)
    assert households.reached == 10  # the typed figure stays, for the day the measurements are deleted


def test_without_measurements_the_typed_figure_stands_and_deleting_the_latest_goes_back(client, csrf, orchard):
    households = orchard.indicators[0]
    page = client.get(f"/cartes/{orchard.map_id}/actions/{orchard.id}", headers=HX).get_data(as_text=True)
    assert reached_line(page, households) == "Foyers participants : objectif 40, atteint 10"
    measure(client, csrf, orchard, households, "2026-10-03", "14")
    measure(client, csrf, orchard, households, "2026-11-21", "23")
    latest = households.latest_measurement
    page = client.post(measurements_url(orchard, households, str(latest.id), "supprimer"), headers=HX,
                       data={"csrf_token": csrf}).get_data(as_text=True)
    assert "Mesure supprimée." in page
    assert reached_line(page, households) == "Foyers participants : objectif 40, atteint 14 (mesuré le 3 octobre 2026)"
    only = households.latest_measurement
    client.post(measurements_url(orchard, households, str(only.id), "supprimer"), data={"csrf_token": csrf})
    db.session.expire_all()
    assert households.measurements == [] and households.current_reached == 10


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"value": ""}, "value", "Indiquez ce qui a été compté."),
    ({"value": "-3"}, "value", "Un nombre entier, 0 ou plus."),
    ({"value": "une vingtaine"}, "value", "Un nombre entier, 0 ou plus."),
    ({"day": ""}, "measured_on", "Indiquez la date du comptage."),
    ({"day": "2026-02-30"}, "measured_on", "Date invalide."),
    ({"day": (date.today() + timedelta(days=1)).isoformat()}, "measured_on",
     "Ce jour n'est pas encore passé : datez la mesure du jour où elle a été faite."),
    ({"counted_by": "L" * 201}, "counted_by", "Pas plus de 200 caractères."),
])
def test_a_bad_measurement_is_refused_at_its_field_the_input_kept(client, csrf, orchard, values, field, message):
    trees = orchard.indicators[1]
    before = state.everything()
    typed = {"day": "2026-11-02", "value": "7", "counted_by": "Karim et Lucie", **values}
    response = measure(client, csrf, orchard, trees, typed["day"], typed["value"], typed["counted_by"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="mesure-{trees.id}-{field}-error">([^<]*)</p>', page)
    assert error and error.group(1).replace("&#39;", "'") == message
    if field != "counted_by":
        assert 'value="Karim et Lucie"' in page
    assert state.everything() == before


def test_the_copil_report_the_answers_and_the_docx_say_the_latest_measurement(client, csrf, orchard, demo_map):
    households = orchard.indicators[0]
    client.post(f"/cartes/{demo_map.id}/dossier", data=dossier_form(csrf))
    def share():
        goal = next(goal for goal in copil.context(demo_map, Dossier.of_map(demo_map))["goals"]
                    if goal.label == households.label)
        return goal.share

    assert share() == 0.25  # the typed 10 of 40
    measure(client, csrf, orchard, households, "2026-11-21", "30")
    db.session.expire_all()
    assert share() == 0.75
    page = " ".join(client.get(f"/cartes/{demo_map.id}/copil").get_data(as_text=True).split())  # no-break spaces too
    assert "<td>30 <span class=\"small\">(au 21 novembre 2026)</span></td> <td>75 %</td>" in page
    answers = answers_of(client.get(f"/cartes/{demo_map.id}/dossier/reponses").get_data(as_text=True))
    assert answers["Les objectifs chiffrés"].splitlines()[0] == (
        "Foyers participants : 40 (atteint 30 le 21 novembre 2026) (action 1. Verger partagé)")
    docx = Document(io.BytesIO(client.get(f"/cartes/{demo_map.id}/dossier/annexe.docx").data))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert "Foyers participants : 40 (atteint 30 le 21 novembre 2026)\nArbres plantés : 12" in cells


def test_a_viewer_reads_the_measurements_without_the_forms(app, client, csrf, orchard, member):
    households = orchard.indicators[0]
    measure(client, csrf, orchard, households, "2026-11-21", "23")
    viewer = app.test_client()
    log_in(viewer, member("Nadia", "viewer").id)
    page = viewer.get(f"/cartes/{orchard.map_id}/actions/{orchard.id}").get_data(as_text=True)
    assert "atteint 23" in page and "Ajouter une mesure" not in page and "Supprimer la mesure" not in page
    before = state.everything()
    refused = measure(viewer, csrf_of(viewer), orchard, households, "2026-11-22", "24")
    assert refused.status_code == 403 and state.everything() == before


def test_an_objective_or_a_measurement_of_another_action_is_not_found(client, csrf, orchard, demo_map):
    other = Action.add(demo_map, kind="ressources", title="Outilthèque")
    other.indicators = [Indicator(position=0, label="Prêts", target=50)]
    db.session.commit()
    measure(client, csrf, other, other.indicators[0], "2026-11-02", "12")
    before = state.everything()
    assert measure(client, csrf, orchard, other.indicators[0], "2026-11-03", "13").status_code == 404
    theirs = other.indicators[0].latest_measurement
    path = measurements_url(orchard, orchard.indicators[0], str(theirs.id), "supprimer")
    assert client.post(path, data={"csrf_token": csrf}).status_code == 404
    assert state.everything() == before
