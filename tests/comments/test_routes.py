"""Comments on an item: the thread, adding one, a pseudonym remembered, the history keeping them, deleting one."""
from app.extensions import db
from app.models import Comment, Feature, Revision
from tests.conftest import HX, csrf_of, log_in, with_password
from tests.support import state


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


# Deleting a comment: its writer, or whoever may edit the map; erased, not hidden (RGPD).
TEXT, PSEUDONYM = "Le banc du 12 est casse", "Mireille12"  # ASCII: looked for in the database's raw rows


def commented(client, map_, feature, text=TEXT, pseudonym=PSEUDONYM):
    """The comment `client` posts on the item, through the form, as a person would."""
    response = client.post(url(map_, feature), headers=HX, data={
        "csrf_token": csrf_of(client), "pseudonym": pseudonym, "body": text})
    assert response.status_code == 200
    return Comment.of_feature(feature.id)[-1]


def delete(client, map_, feature, comment, headers=HX):
    return client.post(f"{url(map_, feature)}/{comment.id}/supprimer", headers=headers,
                       data={"csrf_token": csrf_of(client)})


def thread_of(client, map_, feature):
    return client.get(url(map_, feature) + "?fil=1", headers=HX).get_data(as_text=True)


def signed_in(app, user):
    client = app.test_client()
    log_in(client, user.id)
    return client


def another_resident(app, demo_map, pseudonym="Karim"):
    from app.demo import demo_contribution_link
    client = app.test_client()
    path = f"/contribuer/{demo_contribution_link(demo_map).token}"
    client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": pseudonym})
    return client


def assert_erased(map_, feature, comment_id):
    """No row of the comment, and nothing of its text or its writer's name anywhere in the database."""
    db.session.rollback()
    assert db.session.get(Comment, comment_id) is None
    rows = repr(state.everything()[0])
    assert TEXT not in rows and PSEUDONYM not in rows
    latest = Revision.listed(map_.id, feature.id)[0]
    assert (latest.action, latest.before, latest.after) == ("uncommented", None, None)
    assert "commented" not in [r.action for r in Revision.listed(map_.id, feature.id)]


def test_a_resident_deletes_their_own_comment_and_it_is_erased(resident, demo_map):
    feature = first_feature(demo_map)
    comment = commented(resident, demo_map, feature)
    response = delete(resident, demo_map, feature, comment)
    thread = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="comment-thread"' in thread and TEXT not in thread
    assert '<span class="count">0</span>' in thread
    assert_erased(demo_map, feature, comment.id)
    assert Revision.listed(demo_map.id, feature.id)[0].author == ""  # their name goes with their comment
    history = resident.get(f"/cartes/{demo_map.id}/historique?element={feature.id}", headers=HX).get_data(as_text=True)
    assert "Commentaire supprimé" in history and "Commentaire ajouté" not in history and TEXT not in history


def test_an_account_deletes_its_own_comment_even_once_it_may_no_longer_edit(app, member, collective, demo_map):
    alice = member("Alice", "contributor")
    client = signed_in(app, alice)
    feature = first_feature(demo_map)
    comment = commented(client, demo_map, feature)
    collective.set_role(collective.membership_of(alice), "viewer")
    db.session.commit()
    assert "Supprimer ce commentaire" in thread_of(client, demo_map, feature)
    assert delete(client, demo_map, feature, comment).status_code == 200
    assert_erased(demo_map, feature, comment.id)


def test_an_editor_deletes_a_resident_s_comment_and_signs_the_deletion(client, resident, demo_map):
    feature = first_feature(demo_map)
    comment = commented(resident, demo_map, feature)
    assert "Supprimer ce commentaire" in thread_of(client, demo_map, feature)
    response = delete(client, demo_map, feature, comment, headers={})  # without JavaScript: the item's page again
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/elements/{feature.id}")
    assert_erased(demo_map, feature, comment.id)
    assert Revision.listed(demo_map.id, feature.id)[0].author == "Camille"


def test_others_may_not_delete_a_comment(app, resident, member, demo_map, anonymous):
    """Another resident (same link, same pseudonym), a member who may not edit, a visitor of the public map: 403;
    once the map is private, a stranger and the editor of another collective's map do not see it: 404."""
    from app.models import Collective, User
    feature = first_feature(demo_map)
    comment = commented(resident, demo_map, feature, pseudonym="Karim")
    stranger = with_password(User(email="ailleurs@exemple.fr", display_name="Ailleurs"))
    Collective.found("Autre collectif", "association", stranger)
    db.session.commit()
    elsewhere = signed_in(app, stranger)
    refused = {"other resident": another_resident(app, demo_map), "viewer": signed_in(app, member("Bruno", "viewer")),
               "visitor": anonymous, "other collective": elsewhere}
    before = state.everything()
    for who, client in refused.items():
        thread = thread_of(client, demo_map, feature)
        assert TEXT in thread and "Supprimer ce commentaire" not in thread, who
        assert delete(client, demo_map, feature, comment).status_code == 403, who
    assert state.everything() == before
    demo_map.visibility = "private"
    db.session.commit()
    before = state.everything()
    for who, client in (("stranger", anonymous), ("other collective", elsewhere)):
        assert delete(client, demo_map, feature, comment).status_code == 404, who
    assert state.everything() == before


def test_a_comment_is_reached_through_its_own_item_only(client, resident, demo_map):
    feature, other = Feature.listed(demo_map.id)[0][:2]
    comment = commented(resident, demo_map, feature)
    before = state.everything()
    assert delete(client, demo_map, other, comment).status_code == 404
    assert state.everything() == before
