"""Each format reads back what it writes: the same items, shapes and fields (`write` → `read`)."""
from dataclasses import replace

import pytest

from app.formats import csv, geojson, gpkg, gpx, kml, umap
from tests.formats.records import HEADING, RECORDS, same


def assert_gps_and_walk(item):
    """The point placed by GPS on a walk comes back with its accuracy and its walk's date and theme."""
    assert {name: str(item.fields.get(name)) for name in ("precision_gps_m", "marche_date", "marche_theme")} == {
        "precision_gps_m": "4.5", "marche_date": "2026-05-12", "marche_theme": "Propreté des allées"}


def by_title(reading, name):
    return {item.fields[name]: item for item in reading.kept}


@pytest.mark.parametrize("module", [geojson, csv, gpkg], ids=["geojson", "csv", "gpkg"])
def test_tables_come_back_with_every_field(module):
    reading = module.read(module.write(HEADING, RECORDS))
    assert not reading.left_out
    items = by_title(reading, "titre")
    assert sorted(items) == sorted(record.title for record in RECORDS)
    for record in RECORDS:
        item = items[record.title]
        assert same(item.shape, record.shape)
        expected = {name: str(value) for name, value in record.fields.items() if value not in (None, "")}
        assert {name: str(value) for name, value in item.fields.items()} == expected  # a CSV's cells are text


def test_kml_comes_back_with_its_names_descriptions_and_shapes():
    reading = kml.read(kml.write(HEADING, RECORDS))
    items = by_title(reading, "Name")
    assert sorted(items) == ["01 Cerisier", "02 Voyette des écoles", "03 Potager"]
    for record in RECORDS:
        item = items[f"{record.number:02d} {record.title}"]
        assert same(item.shape, record.shape)
        assert item.fields.get("titre") == record.title
    assert items["01 Cerisier"].fields["description"] == RECORDS[0].description  # HTML-escaped, read back as text
    assert_gps_and_walk(items["01 Cerisier"])


def test_gpx_comes_back_with_its_points_and_lines():
    reading = gpx.read(gpx.write(HEADING, RECORDS))
    items = by_title(reading, "name")
    assert sorted(items) == ["01 Cerisier", "02 Voyette des écoles"]  # GPX has no areas
    assert same(items["01 Cerisier"].shape, RECORDS[0].shape)
    assert same(items["02 Voyette des écoles"].shape, RECORDS[1].shape)
    assert items["01 Cerisier"].fields["desc"] == RECORDS[0].description
    assert_gps_and_walk(items["01 Cerisier"])
    assert "marche_date" not in items["02 Voyette des écoles"].fields  # drawn by hand, on no walk


def test_umap_comes_back_with_its_layers():
    reading = umap.read(umap.write(HEADING, RECORDS))
    items = by_title(reading, "name")
    assert sorted(items) == ["01 Cerisier", "02 Voyette des écoles", "03 Potager"]
    for record in RECORDS:
        item = items[f"{record.number:02d} {record.title}"]
        assert same(item.shape, record.shape) and item.fields["calque"] == record.category
    assert_gps_and_walk(items["01 Cerisier"])


# What uMap's current reader looks at (umap-project/umap, static/umap/js/modules: app.js `importRaw` and
# `createDataLayer`, data/layer.js, data/features.js, data/fields.js), key by key.
UMAP_TOP = {"type", "uri", "properties", "geometry", "layers"}  # `uri`: an absolute URL, given to `new URL()`
UMAP_LAYER = {"type", "features", "properties", "_umap_options"}  # `_umap_options`: read when `properties` is not
UMAP_LAYER_OPTIONS = {"name", "color", "displayOnLoad", "browsable", "inCaption", "fields"}
UMAP_FIELD_TYPES = {"String", "Text", "Number", "Datetime", "Date", "Boolean", "Enum"}  # fields.js `Registry`


def test_umap_export_holds_the_keys_current_umap_reads():
    import json
    import re
    backup = json.loads(umap.write(replace(HEADING, url="https://voyette.fr/cartes/3"), RECORDS))
    assert set(backup) == UMAP_TOP and backup["type"] == "umap" and backup["uri"] == "https://voyette.fr/cartes/3"
    assert backup["properties"] == {"name": HEADING.name, "description": HEADING.description, "zoom": HEADING.zoom}
    assert backup["geometry"] == {"type": "Point", "coordinates": list(HEADING.center)}  # the map's centre
    ids = []
    for layer in backup["layers"]:
        assert set(layer) == UMAP_LAYER and layer["type"] == "FeatureCollection"
        options = layer["properties"]
        assert set(options) == UMAP_LAYER_OPTIONS and layer["_umap_options"] == options
        fields = {field["key"]: field["type"] for field in options["fields"]}
        assert set(fields.values()) <= UMAP_FIELD_TYPES and list(fields)[:2] == ["name", "description"]
        for feature in layer["features"]:
            assert set(feature) == {"type", "id", "geometry", "properties"}
            assert set(feature["properties"]) <= set(fields)  # each shown in uMap's table and filters
            ids.append(feature["id"])
    assert all(re.fullmatch("[A-Za-z0-9]{5}", i) for i in ids) and len(set(ids)) == len(RECORDS)  # else uMap's own
    assert fields_of(backup, "01 Cerisier") == {"numero": "Number", "precision_gps_m": "Number", "marche_date": "Date",
                                               "marche_theme": "String"}


def test_umap_export_without_a_centre_or_an_address_leaves_those_keys_out():
    import json
    backup = json.loads(umap.write(replace(HEADING, url="", center=None), RECORDS))
    assert "uri" not in backup and "geometry" not in backup  # uMap would read `new URL("")`, a centre of null


def fields_of(backup, name):
    layer = next(layer for layer in backup["layers"] if any(f["properties"]["name"] == name for f in layer["features"]))
    return {field["key"]: field["type"] for field in layer["properties"]["fields"][2:]}
