"""Comments on an item: the thread, adding one, a pseudonym remembered, the history keeping them."""
from app.models import Comment, Feature, Revision
from tests.conftest import HX, csrf_of


def url(map_, feature):
    return f"/cartes/{map_.id}/elements/{feature.id}/commentaires"


def first_feature(map_):
    return Feature.listed(map_.id)[0][0]


def test_add_a_comment_with_a_pseudonym_which_is_remembered(resident, demo_map):
    client, csrf = resident, csrf_of(resident)
    feature = first_feature(demo_map)
    response = client.post(url(demo_map, feature), headers=HX, data={
        "csrf_token": csrf, "pseudonym": "Mireille du 12", "body": "On pourrait y mettre un banc."})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "On pourrait y mettre un banc." in body and "Mireille du 12" in body
    assert [c.body for c in Comment.of_feature(feature.id)] == ["On pourrait y mettre un banc."]
    assert 'value="Mireille du 12"' in client.get(url(demo_map, feature), headers=HX).get_data(as_text=True)
    latest = Revision.listed(demo_map.id)[0]
    assert (latest.action, latest.author, latest.after["comment"]) == ("commented", "Mireille du 12",
                                                                       "On pourrait y mettre un banc.")


def test_later_changes_are_signed_with_the_pseudonym(resident, demo_map):
    client, csrf = resident, csrf_of(resident)
    feature = first_feature(demo_map)
    client.post(url(demo_map, feature), headers=HX, data={"csrf_token": csrf, "pseudonym": "Karim B.", "body": "Vu."})
    client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf, "category": feature.category_id, "title": "Banc", "description": "",
        "geometry": '{"type": "Point", "coordinates": [2.892, 50.443]}'})
    assert Revision.listed(demo_map.id)[0].author == "Karim B."
    history = client.get(f"/cartes/{demo_map.id}/historique", headers=HX).get_data(as_text=True)
    assert "Commentaire ajouté" in history and "Karim B." in history


def test_an_empty_comment_is_refused_with_the_pseudonym_kept(resident, demo_map):
    client, csrf = resident, csrf_of(resident)
    feature = first_feature(demo_map)
    response = client.post(url(demo_map, feature), headers=HX, data={
        "csrf_token": csrf, "pseudonym": "Karim", "body": "   "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="body-error">Écrivez votre commentaire.' in body
    assert 'value="Karim"' in body and Comment.of_feature(feature.id) == []


def test_comment_text_is_escaped(client, csrf, demo_map):
    feature = first_feature(demo_map)
    body = client.post(url(demo_map, feature), headers=HX, data={
        "csrf_token": csrf, "body": "<img src=x onerror=alert(1)>"}).get_data(as_text=True)
    assert "<img src=x" not in body and "&lt;img src=x" in body and "Camille" in body


def test_thread_alone_for_refreshes_and_redirect_without_htmx(client, csrf, demo_map):
    feature = first_feature(demo_map)
    thread = client.get(url(demo_map, feature) + "?fil=1", headers=HX).get_data(as_text=True)
    assert 'id="comment-thread"' in thread and "<form" not in thread
    section = client.get(url(demo_map, feature))
    assert section.status_code == 302 and section.headers["Location"].endswith(f"/elements/{feature.id}")
    posted = client.post(url(demo_map, feature), data={"csrf_token": csrf, "body": "Sans JavaScript"})
    assert posted.status_code == 303 and posted.headers["Location"].endswith(f"/elements/{feature.id}")


def test_comments_of_a_feature_of_another_map_are_not_found(client, demo_map, empty_map):
    assert client.get(url(empty_map, first_feature(demo_map)), headers=HX).status_code == 404
