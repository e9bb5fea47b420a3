"""Writes `communes.json`, the communes a new map can open on: those of the AMI's eight intercommunalities.

    python -m app.places.build [--contours communes-59.geojson communes-62.geojson]

Names, INSEE codes and each commune's EPCI come from Etalab's official list, the npm package
`@etalab/decoupage-administratif` (pinned in package.json, installed by `npm ci` into node_modules): the whole of
France is some 12 MB, so only the eight EPCIs' communes (about 340) are kept, and the browser gets them as the
options of the new-map form. The package gives no coordinates, so each commune's centre comes from `centres.csv`:
the centroid of its outline in IGN's ADMIN EXPRESS COG (Licence Ouverte; the 2018 edition, as simplified in the
`france-geojson` project's per-department files), or a point inside the outline when the centroid falls outside.
`--contours` computes that file again from such GeoJSON files (a commune merged since is the union of its former
communes, `anciensCodes`), for the communes the package lists.
"""
import argparse
import csv
import json
import unicodedata
from pathlib import Path

from . import COMMUNES_FILE as COMMUNES
from .territories import TERRITORY_SIRENS

HERE = Path(__file__).parent
PACKAGE = Path(__file__).parents[2] / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
CENTRES = HERE / "centres.csv"
SOURCE = "# Centroid of each commune's outline, IGN ADMIN EXPRESS COG 2018 (Licence Ouverte); app/places/build.py"


def members(package=PACKAGE):
    """(territory, INSEE code, name, former codes) of every commune of the eight EPCIs, from Etalab's list."""
    epcis = {e["code"]: e for e in json.loads((package / "epci.json").read_text(encoding="utf-8"))}
    communes = {c["code"]: c for c in json.loads((package / "communes.json").read_text(encoding="utf-8"))
                if c["type"] == "commune-actuelle"}
    for territory, siren in TERRITORY_SIRENS.items():
        for member in epcis[siren]["membres"]:
            commune = communes[member["code"]]
            yield territory, commune["code"], commune["nom"], commune.get("anciensCodes", [])


def sort_key(name):
    """French alphabetical order: accents, case and hyphens do not count (« Écourt » after « Dury »)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.casefold().replace("-", " ").replace("'", " "), name


def read_centres(path=CENTRES):
    """{INSEE code: (lon, lat)} from `centres.csv`."""
    with path.open(encoding="utf-8") as file:
        rows = csv.reader(line for line in file if not line.startswith("#"))
        next(rows)
        return {code: (float(lon), float(lat)) for code, lon, lat in rows}


def communes(package=PACKAGE, centres=None):
    """The rows of `communes.json`, grouped by territory in `TERRITORIES`' order, then by name."""
    centres = read_centres() if centres is None else centres
    order = {territory: i for i, territory in enumerate(TERRITORY_SIRENS)}
    rows = [{"code": code, "name": name, "epci": territory, "lon": centres[code][0], "lat": centres[code][1]}
            for territory, code, name, _former in members(package)]
    return sorted(rows, key=lambda row: (order[row["epci"]], sort_key(row["name"])))


def text(rows):
    """The file's text: one commune a line, so that a new edition of the list reads as a short diff."""
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"


def centres_from_contours(paths, package=PACKAGE):
    """{code: (lon, lat)} of the eight EPCIs' communes from outlines in GeoJSON (each feature's `code`)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union
    outlines = {}
    for path in paths:
        for feature in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
            outlines[feature["properties"]["code"]] = shape(feature["geometry"])
    centres = {}
    for _territory, code, _name, former in members(package):
        outline = outlines.get(code) or unary_union([outlines[old] for old in former])
        point = outline.centroid if outline.contains(outline.centroid) else outline.representative_point()
        centres[code] = (round(point.x, 5), round(point.y, 5))
    return centres


def write_centres(centres, path=CENTRES):
    lines = [SOURCE, "code,lon,lat"] + [f"{code},{lon},{lat}" for code, (lon, lat) in sorted(centres.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contours", nargs="*", default=(), help="GeoJSON outlines to compute centres.csv from")
    args = parser.parse_args(argv)
    if args.contours:
        write_centres(centres_from_contours(args.contours))
    COMMUNES.write_text(text(communes()), encoding="utf-8")


if __name__ == "__main__":
    main()
