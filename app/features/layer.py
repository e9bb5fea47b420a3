"""The map's data layer: features (or clusters) in a view, with an ETag so unchanged views cost nothing."""
import hashlib

from flask import Response
from flask_babel import gettext as _

from .. import geo
from ..formats import geojson
from ..models import Feature
from ..rendering import json_error, not_modified, revalidated


def layer_response(map_, args, cluster_threshold):
    """GeoJSON for `bbox` and `categories` in `args`; 400 with a French message when they are malformed."""
    try:
        bbox = geo.parse_bbox(args["bbox"]) if args.get("bbox") else None
        category_ids = _parse_ids(args["categories"]) if "categories" in args else None
    except ValueError as error:
        return json_error(error)
    etag = _etag(map_, bbox, category_ids)
    if cached := not_modified(etag):
        return cached
    # A map with fewer features than the threshold never needs the count (numbers are never reused,
    # so the last number bounds how many features there are).
    crowded = (bbox is not None and map_.last_number > cluster_threshold
               and Feature.more_in_view_than(map_, bbox, category_ids, cluster_threshold))
    if crowded:
        texts = [geojson.cluster_feature(*row) for row in Feature.clusters_in_view(map_, bbox, category_ids)]
    else:
        texts = [geojson.layer_feature(*row) for row in Feature.rows_in_view(map_, bbox, category_ids)]
    return revalidated(Response(geojson.collection(texts), mimetype="application/geo+json"), etag)


def _parse_ids(text):
    if not text:
        return []
    try:
        return sorted({int(part) for part in text.split(",")})
    except ValueError:
        raise ValueError(_("Les catégories doivent être des numéros séparés par des virgules.")) from None


def _etag(map_, bbox, category_ids):
    """Changes when the map's content changes (its revision) or the question does."""
    question = repr((bbox, category_ids)).encode()
    return f"{map_.id}-{map_.revision}-{hashlib.blake2s(question, digest_size=8).hexdigest()}"

