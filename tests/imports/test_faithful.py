"""Files of other tools read faithfully (issue 17): nothing dropped without a word, the readable part of a file kept,
and each reason naming the real cause. Every file is a small one written for its test (`files.py`)."""
import pytest

from app.imports.reading import ImportError_, read
from tests.imports import files


def titles(source, name):
    return sorted(item.fields.get(name) for item in source.kept)


def said(source):
    return " ".join(str(notice) for notice in source.notices)


def test_a_geopackage_keeps_its_readable_layers_and_names_the_unreadable_one_and_the_plain_tables(tmp_path):
    source = read(files.geopackage_with_tables(tmp_path), "projet.gpkg")
    assert titles(source, "nom") == ["Banc", "Cerisier", "Noyer"]
    assert not source.left_out  # a table without shapes holds no items of the map
    assert "« relief » est illisible" in said(source)
    assert "layer_styles" in said(source) and "entretiens" in said(source)


def test_a_paused_track_loses_its_one_point_segment_and_a_one_position_track_becomes_a_point():
    source = read(files.gpx_with_a_pause(), "pause.gpx")
    shapes = {item.fields["name"]: item.shape for item in source.kept}
    assert not source.left_out and set(shapes) == {"Tour du terril", "Départ seul"}
    walk = shapes["Tour du terril"]
    assert walk.geom_type == "MultiLineString" and [len(part.coords) for part in walk.geoms] == [2, 2]
    assert shapes["Départ seul"].geom_type == "Point"
    assert "segment d'un seul point" in said(source) and "une seule position" in said(source)


@pytest.mark.parametrize(("lat", "lon"), [
    ("Latitude", "Longitude"), ("geo_Latitude", "geo_Longitude"), ("LAT", "LNG"), ("lat_wgs84", "long_wgs84"),
    ("POINT_Y", "POINT_X"), ("coord_y", "coord_x"), ("Y", "X"), ("Latitude (WGS84)", "Longitude (WGS84)"),
])
def test_csv_position_columns_are_found_by_their_usual_names_in_any_case_prefixed_or_suffixed(lat, lon):
    source = read(files.csv_named(lat, lon), "lieux.csv")
    assert titles(source, "nom") == ["Puits"]
    assert (round(source.kept[0].shape.x, 4), round(source.kept[0].shape.y, 4)) == (2.8935, 50.4434)
    assert set(source.field_names) == {"nom"}


@pytest.mark.parametrize(("name", "cell"), [
    ("coordonnees", "50.4434,2.8935"), ("geo_point_2d", "50.4434, 2.8935"), ("lat,lon", "50.4434, 2.8935"),
    ("Coordonnées GPS", "50.4434 , 2.8935"),
])
def test_csv_with_one_lat_lon_column(name, cell):
    source = read(files.csv_one_position_column(name, cell), "poste.csv")
    assert titles(source, "nom") == ["Bureau de poste"]
    assert (round(source.kept[0].shape.x, 4), round(source.kept[0].shape.y, 4)) == (2.8935, 50.4434)


def test_broken_json_says_where():
    with pytest.raises(ImportError_) as refused:
        read(files.BROKEN_JSON, "carte.geojson")
    assert str(refused.value) == "Le fichier n'est pas du JSON valide (ligne 3, colonne 24)."


def test_a_ring_left_open_is_said_so():
    source = read(files.geojson_with_an_open_ring(), "ouvert.geojson")
    assert [str(item.reason) for item in source.items] == [
        "zone dont le contour n'est pas fermé (son dernier point n'est pas le premier)"]


def test_every_kml_placemark_is_read_wherever_it_is_and_a_mixed_multigeometry_gives_one_item_per_kind():
    source = read(files.kml_as_tools_write_it(), "outil.kml")
    kept = [(item.fields["Name"], item.shape.geom_type) for item in source.kept]
    assert kept == [("Hors document", "Point"), ("Arrêt et trajet", "Point"), ("Arrêt et trajet", "LineString"),
                    ("Marche", "LineString"), ("Tilleul", "Point")]
    stop = source.kept[1]
    assert stop.fields == {"Name": "Arrêt et trajet", "description": "Ligne 12", "ligne": "12"}
    assert source.kept[2].fields == stop.fields
    assert source.kept[4].fields["dossier"] == "Arbres"


def test_a_geometry_collection_gives_one_item_per_kind_of_part_with_the_same_fields():
    source = read(files.geojson_with_a_collection(), "jardin.geojson")
    assert [(item.fields, item.shape.geom_type) for item in source.items] == [
        ({"name": "Jardin et allée"}, "MultiPoint"), ({"name": "Jardin et allée"}, "LineString")]


def test_a_current_umap_backup_keeps_its_layers_names_and_colours():
    source = read(files.umap_current(), "quartier.umap")
    assert [item.fields for item in source.kept] == [{"name": "Banc du parc", "calque": "Bancs", "couleur": "#aa3300"}]


def test_a_kml_nested_without_end_is_answered_not_crashed():
    depth = 5000  # far past Python's recursion limit: the reader walks the tree without recursing
    point = "<Placemark><name>Au fond</name><Point><coordinates>2.8935,50.4434</coordinates></Point></Placemark>"
    geometry = "<MultiGeometry>" * depth + "<Point><coordinates>2.8935,50.4434</coordinates></Point>" + \
        "</MultiGeometry>" * depth
    data = (f'<kml xmlns="http://www.opengis.net/kml/2.2">{"<Folder>" * depth}{point}{"</Folder>" * depth}'
            f"<Placemark><name>Imbriqué</name>{geometry}</Placemark></kml>").encode()
    source = read(data, "profond.kml")
    assert [item.fields["Name"] for item in source.kept] == ["Au fond"]
    assert [(item.fields["Name"], str(item.reason)) for _line, item in source.left_out] == [
        ("Imbriqué", "coordonnées illisibles")]
