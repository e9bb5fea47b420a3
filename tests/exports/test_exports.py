"""Exports written, then read back by GDAL (pyogrio, and Debian's `ogrinfo` as a third-party reader): the same
items, shapes and fields; only the categories asked; nothing private; French messages for a wrong request."""
import io
import json
import subprocess

import pyogrio.raw
import pytest
import shapely

from app.formats.gpkg import LAYERS as GEOPACKAGE_LAYERS
from app.models import Category, Feature
from tests.support.author import AUTHOR

SUFFIX = {"geojson": "geojson", "csv": "csv", "kml": "kml", "gpx": "gpx", "gpkg": "gpkg"}


def export(client, map_, fmt, categories=None):
    categories = categories if categories is not None else [c.id for c in Category.of_map(map_.id)]
    return client.get(f"/cartes/{map_.id}/export/telecharger", query_string={"format": fmt, "categorie": categories})


def read(data, suffix, tmp_path, layer=None):
    """(titles, shapes) as GDAL reads them from the file."""
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(data)
    options = {"GEOM_POSSIBLE_NAMES": "WKT", "KEEP_GEOM_COLUMNS": "NO"} if suffix == "csv" else {}
    meta, _fids, geometry, fields = pyogrio.raw.read(str(path), layer=layer, **options)
    columns = dict(zip(meta["fields"], fields, strict=True))
    titles = columns.get("titre", columns.get("name", columns.get("Name")))
    return list(titles), [shapely.from_wkb(g) for g in geometry]


def ogrinfo(data, suffix, tmp_path):
    path = tmp_path / f"ogr.{suffix}"
    path.write_bytes(data)
    result = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def same(a, b):
    return shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-6)


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_every_item_comes_back_with_its_shape_and_fields(client, demo_map, tmp_path, fmt):
    items = Feature.listed(demo_map.id)[0]
    response = export(client, demo_map, fmt)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'.{SUFFIX[fmt]}"')
    if fmt == "gpkg":
        titles, shapes = [], []
        for _kind, layer, _type in GEOPACKAGE_LAYERS:
            t, s = read(response.data, "gpkg", tmp_path, layer)
            titles += t
            shapes += [part if len(part.geoms) > 1 else part.geoms[0] for part in s]  # written as multi
        assert "Feature Count: " in ogrinfo(response.data, "gpkg", tmp_path)
    else:
        titles, shapes = read(response.data, SUFFIX[fmt], tmp_path)
        assert "Feature Count: 18" in ogrinfo(response.data, SUFFIX[fmt], tmp_path)
    by_title = dict(zip(titles, shapes, strict=True))
    assert sorted(by_title) == sorted(item.title for item in items)
    for item in items:
        assert same(by_title[item.title], item.shape), item.title


def test_geojson_is_rfc_7946_with_the_fields_and_a_measure_for_zones(client, demo_map):
    data = json.loads(export(client, demo_map, "geojson").data)
    assert "crs" not in data and data["type"] == "FeatureCollection"
    zone = next(f for f in data["features"] if f["geometry"]["type"] == "Polygon")
    assert set(zone["properties"]) == {"numero", "titre", "description", "categorie", "couleur", "surface_m2",
                                       "longueur_m", "precision_gps_m", "marche_date", "marche_theme"}
    assert zone["properties"]["surface_m2"] > 0 and zone["id"] == zone["properties"]["numero"]


def test_kml_keeps_the_legend_as_folders_and_colours(client, demo_map, tmp_path):
    data = export(client, demo_map, "kml").data
    text = data.decode()
    used = {item.category_id for item in Feature.listed(demo_map.id)[0]}
    for category in Category.of_map(demo_map.id):
        if category.id in used:
            assert f"<name>{category.label}</name>" in text.replace("&#x27;", "'")
            rgb = category.colour[1:]
            assert f"ff{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower() in text  # KML's aabbggrr
    info = ogrinfo(data, "kml", tmp_path)
    assert info.count("Layer name:") >= 2  # a folder per category


def test_gpx_has_the_points_and_lines_and_no_zone(client, demo_map, tmp_path):
    items = Feature.listed(demo_map.id)[0]
    data = export(client, demo_map, "gpx").data
    waypoints, _ = read(data, "gpx", tmp_path, "waypoints")
    tracks, _ = read(data, "gpx", tmp_path, "tracks")
    assert sorted(waypoints) == sorted(f"{i.number:02d} {i.title}" for i in items if i.kind == "point")
    assert sorted(tracks) == sorted(f"{i.number:02d} {i.title}" for i in items if i.kind == "line")
    ogrinfo(data, "gpx", tmp_path)


def test_only_the_categories_asked_are_exported(client, demo_map, tmp_path):
    first = Category.of_map(demo_map.id)[0]
    data = json.loads(export(client, demo_map, "geojson", [first.id]).data)
    expected = [i.title for i in Feature.listed(demo_map.id)[0] if i.category_id == first.id]
    assert sorted(f["properties"]["titre"] for f in data["features"]) == sorted(expected) and expected


def test_a_wrong_request_gets_the_form_back_with_the_reason(client, demo_map):
    response = export(client, demo_map, "shp")
    assert response.status_code == 422 and "Choisissez un format." in response.get_data(as_text=True)
    response = export(client, demo_map, "geojson", [])
    assert response.status_code == 422 and "Choisissez au moins une catégorie." in response.get_data(as_text=True)


def test_who_has_a_plot_never_leaves_in_an_export(client, csrf, demo_map, tmp_path):
    from app.extensions import db
    from app.models import Plot
    zone = next(i for i in Feature.listed(demo_map.id)[0] if i.kind == "polygon")
    plot = Feature.create(demo_map, zone.category, "Parcelle 1", "", zone.shape.buffer(-0.00002), author=AUTHOR)
    db.session.add(Plot(feature=plot, zone=zone, holder="Famille Kaci", note="Clé chez Lucie"))
    db.session.commit()
    for fmt in ("geojson", "csv", "kml", "gpkg"):
        data = export(client, demo_map, fmt).data
        if fmt == "gpkg":  # a database file: the plot is read back, not searched for in its pages
            assert "Parcelle 1" in read(data, "gpkg", tmp_path, "zones")[0]
        else:
            assert b"Parcelle 1" in data, fmt
        assert b"Kaci" not in data and "Clé chez Lucie".encode() not in data, fmt


def test_csv_puts_lat_lon_for_points_and_wkt_for_everything(client, demo_map):
    import csv
    text = export(client, demo_map, "csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    point = next(r for r in rows if r["WKT"].startswith("POINT"))
    line = next(r for r in rows if r["WKT"].startswith("LINESTRING"))
    assert float(point["lat"]) == pytest.approx(shapely.from_wkt(point["WKT"]).y) and line["lat"] == ""
    assert float(line["longueur_m"]) > 0 and point["longueur_m"] == ""


def test_umap_backup_has_the_map_and_a_layer_per_category(client, demo_map):
    data = json.loads(export(client, demo_map, "umap").data)
    assert data["type"] == "umap" and data["properties"]["name"] == demo_map.name
    assert data["uri"] == f"http://localhost/cartes/{demo_map.id}"  # absolute, as uMap's `new URL(uri)` wants
    used = {item.category_id for item in Feature.listed(demo_map.id)[0]}
    legend = [c for c in Category.of_map(demo_map.id) if c.id in used]
    assert [layer["_umap_options"]["name"] for layer in data["layers"]] == [c.label for c in legend]
    assert [layer["_umap_options"]["color"] for layer in data["layers"]] == [c.colour for c in legend]
    assert sum(len(layer["features"]) for layer in data["layers"]) == 18


def test_the_gps_accuracy_of_an_item_placed_by_gps_is_a_field_of_every_table(client, demo_map, tmp_path):
    import csv

    from app.extensions import db
    point = next(i for i in Feature.listed(demo_map.id)[0] if i.kind == "point")
    point.properties = {"gps_accuracy_m": 8.3}
    db.session.commit()
    features = json.loads(export(client, demo_map, "geojson").data)["features"]
    accuracies = {f["properties"]["titre"]: f["properties"]["precision_gps_m"] for f in features}
    assert accuracies.pop(point.title) == 8.3 and set(accuracies.values()) == {None}
    rows = list(csv.DictReader(io.StringIO(export(client, demo_map, "csv").data.decode("utf-8-sig"))))
    assert {r["titre"]: r["precision_gps_m"] for r in rows}[point.title] == "8.3"
    assert '<Data name="precision_gps_m"><value>8.3</value>' in export(client, demo_map, "kml").data.decode()
    path = tmp_path / "export.gpkg"
    path.write_bytes(export(client, demo_map, "gpkg").data)
    meta, _fids, _geometry, fields = pyogrio.raw.read(str(path), layer="points")
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert dict(zip(columns["titre"], columns["precision_gps_m"], strict=True))[point.title] == 8.3


def test_kml_gives_each_description_once(client, demo_map, tmp_path):
    described = next(i for i in Feature.listed(demo_map.id)[0] if i.description)
    path = tmp_path / "export.kml"
    path.write_bytes(export(client, demo_map, "kml").data)
    names = {name for layer, _type in pyogrio.list_layers(str(path)) for name in pyogrio.read_info(
        str(path), layer=layer)["fields"]}
    assert "description" in names and not any(name.startswith("description") and name != "description"
                                               for name in names)
    text = path.read_text()
    assert text.count("<description>") == len([i for i in Feature.listed(demo_map.id)[0] if i.description])
    assert described.title in text


def test_csv_says_its_charset_once(client, demo_map):
    assert export(client, demo_map, "csv").headers["Content-Type"] == "text/csv; charset=utf-8"


def test_an_item_noted_on_a_walk_says_its_walk_and_gps_accuracy_in_every_format(client, demo_map, tmp_path):
    from datetime import date

    from app.extensions import db
    from app.formats import csv, geojson, gpkg, gpx, kml, umap
    from app.models import Walk
    point = next(i for i in Feature.listed(demo_map.id)[0] if i.kind == "point")
    walk = Walk.start(demo_map, date(2026, 5, 12), "Lucie Martin", 7, "Propreté des allées")
    point.walk, point.properties = walk, {"gps_accuracy_m": 8.3}
    db.session.commit()
    expected = {"precision_gps_m": "8.3", "marche_date": "2026-05-12", "marche_theme": "Propreté des allées"}
    for fmt, module, title in [("geojson", geojson, "titre"), ("csv", csv, "titre"), ("gpkg", gpkg, "titre"),
                               ("kml", kml, "titre"), ("gpx", gpx, "name"), ("umap", umap, "name")]:
        data = export(client, demo_map, fmt).data
        assert b"Lucie" not in data, fmt  # who led the walk stays private
        items = {item.fields[title]: item.fields for item in module.read(data).kept}
        found = items[point.title if title == "titre" else f"{point.number:02d} {point.title}"]
        assert {name: str(found.get(name)) for name in expected} == expected, fmt
        others = [fields for fields in items.values() if fields is not found]
        assert others and not any("marche_date" in fields for fields in others), fmt
