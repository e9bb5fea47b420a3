"""The photos of the demo project's gardens (`demo_project`): each of two unused gardens photographed before (March
2026, at the diagnostic) and after its first working day (November 2026), so that the action's « Avant / après » page
shows at once what it is for.

The photos are drawn here with Pillow (a plot gone wild, then the same plot in rows), not taken from anyone: the
demo holds no one's picture. They go through `photos.images.clean_image` and `photos.store` like any upload.
"""
import io
import random
from datetime import datetime
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from .demo import AUTHOR
from .photos import images, store

BEFORE = datetime(2026, 3, 14, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
AFTER = datetime(2026, 11, 29, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
SIZE = (640, 480)


def photograph(items):
    """Give each item its photo before and after (the caller commits)."""
    for seed, item in enumerate(items):
        for moment, draw in ((BEFORE, wild), (AFTER, grown)):
            clean = images.clean_image(io.BytesIO(_jpeg(draw(random.Random(seed)))))
            store.add_cleaned(item, clean, author=AUTHOR, taken_at=moment)


def wild(rng):
    """A garden gone wild under a grey sky: brambles and tall grass over the soil, a leaning fence."""
    image = Image.new("RGB", SIZE, (176, 180, 184))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 190, SIZE[0], SIZE[1]), fill=(120, 98, 66))
    for _ in range(260):
        x, y, r = rng.randrange(SIZE[0]), rng.randrange(180, SIZE[1]), rng.randrange(8, 30)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(60, 110), rng.randrange(90, 130), 50))
    for x in range(0, SIZE[0], 48):
        draw.line((x, 150, x + 14, 230), fill=(92, 70, 48), width=6)
    return image


def grown(rng):
    """The same garden tended under a blue sky: dark soil in rows, each with its plants, a straight fence."""
    image = Image.new("RGB", SIZE, (142, 190, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 190, SIZE[0], SIZE[1]), fill=(86, 62, 40))
    for row, y in enumerate(range(230, SIZE[1], 50)):
        for x in range(30 + 20 * (row % 2), SIZE[0], 60):
            r = 12 + rng.randrange(6)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(58, 150 + rng.randrange(40), 62))
    draw.line((0, 188, SIZE[0], 188), fill=(240, 240, 236), width=5)
    for x in range(0, SIZE[0], 48):
        draw.line((x, 150, x, 230), fill=(240, 240, 236), width=6)
    return image


def _jpeg(image):
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()
