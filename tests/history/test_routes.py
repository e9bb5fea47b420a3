"""The history panel, restoring from it, and the change feed."""

import pytest
from shapely.geometry import Point

from app.extensions import db
from app.models import Feature, Revision
from tests.conftest import HX, csrf_of
from tests.support.author import AUTHOR


def changes(client, map_, since, **headers):
    return client.get(f"/cartes/{map_.id}/changements?depuis={since}", headers=headers)


def test_change_feed_gives_exactly_what_changed_after_a_revision(client, empty_map):
    kept = Feature.create(empty_map, empty_map.categories[0], "Nichoir", "", Point(2.89, 50.44), author=AUTHOR)
    gone = Feature.create(empty_map, empty_map.categories[0], "Dépôt sauvage", "", Point(2.891, 50.44), author=AUTHOR)
    db.session.commit()
    since = empty_map.revision
    kept.edit(kept.category, "Nichoir à mésanges", "", author=AUTHOR)
    gone.soft_delete(author=AUTHOR)
    added = Feature.create(empty_map, empty_map.categories[1], "Banc", "", Point(2.892, 50.44), author=AUTHOR)
    db.session.commit()
    data = changes(client, empty_map, since).get_json()
    assert data["revision"] == since + 3 and data["legend"] is False
    assert data["removed"] == [gone.id]
    assert [(f["id"], f["properties"]["title"]) for f in data["features"]] == [(kept.id, "Nichoir à mésanges"),
                                                                             (added.id, "Banc")]
    assert changes(client, empty_map, 0).get_json()["removed"] == [gone.id]


def test_change_feed_with_nothing_new_is_empty_and_then_304(client, demo_map):
    response = changes(client, demo_map, demo_map.revision)
    assert response.get_json() == {"revision": demo_map.revision, "legend": False, "removed": [], "features": []}
    again = changes(client, demo_map, demo_map.revision, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_change_feed_tells_about_legend_changes(client, csrf, empty_map):
    since = empty_map.revision
    category = empty_map.categories[0]
    client.post(f"/cartes/{empty_map.id}/legende/{category.id}", headers=HX, data={
        "csrf_token": csrf, "label": "Renommée", "colour": "#112233", "icon": "", "kinds": ["point"]})
    assert changes(client, empty_map, since).get_json()["legend"] is True


@pytest.mark.parametrize("since", ["", "abc", "1.5"])
def test_change_feed_needs_a_whole_number(client, demo_map, since):
    response = changes(client, demo_map, since)
    assert response.status_code == 400 and "révision" in response.get_json()["error"]


@pytest.mark.parametrize("query", ["", "?element={fid}"])
def test_history_is_a_fragment_for_htmx_and_a_page_otherwise(client, demo_map, query):
    feature = Feature.listed(demo_map.id)[0][0]
    url = f"/cartes/{demo_map.id}/historique" + query.format(fid=feature.id)
    fragment, page = client.get(url, headers=HX), client.get(url)
    assert "<html" not in fragment.get_data(as_text=True) and "<html" in page.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    assert "Élément ajouté" in fragment.get_data(as_text=True)


def test_history_shows_what_changed_and_restores_it(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX, data={
        "csrf_token": csrf, "category": feature.category_id, "title": "Permanence fermée", "description": "",
        "geometry": "", "version": feature.version})
    body = client.get(f"/cartes/{demo_map.id}/historique?element={feature.id}", headers=HX).get_data(as_text=True)
    assert "Élément modifié" in body and "« Lieu de la permanence architecturale » → « Permanence fermée »" in body
    assert "Voyette" in body and body.count("Rétablir cet état") == 1  # the demo's items were seeded by Voyette
    created = Revision.listed(demo_map.id, feature.id)[-1]
    response = client.post(f"/cartes/{demo_map.id}/historique/{created.id}/retablir", headers=HX,
                           data={"csrf_token": csrf})
    assert response.headers["HX-Trigger"] == "features-changed"
    assert "a retrouvé son état" in response.get_data(as_text=True)
    db.session.refresh(feature)
    assert feature.title == "Lieu de la permanence architecturale"


def test_revert_without_htmx_redirects_and_another_map_s_revision_is_not_found(client, csrf, demo_map, empty_map):
    created = Revision.listed(demo_map.id)[-1]
    assert client.post(f"/cartes/{empty_map.id}/historique/{created.id}/retablir",
                       data={"csrf_token": csrf}).status_code == 404
    response = client.post(f"/cartes/{demo_map.id}/historique/{created.id}/retablir", data={"csrf_token": csrf})
    assert response.status_code == 303 and f"/elements/{created.feature_id}" in response.headers["Location"]


def test_history_of_one_person(client, csrf, demo_map, resident):
    feature = Feature.listed(demo_map.id)[0][0]
    resident.post(f"/cartes/{demo_map.id}/elements/{feature.id}/commentaires", headers=HX,
                  data={"csrf_token": csrf_of(resident), "body": "Vu.", "pseudonym": "Karim"})
    page = client.get(f"/cartes/{demo_map.id}/historique?auteur=Karim", headers=HX).get_data(as_text=True)
    assert "Les changements de Karim" in page and page.count('class="history-entry"') == 1
    everyone = client.get(f"/cartes/{demo_map.id}/historique", headers=HX).get_data(as_text=True)
    assert everyone.count('class="history-entry"') == 19  # the 18 items added, and the comment
