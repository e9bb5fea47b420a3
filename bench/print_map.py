"""The printed map (« Imprimer ») of a 200-item map over the app's own local tiles, served on loopback: seconds to
make the A4 PDF (DESIGN.md: ≤ 3 s), the A3 landscape PDF and the 200 dpi PNG, first with an empty tile cache, then
with the tiles cached as a second print finds them.

    python -m bench.print_map [--db spatialite|postgis|both] [--runs 3]
"""
import http.client
import shutil
import tempfile
import time
import urllib.parse

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
    serve,
)

ITEMS = 200
PRINTS = (("A4 portrait PDF", {"papier": "A4", "sens": "portrait", "sortie": "pdf"}, 3.0),
          ("A3 landscape PDF", {"papier": "A3", "sens": "paysage", "sortie": "pdf"}, None),
          ("A4 PNG at 200 dpi", {"papier": "A4", "sens": "portrait", "sortie": "png"}, None))


def run(kind, runs):
    tile_dir = tempfile.mkdtemp(prefix="voyette-print-tiles-")
    figures = []
    with migrated_app(kind, PRINT_TILE_DIR=tile_dir) as app, serve(app) as server:
        with app.app_context():
            map_id = fill.create_map(f"Impression de {ITEMS} éléments")  # public: no session needed
            fill.fill(map_id, ITEMS, area=fill.bounds(width_m=800, height_m=600))
        host = urllib.parse.urlparse(server.url)
        for name, args, budget in PRINTS:
            shutil.rmtree(tile_dir, ignore_errors=True)
            path = f"/cartes/{map_id}/impression/fichier?" + urllib.parse.urlencode(args)
            cold = _get(host, path)[0]
            warm = [_get(host, path) for _ in range(runs)]
            size = warm[-1][1]
            figures.append(Figure(f"print {name}, {ITEMS} items, local tiles", kind, median([s for s, _ in warm]), "s",
                                  budget, f"{size / 1e3:,.0f} KB; {cold:.2f} s with no tile cached"))
    shutil.rmtree(tile_dir, ignore_errors=True)
    return figures


def _get(host, path):
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return seconds, len(body)


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    arguments.add_argument("--runs", type=int, default=3)
    args = arguments.parse_args(argv)
    print(f"Printed map {machine_note()}")
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.runs)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
