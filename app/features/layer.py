"""The map's data layer: features (or clusters) in a view, with an ETag so unchanged views cost nothing, and the
answer kept gzipped under it so that asking again costs a lookup."""
import hashlib
from typing import NamedTuple

from flask_babel import gettext as _

from .. import geo
from ..access import PROJECT, access_to
from ..answers import kept_answer
from ..formats import geojson
from ..loaders import id_number
from ..models import Action, Feature
from ..rendering import json_error, not_modified, revalidated
from . import clusters


class Question(NamedTuple):
    """What a view asks: all of it names its answer."""
    bbox: tuple | None
    zoom: int | None
    category_ids: list | None
    only_ids: list | None


def layer_response(map_, args, cluster_threshold):
    """GeoJSON for `bbox`, `zoom`, `categories` and `action` in `args`; 400 with a French message when they are
    malformed.

    Never more than `cluster_threshold` features (a few times more from clusters.ITEMS_FROM_ZOOM) or a bounded
    grid of clusters, whatever the map's size.
    """
    try:
        bbox = geo.parse_bbox(args["bbox"]) if args.get("bbox") else None
        zoom = _parse_zoom(args.get("zoom"))
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
    question = Question(bbox, zoom, category_ids, only_ids)
    etag = _etag(map_, question)
    if cached := not_modified(etag):
        return cached
    # Anyone who may read the map gets the same answer to the same question (the layer carries no private field):
    # the kept answer is shared. Its key also names the map's creation, since a map's number can come again
    # (tables emptied between tests) but not with the same creation time.
    key = f"layer-{etag}-{cluster_threshold}-{map_.created_at.isoformat()}"
    answer = kept_answer(key, lambda: _layer_text(map_, question, cluster_threshold), "application/geo+json")
    return revalidated(answer, etag)


def _layer_text(map_, question, cluster_threshold):
    bbox, category_ids, only_ids = question.bbox, question.category_ids, question.only_ids
    zoom = clusters.view_zoom(bbox, question.zoom) if bbox else None
    limit = cluster_threshold if zoom is None else clusters.threshold_at(zoom, cluster_threshold)
    # A map with fewer features than the limit never needs the count (numbers are never reused,
    # so the last number bounds how many features there are).
    crowded = map_.last_number > limit and Feature.more_in_view_than(map_, bbox, category_ids, limit, only_ids)
    if not crowded:
        return geojson.collection(Feature.layer_texts_in_view(map_, bbox, category_ids, only_ids))
    # No view asked (an action's items, the copy kept offline) is a view of all that is asked: the grid over its
    # extent, so that no answer grows with the map.
    if bbox is None:
        bbox = Feature.extent(map_, category_ids, only_ids)
        zoom = clusters.view_zoom(bbox, None)
    return geojson.collection(clusters.cluster_texts(map_, bbox, zoom, category_ids, only_ids))


def _parse_zoom(text):
    if not text:
        return None
    try:
        zoom = int(text)
    except ValueError:
        zoom = -1
    if not 0 <= zoom <= geo.ZOOM_MAX:
        raise ValueError(_("Le niveau de zoom doit être un nombre entier de 0 à %(max)d.", max=geo.ZOOM_MAX))
    return zoom


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


def _etag(map_, question):
    """Changes when the map's content changes (its revision) or the question does."""
    asked = repr(tuple(question)).encode()
    return f"{map_.id}-{map_.revision}-{hashlib.blake2s(asked, digest_size=8).hexdigest()}"

