"""Sending the same change twice (an answer lost, the offline outbox replaying) applies it once;
a GPS fix too vague or absurd is refused."""
import json
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feature, Map, Revision
from tests.conftest import HX
from tests.features.test_routes import count, form

POINT = json.dumps({"type": "Point", "coordinates": [2.8902, 50.4418]})


def revisions():
    return db.session.scalar(select(func.count()).select_from(Revision))


def test_a_creation_sent_twice_makes_one_feature(client, csrf, demo_map):
    data = form(csrf, demo_map.categories[0], uuid=str(uuid.uuid4()))
    first = client.post(f"/cartes/{demo_map.id}/elements", data=data, headers=HX)
    again = client.post(f"/cartes/{demo_map.id}/elements", data=data, headers=HX)
    assert first.status_code == again.status_code == 200
    assert ">19</span>" in again.get_data(as_text=True)  # the same feature, shown again
    assert count() == 19 and Feature.by_uuid(data["uuid"]).number == 19


def test_creations_with_different_uuids_are_different_features(client, csrf, demo_map):
    for _ in range(2):
        client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                    data=form(csrf, demo_map.categories[0], uuid=str(uuid.uuid4())))
    assert count() == 20


@pytest.mark.parametrize("bad", ["pas-un-uuid", "1234"])
def test_a_malformed_uuid_is_refused_in_french(client, csrf, demo_map, bad):
    response = client.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0], uuid=bad),
                           headers=HX)
    assert response.status_code == 422 and "élément invalide : rechargez la page" in response.get_data(as_text=True)
    assert count() == 18


def test_a_uuid_of_another_maps_feature_is_refused_not_returned(client, csrf, demo_map, empty_map):
    taken = Feature.listed(demo_map.id)[0][0].uuid
    response = client.post(f"/cartes/{empty_map.id}/elements", headers=HX,
                           data=form(csrf, empty_map.categories[0], uuid=taken))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "déjà utilisé" in body
    assert Feature.listed(empty_map.id)[1] == 0 and db.session.get(Map, empty_map.id).last_number == 0


def test_an_edit_sent_twice_is_applied_once_and_is_no_conflict(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    data = form(csrf, feature.category, title="Banc réparé", geometry="", version=feature.version)
    before = revisions()
    first = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", data=data, headers=HX)
    again = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", data=data, headers=HX)
    assert first.status_code == again.status_code == 200
    assert revisions() == before + 1 and db.session.get(Feature, feature.id).version == 2


def test_a_different_edit_on_a_stale_version_is_still_a_conflict(client, csrf, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                data=form(csrf, feature.category, title="Banc réparé", geometry="", version=1))
    response = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX,
                           data=form(csrf, feature.category, title="Banc enlevé", geometry="", version=1))
    assert response.status_code == 409 and db.session.get(Feature, feature.id).title == "Banc réparé"


def test_a_point_added_here_keeps_its_gps_accuracy(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                           data=form(csrf, demo_map.categories[0], geometry=POINT, accuracy="8.26"))
    assert response.status_code == 200
    assert Feature.listed(demo_map.id)[0][-1].properties == {"gps_accuracy_m": 8.3}


def test_a_point_moved_by_hand_no_longer_claims_its_gps_accuracy(client, csrf, demo_map):
    client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                data=form(csrf, demo_map.categories[0], geometry=POINT, accuracy="8"))
    placed = Feature.listed(demo_map.id)[0][-1]
    url = f"/cartes/{demo_map.id}/elements/{placed.id}"
    client.post(url, headers=HX, data=form(csrf, placed.category, title="Banc", geometry=POINT, version=placed.version))
    db.session.refresh(placed)
    assert placed.gps_accuracy_m == 8.0  # its text changed, not its place
    moved = json.dumps({"type": "Point", "coordinates": [2.8910, 50.4420]})
    client.post(url, headers=HX, data=form(csrf, placed.category, title="Banc", geometry=moved, version=placed.version))
    db.session.refresh(placed)
    assert placed.title == "Banc" and placed.gps_accuracy_m is None


@pytest.mark.parametrize("accuracy", ["150", "0", "-4", "nan", "inf"])
def test_a_vague_or_absurd_gps_fix_is_refused_and_the_input_kept(client, csrf, demo_map, accuracy):
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                           data=form(csrf, demo_map.categories[0], geometry=POINT, accuracy=accuracy,
                                     title="Dépôt sauvage"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Position GPS trop imprécise" in body
    assert 'value="Dépôt sauvage"' in body and count() == 18


def test_absurd_coordinates_are_refused(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data=form(
        csrf, demo_map.categories[0], geometry=json.dumps({"type": "Point", "coordinates": [2.89, 95.0]}),
        accuracy="5"))
    assert response.status_code == 422 and "hors limites" in response.get_data(as_text=True) and count() == 18


def test_the_same_creation_sent_again_while_it_is_being_saved_makes_one_feature(app, owner, demo_map, monkeypatch):
    """The outbox sends a form again while its first sending is still being saved: both pass the check that it was
    not sent before, the first writes, and the second is answered with that same item rather than an error."""
    import threading

    from app.features import saving
    from tests.conftest import csrf_of, log_in

    url, sent, owner_id = f"/cartes/{demo_map.id}/elements", str(uuid.uuid4()), owner.id
    category_id, both_checked, statuses, bodies = demo_map.categories[0].id, threading.Barrier(2, timeout=30), {}, {}
    create = saving.create

    def once_both_have_checked(*args, **kwargs):
        both_checked.wait()
        return create(*args, **kwargs)

    monkeypatch.setattr(saving, "create", once_both_have_checked)

    def send(i):
        client = app.test_client()  # one device: its own session and token, in its own thread
        log_in(client, owner_id)
        token = csrf_of(client, f"/cartes/{demo_map.id}")
        response = client.post(url, headers=HX, data={"csrf_token": token, "category": category_id, "uuid": sent,
                                                       "title": "Pigeonnier", "description": "", "geometry": POINT})
        statuses[i], bodies[i] = response.status_code, response.get_data(as_text=True)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {0: 200, 1: 200}
    assert all(">19</span>" in body for body in bodies.values())  # the same item, in both answers
    db.session.expire_all()
    assert count() == 19 and Feature.by_uuid(sent).number == 19
