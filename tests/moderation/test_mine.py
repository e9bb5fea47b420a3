"""« Mes propositions »: a resident follows what their browser proposed through their link, and nobody else does."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ContributionLink, Proposal
from tests.conftest import HX, csrf_of, log_in

POINT = '{"type": "Point", "coordinates": [2.892, 50.443]}'


def link_of(map_, moderated=True):
    link = ContributionLink(map_id=map_.id, moderated=moderated, label="Balade")
    db.session.add(link)
    db.session.commit()
    return link


def resident(app, link, pseudonym="Karim"):
    """A browser that opened the link and typed a pseudonym."""
    client = app.test_client()
    path = f"/contribuer/{link.token}"
    assert client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": pseudonym}).status_code == 303
    return client


def propose(client, map_, title):
    response = client.post(f"/cartes/{map_.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(client), "category": map_.categories[0].id, "title": title, "geometry": POINT})
    assert response.status_code == 200 and "attend la validation" in response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "proposals-changed"
    return db.session.scalars(select(Proposal).where(Proposal.title == title)).one()


def mine(client, map_):
    return client.get(f"/cartes/{map_.id}/propositions", headers=HX).get_data(as_text=True)


def drawn(client, map_):
    return client.get(f"/cartes/{map_.id}/propositions.geojson").get_json()["features"]


def test_a_resident_follows_their_proposals_waiting_validated_and_refused(app, client, csrf, empty_map):
    link = link_of(empty_map)
    karim = resident(app, link)
    bench, tag = propose(karim, empty_map, "Banc"), propose(karim, empty_map, "Tag <script>")
    assert "Mes propositions" in karim.get(f"/cartes/{empty_map.id}").get_data(as_text=True)
    listed = mine(karim, empty_map)
    assert listed.count("en attente") == 2 and "Tag &lt;script&gt;" in listed
    client.post(f"/cartes/{empty_map.id}/moderation/{bench.id}/valider", headers=HX, data={"csrf_token": csrf})
    client.post(f"/cartes/{empty_map.id}/moderation/{tag.id}/refuser", headers=HX,
                data={"csrf_token": csrf, "reason": "Hors <b>du</b> quartier"})
    listed = mine(karim, empty_map)
    assert "validée n° 01" in listed and "refusée : Hors &lt;b&gt;du&lt;/b&gt; quartier" in listed
    assert "en attente" not in listed
    [refused] = drawn(karim, empty_map)  # the validated one is an item now, drawn as such
    assert refused["id"] == f"proposal-{tag.id}" and refused["properties"]["status"] == "rejected"
    assert refused["properties"]["tooltip"] == "« Tag <script> », refusée : Hors <b>du</b> quartier"  # a text node


def test_another_resident_does_not_see_them_even_under_the_same_pseudonym(app, empty_map):
    link = link_of(empty_map)
    karim, other_karim = resident(app, link), resident(app, link)
    propose(karim, empty_map, "Banc")
    assert "Banc" not in mine(other_karim, empty_map) and drawn(other_karim, empty_map) == []
    through_another_link = resident(app, link_of(empty_map))
    assert "Banc" not in mine(through_another_link, empty_map) and drawn(through_another_link, empty_map) == []
    opened_again = karim.post(f"/contribuer/{link.token}", data={  # the same browser keeps its proposals
        "csrf_token": csrf_of(karim, f"/contribuer/{link.token}"), "pseudonym": "Karim B."})
    assert opened_again.status_code == 303 and "Banc" in mine(karim, empty_map)
    stored = db.session.scalars(select(Proposal)).one()
    with karim.session_transaction() as session:
        key = session["contributor_keys"][str(empty_map.id)]
    assert stored.contributor and key not in stored.contributor  # only its digest is kept


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_nobody_but_the_resident_gets_anything(app, client, empty_map, member, anonymous, collective, visibility):
    from app.models import Map
    empty_map.visibility = visibility
    elsewhere = Map(name="Ailleurs", collective=collective, visibility="public")
    db.session.add(elsewhere)
    db.session.commit()
    propose(resident(app, link_of(empty_map)), empty_map, "Banc")
    contributor = app.test_client()
    log_in(contributor, member("Lou", "contributor").id)
    of_another_map = resident(app, link_of(elsewhere))
    hidden = 404 if visibility == "private" else 403  # a private map is unknown to those who may not see it
    for who, status in ((anonymous, hidden), (of_another_map, hidden), (contributor, 403), (client, 403)):
        for path in ("/propositions", "/propositions.geojson"):
            response = who.get(f"/cartes/{empty_map.id}{path}")
            assert response.status_code == status and "Banc" not in response.get_data(as_text=True)
    assert "propositions.geojson" not in anonymous.get(f"/cartes/{elsewhere.id}").get_data(as_text=True)


def test_the_link_revoked_the_list_is_gone(app, empty_map):
    link = link_of(empty_map)
    karim = resident(app, link)
    propose(karim, empty_map, "Banc")
    link.revoke()
    db.session.commit()
    assert karim.get(f"/cartes/{empty_map.id}/propositions").status_code == 404  # a private map: nothing left


def test_an_unmoderated_link_has_no_proposals_to_follow(app, empty_map):
    karim = resident(app, link_of(empty_map, moderated=False))
    assert karim.get(f"/cartes/{empty_map.id}/propositions").status_code == 403
    assert "Mes propositions" not in karim.get(f"/cartes/{empty_map.id}").get_data(as_text=True)
