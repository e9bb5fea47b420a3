"""A new item with its first photo: saved together or not at all, and placed where the photo was taken if asked."""
import io
import json
import uuid

from sqlalchemy import func, select

from app.extensions import db
from app.models import Feature, Photo
from tests.conftest import HX
from tests.features.test_routes import count, form
from tests.photos.images import LAT, LON, phone_jpeg, plain_jpeg, text_file

POINT = json.dumps({"type": "Point", "coordinates": [2.8902, 50.4418]})


def photos():
    return db.session.scalar(select(func.count()).select_from(Photo))


def with_photo(csrf, category, data, name="photo.jpg", **values):
    return {**form(csrf, category, geometry=POINT, **values), "photo": (io.BytesIO(data), name)}


def stored_files(app):
    from pathlib import Path
    return sorted(Path(app.config["PHOTO_DIR"]).glob("*"))


def test_an_item_and_its_photo_are_saved_together(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                           data=with_photo(csrf, demo_map.categories[0], phone_jpeg(), title="Pigeonnier"))
    assert response.status_code == 200 and count() == 19
    feature = Feature.listed(demo_map.id)[0][-1]
    assert [p.feature_id for p in Photo.of_feature(feature.id)] == [feature.id]
    assert "Photos" in response.get_data(as_text=True)


def test_the_same_form_with_its_photo_sent_twice_adds_one_of_each(client, csrf, demo_map):
    same = str(uuid.uuid4())
    for _ in range(2):
        client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                    data=with_photo(csrf, demo_map.categories[0], plain_jpeg(), uuid=same))
    assert count() == 19 and photos() == 1


def test_a_file_that_is_no_image_keeps_the_form_and_stores_nothing(app, client, csrf, demo_map):
    before = stored_files(app)
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                           data=with_photo(csrf, demo_map.categories[0], text_file(), name="photo.jpg",
                                           title="Banc cassé"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="photo-error"' in body and 'value="Banc cassé"' in body
    assert count() == 18 and photos() == 0 and stored_files(app) == before
    assert db.session.get(type(demo_map), demo_map.id).last_number == 18  # no number taken either


def test_the_point_can_go_where_the_photo_was_taken(client, csrf, demo_map):
    data = with_photo(csrf, demo_map.categories[0], phone_jpeg(), place_at_photo="y", title="Pigeonnier")
    data["geometry"] = ""
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                           data=data)
    assert response.status_code == 200
    feature = Feature.listed(demo_map.id)[0][-1]
    assert (round(feature.label_lon, 4), round(feature.label_lat, 4)) == (round(LON, 4), round(LAT, 4))
    assert feature.properties == {}  # the photo's location is used, never kept


def test_a_photo_without_a_location_cannot_place_the_point(client, csrf, demo_map):
    data = with_photo(csrf, demo_map.categories[0], plain_jpeg(), place_at_photo="y")
    data["geometry"] = ""
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                           data=data)
    assert response.status_code == 422 and "ne dit pas où elle a été prise" in response.get_data(as_text=True)
    assert count() == 18 and photos() == 0


def test_the_photo_is_cleaned_and_the_answer_written_while_the_map_is_not_locked(app, client, csrf, demo_map,
                                                                                   monkeypatch):
    """The slow parts of a save with a photo (decoding and shrinking it, writing the panel) happen outside the
    write lock, which others wait for: before the first write, and after the commit."""
    from flask import before_render_template

    from app.photos import images, store
    from tests.support.locks import map_writable

    seen, clean_image = [], images.clean_image

    def cleaning(stream):
        seen.append(("cleaning", map_writable(demo_map.id)))
        return clean_image(stream)

    def rendering(sender, template, context, **extra):
        seen.append(("rendering", map_writable(demo_map.id)))

    for module in (images, store):  # wherever a save finds it
        monkeypatch.setattr(module, "clean_image", cleaning)
    with before_render_template.connected_to(rendering, app):
        response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, content_type="multipart/form-data",
                               data=with_photo(csrf, demo_map.categories[0], phone_jpeg(), title="Pigeonnier"))
    assert response.status_code == 200 and count() == 19 and photos() == 1
    assert set(seen) == {("cleaning", True), ("rendering", True)}
