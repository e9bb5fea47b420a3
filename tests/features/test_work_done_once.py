"""One answer about an item does each piece of work once: its stored shape is decoded once (the panel, its
GeoJSON, its measures and the history all read the same shape), and a new item's uuid is looked up once."""
import json
import uuid

import pytest
from sqlalchemy import event

from app import geo
from app.extensions import db
from app.models import Feature
from tests.conftest import HX
from tests.features.test_routes import form

MOVED = {"type": "Polygon", "coordinates": [[[2.8896, 50.4416], [2.8911, 50.4416], [2.8911, 50.4422],
                                             [2.8896, 50.4422], [2.8896, 50.4416]]]}


@pytest.fixture
def decoded(monkeypatch):
    """The stored shapes decoded while the test runs: `geo.to_shape`, the app's one decoder, still decodes each."""
    elements, decode = [], geo.to_shape

    def counted(element):
        elements.append(element)
        return decode(element)

    monkeypatch.setattr(geo, "to_shape", counted)
    return elements


@pytest.fixture
def selects():
    """The SELECT statements the database receives, with their parameters, while the test runs."""
    seen = []

    def keep(_connection, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(str(parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    yield seen
    event.remove(db.engine, "before_cursor_execute", keep)


def a_zone(map_):
    """A zone of the map, loaded afresh (nothing decoded yet), as a request's own session would load it."""
    map_id = map_.id
    db.session.expunge_all()
    return next(f for f in Feature.listed(map_id)[0] if f.kind == "polygon")


def test_an_item_shown_in_the_panel_has_its_shape_decoded_once(client, demo_map, decoded):
    response = client.get(f"/cartes/{demo_map.id}/elements/{a_zone(demo_map).id}", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "data-feature=" in body and "Surface" in body
    assert len(decoded) == 1


def test_a_saved_edit_decodes_the_stored_shape_once(client, csrf, demo_map, decoded):
    zone = a_zone(demo_map)
    data = form(csrf, zone.category, title="Jardin déplacé", geometry=json.dumps(MOVED), version=zone.version)
    response = client.post(f"/cartes/{demo_map.id}/elements/{zone.id}", data=data, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Jardin déplacé" in body and "Surface" in body
    assert len(decoded) == 1  # the state before the change; the new shape is the one just drawn


def test_a_new_item_is_answered_without_decoding_the_shape_it_was_drawn_with(client, csrf, demo_map, decoded):
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0]), headers=HX)
    assert response.status_code == 200 and "Surface" in response.get_data(as_text=True)
    assert decoded == []


def test_a_new_items_uuid_is_looked_up_once(client, csrf, demo_map, selects):
    made = str(uuid.uuid4())
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0], uuid=made),
                           headers=HX)
    lookups = [parameters for parameters in selects if made in parameters]
    assert response.status_code == 200 and Feature.by_uuid(made).number == 19
    assert len(lookups) == 1


def test_a_creation_sent_again_looks_its_uuid_up_once(client, csrf, demo_map, selects):
    data = form(csrf, demo_map.categories[0], uuid=str(uuid.uuid4()))
    client.post(f"/cartes/{demo_map.id}/elements", data=data, headers=HX)
    selects.clear()
    again = client.post(f"/cartes/{demo_map.id}/elements", data=data, headers=HX)
    assert again.status_code == 200 and ">19</span>" in again.get_data(as_text=True)
    assert len([parameters for parameters in selects if data["uuid"] in parameters]) == 1
