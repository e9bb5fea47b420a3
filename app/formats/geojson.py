"""GeoJSON (RFC 7946) as the map reads it: the one producer of a feature's GeoJSON text, for the layer, the panel,
the change feed, a walk's report and the cadastre, assembled as text around geometry that is already GeoJSON
(`geo.shape_to_geojson`). An item's text is made once per change and kept with it (`layer_text`); a layer joins
kept texts. And GeoJSON as a file: `read` (also TopoJSON and Esri JSON, each a `.json` too) and `write` (an
export)."""
import json

import numpy
import shapely
from sqlalchemy import String, cast, func, literal
from sqlalchemy.dialects.postgresql import aggregate_order_by

from .. import geo
from ..database import is_spatialite
from ..extensions import db
from ..i18n import lazy_gettext as _l
from . import gdal
from .items import ImportError_, json_of, transformer
from .writing import rounded

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def feature(geometry_text, properties, feature_id=None):
    """One Feature: `geometry_text` is inserted, not decoded and encoded again; `properties` (a dict) is encoded."""
    return _feature(geometry_text, _encode(properties), feature_id)


_LAYER_FEATURE_START = '{"type":"Feature","id":'


def layer_feature(feature_id, kept_text):
    """An item of the map, as the layer, the panel and the change feed draw it: its id, then the text that
    `layer_text` made for it and the item keeps (`Feature.layer_geojson`)."""
    return f"{_LAYER_FEATURE_START}{feature_id:d},{kept_text}"


def layer_features_sql(id_column, kept_column, order_column):
    """`layer_feature` as the database writes it, for rows that keep their text: the features of a layer, joined by
    commas in one aggregate (string_agg, group_concat), so that no row is built in Python, in the order of
    `order_column` (the same rows give the same text). SQLite before 3.44 has no ORDER BY in an aggregate: it
    joins them in the order its rows come, which the caller gives (a subquery with its ORDER BY)."""
    feature = literal(_LAYER_FEATURE_START) + cast(id_column, String) + literal(",") + kept_column
    if is_spatialite(db.engine):
        return func.group_concat(feature, ",")
    return func.string_agg(feature, aggregate_order_by(literal(","), order_column))


def layer_text(shape, number, title, category_id, label_lon, label_lat, kind, geometry=None):
    """What an item's layer feature says after its id, `"geometry":…,"properties":…}`: kept with the item by every
    write (its id is not known before its row is inserted), so that a layer is a concatenation of kept texts.

    Positions are rounded to geo.GEOJSON_DECIMALS (about 1 cm). Lines and zones carry `label`, where the map draws
    their number; a point's number sits on the point. `geometry`: the shape's text from `layer_geometries`, made
    for thousands of shapes at once.
    """
    geometry = layer_geometries([shape])[0] if geometry is None else geometry
    label = "" if kind == "point" else f',"label":[{label_lon:.7f},{label_lat:.7f}]'
    properties = f'{{"number":{number:d},"title":{_encode(title)},"category":{category_id:d}{label}}}'
    return f'"geometry":{geometry},"properties":{properties}}}'


def layer_geometries(shapes):
    """The shapes' geometries as `layer_text` writes them, rounded and encoded in one call each for all of them."""
    rounded = shapely.transform(numpy.asarray(shapes, dtype=object),
                                lambda positions: positions.round(geo.GEOJSON_DECIMALS))
    return geo.shape_to_geojson(rounded).tolist()


def proposal_feature(proposal_id, geometry, properties):
    """A resident's proposal (its geometry and properties as dicts), named so that no item's id is taken for it."""
    return f'{{"type":"Feature","id":"proposal-{proposal_id:d}","geometry":{_encode(geometry)},' \
           f'"properties":{_encode(properties)}}}'


def cluster_feature(lon, lat, count, radius):
    """A point standing for `count` features too close together to draw one by one at this zoom, and the radius
    (pixels) the map draws it with."""
    return _feature(f'{{"type":"Point","coordinates":[{lon:.7f},{lat:.7f}]}}',
                    f'{{"cluster":{count:d},"radius":{radius:g}}}')


COLLECTION_START, COLLECTION_END = '{"type":"FeatureCollection","features":[', "]}"


def collection(feature_texts):
    """A FeatureCollection from feature texts (its start, the texts joined by commas, its end)."""
    return COLLECTION_START + ",".join(feature_texts) + COLLECTION_END


def _feature(geometry_text, properties_text, feature_id=None):
    """The Feature's envelope around its geometry and properties, both already text."""
    identity = "" if feature_id is None else f'"id":{feature_id:d},'
    return f'{{"type":"Feature",{identity}"geometry":{geometry_text},"properties":{properties_text}}}'


CRS_TYPES = ("name", "EPSG")  # a `crs` of type « link » or « url » would make GDAL fetch it


def read(data, parsed=None):
    """The items of a GeoJSON, TopoJSON or Esri JSON file (`parsed`: its JSON, when the caller parsed it already),
    read by GDAL's driver of the one its content is."""
    parsed = json_of(data) if parsed is None else parsed
    _check_declared_crs(parsed)
    return gdal.read(data, "geojson", (_json_driver(parsed),), refused=ImportError_(_l(
        "Ce fichier JSON n'est ni du GeoJSON, ni du TopoJSON, ni de l'Esri JSON, ni un export OSM d'Overpass, ni "
        "une sauvegarde uMap : il n'est pas importé.")))


def write(heading, records):
    """RFC 7946: a FeatureCollection in lon/lat, without `crs`; the item's number is its id."""
    features = [{"type": "Feature", "id": record.number, "geometry": rounded(geo.shape_to_dict(record.shape)),
                 "properties": record.fields} for record in records]
    return json.dumps({"type": "FeatureCollection", "name": heading.name, "features": features},
                      ensure_ascii=False).encode()


def _json_driver(parsed):
    """TopoJSON (mapshaper's) and Esri's JSON are `.json` files too, each with its own reader."""
    if isinstance(parsed, dict) and parsed.get("type") == "Topology":
        return "TopoJSON"
    if isinstance(parsed, dict) and "features" in parsed and (
            "geometryType" in parsed or "spatialReference" in parsed):
        return "ESRIJSON"
    return "GeoJSON"


def _check_declared_crs(parsed):
    """GDAL reads a GeoJSON whose `crs` it does not know as if it were lon/lat, and fetches one given as a link:
    refuse both instead."""
    declared = parsed.get("crs") if isinstance(parsed, dict) else None
    if not isinstance(declared, dict):
        return
    if declared.get("type") not in CRS_TYPES:
        raise ImportError_(_l("Système de coordonnées donné par un lien ou d'une façon inconnue : exportez le fichier "
                              "en WGS 84 (EPSG:4326) ou en Lambert-93 (EPSG:2154)."))
    name = (declared.get("properties") or {}).get("name") if isinstance(declared.get("properties"), dict) else None
    if name:
        transformer(name)
