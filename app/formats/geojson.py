"""GeoJSON (RFC 7946) as the map layer reads it, assembled as text around the database's own geometry output."""
import json


def layer_feature(feature_id, geometry_text, number, title, category_id, label_lon, label_lat, kind):
    """One feature; `geometry_text` is already GeoJSON, so it is inserted, not re-encoded.

    Lines and zones carry `label`, where the map draws their number; a point's number sits on the point.
    """
    label = "" if kind == "point" else ',"label":[%.7f,%.7f]' % (label_lon, label_lat)
    return ('{"type":"Feature","id":%d,"geometry":%s,"properties":{"number":%d,"title":%s,"category":%d%s}}'
            % (feature_id, geometry_text, number, json.dumps(title, ensure_ascii=False), category_id, label))


def cluster_feature(lon, lat, count):
    """A point standing for `count` features too close together to draw one by one at this zoom."""
    return ('{"type":"Feature","geometry":{"type":"Point","coordinates":[%.7f,%.7f]},"properties":{"cluster":%d}}'
            % (lon, lat, count))


def collection(feature_texts):
    """A FeatureCollection from feature texts."""
    return '{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}"
