"""Importing real files of other tools through « Importer » (upload, preview, confirmation), on a new map: the
cadastre of a commune (4,241 parcels, Etalab format) against DESIGN.md's 10 s budget, and the KML and GPX files of
../shared/fixtures. Seconds for the preview and for the import, items kept and left out, and how much the process's
peak resident memory grew (what the machine lent it).

    python -m bench.imports [--db spatialite|postgis|both]
"""
import io
import re
import resource
import time
from pathlib import Path

from app.models import Category
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    db_choices,
    machine_note,
    migrated_app,
    parser,
    print_figures,
    signed_in_client,
)

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
CADASTRE = FIXTURES / "cadastre" / "cadastre-91216-parcelles.json"


def import_file(client, csrf, map_id, category_id, path):
    """(preview s, import s, peak MB, kept, left out) of importing one file through the three steps."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    page = client.post(f"/cartes/{map_id}/import", data={"csrf_token": csrf, "fichier": (io.BytesIO(path.read_bytes()),
                                                          path.name)}, content_type="multipart/form-data")
    previewed = time.perf_counter() - started
    text = page.get_data(as_text=True)
    token = re.search(r'name="jeton" value="([^"]+)"', text)
    if token is None:
        return previewed, 0.0, 0.0, 0, re.search(r'id="import-file-error">([^<]*)<', text).group(1)
    started = time.perf_counter()
    done = client.post(f"/cartes/{map_id}/import/confirmer", data={"csrf_token": csrf, "jeton": token.group(1),
                                                                   "categorie": category_id}).get_data(as_text=True)
    imported = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1e3  # kilobytes on Linux
    kept = int(re.search(r"(\d+) éléments ajoutés", done).group(1))
    left = re.search(r"(\d+) éléments? laissés? de côté", done)
    return previewed, imported, peak, kept, int(left.group(1)) if left else 0


def run(kind):
    figures = []
    with migrated_app(kind) as app:
        with app.app_context():
            editor_id = fill.bench_editor().id
            files = [CADASTRE, *sorted((FIXTURES / "kml").glob("*.kml"))[:4],
                     *sorted((FIXTURES / "gpx").glob("*.gpx"))[:4]]
            maps = {path: fill.create_map(f"Import de {path.name}") for path in files}
            categories = {map_id: Category.of_map(map_id)[0].id for map_id in maps.values()}
        client = signed_in_client(app, editor_id)
        for path, map_id in maps.items():
            token = _csrf(client, map_id)
            previewed, imported, peak, kept, left = import_file(client, token, map_id, categories[map_id], path)
            budget = 10.0 if path == CADASTRE else None
            figures.append(Figure(f"import {path.name}", kind, previewed + imported, "s", budget,
                                  f"preview {previewed:.2f} s, import {imported:.2f} s; {kept} kept, {left} left out; "
                                  f"peak +{peak:.0f} MB"))
    return figures


def _csrf(client, map_id):
    page = client.get(f"/cartes/{map_id}/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    args = arguments.parse_args(argv)
    print(f"Imports {machine_note()}")
    figures = [figure for kind in chosen_databases(args) for figure in run(kind)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
