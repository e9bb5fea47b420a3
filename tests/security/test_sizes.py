"""Sizes and characters no one types: a shape of a million vertices, a description of megabytes, a control character
pasted into a title. Each is refused in French next to its field (or cut, or dropped, for an imported item), and the
documents made of stored text never fail on it."""
import io
import json
import re
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Action, BudgetLine, Category, Dossier, Feature, Plot, User
from tests.actions.test_routes import form as action_form
from tests.actions.test_routes import kind_codes  # noqa: F401
from tests.conftest import HX, csrf_of
from tests.dossier.test_routes import dossier_form
from tests.plots.test_routes import plots_url, split, zone_of

POSITIONS_OVER = 20_001  # one more than a drawn or imported shape may have
HUGE = "A" * 100_000  # far more than any free text of the app may hold


def line(count):
    return {"type": "LineString",
            "coordinates": [[round(2.88 + i * 1e-7, 7), round(50.44 + (i % 2) * 1e-5, 7)] for i in range(count)]}


def feature_count(map_):
    return db.session.scalar(select(func.count()).select_from(Feature).where(Feature.map_id == map_.id))


def import_file(client, csrf, map_, collection, kind="point"):
    """Upload a GeoJSON file and confirm its import: the page that says what was imported."""
    body = json.dumps(collection).encode()
    preview = client.post(f"/cartes/{map_.id}/import", headers=HX, content_type="multipart/form-data",
                          data={"csrf_token": csrf, "fichier": (io.BytesIO(body), "a.geojson")})
    token = re.search(r'name="jeton" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    category = next(c for c in Category.of_map(map_.id) if c.accepts(kind))
    return client.post(f"/cartes/{map_.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token, "titre": "name", "description": "description", "categorie": category.id,
        "champ": ""})


def collection(*features):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry} for properties, geometry in features]}


POINT = {"type": "Point", "coordinates": [2.89, 50.44]}


# Vertices


def test_a_drawn_line_of_too_many_vertices_is_refused_in_french(resident, demo_map):
    before = feature_count(demo_map)
    category = next(c for c in demo_map.categories if c.accepts("line"))
    response = resident.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(resident, f"/cartes/{demo_map.id}"), "category": category.id, "title": "Trait",
        "geometry": json.dumps(line(POSITIONS_OVER))})
    assert response.status_code == 422, response.status_code
    assert "trop de points" in response.get_data(as_text=True)
    assert feature_count(demo_map) == before


def test_an_imported_line_of_too_many_vertices_is_left_out_with_the_reason(client, csrf, empty_map):
    done = import_file(client, csrf, empty_map, collection(
        ({"name": "Trace", "description": "GPS"}, line(POSITIONS_OVER)),
        ({"name": "Sentier", "description": "GPS"}, line(5))), kind="line")
    assert done.status_code == 200
    assert "trop de points" in done.get_data(as_text=True)
    assert [f.title for f in Feature.listed(empty_map.id)[0]] == ["Sentier"]


def test_a_long_gps_track_is_still_accepted(client, csrf, empty_map):
    import_file(client, csrf, empty_map, collection(({"name": "Trace", "description": "GPS"}, line(5_000))),
                kind="line")
    assert [f.title for f in Feature.listed(empty_map.id)[0]] == ["Trace"]


# Lengths


def test_an_action_description_or_partners_too_long_is_refused_next_to_the_field(client, csrf, demo_map,
                                                                                kind_codes):  # noqa: F811
    for field in ("description", "partners"):
        response = client.post(f"/cartes/{demo_map.id}/actions", headers=HX,
                               data=action_form(csrf, **{field: HUGE}))
        assert response.status_code == 422, (field, response.status_code)
        assert f'id="{field}-error">Pas plus de' in response.get_data(as_text=True), field
    assert db.session.scalar(select(func.count()).select_from(Action)) == 0


def test_dossier_texts_too_long_are_refused_next_to_the_field(client, csrf, demo_map):
    for field in ("evaluation", "communication", "partners", "annex-habitants-text", "annex-liens-text"):
        response = client.post(f"/cartes/{demo_map.id}/dossier", data=dossier_form(csrf, **{field: HUGE}))
        assert response.status_code == 422, (field, response.status_code)
        assert f'id="{field}-error">Pas plus de' in response.get_data(as_text=True), field
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_a_plot_note_too_long_is_refused_next_to_the_field(client, csrf, demo_map):
    zone = zone_of(demo_map)
    split(client, csrf, demo_map, zone, count="2")
    plot = Plot.of_zone(zone.id)[0]
    response = client.post(plots_url(demo_map, plot.feature, "attribution"), headers=HX, data={
        "csrf_token": csrf, "holder": "Famille Nowak", "note": HUGE, "season_start": "2027-03-01",
        "season_end": "2027-10-31"})
    assert response.status_code == 422, response.status_code
    assert 'id="note-error">Pas plus de 1000 caractères.' in response.get_data(as_text=True)
    db.session.refresh(plot)
    assert not plot.note and not plot.holder


def test_an_imported_description_is_cut_to_what_the_form_allows_and_the_person_is_told(client, csrf, empty_map):
    done = import_file(client, csrf, empty_map, collection(({"name": "Puits", "description": "B" * 50_000}, POINT)))
    feature, = Feature.listed(empty_map.id)[0]
    assert len(feature.description) == 10_000
    assert "description coupée" in done.get_data(as_text=True)


# Characters


def test_control_characters_typed_in_a_title_are_dropped(client, csrf, demo_map, kind_codes):  # noqa: F811
    response = client.post(f"/cartes/{demo_map.id}/actions", headers=HX, data=action_form(
        csrf, title="Verger\x0bpartagé\ufffe", **{"budget_lines-0-label": "Arbres\x01\tfruitiers"}))
    assert response.status_code == 200, response.status_code
    action = db.session.scalar(select(Action))
    assert action.title == "Vergerpartagé"
    assert action.budget_lines[0].label == "Arbres\tfruitiers"


def test_a_drawn_item_keeps_no_control_character_in_its_description(client, csrf, demo_map):
    category = next(c for c in demo_map.categories if c.accepts("point"))
    client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf, "category": category.id, "title": "Banc\x01 cassé", "geometry": json.dumps(POINT),
        "description": "Ligne 1\r\nLigne\x1b 2"})
    feature = db.session.scalar(select(Feature).where(Feature.title == "Banc cassé"))
    assert feature is not None and feature.description == "Ligne 1\r\nLigne 2"


def test_an_imported_title_keeps_no_control_character(client, csrf, empty_map):
    import_file(client, csrf, empty_map, collection(({"name": "Puits\x02 du 9", "description": "Eau\x0c"}, POINT)))
    feature, = Feature.listed(empty_map.id)[0]
    assert (feature.title, feature.description) == ("Puits du 9", "Eau")


def test_documents_of_stored_text_with_control_characters_are_still_made(app, client, csrf, demo_map,
                                                                         kind_codes):  # noqa: F811
    """Text stored before the forms dropped them (or by any other way in) must not break the collective's files."""
    client.post(f"/cartes/{demo_map.id}/actions", headers=HX, data=action_form(csrf))
    action = db.session.scalar(select(Action))
    action.title, action.description = "Verger\x0bpartagé", "Planter\x01"
    db.session.scalar(select(BudgetLine).where(BudgetLine.action_id == action.id)).label = "Arbres\x01"
    db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        for document in ("annexe.docx", "plan-de-financement.xlsx", "annexe.pdf"):
            answer = client.get(f"/cartes/{demo_map.id}/dossier/{document}")
            assert answer.status_code == 200, (document, answer.status_code)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None


def test_a_sign_up_address_longer_than_an_address_can_be_is_refused_next_to_the_field(app, anonymous):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = anonymous.post("/compte/inscription", data={
            "csrf_token": csrf_of(anonymous, "/compte/inscription"), "display_name": "Mireille",
            "email": "m" * 300 + "@example.org"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 422, response.status_code
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("code", ["kml", "gpx"])
def test_an_export_of_stored_text_with_control_characters_is_well_formed_xml(client, demo_map, code):
    feature = Feature.listed(demo_map.id)[0][0]
    feature.title, feature.description = "Banc\x01cassé", "Vieux\x0b banc"
    db.session.commit()
    ids = "&".join(f"categorie={c.id}" for c in Category.of_map(demo_map.id))
    answer = client.get(f"/cartes/{demo_map.id}/export/telecharger?format={code}&{ids}")
    assert answer.status_code == 200
    text = ElementTree.tostring(ElementTree.fromstring(answer.data), encoding="unicode")
    assert "Banccassé" in text and "Vieux banc" in text
