"""Feature routes: fragments for htmx, pages otherwise; creating, editing, deleting; the GeoJSON layer."""
import json

import pytest
from shapely.geometry import Point
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feature
from tests.conftest import HX, csrf_of, log_in
from tests.support.author import AUTHOR

ZONE = {"type": "Polygon", "coordinates": [[[2.8895, 50.4415], [2.8910, 50.4415], [2.8910, 50.4421],
                                            [2.8895, 50.4421], [2.8895, 50.4415]]]}


def count():
    return db.session.scalar(select(func.count()).select_from(Feature))


def form(csrf, category_, **values):
    data = {"csrf_token": csrf, "category": category_.id, "title": "Jardin partagé", "description": "",
            "geometry": json.dumps(ZONE)}
    data.update(values)
    return data


@pytest.mark.parametrize("path", ["/elements", "/elements/{fid}", "/elements/{fid}/modifier",
                                  "/elements/nouveau?forme=polygon", "/legende", "/legende/modifier"])
def test_htmx_gets_a_fragment_and_a_browser_a_page(client, demo_map, path):
    feature = Feature.listed(demo_map.id)[0][0]
    url = f"/cartes/{demo_map.id}" + path.format(fid=feature.id)
    fragment, page = client.get(url, headers=HX), client.get(url)
    assert fragment.status_code == page.status_code == 200
    assert "<html" not in fragment.get_data(as_text=True) and "<html" in page.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in page.headers["Vary"]


def test_boosted_and_history_restore_requests_get_the_page(client, demo_map):
    url = f"/cartes/{demo_map.id}/elements"
    for extra in ({"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}):
        assert "<html" in client.get(url, headers={**HX, **extra}).get_data(as_text=True)


def test_create_a_zone_gets_the_next_number_and_tells_the_page(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0]), headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "features-changed"
    assert ">19</span>" in body and "Jardin partagé" in body and "Surface" in body and "m²" in body
    assert count() == 19


def test_create_without_htmx_redirects_to_the_feature(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0]))
    assert response.status_code == 303 and "/elements/" in response.headers["Location"]


def test_unclosed_zone_is_closed_and_the_user_told(client, csrf, demo_map):
    open_ring = {"type": "Polygon", "coordinates": [ZONE["coordinates"][0][:-1]]}
    body = client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                       data=form(csrf, demo_map.categories[0], geometry=json.dumps(open_ring))).get_data(as_text=True)
    assert "refermée automatiquement" in body and count() == 19


@pytest.mark.parametrize("values, field, message", [
    ({"title": ""}, "title", "Donnez un titre"),
    ({"title": "x" * 121}, "title", "120 caractères"),
    ({"category": "999999"}, "category", "Choisissez une catégorie"),
    ({"category": "abc"}, "category", "Choisissez une catégorie"),
    ({"geometry": ""}, "geometry", "Dessinez d"),
    ({"geometry": json.dumps({"type": "Polygon", "coordinates": [[[2.89, 50.44], [2.891, 50.441], [2.891, 50.44],
                                                                   [2.89, 50.441], [2.89, 50.44]]]})},
     "geometry", "se recoupe"),
    ({"geometry": '{"type":"Point","coordinates":[2.9, 95]}'}, "geometry", "hors limites"),
])
def test_bad_input_is_refused_next_to_the_field_with_the_rest_kept(client, csrf, demo_map, values, field, message):
    data = form(csrf, demo_map.categories[0], description="Notre idée", **values)
    response = client.post(f"/cartes/{demo_map.id}/elements", data=data, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and count() == 18
    assert f'id="{field}-error"' in body and message in body
    assert "Notre idée" in body


def test_category_that_refuses_this_kind_of_shape(client, csrf, demo_map):
    category = demo_map.categories[0]
    category.kinds = "point"
    db.session.commit()
    body = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, category), headers=HX).get_data(as_text=True)
    assert "accepte pas les zones" in body and count() == 18


def test_category_of_another_map_is_refused(client, csrf, demo_map, empty_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, empty_map.categories[0]), headers=HX)
    assert response.status_code == 422 and count() == 18


def test_text_is_escaped_on_display(client, csrf, demo_map):
    client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                data=form(csrf, demo_map.categories[0], title="<script>alert(1)</script>"))
    page = client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_edit_text_category_and_shape(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    target = demo_map.categories[2]
    response = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                           data=form(csrf, target, title="Permanence déplacée", version=feature.version))
    assert response.status_code == 200
    db.session.refresh(feature)
    assert (feature.title, feature.category_id, feature.kind, feature.number) == (
        "Permanence déplacée", target.id, "polygon", 1)


def test_edit_without_a_new_shape_keeps_the_shape(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    shape = feature.shape
    client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                data=form(csrf, feature.category, geometry="", version=feature.version))
    db.session.refresh(feature)
    assert feature.shape.equals(shape) and feature.title == "Jardin partagé"


def test_stale_edit_gets_409_with_both_versions_and_overwrites_nothing(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    opened_at = feature.version
    feature.title = "Changé par un voisin"
    db.session.commit()
    response = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                           data=form(csrf, feature.category, title="Mon titre", geometry="", version=opened_at))
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Changé par un voisin" in body and 'value="Mon titre"' in body
    db.session.refresh(feature)
    assert feature.title == "Changé par un voisin"
    assert f'name="version" type="hidden" value="{feature.version}"' in body  # so that « Garder ma version » saves
    again = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                        data=form(csrf, feature.category, title="Mon titre", geometry="", version=feature.version))
    assert again.status_code == 200
    db.session.refresh(feature)
    assert feature.title == "Mon titre"


def test_delete_to_the_bin_and_restore(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    base = f"/cartes/{demo_map.id}/elements/{feature.id}"
    deleted = client.post(f"{base}/supprimer", data={"csrf_token": csrf}, headers=HX)
    assert deleted.headers["HX-Trigger"] == "features-changed"
    assert f'data-removed="{feature.id}"' in deleted.get_data(as_text=True)
    bin_list = client.get(f"/cartes/{demo_map.id}/elements?corbeille=1", headers=HX).get_data(as_text=True)
    assert "Lieu de la permanence" in bin_list
    listed = client.get(f"/cartes/{demo_map.id}/elements", headers=HX).get_data(as_text=True)
    assert "Lieu de la permanence" not in listed
    client.post(f"{base}/restaurer", data={"csrf_token": csrf}, headers=HX)
    db.session.refresh(feature)
    assert not feature.is_deleted and feature.number == 1


def test_a_feature_is_not_reachable_through_another_map(client, demo_map, empty_map):
    feature = Feature.listed(demo_map.id)[0][0]
    assert client.get(f"/cartes/{empty_map.id}/elements/{feature.id}").status_code == 404


def test_list_pages_by_fifty(client, demo_map, csrf):
    for i in range(40):
        client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0], title=f"Arbre {i}"),
                    headers=HX)
    first = client.get(f"/cartes/{demo_map.id}/elements", headers=HX).get_data(as_text=True)
    assert first.count("data-feature-id=") == 50 and "depuis=50" in first
    rest = client.get(f"/cartes/{demo_map.id}/elements?depuis=50", headers=HX).get_data(as_text=True)
    assert rest.count("data-feature-id=") == 8 and "<section" not in rest
    assert 'id="features-shown" name="montres" value="58" hx-swap-oob="true"' in rest


def test_the_list_refreshes_with_as_many_items_as_were_shown(client, demo_map):
    category = demo_map.categories[0]
    Feature.create_many(demo_map, [(category, f"Arbre {n}", "", Point(2.895, 50.444)) for n in range(90)],
                        author=AUTHOR)
    db.session.commit()
    again = client.get(f"/cartes/{demo_map.id}/elements?montres=100", headers=HX).get_data(as_text=True)
    assert again.count("data-feature-id=") == 100 and "depuis=100" in again and 'value="100"' in again
    huge = client.get(f"/cartes/{demo_map.id}/elements?montres=99999", headers=HX).get_data(as_text=True)
    assert huge.count("data-feature-id=") == 108 and "depuis=" not in huge


class TestLayer:
    def url(self, map_, **params):
        from urllib.parse import urlencode
        return f"/cartes/{map_.id}/elements.geojson" + ("?" + urlencode(params) if params else "")

    def test_whole_map_is_a_feature_collection_of_18(self, client, demo_map):
        data = client.get(self.url(demo_map)).get_json()
        assert data["type"] == "FeatureCollection" and len(data["features"]) == 18
        first = min(data["features"], key=lambda f: f["properties"]["number"])
        assert first["geometry"] == {"type": "Point", "coordinates": [2.8921, 50.4431]}
        assert first["properties"]["title"] == "Lieu de la permanence architecturale"

    def test_bbox_and_category_filters(self, client, demo_map):
        west = client.get(self.url(demo_map, bbox="2.8870,50.4440,2.8905,50.4470")).get_json()
        assert sorted(f["properties"]["number"] for f in west["features"]) == [2, 14, 18]
        category = demo_map.categories[0].id
        only = client.get(self.url(demo_map, categories=str(category))).get_json()
        assert {f["properties"]["category"] for f in only["features"]} == {category}
        assert client.get(self.url(demo_map, categories="")).get_json()["features"] == []

    @pytest.mark.parametrize("params", [{"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"categories": "1,x"},
                                        {"zoom": "douze"}, {"zoom": "23"}, {"zoom": "-1"}])
    def test_malformed_parameters_get_400_in_french(self, client, demo_map, params):
        response = client.get(self.url(demo_map, **params))
        assert response.status_code == 400 and response.get_json()["error"].startswith("L")

    def test_etag_answers_304_until_the_map_changes(self, client, demo_map, csrf):
        url = self.url(demo_map, bbox="2.88,50.44,2.90,50.45")
        etag = client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0]), headers=HX)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    def test_many_features_in_view_come_as_clusters(self, app, client, demo_map):
        app.config["CLUSTER_THRESHOLD"] = 10
        try:
            data = client.get(self.url(demo_map, bbox="2.85,50.42,2.95,50.47")).get_json()
        finally:
            app.config["CLUSTER_THRESHOLD"] = 12000
        assert all("cluster" in f["properties"] for f in data["features"])
        assert sum(f["properties"]["cluster"] for f in data["features"]) == 18


@pytest.mark.parametrize("action", ["", "/supprimer", "/restaurer"])
def test_changes_without_htmx_redirect_to_the_feature_page(client, csrf, demo_map, action):
    feature = Feature.listed(demo_map.id)[0][0]
    data = form(csrf, feature.category, geometry="", version=feature.version)
    response = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}{action}", data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cartes/{demo_map.id}/elements/{feature.id}")
    assert "HX-Trigger" not in response.headers


def test_edit_form_opens_with_the_feature_s_own_values(client, demo_map):
    feature = next(f for f in Feature.listed(demo_map.id)[0] if f.number == 5)  # not in the legend's first category
    body = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}/modifier", headers=HX).get_data(as_text=True)
    assert f'<option selected value="{feature.category_id}">' in body
    assert f'value="{feature.title}"' in body and feature.description in body
    assert f'name="version" type="hidden" value="{feature.version}"' in body


def test_many_people_saving_the_same_version_at_once_one_wins_the_others_get_the_conflict(app, owner, demo_map):
    import threading
    feature = Feature.listed(demo_map.id)[0][0]
    url, version, count = f"/cartes/{demo_map.id}/elements/{feature.id}", feature.version, 6
    owner_id = owner.id
    # A thread that fails before the start breaks the barrier: the test fails instead of waiting for ever.
    start, statuses = threading.Barrier(count, timeout=120), {}

    def save(i):
        client = app.test_client()  # one person: their own page, session and token, in their own thread
        log_in(client, owner_id)
        token = csrf_of(client, url + "/modifier")
        start.wait()
        statuses[i] = client.post(url, headers=HX, data={
            "csrf_token": token, "category": feature.category_id, "title": f"Version {i}", "description": "",
            "geometry": "", "version": version}).status_code

    threads = [threading.Thread(target=save, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200] + [409] * (count - 1)
    winner = next(i for i, status in statuses.items() if status == 200)
    db.session.expire_all()
    assert db.session.get(Feature, feature.id).title == f"Version {winner}"
