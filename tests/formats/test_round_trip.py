"""Each format reads back what it writes: the same items, shapes and fields (`write` → `read`)."""
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
