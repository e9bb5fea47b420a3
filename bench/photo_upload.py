"""Bytes sent to add one photo from a 12-megapixel phone JPEG, in Chromium, through the item's photo form:
the browser shrinks it to 2048 px before sending (static/js/photos.js); then what the server keeps and serves.
For comparison, the same file sent as chosen (what a browser that cannot shrink, or uMap, would send).

    python -m bench.photo_upload [--db spatialite|postgis]
"""
import io
import time

import numpy as np
from PIL import Image

from app.demo import ensure_demo_map
from app.extensions import db
from app.models import Feature, Photo
from bench import fill
from bench.support import (
    Figure,
    chromium,
    db_choices,
    machine_note,
    migrated_app,
    new_page,
    parser,
    print_figures,
    serve,
    sign_in,
)

WIDTH, HEIGHT = 4000, 3000  # 12 megapixels, a phone's camera


def phone_photo():
    """A 12-megapixel JPEG as a phone takes one: gradients, texture and sensor noise, quality 90 (about 5.6 MB)."""
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    base = np.stack([x / WIDTH * 200 + 30, y / HEIGHT * 180 + 40, (x + y) / (WIDTH + HEIGHT) * 150 + 60], axis=-1)
    texture = (np.sin(x / 37.0) * np.cos(y / 53.0) * 40)[..., None]
    pixels = np.clip(base + texture + rng.normal(0, 18, (HEIGHT, WIDTH, 3)), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


sent = []  # Content-Length of each photo upload the server received (Chromium does not expose multipart bodies)


def record_uploads(app):
    from flask import request

    @app.before_request
    def weigh():
        if request.method == "POST" and request.path.endswith("/photos"):
            sent.append(request.content_length)


def upload(page, base, map_id, feature_id, photo, shrink=True):
    """Choose the photo in the item's panel and send it; (bytes of the request body, seconds from choosing to
    the thumbnail shown)."""
    page.goto(f"{base}/cartes/{map_id}/elements/{feature_id}")
    if not shrink:  # as a browser without createImageBitmap would: photos.js then sends the original
        page.evaluate("() => { window.createImageBitmap = undefined; }")
    sent.clear()
    started = time.perf_counter()
    page.set_input_files("#photo-file", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    page.wait_for_selector("form[data-photo-form]:not([aria-busy])")
    page.click("form[data-photo-form] button[type=submit]")
    page.wait_for_selector("#photos .photo-grid img")
    return sent[-1], time.perf_counter() - started


def run(kind):
    photo = phone_photo()
    with migrated_app(kind) as app, serve(app) as server:
        record_uploads(app)
        with app.app_context():
            map_ = ensure_demo_map()[0]
            editor = fill.bench_editor()
            map_.collective.join(editor, "editor")
            db.session.commit()
            first, second = Feature.listed(map_.id)[0][:2]
            ids = map_.id, editor.id, first.id, second.id
        map_id, editor_id, shrunk_on, original_on = ids
        with chromium() as browser:
            page = sign_in(new_page(browser), app, server.url, editor_id)
            shrunk, shrunk_s = upload(page, server.url, map_id, shrunk_on, photo)
            page.context.close()
            page = sign_in(new_page(browser), app, server.url, editor_id)
            original, original_s = upload(page, server.url, map_id, original_on, photo, shrink=False)
            page.context.close()
        with app.app_context():
            kept = Photo.of_feature(shrunk_on)[0]
            stored = (kept.size, kept.width, kept.height)
    print(f"\n{kind}: a {WIDTH}×{HEIGHT} JPEG of {len(photo) / 1e6:.2f} MB")
    print(f"  shrunk in the browser: {shrunk / 1e6:.2f} MB sent, thumbnail shown after {shrunk_s:.2f} s")
    print(f"  sent as chosen:        {original / 1e6:.2f} MB sent, thumbnail shown after {original_s:.2f} s")
    print(f"  kept and served: {stored[1]}×{stored[2]}, {stored[0] / 1e6:.2f} MB, no EXIF")
    return [Figure("photo: bytes sent for a 12 MP JPEG (shrunk by the browser)", kind, shrunk / 1e6, "MB", None,
                   f"{shrunk / len(photo):.0%} of {len(photo) / 1e6:.1f} MB; {shrunk_s:.1f} s to thumbnail"),
            Figure("photo: bytes sent when the browser cannot shrink", kind, original / 1e6, "MB", None,
                   f"{original_s:.1f} s to thumbnail")]


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")  # what is sent does not depend on the database
    args = arguments.parse_args(argv)
    print(f"Photo upload {machine_note()}")
    figures = run("spatialite" if args.db == "both" else args.db)
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
