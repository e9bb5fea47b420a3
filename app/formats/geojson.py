"""GeoJSON (RFC 7946) as the map layer reads it, assembled as text around the database's own geometry output."""
import json


def layer_feature(feature_id, geometry_text, number, title, category_id, label_lon, label_lat, kind):
    """One feature; `geometry_text` is already GeoJSON, so it is inserted, not re-encoded.

    Lines and zones carry `label`, where the map draws their number; a point's number sits on the point.
    """
    label = "" if kind == "point" else f',"label":[{label_lon:.7f},{label_lat:.7f}]'
    title = json.dumps(title, ensure_ascii=False)
    return (f'{{"type":"Feature","id":{feature_id:d},"geometry":{geometry_text},'
            f'"properties":{{"number":{number:d},"title":{title},"category":{category_id:d}{label}}}}}')


def cluster_feature(lon, lat, count):
    """A point standing for `count` features too close together to draw one by one at this zoom."""
    return (f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon:.7f},{lat:.7f}]}},'
            f'"properties":{{"cluster":{count:d}}}}}')


def collection(feature_texts):
    """A FeatureCollection from feature texts."""
    return '{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}"
