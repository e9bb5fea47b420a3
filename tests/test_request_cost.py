"""What the requests an open map makes all the time cost the database: the statements each one sends, counted as a
server's request would send them (a session of its own, nothing loaded yet). The person's standing on the map comes
from one query (the map, its collective and their membership in it) after the one that loads the session's account;
and since nothing of it is kept between requests, a membership removed, a role lowered or a logout elsewhere holds
from the very next request."""
import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import Feature, Membership
from tests.conftest import HX, log_in
from tests.features.test_routes import form


@pytest.fixture
def statements():
    """The statements one request sends, that request starting, as on a server, with nothing loaded."""
    def sent(client, method, path, **kwargs):
        seen = []

        def keep(_connection, _cursor, statement, *_args):
            seen.append(" ".join(statement.split()))

        db.session.remove()  # the test's objects stay out of the request's session, as in another process
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            response = client.open(path, method=method, **kwargs)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        return response, seen
    return sent


@pytest.fixture
def ids(demo_map):
    """The demo map's id, one of its items, that item's category and the map's revision, read before any request's
    session."""
    feature = Feature.listed(demo_map.id)[0][0]
    return demo_map.id, feature.id, feature.category_id, demo_map.revision


def test_a_layer_asked_again_unchanged_costs_the_account_and_the_map(client, ids, statements):
    map_id = ids[0]
    etag = client.get(f"/cartes/{map_id}/elements.geojson").headers["ETag"]
    response, sent = statements(client, "GET", f"/cartes/{map_id}/elements.geojson",
                                headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert [s.split(" FROM ")[1].split()[0] for s in sent] == ["users", "maps"], sent


def test_a_change_feed_poll_with_nothing_new_costs_the_account_and_the_map(client, ids, statements):
    map_id, revision = ids[0], ids[3]
    response, sent = statements(client, "GET", f"/cartes/{map_id}/changements?depuis={revision}", headers=HX)
    assert response.status_code == 200 and response.get_json()["features"] == []
    assert len(sent) == 2, sent


def test_a_visitor_of_a_public_map_costs_the_map_alone(app, demo_map, ids, statements):
    map_id, revision = ids[0], ids[3]
    demo_map.visibility = "public"
    db.session.commit()
    response, sent = statements(app.test_client(), "GET", f"/cartes/{map_id}/changements?depuis={revision}")
    assert response.status_code == 200
    assert len(sent) == 1, sent


def test_a_presence_ping_reads_the_map_once(client, csrf, ids, statements):
    map_id = ids[0]
    response, sent = statements(client, "POST", f"/cartes/{map_id}/presence", data={"csrf_token": csrf}, headers=HX)
    assert response.status_code == 200
    # the account, the map and standing, the visitor's line written, the stale ones removed, the others read
    assert len(sent) == 5, sent
    assert len([s for s in sent if "FROM maps" in s]) == 1


def test_a_rename_loads_the_map_and_the_standing_in_one_query(client, csrf, ids, statements):
    map_id, feature_id, _, _ = ids
    feature = db.session.get(Feature, feature_id)
    data = form(csrf, feature.category, title="Jardin renommé", geometry="", version=feature.version)
    response, sent = statements(client, "POST", f"/cartes/{map_id}/elements/{feature_id}", data=data, headers=HX)
    assert response.status_code == 200 and "Jardin renommé" in response.get_data(as_text=True)
    assert not [s for s in sent if "FROM collectives" in s or "FROM memberships" in s], sent
    assert len(sent) == 11, sent


def test_a_collective_page_loads_it_with_the_standing_in_one_query(client, collective, statements):
    response, sent = statements(client, "GET", f"/collectifs/{collective.id}")
    assert response.status_code == 200
    asking_for_the_member = [s for s in sent if "memberships.user_id = " in s]
    assert len(asking_for_the_member) == 1 and "FROM collectives" in asking_for_the_member[0], sent


# Nothing is kept between requests: what changed in the database holds at the next one.

def test_a_member_removed_cannot_read_the_map_at_the_next_request(client, member, empty_map):
    map_id = empty_map.id
    mia = member("Mia", "editor")
    log_in(client, mia.get_id())
    assert client.get(f"/cartes/{map_id}/changements?depuis=0").status_code == 200
    db.session.delete(db.session.scalar(db.select(Membership).filter_by(user_id=mia.id)))
    db.session.commit()
    assert client.get(f"/cartes/{map_id}/changements?depuis=0").status_code == 404


def test_a_role_lowered_holds_at_the_next_request(client, member, empty_map):
    new_item = f"/cartes/{empty_map.id}/elements/nouveau?forme=point"
    mia = member("Mia", "editor")
    log_in(client, mia.get_id())
    assert client.get(new_item, headers=HX).status_code == 200
    db.session.scalar(db.select(Membership).filter_by(user_id=mia.id)).role = "viewer"
    db.session.commit()
    assert client.get(new_item, headers=HX).status_code == 403


def test_a_logout_everywhere_holds_at_the_next_request(client, owner, empty_map):
    map_id = empty_map.id
    assert client.get(f"/cartes/{map_id}/changements?depuis=0").status_code == 200
    owner.session_generation += 1  # what « log out everywhere » and a new password do
    db.session.commit()
    assert client.get(f"/cartes/{map_id}/changements?depuis=0").status_code == 404
