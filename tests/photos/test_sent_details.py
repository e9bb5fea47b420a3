"""What the browser read from a photo before shrinking it (its capture date, where it was taken), sent beside it:
believed only when plausible, and the file's own word first."""
import io
import json
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Feature, Photo
from tests.conftest import HX, csrf_of
from tests.photos import images

POINT = json.dumps({"type": "Point", "coordinates": [2.8902, 50.4418]})


def as_utc(moment):
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def new_item(client, map_, data, **values):
    form = {"csrf_token": csrf_of(client), "category": map_.categories[0].id, "title": "Fresque", "description": "",
            "geometry": POINT, "photo": (io.BytesIO(data), "fresque.jpg"), **values}
    return client.post(f"/cartes/{map_.id}/elements", headers=HX, data=form, content_type="multipart/form-data")


def added_photo(client, map_, data, **values):
    feature = Feature.listed(map_.id)[0][0]
    form = {"csrf_token": csrf_of(client), "photo": (io.BytesIO(data), "fresque.jpg"), **values}
    response = client.post(f"/cartes/{map_.id}/elements/{feature.id}/photos", headers=HX, data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return Photo.of_feature(feature.id)[0]


def only_photo():
    return db.session.query(Photo).one()


@pytest.mark.parametrize(("sent", "stored"), [
    ("2024:05:12 14:03:00", datetime(2024, 5, 12, 12, 3, tzinfo=UTC)),  # no zone said: Paris time
    ("2024:05:12 14:03:00-04:00", datetime(2024, 5, 12, 18, 3, tzinfo=UTC)),
    ("0000:00:00 00:00:00", None),  # a camera that never had its clock set
    ("le 12 mai", None),
    ("2024:05:12 14:03:00" + "9" * 500, None),
])
def test_the_capture_date_sent_beside_a_shrunk_photo_is_kept_when_readable(client, demo_map, sent, stored):
    response = new_item(client, demo_map, images.plain_jpeg(), photo_taken=sent)
    assert response.status_code == 200
    assert (as_utc(only_photo().taken_at) if only_photo().taken_at else None) == stored


def test_the_photo_form_keeps_the_capture_date_sent_beside_it(client, demo_map):
    photo = added_photo(client, demo_map, images.plain_jpeg(), photo_taken="2023:08:01 09:30:00+02:00")
    assert as_utc(photo.taken_at) == datetime(2023, 8, 1, 7, 30, tzinfo=UTC)


def test_the_files_own_date_comes_before_the_one_sent(client, demo_map):
    photo = added_photo(client, demo_map, images.phone_jpeg(), photo_taken="2023:08:01 09:30:00")
    assert as_utc(photo.taken_at) == datetime(2024, 5, 12, 12, 3, tzinfo=UTC)


def test_the_point_goes_where_the_browser_read_the_photo_was_taken(client, demo_map):
    response = new_item(client, demo_map, images.plain_jpeg(), geometry="", place_at_photo="y",
                        photo_lon="2.8889", photo_lat="50.4449")
    assert response.status_code == 200
    feature = db.session.query(Feature).filter_by(title="Fresque").one()
    assert (round(feature.label_lon, 4), round(feature.label_lat, 4)) == (2.8889, 50.4449)
    assert feature.properties == {}  # used, never kept


@pytest.mark.parametrize(("lon", "lat"), [("2.8889", ""), ("abc", "50.4"), ("200", "50.4"), ("2.8", "nan"),
                                          ("0", "0"), ("1e400", "50")])
def test_an_impossible_position_sent_places_nothing(client, demo_map, lon, lat):
    response = new_item(client, demo_map, images.plain_jpeg(), geometry="", place_at_photo="y",
                        photo_lon=lon, photo_lat=lat)
    assert response.status_code == 422 and "ne dit pas où elle a été prise" in response.get_data(as_text=True)
    assert db.session.query(Feature).filter_by(title="Fresque").count() == 0
