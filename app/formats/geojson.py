"""GeoJSON (RFC 7946) as the map reads it: the one producer of a feature's GeoJSON text, for the layer, the panel,
the change feed, a walk's report and the cadastre, assembled as text around geometry that is already GeoJSON (the
database's own `ST_AsGeoJSON`, or `geo.shape_to_geojson`)."""
import json

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def feature(geometry_text, properties, feature_id=None):
    """One Feature: `geometry_text` is inserted, not decoded and encoded again; `properties` is encoded here."""
    identity = "" if feature_id is None else f'"id":{feature_id:d},'
    return f'{{"type":"Feature",{identity}"geometry":{geometry_text},"properties":{_encode(properties)}}}'


def layer_feature(feature_id, geometry_text, number, title, category_id, label_lon, label_lat, kind):
    """An item of the map, as the layer draws it (the fields of `Feature.rows_in_view`, in their order).

    Lines and zones carry `label`, where the map draws their number; a point's number sits on the point.
    """
    properties = {"number": number, "title": title, "category": category_id}
    if kind != "point":
        properties["label"] = [round(label_lon, 7), round(label_lat, 7)]
    return feature(geometry_text, properties, feature_id)


def cluster_feature(lon, lat, count):
    """A point standing for `count` features too close together to draw one by one at this zoom."""
    return feature(f'{{"type":"Point","coordinates":[{lon:.7f},{lat:.7f}]}}', {"cluster": count})


def collection(feature_texts):
    """A FeatureCollection from feature texts."""
    return '{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}"
