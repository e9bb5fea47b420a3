"""The map's data layer: features (or clusters) in a view, with an ETag so unchanged views cost nothing, and the
answer kept gzipped under it so that asking again costs a lookup."""
import hashlib

from flask_babel import gettext as _

from .. import geo
from ..access import PROJECT, access_to
from ..answers import kept_answer
from ..formats import geojson
from ..loaders import id_number
from ..models import Action, Feature
from ..rendering import json_error, not_modified, revalidated


def layer_response(map_, args, cluster_threshold):
    """GeoJSON for `bbox`, `categories` and `action` in `args`; 400 with a French message when they are malformed.

    Never more than `cluster_threshold` features or a fixed grid of clusters, whatever the map's size.
    """
    try:
        bbox = geo.parse_bbox(args["bbox"]) if args.get("bbox") else None
        category_ids = _parse_ids(args["categories"]) if "categories" in args else None
        action_id = _parse_action(args.get("action"))
    except ValueError as error:
        return json_error(error)
    if action_id is not None and not access_to(map_).can(PROJECT):
        return json_error(_("Les actions du projet sont réservées aux membres du collectif."), 403)
    if action_id is not None and Action.get_in_map(map_.id, action_id) is None:
        return json_error(_("Cette action n'existe pas sur cette carte."), 404)
    # Linking items to an action is no revision of the map: the linked ids are part of the question instead.
    only_ids = Action.feature_ids(map_.id, action_id) if action_id is not None else None
    etag = _etag(map_, bbox, category_ids, only_ids)
    if cached := not_modified(etag):
        return cached
    # Anyone who may read the map gets the same answer to the same question (the layer carries no private field):
    # the kept answer is shared. Its key also names the map's creation, since a map's number can come again
    # (tables emptied between tests) but not with the same creation time.
    key = f"layer-{etag}-{cluster_threshold}-{map_.created_at.isoformat()}"
    answer = kept_answer(key, lambda: _layer_text(map_, bbox, category_ids, only_ids, cluster_threshold),
                         "application/geo+json")
    return revalidated(answer, etag)


def _layer_text(map_, bbox, category_ids, only_ids, cluster_threshold):
    # A map with fewer features than the threshold never needs the count (numbers are never reused,
    # so the last number bounds how many features there are).
    crowded = (map_.last_number > cluster_threshold
               and Feature.more_in_view_than(map_, bbox, category_ids, cluster_threshold, only_ids))
    if crowded:
        # No view asked (an action's items, the copy kept offline) is a view of all that is asked: the same
        # fixed grid over its extent, so that no answer grows with the map.
        view = bbox or Feature.extent(map_, category_ids, only_ids)
        texts = [geojson.cluster_feature(*row)
                 for row in Feature.clusters_in_view(map_, view, category_ids, only_ids=only_ids)]
    else:
        texts = Feature.layer_texts_in_view(map_, bbox, category_ids, only_ids)
    return geojson.collection(texts)


def _parse_ids(text):
    if not text:
        return []
    try:
        return sorted({id_number(part.strip()) for part in text.split(",")})
    except ValueError:
        raise ValueError(_("Les catégories doivent être des numéros séparés par des virgules.")) from None


def _parse_action(text):
    if not text:
        return None
    try:
        return id_number(text)
    except ValueError:
        raise ValueError(_("L'action doit être désignée par son numéro.")) from None


def _etag(map_, bbox, category_ids, only_ids):
    """Changes when the map's content changes (its revision) or the question does."""
    question = repr((bbox, category_ids, only_ids)).encode()
    return f"{map_.id}-{map_.revision}-{hashlib.blake2s(question, digest_size=8).hexdigest()}"

