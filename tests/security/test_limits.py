"""Hostile input that once cost a 500 or unbounded work: each gets a French 4xx and leaves nothing half-stored.

Deeply nested JSON, a backup whose rows point nowhere, a photo sent when the disk is full, an id or a count too large
for any column, and small PNG files that declare far more work than their size."""
import io
import json
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from app.backups import archive
from app.dossier import rules
from app.extensions import db
from app.models import Action, Category, Feature, Map, Photo, Walk
from tests.actions.test_routes import actions_url, form
from tests.backups.test_backups import everything
from tests.conftest import HX, csrf_of
from tests.support.hostile import disk_full
from tests.walks.test_routes import ROUTE, running_walk, stored, walks_url

DEEP = 100_000  # levels of nesting: far past Python's recursion limit
HUGE = 10 ** 23  # larger than any integer column of either database


def deep_array(depth=DEEP):
    return "[" * depth + "]" * depth


def deep_object(depth=DEEP):
    return '{"a": ' * depth + "1" + "}" * depth


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def page_text(response):
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


def point_category(map_):
    return next(c for c in Category.of_map(map_.id) if c.accepts("point"))


# --- Deeply nested JSON -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("geometry", [
    deep_array(), deep_object(),
    '{"type": "Point", "coordinates": ' + deep_array() + "}",
    '{"type": "Polygon", "coordinates": ' + deep_array(200) + "}",  # parses, but far deeper than any shape
], ids=["array", "object", "coordinates", "coordinates-200"])
def test_a_drawn_shape_nested_without_end_is_refused_beside_the_field(client, demo_map, geometry):
    before = count(Feature)
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(client), "category": point_category(demo_map).id, "title": "Piège",
        "geometry": geometry})
    assert response.status_code == 422
    assert "La forme dessinée est illisible" in page_text(response)
    assert count(Feature) == before


def test_an_edited_shape_nested_without_end_is_refused_and_the_item_kept(client, demo_map):
    item = next(f for f in Feature.listed(demo_map.id)[0] if f.kind == "point")
    shape = item.shape.wkt
    response = client.post(f"/cartes/{demo_map.id}/elements/{item.id}", headers=HX, data={
        "csrf_token": csrf_of(client), "category": item.category_id, "title": item.title, "version": item.version,
        "geometry": deep_array()})
    assert response.status_code == 422 and "La forme dessinée est illisible" in page_text(response)
    db.session.refresh(item)
    assert item.shape.wkt == shape


@pytest.mark.parametrize("body", [deep_array(), deep_object(), '{"positions": ' + deep_array() + "}",
                                  '{"positions": [[2.889, 50.443]], "accuracies": ' + deep_array() + "}"],
                         ids=["array", "object", "positions", "accuracies"])
def test_a_route_nested_without_end_from_the_tablet_is_refused_and_the_stored_route_kept(client, demo_map, body):
    csrf = csrf_of(client)
    walk = running_walk(demo_map)
    client.post(walks_url(demo_map, walk.id, "trace"), json={"positions": ROUTE}, headers={"X-CSRFToken": csrf})
    response = client.post(walks_url(demo_map, walk.id, "trace"), data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert response.status_code == 400
    assert "Le parcours est illisible" in response.get_json()["error"]
    assert stored(walk) == ROUTE


def test_a_route_nested_without_end_in_a_form_field_is_refused_beside_it(client, demo_map):
    """Sent with « Terminer », then drawn after the walk (the form field of an ended walk)."""
    csrf = csrf_of(client)
    walk = running_walk(demo_map)
    ended = client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX,
                        data={"csrf_token": csrf, "positions": deep_array()})
    assert ended.status_code == 200  # ending never fails on a bad last send
    assert db.session.get(Walk, walk.id).route_shape is None
    response = client.post(walks_url(demo_map, walk.id, "trace"), headers=HX,
                           data={"csrf_token": csrf, "positions": deep_array()})
    assert response.status_code == 422 and "Le parcours est illisible" in page_text(response)


# --- A backup that cannot be restored ---------------------------------------------------------------------------

def tampered(backup, change):
    """The backup with its `voyette.json` changed by `change(content)` (which may return new text), photos kept."""
    source = zipfile.ZipFile(io.BytesIO(backup))
    content = json.loads(source.read(archive.DATA))
    text = change(content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(archive.DATA, text if isinstance(text, str) else json.dumps(content))
        for name in source.namelist():
            if name != archive.DATA:
                target.writestr(name, source.read(name))
    return out.getvalue()


def _first(content, table):
    return content["tables"][table][0]


CORRUPTIONS = {
    "dangling-category": lambda c: _first(c, "features").update(category_id=999_999),
    "dangling-feature-of-photo": lambda c: _first(c, "photos").update(feature_id=999_999),
    "dangling-action": lambda c: c["tables"]["action_features"].append({"action_id": 999_999, "feature_id": 1}),
    "no-map": lambda c: c["tables"].update(maps=[]),
    "two-maps": lambda c: c["tables"]["maps"].append(dict(c["tables"]["maps"][0], id=999_999)),
    "tables-not-a-mapping": lambda c: c.update(tables=[]),
    "rows-not-a-list": lambda c: c["tables"].update(features={"a": 1}),
    "row-not-a-mapping": lambda c: c["tables"]["categories"].append("texte"),
    "not-a-mapping": lambda c: json.dumps([c]),
    "nested": lambda c: '{"format": "voyette-sauvegarde", "version": 1, "tables": ' + deep_object() + "}",
    "bad-shape": lambda c: _first(c, "features").update(geom="POLYGON((0 0, 1"),
    "bad-date": lambda c: _first(c, "features").update(created_at="hier soir"),
    "null-title": lambda c: _first(c, "features").update(title=None),
    "text-as-number": lambda c: _first(c, "features").update(number="dix-sept"),
    "id-too-large": lambda c: _first(c, "features").update(category_id=HUGE),
    "colour-too-long": lambda c: _first(c, "categories").update(colour="#" + "a" * 5000),
    "citations-not-a-mapping": lambda c: _first(c, "dossiers").update(citations=["x"]),
    "annex-not-a-mapping": lambda c: _first(c, "dossiers").update(annex=[1, 2]),
    "properties-not-a-mapping": lambda c: _first(c, "features").update(properties="texte"),
    "state-not-a-mapping": lambda c: _first(c, "revisions").update(after=[1]),
    "dangling-decision-action": lambda c: _first(c, "copil_decisions").update(action_id=999_999),
    "report-not-what-was-frozen": lambda c: _first(c, "copil_meetings")["report"].update(actions="<b>texte</b>"),
    "report-without-figures": lambda c: _first(c, "copil_meetings").update(report={}),
    "report-bad-shape": lambda c: _first(c, "copil_meetings")["report"]["drawn"][0].update(shape="POINT(1"),
    "report-bad-status": lambda c: _first(c, "copil_meetings")["report"]["actions"][0].update(status="<i>"),
}
# The corruptions that make the file no backup at all, and what the refusal says; the others damage a backup.
NOT_A_BACKUP = {"not-a-mapping": "Ce fichier n'est pas une sauvegarde Voyette que cette version sait restaurer.",
                "nested": "Ce fichier n'est pas une sauvegarde Voyette."}


@pytest.fixture
def backup(client, demo_map):
    """The demo map's backup, with a photo, an action linked to an item and a dossier."""
    everything(demo_map)
    return client.get(f"/cartes/{demo_map.id}/sauvegarde").data


def photo_files():
    return set(Path(current_app.config["PHOTO_DIR"]).iterdir())


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_backup_that_cannot_be_restored_is_refused_in_french_and_leaves_nothing(client, collective, backup,
                                                                                  corruption):
    data = tampered(backup, CORRUPTIONS[corruption])
    maps, features, files = count(Map), count(Feature), photo_files()
    response = client.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                           data={"csrf_token": csrf_of(client), "sauvegarde": (io.BytesIO(data), "cite.voyette.zip")})
    assert response.status_code == 422, page_text(response)[:500]
    expected = NOT_A_BACKUP.get(corruption, "Cette sauvegarde est abîmée")
    assert expected in page_text(response)
    assert (count(Map), count(Feature), photo_files()) == (maps, features, files)


def test_the_restore_command_refuses_a_dangling_reference_with_a_message(app, collective, backup, tmp_path):
    path = tmp_path / "abimee.voyette.zip"
    path.write_bytes(tampered(backup, CORRUPTIONS["dangling-category"]))
    maps, files = count(Map), photo_files()
    result = app.test_cli_runner().invoke(args=["restaurer", str(path), "--collectif", str(collective.id)])
    assert result.exit_code == 1 and "Cette sauvegarde est abîmée" in result.output
    assert isinstance(result.exception, SystemExit)  # an exit with the message, not a crash
    assert (count(Map), photo_files()) == (maps, files)


# --- A photo when the disk is full ------------------------------------------------------------------------------

def noisy_jpeg():
    """A photo whose kept JPEG (about 190 KB: noise does not compress) is larger than the room left, while the upload
    (about 250 KB) stays in memory as it is sent and parsed (both spill to a temporary file past 500 KB)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (600, 450), os.urandom(600 * 450 * 3)).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_a_photo_sent_when_the_disk_is_full_is_refused_and_nothing_is_half_kept(client, demo_map):
    item = Feature.listed(demo_map.id)[0][0]
    photos, files = count(Photo), photo_files()
    form = {"csrf_token": csrf_of(client), "photo": (io.BytesIO(noisy_jpeg()), "photo.jpg")}
    with disk_full():
        response = client.post(f"/cartes/{demo_map.id}/elements/{item.id}/photos", headers=HX, data=form,
                               content_type="multipart/form-data")
    assert response.status_code == 507
    assert "Le serveur n'a plus de place pour les photos" in page_text(response)
    assert (count(Photo), photo_files()) == (photos, files)


def test_a_new_item_with_its_photo_when_the_disk_is_full_is_kept_neither(client, demo_map):
    features, photos, files = count(Feature), count(Photo), photo_files()
    form = {"csrf_token": csrf_of(client), "category": point_category(demo_map).id, "title": "Le lavoir",
            "geometry": json.dumps({"type": "Point", "coordinates": [2.889, 50.444]}),
            "photo": (io.BytesIO(noisy_jpeg()), "photo.jpg")}
    with disk_full():
        response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data=form,
                               content_type="multipart/form-data")
    assert response.status_code == 507
    page = page_text(response)
    assert "Le serveur n'a plus de place pour les photos" in page and 'value="Le lavoir"' in page
    assert (count(Feature), count(Photo), photo_files()) == (features, photos, files)


# --- An id too large for any table ----------------------------------------------------------------------------

def routes_with_ids(app, besides=()):
    """(method, rule) of every route whose URL holds an integer other than those named `besides`."""
    return [(method, rule) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
            if any(isinstance(converter, IntegerConverter) and name not in besides
                   for name, converter in rule._converters.items())]


def url_with(rule, ids):
    """The rule's URL with `ids(name)` for each integer and a word for anything else."""
    def value(match):
        converter, name = match.group(1), match.group(2)
        return str(ids(name)) if converter == "int" else "jeton"
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)


@pytest.mark.parametrize("number", [HUGE, "9" * 5000], ids=["23-digits", "5000-digits"])
@pytest.mark.parametrize("on_the_demo_map", [False, True], ids=["every-id-huge", "huge-after-a-real-map"])
def test_a_huge_id_in_any_url_is_not_found(app, client, demo_map, on_the_demo_map, number):
    """Every route with an id in its URL, each id far past any integer column: 404, never a 500."""
    csrf = csrf_of(client)
    answered = {}
    for method, rule in routes_with_ids(app, besides=("map_id",) if on_the_demo_map else ()):
        url = url_with(rule, lambda name: demo_map.id if on_the_demo_map and name == "map_id" else number)
        response = client.open(url, method=method, data={"csrf_token": csrf} if method == "POST" else None)
        answered[f"{method} {url}"] = response.status_code
    assert len(answered) > 30
    assert {url: status for url, status in answered.items() if status != 404} == {}


@pytest.mark.parametrize(("query", "status"), [
    # Ignored: the history and the list as without it, a new action linked to no item.
    ("historique?element={n}", 200), ("historique?avant={n}", 200), ("elements?depuis={n}", 200),
    ("actions/nouvelle?element={n}", 200),
    # Refused: a revision the change feed cannot have; an export or a print with no category ticked, the form again.
    ("changements?depuis={n}", 400), ("export/telecharger?format=geojson&categorie={n}", 422),
    ("impression/fichier?sortie=apercu&fond=aucun&categorie={n}", 422),
])
def test_a_huge_id_in_a_query_string_is_ignored_or_refused(client, demo_map, query, status):
    response = client.get(f"/cartes/{demo_map.id}/" + query.format(n=HUGE), headers=HX)
    assert response.status_code == status


@pytest.mark.parametrize("field", ["walk", "zone"])
def test_a_huge_id_in_a_hidden_field_is_refused_beside_the_form(client, demo_map, field):
    before = count(Feature)
    response = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(client), "category": point_category(demo_map).id, "title": "Piège",
        "geometry": json.dumps({"type": "Point", "coordinates": [2.889, 50.444]}), field: str(HUGE)})
    assert response.status_code == 422 and count(Feature) == before


@pytest.mark.parametrize("field", ["indicators-0-target", "indicators-0-reached"])
def test_a_huge_count_in_a_form_is_refused_beside_its_field(client, demo_map, field):
    response = client.post(actions_url(demo_map), headers=HX,
                           data=form(csrf_of(client), kind=next(iter(rules.ACTION_TYPES)), **{field: str(HUGE)}))
    assert response.status_code == 422
    assert re.search(rf'<p class="error" id="{field}-error">[^<]*Un nombre entier', page_text(response))
    assert count(Action) == 0


# --- Small PNG files that declare a great deal of work ---------------------------------------------------------

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, colour_type=2, bit_depth=8, before_pixels=b""):
    """A PNG of black pixels, whatever its size (zeros compress to almost nothing)."""
    samples = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    rows = zlib.compress(b"\x00" * ((width * samples * bit_depth // 8 + 1) * height), 9)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + before_pixels + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def many_chunks():
    """14 MB of empty private chunks before a 64 × 64 image: seconds of parsing, chunk by chunk, before any pixel."""
    return png(64, 64, before_pixels=chunk(b"prVt", b"") * 1_200_000)


def deep_pixels():
    """7 000 × 7 000 pixels of 16-bit RGBA in 0.4 MB: under the megapixel limit, but 392 MB to decode."""
    return png(7000, 7000, colour_type=6, bit_depth=16)


def many_markers():
    """A 64 × 64 JPEG after 3.5 million empty comments (14 MB): seconds of reading them one by one."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, "JPEG")
    jpeg = out.getvalue()
    return jpeg[:2] + b"\xff\xfe\x00\x02" * 3_500_000 + jpeg[2:]


@pytest.mark.parametrize("data, message", [
    (many_chunks, "découpée en trop de morceaux"),
    (many_markers, "découpée en trop de morceaux"),
    (deep_pixels, "La photo a trop de pixels"),
], ids=["png-many-chunks", "jpeg-many-markers", "png-deep-pixels"])
def test_a_small_png_that_costs_seconds_is_refused_before_its_pixels_are_decoded(client, demo_map, data, message):
    item = Feature.listed(demo_map.id)[0][0]
    photos, files = count(Photo), photo_files()
    form = {"csrf_token": csrf_of(client), "photo": (io.BytesIO(data()), "photo.png")}
    response = client.post(f"/cartes/{demo_map.id}/elements/{item.id}/photos", headers=HX, data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 422 and message in page_text(response)
    assert (count(Photo), photo_files()) == (photos, files)
