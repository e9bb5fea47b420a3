"""Reading each format into items, and refusing what could hurt: each with a French message."""
import json

import pytest
import shapely

from app.imports.reading import ImportError_, read
from tests.imports import files

UNKNOWN_CRS = json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:999999"}},
                          "features": [{"type": "Feature", "properties": {},
                                        "geometry": {"type": "Point", "coordinates": [1, 2]}}]}).encode()


def titles(source, name):
    return [item.fields.get(name) for item in source.kept]


def test_geojson_in_lambert93_comes_back_in_lon_lat():
    source = read(files.geojson_lambert93(), "arbres.geojson")
    assert titles(source, "nom") == ["Poirier", "Jardin du 12"]
    point = source.kept[0].shape
    assert 2.8 < point.x < 3.0 and 50.3 < point.y < 50.5  # Harnes, not metres
    assert source.kept[1].shape.geom_type == "Polygon"


def test_bad_items_are_left_out_each_with_its_reason_and_3d_is_made_2d():
    source = read(files.geojson_with_bad_items(), "mélange.json")
    assert titles(source, "name") == ["Puits"] and not source.kept[0].shape.has_z
    reasons = {item.fields.get("name"): str(item.reason) for item in source.items if item.shape is None}
    assert set(reasons) == {"Vide", "Nœud papillon", "Sans forme"}
    assert "croisent" in reasons["Nœud papillon"]


def test_kml_and_kmz_with_their_folders_and_extended_data():
    for data, name in ((files.kml(), "carte.kml"), (files.kmz(), "carte.kmz")):
        source = read(data, name)
        assert sorted(titles(source, "Name")) == ["Cerisier", "Voyette des écoles"]
        cherry = next(item for item in source.kept if item.fields.get("Name") == "Cerisier")
        assert cherry.fields == {"Name": "Cerisier", "description": "Cerises en juin", "espece": "Prunus avium",
                                 "dossier": "Arbres"}


def test_gpx_waypoints_and_tracks_without_their_elevation():
    source = read(files.gpx(), "marche.gpx")
    assert sorted(titles(source, "name")) == ["Composteur", "Marche du 12 mai"]
    track = next(item for item in source.kept if item.fields.get("name") == "Marche du 12 mai")
    assert track.shape.geom_type in ("LineString", "MultiLineString") and not track.shape.has_z


def test_a_track_with_an_empty_segment_is_kept_and_a_one_point_track_becomes_a_point():
    source = read(files.gpx_with_broken_tracks(), "telephone.gpx")
    shapes = {item.fields["name"]: item.shape.geom_type for item in source.kept}
    assert shapes == {"Avec un trou": "LineString", "Un seul point": "Point"} and not source.left_out


def test_a_french_csv_with_decimal_commas_and_a_byte_order_mark():
    source = read(files.csv_french(), "arbres.csv")
    assert titles(source, "Nom") == ["Pommier du 5", "Banc"]
    assert source.kept[0].shape.equals(shapely.Point(2.8935, 50.4434))
    assert [str(item.reason) for item in source.items if item.shape is None] == ["position illisible"]


def test_csv_in_lambert93_and_csv_with_wkt():
    source = read(files.csv_lambert93(), "x_y.csv")
    assert 2.8 < source.kept[0].shape.x < 3.0 and "Lambert-93" in str(source.notices[0])
    source = read(files.csv_wkt(), "formes.csv")
    assert [item.shape.geom_type for item in source.kept] == ["LineString", "Polygon"]


def test_a_csv_saved_by_an_old_spreadsheet_in_windows_1252():
    source = read("Nom;Latitude;Longitude\r\nCerisier près de l'école;50,4434;2,8935\r\n".encode("cp1252"), "vieux.csv")
    assert titles(source, "Nom") == ["Cerisier près de l'école"]


@pytest.mark.parametrize(("data", "name", "message"), [
    (UNKNOWN_CRS, "inconnu.geojson", "Système de coordonnées"),
    (files.kml_with_entities(), "rire.kml", "déclare des entités"),
    (files.kmz(files.kml_with_entities()), "rire.kmz", "déclare des entités"),
    (files.zip_bomb(), "bombe.kmz", "démesuré"),
    (b"\x89PNG\r\n\x1a\n\0\0\0junk", "carte.geojson", "illisible"),
    (b"", "vide.geojson", "vide"),
    (b"x" * (16 * 1024 * 1024), "gros.geojson", "trop gros"),
    (b"a,b\n1,2\n", "sans_position.csv", "Aucune colonne de position"),
    (b"{}", "carte.shp", "Format non reconnu"),
    (b'{"type":"FeatureCollection","features":[]}', "rien.geojson", "aucun élément"),
])
def test_what_could_hurt_or_cannot_be_read_is_refused_in_french(data, name, message):
    with pytest.raises(ImportError_) as refused:
        read(data, name)
    assert message in str(refused.value)


def test_a_topojson_and_an_esri_json_named_json_are_each_read_by_their_own_reader():
    topology = {"type": "Topology", "arcs": [], "objects": {"lieux": {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [2.8935, 50.4434], "properties": {"name": "Puits"}}]}}}
    esri = {"geometryType": "esriGeometryPoint", "spatialReference": {"wkid": 4326},
            "fields": [{"name": "name", "type": "esriFieldTypeString"}],
            "features": [{"attributes": {"name": "Puits"}, "geometry": {"x": 2.8935, "y": 50.4434}}]}
    for data in (topology, esri):
        source = read(json.dumps(data).encode(), "mapshaper.json")
        assert titles(source, "name") == ["Puits"] and source.kept[0].shape.equals(shapely.Point(2.8935, 50.4434))


@pytest.mark.parametrize(("data", "name"), [(files.kml(), "jardins.kml"), (files.kmz(), "jardins.kmz"),
                                            (files.tcx(), "sortie.tcx"), (files.georss_rss(), "flux.rss"),
                                            (files.kml(), "jardins.xml")])
def test_an_xml_file_is_parsed_once_by_the_safety_check_and_read_from_that_tree(monkeypatch, data, name):
    import defusedxml.ElementTree
    parse, parsed = defusedxml.ElementTree.fromstring, []

    def counting(*args, **kwargs):
        parsed.append(args[0][:20])
        return parse(*args, **kwargs)

    monkeypatch.setattr(defusedxml.ElementTree, "fromstring", counting)
    assert read(data, name).kept
    assert len(parsed) == 1
