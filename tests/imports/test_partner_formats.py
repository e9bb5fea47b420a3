"""The formats partners also send: Overpass's OSM JSON, Garmin's TCX, GeoRSS; and what a uMap backup of remote data
is told. Each read from a small file written for the test (`files`)."""
import json

import pytest

from app.imports.reading import ImportError_, read
from tests.imports import files


def by_name(source):
    return {item.fields.get("name") or item.fields.get("osm"): item for item in source.items}


def test_overpass_json_gives_points_lines_and_zones_with_their_tags():
    source = read(files.overpass(), "export.json")
    items = by_name(source)
    kinds = {name: found.shape.geom_type if found.shape is not None else None for name, found in items.items()}
    assert kinds == {"Banc de la place": "Point", "Jardin partagé": "Polygon", "Voyette des écoles": "LineString",
                     "way/12": "LineString", "Square et mare": "Polygon", "Allée des nœuds": "LineString",
                     "Rue sans forme": None}
    bench = items["Banc de la place"]
    assert bench.fields == {"name": "Banc de la place", "description": "Face au soleil", "amenity": "bench",
                            "osm": "node/1"}
    assert (bench.shape.x, bench.shape.y) == files.HARNES
    square = items["Square et mare"].shape
    assert len(square.interiors) == 1 and square.area == pytest.approx(16e-6 - 0.5e-6)
    assert "out geom" in str(items["Rue sans forme"].reason)
    assert {"name", "description", "amenity", "leisure", "osm"} <= set(source.field_names)
    assert any("sans étiquette" in str(notice) and ": 2." in str(notice) for notice in source.notices)


def test_overpass_json_is_read_whatever_its_json_name_and_broken_json_keeps_its_own_message():
    assert len(read(files.overpass(), "export.geojson").kept) == 6
    with pytest.raises(ImportError_, match=r"pas du JSON valide \(ligne 1, colonne 15\)"):
        read(b'{"elements": [}', "export.json")
    with pytest.raises(ImportError_, match="ne contient aucun élément"):
        read(json.dumps({"elements": []}).encode(), "vide.json")


def test_tcx_gives_a_line_per_track_and_a_point_for_a_track_of_one_position():
    source = read(files.tcx(), "sortie.tcx")
    assert [(item.fields, item.shape.geom_type) for item in source.items] == [
        ({"name": "Running 2026-05-12T08:00:00Z", "description": "Marche du 12 mai", "sport": "Running", "tour": "1"},
         "LineString"),
        ({"name": "Running 2026-05-12T08:00:00Z", "description": "Marche du 12 mai", "sport": "Running", "tour": "2"},
         "LineString"),
        ({"name": "Repérage du parc"}, "Point")]
    lon, lat = files.HARNES
    assert list(source.items[0].shape.coords) == [(lon, lat), (lon + 0.001, lat), (lon + 0.002, lat + 0.001)]
    assert any("une seule position" in str(notice) and "1" in str(notice) for notice in source.notices)


def test_georss_gives_an_item_per_entry_in_lon_lat_with_its_text_never_its_markup():
    source = read(files.georss_rss(), "travaux.rss")
    lon, lat = files.HARNES
    kinds = [(found.fields.get("title"), found.shape.geom_type if found.shape is not None else None)
             for found in source.items]
    assert kinds == [("Travaux rue Bollaert", "Point"), ("Déviation", "LineString"), ("Marché", "Polygon"),
                     ("Fête du quartier", "Point"), ("Collecte", "Point"), ("Conseil municipal", None)]
    works = source.items[0]
    assert (works.shape.x, works.shape.y) == (lon, lat)  # GeoRSS says « lat lon »
    assert works.fields["description"] == "Du 3 au 5 juin"
    assert (source.items[3].shape.y, source.items[4].shape.y) == (lat + 0.002, lat + 0.003)
    assert "pas de position" in str(source.items[5].reason)
    walk, = read(files.georss_atom(), "quartier.atom").items
    assert walk.fields == {"title": "Balade", "description": "Départ à 10 h"}
    assert list(walk.shape.coords) == [(lon, lat), (lon, lat + 0.001)]
    assert len(read(files.georss_rss(), "flux.xml").kept) == 5  # what the file is, not its name, says how to read it
    assert len(read(files.tcx(), "sortie.xml").kept) == 3


def test_an_xml_or_rss_file_that_is_none_of_the_formats_is_refused_by_name():
    with pytest.raises(ImportError_, match="ni du KML, ni du GPX, ni du TCX, ni du GeoRSS"):
        read(b"<html><body>Bonjour</body></html>", "page.xml")
    with pytest.raises(ImportError_, match="pas du GeoRSS comme l'annonce son nom"):
        read(files.tcx(), "flux.rss")
    with pytest.raises(ImportError_, match="pas du TCX comme l'annonce son nom"):
        read(files.georss_rss(), "sortie.tcx")


def test_a_umap_backup_of_remote_data_says_so_by_the_layers_name():
    with pytest.raises(ImportError_) as refused:
        read(files.umap_remote_only(), "arrets.umap")
    assert str(refused.value) == ("La couche « Arrêts de bus » de ce fichier uMap charge ses données depuis une "
                                  "adresse distante : Voyette ne les a pas.")
    backup = json.loads(files.umap_current())
    backup["layers"] += json.loads(files.umap_remote_only())["layers"]
    source = read(json.dumps(backup).encode(), "quartier.umap")
    assert len(source.kept) == 1 and any("« Arrêts de bus »" in str(notice) for notice in source.notices)


@pytest.mark.parametrize(("element", "reason"), [
    ({"type": "node", "id": [1], "lat": "nan", "lon": 2, "tags": {"name": "x"}}, "coordonnées illisibles"),
    ({"type": "way", "id": {}, "nodes": [[1], {}], "tags": {"name": "x"}}, "out geom"),
    ({"type": "way", "id": 2, "geometry": [{"lat": "inf", "lon": 1}, {"lat": 1, "lon": 1}], "tags": {"name": "x"}},
     "coordonnées illisibles"),
    ({"type": "relation", "id": 3, "members": 5, "tags": {"type": "multipolygon", "name": "x"}}, "out geom"),
    ({"type": "relation", "id": 4, "tags": {"type": "multipolygon", "name": "x"}, "members": [
        {"type": "way", "geometry": [{"lat": 0, "lon": 0}, {"lat": 1, "lon": 1}]}]}, "ne ferment aucun contour"),
    ({"type": "area", "id": 5, "tags": {"name": "x"}}, "type inconnu"),
])
def test_an_overpass_element_that_cannot_be_placed_is_left_out_with_its_reason(element, reason):
    found, = read(json.dumps({"elements": [element, "x", None]}).encode(), "export.json").items
    assert found.shape is None and reason in str(found.reason)


@pytest.mark.parametrize("place", ["<georss:point>50</georss:point>", "<georss:line>50 2</georss:line>",
                                   "<georss:polygon>50 2 51 2</georss:polygon>",
                                   "<geo:lat>nan</geo:lat><geo:long>2</geo:long>",
                                   '<georss:where><gml:Point><gml:pos srsDimension="0">50 2</gml:pos></gml:Point>'
                                   "</georss:where>", "<georss:where><gml:Polygon/></georss:where>"])
def test_a_georss_entry_whose_place_is_unreadable_is_left_out(place):
    data = ('<rss xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml" '
            f'xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><channel><item><title>x</title>{place}</item>'
            "</channel></rss>").encode()
    found, = read(data, "flux.rss").items
    assert found.shape is None and "coordonnées illisibles" in str(found.reason)


def test_a_json_file_that_is_none_of_the_formats_is_refused_by_name():
    for data in (b'{"nom": "Jardin"}', b"[1, 2, 3]", b'{"elements": {}}'):
        with pytest.raises(ImportError_, match="ni du GeoJSON, ni du TopoJSON, ni de l'Esri JSON, ni un export OSM"):
            read(data, "donnees.json")


def test_an_overpass_export_without_out_geom_is_placed_from_the_nodes_and_ways_it_holds():
    """`out; >;` writes ways as node references and relations as way references, then the nodes themselves."""
    lon, lat = files.HARNES
    nodes = [{"type": "node", "id": index, "lat": lat + dy, "lon": lon + dx}
             for index, (dx, dy) in enumerate([(0, 0), (0.001, 0), (0.001, 0.001), (0, 0.001)], start=1)]
    elements = [{"type": "relation", "id": 9, "tags": {"type": "route", "name": "Boucle"}, "members": [
                    {"type": "way", "ref": 7, "role": ""}, {"type": "way", "ref": 8, "role": ""}]},
                {"type": "way", "id": 7, "nodes": [1, 2, 3]}, {"type": "way", "id": 8, "nodes": [3, 4]},
                {"type": "way", "id": 6, "nodes": [1, 2, 3, 4, 1], "tags": {"building": "yes", "name": "Salle"}},
                *nodes]
    source = read(json.dumps({"elements": elements}).encode(), "export.json")
    shapes = {found.fields.get("name") or found.fields["osm"]: found.shape.geom_type for found in source.items}
    assert shapes == {"Boucle": "MultiLineString", "Salle": "Polygon"}  # its untagged ways are the route's parts
    assert any("sans étiquette" in str(notice) and ": 6." in str(notice) for notice in source.notices)


def test_openstreetmap_xml_gives_points_lines_and_zones_with_their_tags():
    source = read(files.osm_xml(), "quartier.osm")
    items = by_name(source)
    kinds = {name: found.shape.geom_type if found.shape is not None else None for name, found in items.items()}
    assert kinds == {"Banc de la place": "Point", "Jardin partagé": "Polygon", "Voyette des écoles": "LineString",
                     "Square et mare": "Polygon", "Rue hors de l'export": None}
    bench = items["Banc de la place"]
    assert bench.fields == {"name": "Banc de la place", "description": "Face au soleil & au vent", "amenity": "bench",
                            "osm": "node/1"}
    assert (bench.shape.x, bench.shape.y) == files.HARNES
    square = items["Square et mare"].shape
    assert len(square.interiors) == 1 and square.area == pytest.approx(4e-6 - 0.25e-6)
    assert items["Square et mare"].fields["osm"] == "relation/8"
    assert "out geom" not in str(items["Rue hors de l'export"].reason)  # an XML export has no `out geom` to ask
    assert any("sans étiquette" in str(notice) for notice in source.notices)


def test_openstreetmap_xml_is_told_by_its_root_and_refused_when_it_is_not_what_its_name_says():
    assert len(read(files.osm_xml(), "quartier.xml").kept) == 4
    with pytest.raises(ImportError_, match="n'est pas du OpenStreetMap"):
        read(files.kml(), "quartier.osm")
    with pytest.raises(ImportError_, match="ne contient aucun élément"):
        read(b'<?xml version="1.0"?><osm version="0.6"><bounds minlat="1" minlon="1" maxlat="2" maxlon="2"/></osm>',
             "vide.osm")
