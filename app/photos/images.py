"""Every rule about an uploaded photo, with no web framework in sight: what is accepted, and what is kept.

A photo is decoded for real (a file named .jpg proves nothing), turned upright, and re-encoded from its
pixels alone, so that nothing the camera wrote beside them (the place it was taken, the device, its owner's
name) is stored or served. The place is read for the one who uploads it, and then forgotten.

What a photo costs is bounded before its pixels are decoded: its bytes, the parts of its file that Pillow reads one
by one in Python (a PNG's chunks, a JPEG's markers), the pixels its header declares and the memory they take once
decoded; and everything done to the pixels after decoding is done once they are shrunk to STORED_SIDE.
"""
import io
import math
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from ..i18n import lazy_gettext as _l

MAX_MEGABYTES = 15
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024  # below the request limit (MAX_CONTENT_LENGTH), so this message is the one seen
MAX_MEGAPIXELS = 50  # a 48-megapixel phone camera fits; a decompression bomb does not
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
MAX_DECODED_BYTES = MAX_PIXELS * 3  # the memory of a 50-megapixel RGB photo; with transparency, fewer pixels
# A PNG's chunks and a JPEG's markers are read one at a time in Python: a million of them cost seconds before any
# pixel. A 15 MB PNG in libpng's 8 KB chunks has 2,000; a JPEG has a few dozen markers.
MAX_PARTS = 10_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_MARKER = re.compile(rb"\xff[^\x00\xff\xd0-\xd7]")  # not a stuffed 0xFF, padding, or a restart marker
FORMATS = ("JPEG", "PNG", "WEBP")  # the only decoders ever run on an upload
STORED_SIDE = 2048  # longest side of the image served in full
THUMBNAIL_SIDE = 320
STORED_QUALITY, THUMBNAIL_QUALITY = 82, 78
BACKGROUND = (255, 255, 255)  # what shows through a transparent PNG
# Said by the server and, before decoding anything, by the browser (photo_shrink.js, through the map's config).
TOO_MANY_PIXELS = _l("La photo a trop de pixels (%(limit)d mégapixels au plus) : envoyez-la en plus petit.",
                     limit=MAX_MEGAPIXELS)
NOT_A_PHOTO = _l("Ce fichier n'est pas une photo JPEG, PNG ou WebP.")
EXIF_DATE_MAX = 25  # "2024:05:12 14:03:00+02:00": a longer text sent as a capture date is no date


class PhotoRejected(Exception):
    """An upload that is not kept, with the French message to show beside the file field and the answer's status."""

    status = 422

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    """A photo as kept: JPEG bytes with no metadata, its size, and what was read from it before cleaning.

    `location` (lon, lat) is for the person uploading only (placing a new point): it is never stored."""
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    taken_at: datetime | None  # naive when the camera did not say its time zone
    location: tuple[float, float] | None


def clean_image(stream):
    """Decode an upload, turn it upright and re-encode it as a metadata-free JPEG and thumbnail.

    Raises PhotoRejected when it is too heavy, too many pixels, not a JPEG, PNG or WebP, or damaged."""
    image = _decoded(_bounded_read(stream))
    exif = image.getexif()
    taken_at, location = _taken_at(exif), _location(exif)
    image = _resizable(ImageOps.exif_transpose(image))
    image.thumbnail((STORED_SIDE, STORED_SIDE), Image.Resampling.LANCZOS)  # first: the rest works on fewer pixels
    image = _flattened(_in_srgb(image))
    image.info.clear()  # nothing but pixels is written out: no EXIF, XMP, ICC profile or comment
    thumbnail = image.resize(fit(image.size, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return CleanImage(_jpeg(image, STORED_QUALITY), _jpeg(thumbnail, THUMBNAIL_QUALITY), image.width, image.height,
                      taken_at, location)


def location_of(stream):
    """Where a photo says it was taken, (lon, lat), or None; the stream is left where it was.

    Only the headers are read (no pixels decoded), so it is cheap to call before `clean_image`."""
    start = stream.tell()
    try:
        with _bombs_refused(), _opened(stream.read(MAX_BYTES)) as image:
            return _location(image.getexif())
    except (PhotoRejected, UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    finally:
        stream.seek(start)



def fit(size, longest):
    """(width, height) scaled down so that its longest side is at most `longest`, never up."""
    width, height = size
    scale = min(1, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _bounded_read(stream):
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRejected(_l("La photo dépasse %(size)d Mo : choisissez-en une plus légère.", size=MAX_MEGABYTES))
    if not data:
        raise PhotoRejected(_l("Le fichier envoyé est vide : choisissez une photo."))
    return data


def _decoded(data):
    """The image, fully decoded; its pixel count is checked from the header, before any decoding."""
    too_big = PhotoRejected(TOO_MANY_PIXELS)
    try:
        with _bombs_refused():
            image = _opened(data)
            if image.width * image.height > MAX_PIXELS:
                raise too_big
            image.draft(None, (STORED_SIDE, STORED_SIDE))  # a large JPEG is decoded at a reduced scale: less memory
            if image.width * image.height * len(image.getbands()) > MAX_DECODED_BYTES:  # the size once decoded
                raise too_big
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except UnidentifiedImageError:
        raise PhotoRejected(NOT_A_PHOTO) from None
    except (OSError, SyntaxError, ValueError, EOFError):  # truncated or corrupt: Pillow's ways of saying so
        raise PhotoRejected(_l("La photo est incomplète ou abîmée : envoyez-la de nouveau.")) from None
    return image


def _opened(data):
    """The image with its header read (Image.open is lazy: no pixel yet), once its parts are known to be few."""
    if _parts(data) > MAX_PARTS:
        raise PhotoRejected(_l("La photo est découpée en trop de morceaux pour être lue : enregistrez-la de nouveau "
                               "(en JPEG, par exemple) puis renvoyez-la."))
    return Image.open(io.BytesIO(data), formats=FORMATS)


def _parts(data):
    """How many chunks (PNG) or markers (JPEG) the file has, counted up to one past MAX_PARTS; 0 for WebP, whose
    parts libwebp reads in C."""
    if data.startswith(PNG_SIGNATURE):
        offset, count = len(PNG_SIGNATURE), 0
        while offset + 8 <= len(data) and count <= MAX_PARTS:
            count += 1
            if data[offset + 4:offset + 8] == b"IEND":
                break
            offset += 12 + int.from_bytes(data[offset:offset + 4], "big")
        return count
    if data.startswith(b"\xff\xd8"):
        return sum(1 for _ in islice(JPEG_MARKER.finditer(data), MAX_PARTS + 1))
    return 0


@contextmanager
def _bombs_refused():
    """Pillow's own decompression-bomb warning becomes an error, whatever the process's warning filters."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def taken_at(text, offset=""):
    """The time an EXIF DateTimeOriginal text says ("2024:05:12 14:03:00"), with its zone when an offset follows it
    or is given ("+02:00", OffsetTimeOriginal); None when it is no date. The browser sends the same text, read from
    the original before shrinking it, so both are read here."""
    if not isinstance(text, str) or len(text) > EXIF_DATE_MAX:
        return None
    text, offset = text[:19], offset or text[19:]
    try:
        taken = datetime.strptime(text, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    try:
        return taken.replace(tzinfo=datetime.strptime(offset, "%z").tzinfo) if offset else taken
    except ValueError:  # a garbled offset: the local time alone is still right
        return taken


def plausible_location(lon, lat):
    """(lon, lat) rounded to 7 decimals (1 cm), or None for a place no camera was: out of range, or 0, 0, what
    a camera without a fix writes."""
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    if lon == 0 and lat == 0:
        return None
    return round(lon, 7), round(lat, 7)


def _taken_at(exif):
    """DateTimeOriginal, with its time zone when the camera wrote one (OffsetTimeOriginal)."""
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    return taken_at(_text(ifd.get(ExifTags.Base.DateTimeOriginal)), _text(ifd.get(ExifTags.Base.OffsetTimeOriginal)))


def _text(value):
    """An EXIF text value without the padding cameras leave in it."""
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _location(exif):
    """The GPS position of the EXIF data as (lon, lat), or None when absent, partial or impossible."""
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef), "S")
        lon = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return plausible_location(lon, lat)


def _degrees(dms, ref, negative):
    degrees, minutes, seconds = (float(part) for part in dms)
    value = degrees + minutes / 60 + seconds / 3600
    ref = ref.decode("ascii", "replace") if isinstance(ref, bytes) else ref
    return -value if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative else value


def _in_srgb(image):
    """Colours converted to sRGB when the photo carries its own profile, since the profile is not kept."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                         ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _resizable(image):
    """The image in a mode Pillow resizes smoothly: a palette (which it would resize pixel by pixel) or a bitonal or
    16-bit image becomes RGB, or RGBA when it has transparency."""
    if image.mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    return image.convert("RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB")


def _flattened(image):
    """RGB pixels; transparency is laid on white (a JPEG has none)."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (*BACKGROUND, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _jpeg(image, quality):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
