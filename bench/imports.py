"""Importing real files of other tools through « Importer » (upload, preview, confirmation), on a new map: the
cadastre of a commune (4,241 parcels, Etalab format) as items and as the map's reference layer, a 6,821-parcel
commune made from it (its parcels, and 2,580 of them again a little to the east: a denser commune) against
DESIGN.md's 3 s budget for preview and import together, then the cadastre of a zoom-16 view of that layer (about
4,900 parcels: the densest view a 1280 × 800 screen shows, with parcels.js's margins) asked and asked again
(304); the KML and GPX files of ../shared/fixtures; and a 20,000-row Lambert-93 CSV made here (a commune's SIG
export of addresses, as spreadsheets save it: `;`, decimal commas) against issue 17's 5 s. Seconds for the
preview and for the import, items kept and left out, and how much the process's peak resident memory grew (what the
machine lent it).

Without ../shared/fixtures (or $VOYETTE_FIXTURES; a machine that has only the repository) it prints
« skipped: no fixtures », unless `--csv-only` asks for the CSV alone.

    python -m bench.imports [--db spatialite|postgis|both] [--csv-only]
"""
import io
import json
import os
import re
import resource
import time
from pathlib import Path

import numpy
import shapely

from app.models import Category
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    db_choices,
    machine_note,
    median,
    migrated_app,
    parser,
    print_figures,
    signed_in_client,
)

# ../shared/fixtures beside the repository, or where VOYETTE_FIXTURES says (a worktree elsewhere).
FIXTURES = Path(os.environ.get("VOYETTE_FIXTURES", Path(__file__).resolve().parents[2] / "shared" / "fixtures"))
CADASTRE = FIXTURES / "cadastre" / "cadastre-91216-parcelles.json"
DENSER = 6821  # parcels of the denser commune
SHIFT = 0.028  # degrees east of the copies: part of a zoom-16 view, so that a view holds originals and copies
VIEW = (1280 * 1.4 * 360 / 256 / 2 ** 16, 800 * 1.4 * 360 / 256 / 2 ** 16)  # a zoom-16 view and its margins, degrees
VIEW_RUNS = 5
IMPORT_BUDGET = 3.0  # s, preview and import of a commune's cadastre together (DESIGN.md)
LAMBERT_ROWS = 20_000  # an import's most items
LAMBERT_BUDGET = 5.0  # s, preview and import of LAMBERT_ROWS Lambert-93 rows together (issue 17)


def import_file(client, csrf, map_id, category_id, name, data, reference=False):
    """(preview s, import s, peak MB, kept, left out) of importing one file through the three steps; kept counts
    the parcels when the file becomes the reference layer."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    page = client.post(f"/cartes/{map_id}/import", data={"csrf_token": csrf, "fichier": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")
    previewed = time.perf_counter() - started
    text = page.get_data(as_text=True)
    token = re.search(r'name="jeton" value="([^"]+)"', text)
    if token is None:
        return previewed, 0.0, 0.0, 0, re.search(r'id="import-file-error">([^<]*)<', text).group(1)
    started = time.perf_counter()
    form = {"csrf_token": csrf, "jeton": token.group(1), "categorie": category_id, "reference": "1" if reference
            else "0"}
    done = client.post(f"/cartes/{map_id}/import/confirmer", data=form).get_data(as_text=True)
    imported = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1e3  # kilobytes on Linux
    if reference:
        return previewed, imported, peak, int(re.search(r"(\d+) parcelles cadastrales", done).group(1)), 0
    kept = int(re.search(r"(\d+) éléments? ajoutés?", done).group(1))
    left = re.search(r"(\d+) éléments? laissés? de côté", done)
    return previewed, imported, peak, kept, int(left.group(1)) if left else 0


def denser_commune():
    """The commune's file with DENSER parcels: its own, then the first ones again, SHIFT degrees east."""
    collection = json.loads(CADASTRE.read_bytes())
    features = collection["features"]
    copies = []
    for index, feature in enumerate(features[:DENSER - len(features)]):
        shape = shapely.transform(shapely.geometry.shape(feature["geometry"]), lambda xy: xy + (SHIFT, 0))
        properties = {**feature["properties"], "section": "ZZ", "numero": str(index + 1)}
        copies.append({**feature, "id": f"copie{index}", "properties": properties,
                       "geometry": json.loads(shapely.to_geojson(shape))})
    collection["features"] = features + copies
    return json.dumps(collection).encode()


def lambert_csv(rows=LAMBERT_ROWS):
    """A spreadsheet of `rows` addresses placed in Lambert-93 metres around Harnes, the same every run."""
    generator = numpy.random.default_rng(17)
    xs, ys = 690_000 + generator.uniform(-3000, 3000, rows), 7_042_000 + generator.uniform(-3000, 3000, rows)
    lines = ["nom;adresse;X;Y"] + [f"Point {index};{index} rue des Écoles;{x:.2f};{y:.2f}".replace(".", ",")
                                   for index, (x, y) in enumerate(zip(xs, ys, strict=True), start=1)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def densest_view(data):
    """(bbox text, parcels in it) of the zoom-16 view holding the most parcels of the file."""
    boxes = numpy.array([shapely.geometry.shape(f["geometry"]).bounds for f in json.loads(data)["features"]])
    width, height = VIEW[0], VIEW[1] * numpy.cos(numpy.radians(boxes[:, 1].mean()))
    best = (0, None)
    for west in numpy.linspace(boxes[:, 0].min(), boxes[:, 2].max() - width, 40):
        for south in numpy.linspace(boxes[:, 1].min(), boxes[:, 3].max() - height, 40):
            count = int(((boxes[:, 0] <= west + width) & (boxes[:, 2] >= west) & (boxes[:, 1] <= south + height)
                         & (boxes[:, 3] >= south)).sum())
            best = max(best, (count, (west, south, west + width, south + height)), key=lambda b: b[0])
    return ",".join(f"{v:.5f}" for v in best[1]), best[0]


def view_times(client, map_id, bbox):
    """(median ms of the view's parcels, their count, median ms of asking again with the ETag, its status)."""
    url = f"/cartes/{map_id}/cadastre.geojson?bbox={bbox}"
    seconds, response = [], None
    for _ in range(VIEW_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
    count = len(response.get_json()["features"])
    etag = response.headers.get("ETag")
    again, status = [], None
    for _ in range(VIEW_RUNS if etag else 0):
        started = time.perf_counter()
        status = client.get(url, headers={"If-None-Match": etag}).status_code
        again.append(time.perf_counter() - started)
    return median(seconds) * 1000, count, median(again) * 1000 if again else None, status


def run(kind, csv_only=False):
    figures = []
    lambert = (f"adresses-lambert93-{LAMBERT_ROWS}.csv", lambert_csv(), False)
    if csv_only:
        files, bbox, in_view = [lambert], None, 0
    else:
        denser = denser_commune()
        bbox, in_view = densest_view(denser)
        files = [(path.name, path.read_bytes(), False)
                 for path in (CADASTRE, *sorted((FIXTURES / "kml").glob("*.kml"))[:4],
                              *sorted((FIXTURES / "gpx").glob("*.gpx"))[:4])]
        files[1:1] = [(CADASTRE.name, CADASTRE.read_bytes(), True), (f"cadastre-{DENSER}-parcelles.json", denser, True)]
        files.append(lambert)
    with migrated_app(kind) as app:
        with app.app_context():
            editor_id = fill.bench_editor().id
            maps = [fill.create_map(f"Import de {name}") for name, _data, _reference in files]
            categories = {map_id: Category.of_map(map_id)[0].id for map_id in maps}
        client = signed_in_client(app, editor_id)
        for (name, data, reference), map_id in zip(files, maps, strict=True):
            token = _csrf(client, map_id)
            previewed, imported, peak, kept, left = import_file(client, token, map_id, categories[map_id], name, data,
                                                                reference)
            what = "parcels" if reference else "kept"
            budget = IMPORT_BUDGET if reference else LAMBERT_BUDGET if (name, data, reference) == lambert else None
            figures.append(Figure(f"import {name}{' (reference)' if reference else ''}", kind, previewed + imported,
                                  "s", budget, f"preview {previewed:.2f} s, import {imported:.2f} s; {kept} {what}, "
                                  f"{left} left out; peak +{peak:.0f} MB"))
            if reference and name != CADASTRE.name:
                view, count, again, status = view_times(client, map_id, bbox)
                note = f"{count} parcels (the file has {in_view} there)"
                note += f"; again with its ETag {again:.1f} ms ({status})" if again is not None else "; no ETag"
                figures.append(Figure("cadastre of a zoom-16 view", kind, view, "ms", None, note))
    return figures


def _csrf(client, map_id):
    page = client.get(f"/cartes/{map_id}/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    arguments.add_argument("--csv-only", action="store_true", help="only the Lambert-93 CSV, which needs no fixture")
    args = arguments.parse_args(argv)
    print(f"Imports {machine_note()}")
    if not CADASTRE.exists() and not args.csv_only:
        print("skipped: no fixtures")
        return []
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.csv_only)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
