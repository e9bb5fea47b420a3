"""Small files of each format, written for these tests, with the edge cases partners' files have."""
import io
import json
import zipfile

HARNES = (2.8935, 50.4434)


def geojson_lambert93():
    """A FeatureCollection in Lambert-93 (its `crs` says so), as a town's GIS officer exports it."""
    return json.dumps({"type": "FeatureCollection",
                       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
                       "features": [
                           {"type": "Feature", "properties": {"nom": "Poirier", "remarque": "Très vieux"},
                            "geometry": {"type": "Point", "coordinates": [690370.0, 7042000.0]}},
                           {"type": "Feature", "properties": {"nom": "Jardin du 12"},
                            "geometry": {"type": "Polygon", "coordinates": [[[690300, 7041950], [690340, 7041950],
                                                                             [690340, 7041990], [690300, 7041990],
                                                                             [690300, 7041950]]]}},
                       ]}).encode()


def geojson_with_bad_items():
    """3D points (kept, made 2D), an empty geometry, a zone whose edges cross, a feature without geometry."""
    lon, lat = HARNES
    bowtie = [[[lon, lat], [lon + 0.001, lat + 0.001], [lon + 0.001, lat], [lon, lat + 0.001], [lon, lat]]]
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Puits"},
         "geometry": {"type": "Point", "coordinates": [lon, lat, 31.5]}},
        {"type": "Feature", "properties": {"name": "Vide"}, "geometry": {"type": "LineString", "coordinates": []}},
        {"type": "Feature", "properties": {"name": "Nœud papillon"},
         "geometry": {"type": "Polygon", "coordinates": bowtie}},
        {"type": "Feature", "properties": {"name": "Sans forme"}, "geometry": None},
    ]}, ensure_ascii=False).encode("utf-8")


def kml():
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Style id="vert"><IconStyle><color>ff00aa00</color></IconStyle></Style>
<Folder><name>Arbres</name>
<Placemark><name>Cerisier</name><description>Cerises en juin</description><styleUrl>#vert</styleUrl>
<ExtendedData><Data name="espece"><value>Prunus avium</value></Data></ExtendedData>
<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>
</Folder>
<Folder><name>Chemins</name>
<Placemark><name>Voyette des écoles</name>
<LineString><coordinates>{lon},{lat} {lon + 0.001},{lat + 0.0005}</coordinates></LineString></Placemark>
</Folder></Document></kml>""".encode()


def kml_with_entities():
    """The « billion laughs »: entities that expand to gigabytes."""
    return b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&c;</name>
<Point><coordinates>2.89,50.44</coordinates></Point></Placemark></Document></kml>"""


def kmz(content=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", content if content is not None else kml())
    return out.getvalue()


def zip_bomb():
    """A KMZ of a few kilobytes that unzips to 60 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def gpx():
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="{lat}" lon="{lon}"><ele>32</ele><name>Composteur</name><desc>Bac de 600 L</desc></wpt>
<trk><name>Marche du 12 mai</name><trkseg>
<trkpt lat="{lat}" lon="{lon}"><ele>31</ele></trkpt>
<trkpt lat="{lat + 0.0005}" lon="{lon + 0.0007}"><ele>32</ele></trkpt>
<trkpt lat="{lat + 0.001}" lon="{lon + 0.0009}"><ele>33</ele></trkpt></trkseg></trk>
</gpx>""".encode()


def gpx_with_broken_tracks():
    """As phones write them: a track with an empty segment, and a track of a single point."""
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Avec un trou</name><trkseg></trkseg><trkseg>
<trkpt lat="{lat}" lon="{lon}"/><trkpt lat="{lat + 0.001}" lon="{lon + 0.001}"/></trkseg></trk>
<trk><name>Un seul point</name><trkseg><trkpt lat="{lat}" lon="{lon}"/></trkseg></trk>
</gpx>""".encode()


def csv_french():
    """As a French spreadsheet saves it: `;`, decimal commas, a byte-order mark, columns named its own way."""
    return ("\ufeffNom;Latitude;Longitude;Catégorie\r\n"
            "Pommier du 5;50,4434;2,8935;Culture du potager\r\n"
            "Banc;50,4436;2,8940;\r\n"
            "Sans position;;;\r\n").encode("utf-8")


def csv_lambert93():
    return b"nom,X,Y\nPoirier,690370.5,7042000.2\n"


def csv_wkt():
    lon, lat = HARNES
    return (f'titre,WKT\n"Haie","LINESTRING ({lon} {lat}, {lon + 0.001} {lat})"\n'
            f'"Potager","POLYGON (({lon} {lat}, {lon + 0.0003} {lat}, '
            f'{lon + 0.0003} {lat + 0.0002}, {lon} {lat}))"\n').encode()


def cadastre():
    """Three parcels in the Etalab format (`cadastre-<INSEE>-parcelles.json`), one with a hole."""
    lon, lat = HARNES
    def square(x, y, size=0.0004):
        return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    features = []
    for index, (x, y) in enumerate([(lon, lat), (lon + 0.0004, lat), (lon, lat + 0.0004)], start=1):
        rings = [square(x, y)] + ([square(x + 0.0001, y + 0.0001, 0.0001)] if index == 3 else [])
        features.append({"type": "Feature", "id": f"62413000AB{index:04d}",
                         "geometry": {"type": "Polygon", "coordinates": rings},
                         "properties": {"id": f"62413000AB{index:04d}", "commune": "62413", "prefixe": "000",
                                        "section": "AB", "numero": str(index), "contenance": 1200 + index,
                                        "arpente": False, "created": "2005-01-01", "updated": "2024-01-01"}})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def geopackage_with_tables(folder):
    """As QGIS saves a project's data: a layer of points, its style table and an attribute table (no geometry
    column), and a layer of a 3D type GDAL cannot read (a TIN)."""
    import sqlite3

    import numpy
    import pyogrio.raw
    import shapely
    path = folder / "projet.gpkg"
    lon, lat = HARNES
    def layer(name, titles, append=True):
        shapes = shapely.to_wkb([shapely.Point(lon + i * 0.001, lat) for i in range(len(titles))])
        pyogrio.raw.write(str(path), shapes, [numpy.array(titles, dtype=object)], ["nom"], layer=name, driver="GPKG",
                          geometry_type="Point", crs="EPSG:4326", append=append)
    layer("arbres", ["Cerisier", "Noyer"], append=False)
    layer("relief", ["Talus"])
    layer("bancs", ["Banc"])
    connection = sqlite3.connect(path)
    for (trigger,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f'DROP TRIGGER "{trigger}"')  # they call SpatiaLite's functions, which sqlite3 lacks
    connection.execute("UPDATE gpkg_geometry_columns SET geometry_type_name = 'TIN', z = 1 WHERE table_name = 'relief'")
    connection.execute("CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_name TEXT, "
                       "styleName TEXT, styleQML TEXT, useAsDefault BOOLEAN)")
    connection.execute("INSERT INTO layer_styles (f_table_name, styleName, styleQML, useAsDefault) "
                       "VALUES ('arbres', 'défaut', '<qgis/>', 1)")
    connection.execute("CREATE TABLE entretiens (id INTEGER PRIMARY KEY AUTOINCREMENT, arbre TEXT, date TEXT)")
    connection.execute("INSERT INTO entretiens (arbre, date) VALUES ('Cerisier', '2024-03-01')")
    for table in ("layer_styles", "entretiens"):
        connection.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?, 'attributes', ?)",
                           (table, table))
    connection.commit()
    connection.close()
    return path.read_bytes()


def gpx_with_a_pause():
    """As a GPS app writes a walk it paused: a segment of a single point between two others; and a track that
    recorded a single position."""
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Tour du terril</name>
<trkseg><trkpt lat="{lat}" lon="{lon}"/><trkpt lat="{lat + 0.001}" lon="{lon + 0.001}"/></trkseg>
<trkseg><trkpt lat="{lat + 0.0012}" lon="{lon + 0.0012}"/></trkseg>
<trkseg><trkpt lat="{lat + 0.002}" lon="{lon + 0.002}"/><trkpt lat="{lat + 0.003}" lon="{lon + 0.002}"/></trkseg>
</trk>
<trk><name>Départ seul</name><trkseg><trkpt lat="{lat}" lon="{lon}"/></trkseg></trk>
</gpx>""".encode()


def csv_named(lat_name, lon_name, separator=";"):
    """A CSV whose position columns are named as another tool names them."""
    return f"nom{separator}{lat_name}{separator}{lon_name}\nPuits{separator}50.4434{separator}2.8935\n".encode()


def csv_one_position_column(name, cell):
    """A CSV whose position is one column « lat,lon » (La Poste's, Opendatasoft's `geo_point_2d`)."""
    return f'nom;{name}\nBureau de poste;"{cell}"\n'.encode()


def geojson_with_an_open_ring():
    lon, lat = HARNES
    ring = [[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001], [lon, lat + 0.001]]
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Ouvert"}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
    ]}).encode()


BROKEN_JSON = b'{"type": "FeatureCollection",\n "features": [\n    {"type": "Feature" "properties": {}}]}'


def kml_as_tools_write_it():
    """A placemark directly under `<kml>` beside a Document, one of a MultiGeometry mixing a point and a line, a
    gx:Track, and one in a folder."""
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Placemark><name>Hors document</name><Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>
<Document><name>Carte</name>
<Placemark><name>Arrêt et trajet</name><description><![CDATA[Ligne <b>12</b>]]></description>
<ExtendedData><Data name="ligne"><value>12</value></Data></ExtendedData>
<MultiGeometry><Point><coordinates>{lon},{lat},0</coordinates></Point>
<LineString><coordinates>{lon},{lat} {lon + 0.001},{lat}</coordinates></LineString></MultiGeometry></Placemark>
<Placemark><name>Marche</name><gx:Track><when>2024-05-12T10:00:00Z</when><when>2024-05-12T10:01:00Z</when>
<gx:coord>{lon} {lat} 30</gx:coord><gx:coord>{lon + 0.001} {lat + 0.001} 31</gx:coord></gx:Track></Placemark>
<Folder><name>Arbres</name>
<Placemark><name>Tilleul</name><Point><coordinates>{lon},{lat + 0.001}</coordinates></Point></Placemark>
</Folder></Document></kml>""".encode()


def geojson_with_a_collection():
    """A feature whose geometry is a GeometryCollection of two points and a line, as uMap and QGIS write them."""
    lon, lat = HARNES
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Jardin et allée"}, "geometry": {"type": "GeometryCollection",
         "geometries": [{"type": "Point", "coordinates": [lon, lat]},
                        {"type": "LineString", "coordinates": [[lon, lat], [lon + 0.001, lat]]},
                        {"type": "Point", "coordinates": [lon + 0.001, lat]}]}},
    ]}).encode()


def umap_current():
    """A backup as current uMap writes it: each layer's options in its `properties`."""
    lon, lat = HARNES
    return json.dumps({"type": "umap", "uri": "", "properties": {"name": "Quartier"},
                       "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "layers": [{"type": "FeatureCollection", "properties": {"name": "Bancs", "color": "#aa3300"},
                                   "features": [{"type": "Feature", "properties": {"name": "Banc du parc"},
                                                 "geometry": {"type": "Point", "coordinates": [lon, lat]}}]}]}).encode()


def umap_layers_not_in_the_legend():
    """A current uMap backup of three layers the « Carte sensible » legend does not have, each in its colour as uMap
    writes it: a hex, a CSS name, and (in an older backup's `_umap_options`) none at all."""
    lon, lat = HARNES

    def layer(options, key, *names):
        return {"type": "FeatureCollection", key: options,
                "features": [{"type": "Feature", "properties": {"name": name},
                              "geometry": {"type": "Point", "coordinates": [lon + index / 1000, lat]}}
                             for index, name in enumerate(names)]}

    return json.dumps({"type": "umap", "uri": "", "properties": {"name": "Quartier"}, "layers": [
        layer({"name": "Bancs", "color": "#AA3300"}, "properties", "Banc du parc", "Banc de l'école"),
        layer({"name": "Arbres fruitiers", "color": "DarkGreen"}, "properties", "Pommier"),
        layer({"name": "Boîtes à livres"}, "_umap_options", "Boîte de la place"),
    ]}).encode()


def osm_xml():
    """OpenStreetMap XML as openstreetmap.org's « Exporter » and JOSM write it (`.osm`): the bounds, the nodes first
    (one tagged: a bench), then the ways by node references (a garden, closed, an area; a footpath), then a
    multipolygon relation (a square with a pond, its outer ring two ways) and a way whose nodes the file lacks."""
    lon, lat = HARNES
    d = 0.001
    corners = {10: (0, 0), 11: (2 * d, 0), 12: (2 * d, 2 * d), 13: (0, 2 * d),  # the square
               20: (d / 2, d / 2), 21: (d, d / 2), 22: (d, d), 23: (d / 2, d),  # its pond
               30: (3 * d, 0), 31: (4 * d, 0), 32: (4 * d, d), 33: (3 * d, d)}  # the garden

    def node(ref, dx, dy):
        return f'  <node id="{ref}" version="3" lat="{lat + dy:.7f}" lon="{lon + dx:.7f}"/>'

    def way(ref, refs, **tags):
        nds = "".join(f'<nd ref="{n}"/>' for n in refs)
        return f'  <way id="{ref}" version="1">{nds}{"".join(tag(k, v) for k, v in tags.items())}</way>'

    def tag(key, value):
        return f'<tag k="{key}" v="{value}"/>'

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<osm version="0.6" generator="openstreetmap-cgimap 2.0.1" copyright="OpenStreetMap and contributors">',
             f'  <bounds minlat="{lat}" minlon="{lon}" maxlat="{lat + 0.01}" maxlon="{lon + 0.01}"/>',
             f'  <node id="1" lat="{lat}" lon="{lon}">{tag("amenity", "bench")}{tag("name", "Banc de la place")}'
             f'{tag("description", "Face au soleil &amp; au vent")}</node>',
             *(node(ref, dx, dy) for ref, (dx, dy) in corners.items()),
             way(3, [30, 31, 32, 33, 30], leisure="garden", name="Jardin partagé"),
             way(4, [10, 30, 31], highway="footway", name="Voyette des écoles"),
             way(5, [10, 11, 12]), way(6, [12, 13, 10]), way(7, [20, 21, 22, 23, 20]),
             '  <relation id="8"><member type="way" ref="5" role="outer"/><member type="way" ref="6" role="outer"/>'
             '<member type="way" ref="7" role="inner"/>'
             f'{tag("type", "multipolygon")}{tag("leisure", "park")}{tag("name", "Square et mare")}</relation>',
             way(9, [10, 99], highway="residential", name="Rue hors de l'export"),
             '</osm>']
    return "\n".join(lines).encode()


def overpass():
    """Overpass JSON (`[out:json]; (...); out geom;`): a tagged node, an untagged one, a garden (a closed way), a
    footpath (an open way), a roundabout (closed but a line), a square with a pond (a multipolygon whose outer ring is
    two ways), a way given by node references the file holds, and a way of which the file gives no shape."""
    lon, lat = HARNES
    d = 0.001

    def geometry(*offsets):
        return [{"lat": lat + dy, "lon": lon + dx} for dx, dy in offsets]

    square = [(0, 0), (2 * d, 0), (2 * d, 2 * d), (0, 2 * d), (0, 0)]
    return json.dumps({"version": 0.6, "generator": "Overpass API 0.7.62", "osm3s": {"copyright": "ODbL"}, "elements": [
        {"type": "node", "id": 1, "lat": lat, "lon": lon,
         "tags": {"amenity": "bench", "name": "Banc de la place", "description": "Face au soleil"}},
        {"type": "node", "id": 2, "lat": lat + d, "lon": lon},
        {"type": "node", "id": 3, "lat": lat + d, "lon": lon + d},
        {"type": "way", "id": 10, "nodes": [4, 5, 6, 7, 4], "tags": {"leisure": "garden", "name": "Jardin partagé"},
         "geometry": geometry(*square)},
        {"type": "way", "id": 11, "nodes": [4, 5], "tags": {"highway": "footway", "name": "Voyette des écoles"},
         "geometry": geometry((0, 0), (d, d))},
        {"type": "way", "id": 12, "nodes": [4, 5, 6, 4], "tags": {"highway": "primary", "junction": "roundabout"},
         "geometry": geometry((0, 0), (d, 0), (d, d), (0, 0))},
        {"type": "relation", "id": 20, "tags": {"type": "multipolygon", "name": "Square et mare"}, "members": [
            {"type": "way", "ref": 30, "role": "outer", "geometry": geometry((0, 0), (4 * d, 0), (4 * d, 4 * d))},
            {"type": "way", "ref": 31, "role": "outer", "geometry": geometry((4 * d, 4 * d), (0, 4 * d), (0, 0))},
            {"type": "way", "ref": 32, "role": "inner", "geometry": geometry((d, d), (2 * d, d), (2 * d, 2 * d),
                                                                               (d, d))}]},
        {"type": "way", "id": 13, "nodes": [2, 3], "tags": {"name": "Allée des nœuds"}},
        {"type": "way", "id": 14, "nodes": [8, 9], "tags": {"name": "Rue sans forme"}},
    ]}, ensure_ascii=False).encode()


def tcx():
    """A Garmin activity: two laps (a track each, one position without a Position, as an indoor pause writes), and a
    course whose track has a single position."""
    lon, lat = HARNES

    def point(dx, dy):
        return (f"<Trackpoint><Time>2026-05-12T08:00:00Z</Time><Position><LatitudeDegrees>{lat + dy}</LatitudeDegrees>"
                f"<LongitudeDegrees>{lon + dx}</LongitudeDegrees></Position><AltitudeMeters>31</AltitudeMeters>"
                "</Trackpoint>")

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>2026-05-12T08:00:00Z</Id>
<Lap StartTime="2026-05-12T08:00:00Z"><Track>{point(0, 0)}<Trackpoint><Time>2026-05-12T08:01:00Z</Time></Trackpoint>
{point(0.001, 0)}{point(0.002, 0.001)}</Track></Lap>
<Lap StartTime="2026-05-12T08:10:00Z"><Track>{point(0.002, 0.001)}{point(0.003, 0.002)}</Track></Lap>
<Notes>Marche du 12 mai</Notes></Activity></Activities>
<Courses><Course><Name>Repérage du parc</Name><Track>{point(0.004, 0.004)}</Track></Course></Courses>
</TrainingCenterDatabase>""".encode()


def georss_rss():
    """RSS 2.0 with GeoRSS Simple (lat before lon): a point, a line, a zone, a GML point in georss:where, a W3C
    geo:lat/geo:long, and an item without a position; descriptions in HTML."""
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml"
     xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><channel><title>Mairie de Harnes</title>
<item><title>Travaux rue Bollaert</title><description>&lt;p&gt;Du &lt;b&gt;3 au 5&lt;/b&gt; juin&lt;/p&gt;</description>
<georss:point>{lat} {lon}</georss:point></item>
<item><title>Déviation</title><georss:line>{lat} {lon} {lat + 0.001} {lon + 0.001}</georss:line></item>
<item><title>Marché</title>
<georss:polygon>{lat} {lon} {lat} {lon + 0.001} {lat + 0.001} {lon + 0.001} {lat} {lon}</georss:polygon></item>
<item><title>Fête du quartier</title>
<georss:where><gml:Point><gml:pos>{lat + 0.002} {lon}</gml:pos></gml:Point></georss:where></item>
<item><title>Collecte</title><geo:lat>{lat + 0.003}</geo:lat><geo:long>{lon}</geo:long></item>
<item><title>Conseil municipal</title><description>En mairie</description></item>
</channel></rss>""".encode()


def georss_atom():
    """Atom with GeoRSS: an entry's summary in HTML, and a GML line in georss:where."""
    lon, lat = HARNES
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss"
      xmlns:gml="http://www.opengis.net/gml"><title>Quartier</title>
<entry><title>Balade</title><summary type="html">&lt;i&gt;Départ&lt;/i&gt; à 10 h</summary>
<georss:where><gml:LineString><gml:posList>{lat} {lon} {lat + 0.001} {lon}</gml:posList></gml:LineString></georss:where>
</entry></feed>""".encode()


def umap_remote_only():
    """A uMap backup whose only layer loads its data from a distant address (uMap's « données distantes »)."""
    lon, lat = HARNES
    return json.dumps({"type": "umap", "uri": "", "properties": {"name": "Quartier"},
                       "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "layers": [{"type": "FeatureCollection", "features": [],
                                   "_umap_options": {"name": "Arrêts de bus", "remoteData": {
                                       "url": "https://example.org/arrets.geojson", "format": "geojson"}}}]}).encode()
