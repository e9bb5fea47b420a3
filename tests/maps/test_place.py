"""A map's own place: the commune chosen at its creation, its EPCI, and the opening view its editors save."""
import html
import json
import re

import pytest
from sqlalchemy import select

from app import places
from app.extensions import db
from app.models import Map
from tests.support import state

LENS = "62498"


def create(client, csrf, collective, **values):
    return client.post("/cartes", data={"csrf_token": csrf, "name": "Cité 12/14", "commune": LENS, "legend": "vide",
                                        "collective": collective.id, "visibility": "private", **values})


def config_of(page):
    return json.loads(html.unescape(re.search(r"data-config='([^']+)'", page).group(1)))


def test_the_new_map_form_offers_the_communes_of_the_eight_intercommunalities_grouped(client):
    page = client.get("/").get_data(as_text=True)
    assert '<optgroup label="Communauté d&#39;agglomération de Lens-Liévin">' in page
    assert f'<option value="{LENS}">Lens</option>' in page
    assert page.count("<optgroup") == 8 and page.count('<option value="6') + page.count('<option value="5') == 336


def test_a_new_map_opens_on_its_commune_and_knows_its_epci(client, csrf, collective):
    response = create(client, csrf, collective)
    assert response.status_code == 303
    map_ = db.session.scalar(select(Map).where(Map.name == "Cité 12/14"))
    lens = places.commune(LENS)
    assert (map_.commune, map_.commune_code, map_.epci) == ("Lens", LENS, "call")
    config = config_of(client.get(f"/cartes/{map_.id}").get_data(as_text=True))
    assert (config["center"], config["zoom"]) == ([lens.lon, lens.lat], places.COMMUNE_ZOOM)


def test_the_dossier_of_a_new_map_names_its_intercommunality(client, csrf, collective):
    create(client, csrf, collective, commune="59178")  # Douai
    map_ = db.session.scalar(select(Map).where(Map.name == "Cité 12/14"))
    page = client.get(f"/cartes/{map_.id}/dossier").get_data(as_text=True)
    assert '<option selected value="douaisis">' in page


@pytest.mark.parametrize("commune", ["", "99999", "Lens", "62498 "])
def test_a_commune_outside_the_list_is_refused_next_to_the_field_and_the_rest_kept(client, csrf, collective, commune):
    before = state.everything()
    response = create(client, csrf, collective, commune=commune, name="Jardin du 9", legend="diagnostic")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="commune-error">Choisissez la commune de la carte dans la liste.' in page
    assert 'value="Jardin du 9"' in page and '<option selected value="diagnostic">' in page
    assert state.everything() == before


def save_view(client, map_, **view):
    csrf = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(f"/cartes/{map_.id}").get_data(as_text=True)).group(1)
    return client.post(f"/cartes/{map_.id}/vue-d-ouverture", data={"csrf_token": csrf, **view})


def test_an_editor_saves_the_view_the_map_opens_on(client, empty_map):
    response = save_view(client, empty_map, lon="2.95123", lat="50.42", zoom="17")
    assert response.status_code == 200 and "Vue d'ouverture enregistrée." in response.get_data(as_text=True)
    config = config_of(client.get(f"/cartes/{empty_map.id}").get_data(as_text=True))
    assert (config["center"], config["zoom"]) == ([2.95123, 50.42], 17)


@pytest.mark.parametrize("view", [
    {"lon": "181", "lat": "50.4", "zoom": "15"}, {"lon": "2.9", "lat": "-91", "zoom": "15"},
    {"lon": "2.9", "lat": "50.4", "zoom": "1"}, {"lon": "2.9", "lat": "50.4", "zoom": "23"},
    {"lon": "nan", "lat": "50.4", "zoom": "15"}, {"lon": "2.9", "lat": "", "zoom": "15"},
    {"lon": "2.9", "lat": "50.4", "zoom": "15.5"},
])
def test_a_view_out_of_range_is_refused_and_changes_nothing(client, empty_map, view):
    before = state.everything()
    response = save_view(client, empty_map, **view)
    assert response.status_code == 422 and "La vue n&#39;a pas pu être enregistrée" in response.get_data(as_text=True)
    assert state.everything() == before


def test_the_button_is_shown_to_those_who_may_save_the_view_only(client, app, empty_map, member):
    assert "Enregistrer cette vue comme vue d'ouverture" in client.get(f"/cartes/{empty_map.id}").get_data(
        as_text=True)
    contributor = app.test_client()
    from tests.conftest import log_in
    log_in(contributor, member("Lou", "contributor").id)
    assert "vue d'ouverture" not in contributor.get(f"/cartes/{empty_map.id}").get_data(as_text=True)


def test_htmx_gets_the_button_alone_with_what_became_of_the_view(client, empty_map):
    csrf = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(f"/cartes/{empty_map.id}").get_data(as_text=True)).group(1)
    response = client.post(f"/cartes/{empty_map.id}/vue-d-ouverture", headers={"HX-Request": "true"},
                           data={"csrf_token": csrf, "lon": "3.0", "lat": "50.4", "zoom": "15"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.lstrip().startswith("<form") and "<html" not in fragment
    assert 'name="lon" value="3.0"' in fragment and "Vue d'ouverture enregistrée." in fragment
