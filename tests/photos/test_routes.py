"""Adding a photo to an item, seeing it, deleting it: who may, what is kept, what is refused."""
import io
import uuid as uuid_module
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import current_app

from app.extensions import db
from app.models import Feature, Map, Photo
from tests.conftest import HX, csrf_of, log_in
from tests.photos import images
from tests.photos.images import BLUE, RED, colour_at, near, opened
from tests.support.author import AUTHOR


def features_of(map_):
    return Feature.listed(map_.id)[0]


def base(map_, feature):
    return f"/cartes/{map_.id}/elements/{feature.id}/photos"


def post_photo(client, map_, feature, data, name="photo.jpg", uuid=None, headers=HX):
    form = {"csrf_token": csrf_of(client), "photo": (io.BytesIO(data), name)}
    if uuid:
        form["uuid"] = uuid
    return client.post(base(map_, feature), headers=headers, data=form, content_type="multipart/form-data")


def stored_files():
    return set(Path(current_app.config["PHOTO_DIR"]).iterdir())


def as_utc(moment):
    """SQLite gives back a naive UTC time, PostgreSQL an aware one."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_a_phone_photo_is_added_upright_without_its_metadata_and_served(client, demo_map):
    feature = features_of(demo_map)[0]
    version, revision, before = feature.version, demo_map.revision, stored_files()
    response = post_photo(client, demo_map, feature, images.phone_jpeg(size=(400, 200), orientation=6))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="photos"' in body
    assert f'alt="Photo n° 1 de « {feature.title} »"'.replace("'", "&#39;") in body and "Camille" in body
    photo = Photo.of_feature(feature.id)[0]
    assert (photo.width, photo.height, photo.author) == (200, 400, "Camille")
    assert as_utc(photo.taken_at) == datetime(2024, 5, 12, 12, 3, tzinfo=UTC)  # 14:03 in Lens, summer time
    assert len(stored_files() - before) == 2

    full = client.get(f"{base(demo_map, feature)}/{photo.id}")
    assert full.status_code == 200 and full.mimetype == "image/jpeg"
    assert full.headers["Cache-Control"] == "private, max-age=86400"
    image = opened(full.data)
    assert image.size == (200, 400) and photo.size == len(full.data)
    assert near(colour_at(image, (100, 50)), RED) and near(colour_at(image, (100, 350)), BLUE)
    assert not image.getexif() and "exif" not in image.info and b"GPS" not in full.data
    mini = client.get(f"{base(demo_map, feature)}/{photo.id}/miniature")
    assert mini.status_code == 200 and mini.mimetype == "image/jpeg"
    assert max(opened(mini.data).size) <= 320 and not opened(mini.data).getexif()

    db.session.expire_all()
    assert db.session.get(Feature, feature.id).version == version  # a photo is no change of the item
    assert db.session.get(Map, demo_map.id).revision == revision



def test_behind_nginx_a_checked_photo_is_handed_to_its_internal_location(app, client, anonymous, demo_map,
                                                                          monkeypatch):
    """VOYETTE_PHOTO_ACCEL: the app checks the rights and names the file; nginx sends it (deploy/nginx/), from a
    location no request reaches by itself. Without the setting the app sends the bytes, as above."""
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo = Photo.of_feature(feature.id)[0]
    assert "X-Accel-Redirect" not in client.get(f"{base(demo_map, feature)}/{photo.id}").headers
    monkeypatch.setitem(app.config, "PHOTO_ACCEL", "/_photos/")
    for path, name in ((f"{photo.id}", f"{photo.stored_name}.jpg"), (f"{photo.id}/miniature",
                                                                      f"{photo.stored_name}-mini.jpg")):
        handed = client.get(f"{base(demo_map, feature)}/{path}")
        assert handed.status_code == 200 and handed.data == b"" and handed.mimetype == "image/jpeg"
        assert handed.headers["X-Accel-Redirect"] == f"/_photos/{name}"
        assert handed.headers["Cache-Control"] == "private, max-age=86400"
    demo_map.visibility = "private"
    db.session.commit()
    refused = anonymous.get(f"{base(demo_map, feature)}/{photo.id}")
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused.headers

@pytest.mark.parametrize("data, name, size", [
    (images.transparent_png(), "dessin.png", (300, 200)),
    (images.webp(), "photo.webp", (500, 300)),
    (images.encoded(images.two_halves((4000, 3000)), "JPEG", quality=85), "grande.jpg", (2048, 1536)),
])
def test_a_resident_adds_png_webp_and_large_photos(resident, demo_map, data, name, size):
    feature = features_of(demo_map)[2]
    response = post_photo(resident, demo_map, feature, data, name=name)
    assert response.status_code == 200
    [photo] = Photo.of_feature(feature.id)
    assert (photo.width, photo.height, photo.author) == (*size, "Karim")
    assert opened(resident.get(f"{base(demo_map, feature)}/{photo.id}").data).size == size


@pytest.mark.parametrize("data, name, message", [
    (images.text_file(), "photo.jpg", "Ce fichier n'est pas une photo JPEG, PNG ou WebP."),
    (images.gif(), "anime.gif", "Ce fichier n'est pas une photo JPEG, PNG ou WebP."),
    (images.truncated_jpeg(), "coupee.jpg", "La photo est incomplète ou abîmée"),
    (images.decompression_bomb(), "bombe.png", "La photo a trop de pixels (50 mégapixels au plus)"),
    (images.too_many_pixels(), "immense.png", "La photo a trop de pixels (50 mégapixels au plus)"),
    (images.too_heavy(), "lourde.jpg", "La photo dépasse 15 Mo"),
    (b"", "", "Choisissez une photo."),
], ids=["text", "gif", "truncated", "bomb", "64-megapixels", "too-heavy", "no-file"])
def test_a_refused_file_is_said_in_french_beside_the_field_and_nothing_is_kept(client, demo_map, data, name, message):
    feature = features_of(demo_map)[0]
    version, revision, before = feature.version, demo_map.revision, stored_files()
    response = post_photo(client, demo_map, feature, data, name=name)
    body = response.get_data(as_text=True).replace("&#39;", "'")  # a message is text: its apostrophe escaped
    assert response.status_code == 422 and 'id="photos"' in body
    assert 'aria-invalid="true"' in body and f'<p class="error" id="photo-file-error" role="alert">{message}' in body
    assert Photo.of_feature(feature.id) == [] and stored_files() == before
    db.session.expire_all()
    assert db.session.get(Feature, feature.id).version == version
    assert db.session.get(Map, demo_map.id).revision == revision


def test_the_same_upload_sent_twice_is_added_once(client, demo_map):
    feature, other = features_of(demo_map)[:2]
    uuid, before = str(uuid_module.uuid4()), stored_files()
    for _ in range(2):
        assert post_photo(client, demo_map, feature, images.plain_jpeg(), uuid=uuid).status_code == 200
    assert [p.uuid for p in Photo.of_feature(feature.id)] == [uuid] and len(stored_files() - before) == 2
    refused = post_photo(client, demo_map, other, images.plain_jpeg(), uuid=uuid)
    assert refused.status_code == 422 and "déjà été ajoutée à un autre élément" in refused.get_data(as_text=True)
    assert Photo.of_feature(other.id) == []


def test_a_photo_is_reached_only_through_its_own_item_and_map(client, demo_map, empty_map):
    feature, other = features_of(demo_map)[:2]
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo = Photo.of_feature(feature.id)[0]
    assert client.get(f"{base(demo_map, feature)}/{photo.id}").status_code == 200
    for path in (f"{base(demo_map, other)}/{photo.id}", f"{base(demo_map, other)}/{photo.id}/miniature",
                 f"{base(empty_map, feature)}/{photo.id}", f"{base(demo_map, feature)}/{photo.id + 1}"):
        assert client.get(path).status_code == 404, path
    csrf = csrf_of(client)
    assert client.post(f"{base(demo_map, other)}/{photo.id}/supprimer", data={"csrf_token": csrf}).status_code == 404
    assert client.post(f"{base(empty_map, feature)}/{photo.id}/supprimer", data={"csrf_token": csrf}).status_code == 404
    assert db.session.get(Photo, photo.id) is not None


def test_a_viewer_sees_photos_but_cannot_add_or_delete_them(app, client, demo_map, member):
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo = Photo.of_feature(feature.id)[0]
    viewer = app.test_client()
    log_in(viewer, member("Léa", "viewer").id)
    panel = viewer.get(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=HX).get_data(as_text=True)
    assert "Photo n° 1 de" in panel and "Ajouter la photo" not in panel and "Supprimer la photo" not in panel
    assert post_photo(viewer, demo_map, feature, images.plain_jpeg()).status_code == 403
    assert viewer.post(f"{base(demo_map, feature)}/{photo.id}/supprimer",
                       data={"csrf_token": csrf_of(viewer)}).status_code == 403
    assert viewer.get(f"{base(demo_map, feature)}/{photo.id}").status_code == 200
    assert len(Photo.of_feature(feature.id)) == 1


def test_an_unseen_map_has_no_photos(anonymous, client, empty_map, demo_map):
    demo_map.visibility = "private"
    db.session.commit()
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo = Photo.of_feature(feature.id)[0]
    assert anonymous.get(f"{base(demo_map, feature)}/{photo.id}").status_code == 404
    assert post_photo(anonymous, demo_map, feature, images.plain_jpeg()).status_code == 404


def test_an_editor_deletes_a_photo_and_its_files(client, demo_map):
    feature = features_of(demo_map)[0]
    before = stored_files()
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo_id = Photo.of_feature(feature.id)[0].id
    assert len(stored_files() - before) == 2
    response = client.post(f"{base(demo_map, feature)}/{photo_id}/supprimer", headers=HX,
                           data={"csrf_token": csrf_of(client)})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="photos"' in body and "Photo n° 1" not in body
    assert Photo.of_feature(feature.id) == [] and stored_files() == before
    assert client.get(f"{base(demo_map, feature)}/{photo_id}").status_code == 404


def test_the_panel_shows_the_photos_and_the_form(client, demo_map):
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.phone_jpeg())
    photo = Photo.of_feature(feature.id)[0]
    for headers in (HX, {}):
        page = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=headers).get_data(as_text=True)
        assert f'src="{base(demo_map, feature)}/{photo.id}/miniature"' in page and 'loading="lazy"' in page
        assert f'href="{base(demo_map, feature)}/{photo.id}"' in page and 'width="160" height="320"' in page
        # camera or gallery, the user chooses
        assert 'accept="image/jpeg,image/png,image/webp"' in page and "capture=" not in page
        assert "Prendre ou choisir une photo" in page and "Ajouter la photo" in page and 'name="uuid"' in page
        assert "prise le 12 mai 2024 à 14:03" in page


def test_without_htmx_an_upload_returns_to_the_item_and_a_refusal_shows_the_map_page(client, demo_map):
    feature = features_of(demo_map)[0]
    added = post_photo(client, demo_map, feature, images.plain_jpeg(), headers={})
    assert added.status_code == 303 and added.headers["Location"].endswith(f"/elements/{feature.id}")
    refused = post_photo(client, demo_map, feature, images.text_file(), headers={})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="map"' in page and 'id="photo-file-error"' in page
    assert 'id="feature-title"' in page and "HX-Request" in refused.headers["Vary"]


def test_no_photo_is_added_to_an_item_in_the_bin(client, demo_map):
    feature = features_of(demo_map)[0]
    feature.soft_delete(author=AUTHOR)
    db.session.commit()
    response = post_photo(client, demo_map, feature, images.plain_jpeg())
    assert response.status_code == 422 and "corbeille" in response.get_data(as_text=True)
    assert Photo.of_feature(feature.id) == []


def test_the_photos_of_an_item_in_the_bin_are_served_to_those_who_may_restore_it_only(app, client, anonymous,
                                                                                      demo_map, member):
    demo_map.visibility = "public"
    db.session.commit()
    feature = features_of(demo_map)[0]
    post_photo(client, demo_map, feature, images.plain_jpeg())
    photo_url = f"{base(demo_map, feature)}/{Photo.of_feature(feature.id)[0].id}"
    assert anonymous.get(photo_url).status_code == 200  # while the item is on the map
    feature.soft_delete(author=AUTHOR)
    db.session.commit()
    viewer, contributor = app.test_client(), app.test_client()
    log_in(viewer, member("Léa", "viewer").id)
    log_in(contributor, member("Karim", "contributor").id)
    item_url = f"/cartes/{demo_map.id}/elements/{feature.id}"
    for person in (anonymous, viewer, contributor):
        assert person.get(photo_url).status_code == 404
        assert person.get(photo_url + "/miniature").status_code == 404
        panel = person.get(item_url, headers=HX)
        assert panel.status_code == 200 and "Photo n° 1 de" not in panel.get_data(as_text=True)
    assert "Photo n° 1 de" in client.get(item_url, headers=HX).get_data(as_text=True)
    assert client.get(photo_url).status_code == 200 and client.get(photo_url + "/miniature").status_code == 200
