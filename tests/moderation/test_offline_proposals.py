"""A resident's drawing made offline through a contribution link waits once, however often it is sent."""
import uuid

from sqlalchemy import func, select

from app.extensions import db
from app.models import Map, Proposal
from tests.conftest import HX, csrf_of
from tests.moderation.test_mine import POINT, link_of, resident


def sent(client, map_, made, title="Banc"):
    return client.post(f"/cartes/{map_.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(client), "category": map_.categories[0].id, "title": title, "geometry": POINT,
        "uuid": made})


def test_the_same_drawing_sent_again_waits_once(app, empty_map):
    karim, made = resident(app, link_of(empty_map)), str(uuid.uuid4())
    first, again = sent(karim, empty_map, made), sent(karim, empty_map, made, title="Banc (renvoyé)")
    for response in (first, again):
        assert response.status_code == 200 and "« Banc » attend la validation" in response.get_data(as_text=True)
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.uuid, proposal.title, proposal.status) == (made, "Banc", "waiting")
    assert empty_map.last_number == 0


def test_a_drawing_sent_again_after_its_validation_is_not_proposed_again(app, client, csrf, empty_map):
    karim, made = resident(app, link_of(empty_map)), str(uuid.uuid4())
    sent(karim, empty_map, made)
    proposal = db.session.scalars(select(Proposal)).one()
    client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/valider", headers=HX, data={"csrf_token": csrf})
    assert sent(karim, empty_map, made).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1 and empty_map.last_number == 1


def test_a_uuid_of_another_maps_proposal_is_refused(app, empty_map, collective):
    elsewhere = Map(name="Ailleurs", collective=collective, visibility="private")
    db.session.add(elsewhere)
    db.session.commit()
    from app import legends
    legends.apply(elsewhere, "carte-sensible")
    db.session.commit()
    made = str(uuid.uuid4())
    sent(resident(app, link_of(empty_map)), empty_map, made)
    refused = sent(resident(app, link_of(elsewhere)), elsewhere, made)
    assert refused.status_code == 422 and "déjà utilisé" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1
