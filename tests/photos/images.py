"""Photos made at test time with Pillow: what cameras, phones and mistaken people send."""
import io
import os
import random
from functools import cache

from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational
from werkzeug.datastructures import FileStorage

RED, BLUE = (220, 30, 30), (30, 30, 220)
LON, LAT = 2.8889, 50.4449  # the pigeon loft of the cité d'Orient


def _dms(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600 * 1000)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 1000)


def two_halves(size=(400, 200), mode="RGB"):
    """Red on the left, blue on the right: which way up it is shows."""
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def phone_exif(orientation=6, taken="2024:05:12 14:03:00", offset=None):
    """What a phone writes beside its pixels: which way up, its date, the place it was taken, the phone's and
    owner's names."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "Voyette", "Téléphone de test"
    exif[ExifTags.Base.Artist] = "Camille Dupont"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", _dms(LAT)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", _dms(LON)
    return exif


def phone_jpeg(size=(400, 200), orientation=6, taken="2024:05:12 14:03:00", offset=None):
    """A phone photo: held upright (Orientation 6: the pixels lie on their side), with its EXIF data."""
    out = io.BytesIO()
    two_halves(size).save(out, "JPEG", quality=90, exif=phone_exif(orientation, taken, offset),
                          icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return out.getvalue()


def encoded(image, format, **options):
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


@cache
def heavy_phone_jpeg():
    """A 17-megapixel phone photo of about 23 MB, over the request limit: noise is what JPEG cannot make small."""
    size = (4800, 3600)
    return encoded(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "JPEG", quality=97,
                   exif=phone_exif(orientation=1))


def plain_jpeg(size=(400, 200)):
    return encoded(two_halves(size), "JPEG", quality=90)


def transparent_png(size=(300, 200)):
    """Red on the left, fully transparent on the right (it must come out white)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((*RED, 255), (0, 0, size[0] // 2, size[1]))
    return encoded(image, "PNG")


def webp(size=(500, 300)):
    return encoded(two_halves(size), "WEBP", quality=90)


def gif():
    return encoded(two_halves(), "GIF")


def truncated_jpeg():
    whole = encoded(two_halves((800, 600)), "JPEG", quality=95)
    return whole[: len(whole) // 2]


def text_file():
    return "Ceci n'est pas une photo, juste un texte nommé .jpg\n".encode() * 20


@cache
def decompression_bomb():
    """20 000 × 20 000 pixels (400 megapixels) in about 50 KB."""
    return encoded(Image.new("1", (20000, 20000)), "PNG")


@cache
def too_many_pixels():
    """8 000 × 8 000: 64 megapixels, under Pillow's own alarm but over Voyette's limit."""
    return encoded(Image.new("1", (8000, 8000)), "PNG")


def too_heavy():
    """A real JPEG followed by 15 MB of nothing (decoders ignore what follows the image)."""
    return plain_jpeg() + b"\0" * (15 * 1024 * 1024)


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def colour_at(image, xy):
    return image.convert("RGB").getpixel(xy)


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def as_upload(data, name="photo.jpg"):
    """The file as a form sends it (what `photos.store.attach` takes)."""
    return FileStorage(io.BytesIO(data), filename=name)


def noisy_jpeg(size=(2048, 2048), seed=0):
    """A photo as big as one the app keeps (2048 px, noise that JPEG cannot make small): about 2.4 MB stored."""
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)
    return encoded(Image.frombytes("RGB", size, pixels), "JPEG", quality=95)
