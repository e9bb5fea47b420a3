"""Photos are dated: each shows the day it was taken (else the day it was given), they are listed oldest first by
that date, and a person who may edit the item corrects a wrong one."""
import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.formatting import moment
from app.models import Photo
from tests.conftest import HX, csrf_of, log_in
from tests.photos import images
from tests.photos.test_routes import as_utc, base, features_of, post_photo


def panel(client, map_, feature):
    return client.get(f"/cartes/{map_.id}/elements/{feature.id}", headers=HX).get_data(as_text=True)


def shown_order(body, map_, feature):
    """The photos' ids in the order the panel shows them."""
    return [int(n) for n in re.findall(rf'src="{base(map_, feature)}/(\d+)/miniature"', body)]


@pytest.fixture
def three(client, demo_map):
    """An item with three photos given in this order: taken in 2024, without a date (given today), taken in 2020."""
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.phone_jpeg(taken="2024:05:12 14:03:00"))
    post_photo(client, demo_map, feature, images.plain_jpeg())
    post_photo(client, demo_map, feature, images.phone_jpeg(taken="2020:03:01 09:30:00"))
    taken_2024, undated, taken_2020 = sorted(Photo.of_feature(feature.id), key=lambda photo: photo.id)
    return feature, taken_2024, undated, taken_2020


def test_each_photo_shows_its_date_and_they_come_oldest_first(client, demo_map, three):
    feature, taken_2024, undated, taken_2020 = three
    body = panel(client, demo_map, feature)
    assert shown_order(body, demo_map, feature) == [taken_2020.id, taken_2024.id, undated.id]
    assert "prise le 1 mars 2020 à 09:30" in body and "prise le 12 mai 2024 à 14:03" in body
    assert f"ajoutée le {moment(undated.created_at)}" in body


def test_an_editor_corrects_a_photo_date_and_it_takes_its_place(client, demo_map, three):
    feature, taken_2024, undated, taken_2020 = three
    response = client.post(f"{base(demo_map, feature)}/{undated.id}/date", headers=HX,
                           data={"csrf_token": csrf_of(client), "taken_on": "2022-07-14"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert shown_order(body, demo_map, feature) == [taken_2020.id, undated.id, taken_2024.id]
    db.session.refresh(undated)
    assert as_utc(undated.taken_at).date() == date(2022, 7, 14)
    kept_time = moment(undated.created_at).split(" à ")[1]  # the time of day it was given at, in French time
    assert f"prise le 14 juil. 2022 à {kept_time}" in body
    assert 'value="2022-07-14"' in body  # the field now says it


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Indiquez le jour où la photo a été prise."),
    ("14/07/2022x", "Date illisible : choisissez un jour dans le calendrier."),
    ((date.today() + timedelta(days=2)).isoformat(), "Cette date n&#39;est pas encore arrivée"),
    ("1850-01-01", "Date trop ancienne pour une photo : vérifiez l&#39;année."),
])
def test_a_bad_or_future_date_is_refused_beside_its_field(client, demo_map, three, typed, message):
    feature, taken_2024, *_others = three
    before = taken_2024.taken_at
    response = client.post(f"{base(demo_map, feature)}/{taken_2024.id}/date", headers=HX,
                           data={"csrf_token": csrf_of(client), "taken_on": typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    field = f'id="photo-{taken_2024.id}-date"'
    assert field in body and f'value="{typed}"' in body.split(field)[1].split(">")[0]
    assert body.index(message) > body.index(field)  # beside its own photo's field
    db.session.refresh(taken_2024)
    assert taken_2024.taken_at == before


def test_who_may_not_edit_the_item_sees_the_date_but_no_form(app, client, demo_map, three, member):
    feature, taken_2024, *_others = three
    viewer = app.test_client()
    log_in(viewer, member("Dominique", "viewer").id)
    body = panel(viewer, demo_map, feature)
    assert "prise le 12 mai 2024 à 14:03" in body and "Corriger la date" not in body
    response = viewer.post(f"{base(demo_map, feature)}/{taken_2024.id}/date", headers=HX,
                           data={"csrf_token": csrf_of(viewer), "taken_on": "2022-07-14"})
    assert response.status_code == 403
    assert "Corriger la date" in panel(client, demo_map, feature)


def test_a_photo_of_another_item_is_not_redated_through_this_one(client, demo_map, three):
    _feature, taken_2024, *_others = three
    other = features_of(demo_map)[1]
    response = client.post(f"{base(demo_map, other)}/{taken_2024.id}/date", headers=HX,
                           data={"csrf_token": csrf_of(client), "taken_on": "2022-07-14"})
    assert response.status_code == 404
