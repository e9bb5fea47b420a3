"""What is accepted of an upload, and what is kept of it: pixels, upright, small enough, nothing else."""
import io
from datetime import datetime, timedelta, timezone

import pytest

from app.photos.images import MAX_BYTES, STORED_SIDE, THUMBNAIL_SIDE, PhotoRejected, clean_image, fit, location_of
from tests.photos import images
from tests.photos.images import BLUE, LAT, LON, RED, colour_at, near, opened


def clean(data):
    return clean_image(io.BytesIO(data))


def test_a_phone_photo_is_turned_upright_and_loses_every_metadata_but_its_date():
    result = clean(images.phone_jpeg(size=(400, 200), orientation=6))
    full, mini = opened(result.image), opened(result.thumbnail)
    assert (result.width, result.height) == full.size == (200, 400)  # Orientation 6: it was held upright
    assert near(colour_at(full, (100, 50)), RED) and near(colour_at(full, (100, 350)), BLUE)
    for kept in (full, mini):
        assert kept.format == "JPEG" and kept.mode == "RGB"
        assert not kept.getexif() and "exif" not in kept.info
        assert not {"icc_profile", "xmp", "comment"} & set(kept.info)
    for secret in (b"Camille Dupont", b"Voyette", b"GPS", b"Exif"):
        assert secret not in result.image and secret not in result.thumbnail
    assert result.taken_at == datetime(2024, 5, 12, 14, 3)
    assert result.location == pytest.approx((LON, LAT), abs=1e-5)


def test_the_time_zone_the_camera_wrote_is_kept():
    result = clean(images.phone_jpeg(offset="+02:00"))
    assert result.taken_at == datetime(2024, 5, 12, 14, 3, tzinfo=timezone(timedelta(hours=2)))


def test_a_garbled_date_is_no_date():
    assert clean(images.phone_jpeg(taken="le 12 mai")).taken_at is None


def test_a_large_photo_is_kept_at_2048_px_with_a_320_px_thumbnail():
    result = clean(images.encoded(images.two_halves((3000, 1500)), "JPEG", quality=90))
    assert (result.width, result.height) == opened(result.image).size == (STORED_SIDE, 1024)
    assert opened(result.thumbnail).size == (THUMBNAIL_SIDE, 160)


def test_a_small_photo_is_never_enlarged():
    result = clean(images.plain_jpeg((120, 80)))
    assert opened(result.image).size == opened(result.thumbnail).size == (120, 80)
    assert result.taken_at is None and result.location is None


def test_a_transparent_png_comes_out_as_a_jpeg_on_white():
    full = opened(clean(images.transparent_png()).image)
    assert full.format == "JPEG" and near(colour_at(full, (50, 100)), RED)
    assert near(colour_at(full, (250, 100)), (255, 255, 255))


def test_webp_is_accepted():
    result = clean(images.webp())
    assert opened(result.image).format == "JPEG" and (result.width, result.height) == (500, 300)


@pytest.mark.parametrize("data, message", [
    (images.text_file(), "n'est pas une photo JPEG, PNG ou WebP"),
    (images.gif(), "n'est pas une photo JPEG, PNG ou WebP"),
    (images.truncated_jpeg(), "incomplète ou abîmée"),
    (b"", "vide"),
])
def test_what_is_not_a_whole_jpeg_png_or_webp_is_refused_in_french(data, message):
    with pytest.raises(PhotoRejected) as refused:
        clean(data)
    assert message in str(refused.value)


@pytest.mark.parametrize("data", [images.decompression_bomb, images.too_many_pixels], ids=["400 Mpx", "64 Mpx"])
def test_too_many_pixels_is_refused_before_decoding(data):
    with pytest.raises(PhotoRejected) as refused:
        clean(data())
    assert "trop de pixels (50 mégapixels au plus)" in str(refused.value)


def test_too_heavy_is_refused_without_reading_it_all():
    stream = io.BytesIO(images.too_heavy())
    with pytest.raises(PhotoRejected) as refused:
        clean_image(stream)
    assert "La photo dépasse 15 Mo" in str(refused.value) and stream.tell() == MAX_BYTES + 1


def test_location_of_reads_the_place_and_leaves_the_stream_where_it_was():
    stream = io.BytesIO(images.phone_jpeg())
    stream.seek(0)
    assert location_of(stream) == pytest.approx((LON, LAT), abs=1e-5) and stream.tell() == 0
    assert location_of(io.BytesIO(images.plain_jpeg())) is None
    assert location_of(io.BytesIO(images.text_file())) is None
    assert location_of(io.BytesIO(images.decompression_bomb())) is None


def test_fit_keeps_the_proportions_and_never_enlarges():
    assert fit((4000, 3000), 320) == (320, 240) and fit((3000, 4000), 320) == (240, 320)
    assert fit((100, 50), 320) == (100, 50) and fit((5000, 1), 320) == (320, 1)
