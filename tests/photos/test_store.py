"""A photo's files and its row come and go together, whatever the caller's transaction does."""
import pytest
from shapely.geometry import Point

from app.extensions import db
from app.models import Category, Feature, Photo
from app.photos import store
from app.photos.images import PhotoRejected
from tests.photos import images
from tests.photos.images import LAT, LON, as_upload
from tests.support.author import AUTHOR


def files():
    return set(store.directory().iterdir())


@pytest.fixture
def feature(demo_map):
    return Feature.listed(demo_map.id)[0][0]


def test_attach_keeps_two_files_and_a_row_and_gives_the_place_for_this_once(feature):
    before = files()
    photo = store.attach(feature, as_upload(images.phone_jpeg()), author="Mireille")
    db.session.commit()
    assert photo.location == pytest.approx((LON, LAT), abs=1e-5)
    assert files() - before == set(store.files_of(photo.stored_name))
    photo_id = photo.id
    db.session.remove()  # as the next request would see it
    again = db.session.get(Photo, photo_id)
    assert again.location is None and again.author == "Mireille"


def test_a_rolled_back_attach_leaves_no_file(feature):
    before = files()
    store.attach(feature, as_upload(images.plain_jpeg()), author=AUTHOR)
    assert len(files() - before) == 2
    db.session.rollback()
    assert files() == before and Photo.of_feature(feature.id) == []


def test_an_attach_never_committed_leaves_no_file(feature):
    before = files()
    store.attach(feature, as_upload(images.plain_jpeg()), author=AUTHOR)
    db.session.remove()  # the request ended on an error: the session is closed without a commit
    assert files() == before


def test_removed_files_go_only_with_the_commit(feature):
    photo = store.attach(feature, as_upload(images.plain_jpeg()), author=AUTHOR)
    db.session.commit()
    kept = set(store.files_of(photo.stored_name))
    store.remove(photo)
    db.session.rollback()
    assert kept <= files() and Photo.of_feature(feature.id) != []
    store.remove(Photo.of_feature(feature.id)[0])
    db.session.commit()
    assert not kept & files() and Photo.of_feature(feature.id) == []


def test_an_unreadable_uuid_is_refused(feature):
    with pytest.raises(PhotoRejected):
        store.attach(feature, as_upload(images.plain_jpeg()), uuid="pas-un-uuid", author=AUTHOR)


def test_a_photo_goes_with_an_item_created_in_the_same_transaction(demo_map):
    """As the new-item form does: create the item, attach its photo, place it where the photo was taken, commit."""
    category = Category.of_map(demo_map.id)[0]
    feature = Feature.create(demo_map, category, "Nichoir", "", Point(0, 0), author=AUTHOR)
    photo = store.attach(feature, as_upload(images.phone_jpeg()), author=AUTHOR)
    feature.set_shape(Point(*photo.location))
    db.session.commit()
    assert Photo.of_feature(feature.id) == [photo] and feature.shape.equals_exact(Point(LON, LAT), 1e-5)
