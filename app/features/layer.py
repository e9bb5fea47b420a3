"""The map's data layer: features (or clusters) in a view, with an ETag so unchanged views cost nothing, and the
answer kept gzipped so that asking again costs a lookup.

A view's items are kept by blocks of numbers (`LAYER_BLOCK_ITEMS`), each block gzipped on its own (answers.Piece):
after a change, the next read asks the database for the blocks the revisions since touched and gzips those alone,
since an item's number never changes. The first read after an edit of a 10,000-item map then joins and gzips a few
hundred items, not 10,000.
"""
import hashlib
from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _

from .. import geo
from ..access import PROJECT, access_to
from ..answers import answers, gzip_parts, gzipped_response, piece
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
        category_ids = parse_ids(args["categories"]) if "categories" in args else None
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
    # (tables emptied between tests) but not with the same creation time. One answer per question: the one of the
    # revision before is what the new one is made from.
    block_items = current_app.config["LAYER_BLOCK_ITEMS"]
    key = f"{kept_prefix(map_.id)}{_digest(question)}-{cluster_threshold}-{block_items}-{map_.created_at.isoformat()}"
    kept = answers().get(key)
    if kept is None or kept.revision != map_.revision:
        kept = _made_anew(map_, question, cluster_threshold, block_items, kept)
        answers().put(key, kept)
    return revalidated(gzipped_response(b"".join(kept.parts), "application/geo+json"), etag)


def kept_prefix(map_id):
    """How the keys of a map's kept answers start: what a deleted map's are forgotten by (`maps/deleting.py`)."""
    return f"layer-{map_id}-"


# Past this many revisions since the kept answer, it is made anew rather than patched (one query either way).
PATCH_UP_TO = 1000


class KeptView:
    """A view's answer as kept: the map's revision it says, the parts of its gzip stream, and the gzipped blocks
    of items it was assembled from ({block: Piece}; None for clusters, made anew at each revision)."""
    __slots__ = ("revision", "parts", "blocks")

    def __init__(self, revision, parts, blocks=None):
        self.revision, self.parts, self.blocks = revision, parts, blocks

    def __len__(self):  # what it holds in memory: the blocks' bytes are the parts' own
        return sum(map(len, self.parts))


def _made_anew(map_, question, cluster_threshold, block_items, previous):
    bbox, category_ids, only_ids = question.bbox, question.category_ids, question.only_ids
    zoom = clusters.view_zoom(bbox, question.zoom) if bbox else None
    limit = cluster_threshold if zoom is None else clusters.threshold_at(zoom, cluster_threshold)
    # A map with fewer features than the limit never needs the count (numbers are never reused,
    # so the last number bounds how many features there are).
    crowded = map_.last_number > limit and Feature.more_in_view_than(map_, bbox, category_ids, limit, only_ids)
    if not crowded:
        return _items(map_, question, block_items, previous)
    # No view asked (an action's items, the copy kept offline) is a view of all that is asked: the grid over its
    # extent, so that no answer grows with the map.
    if bbox is None:
        bbox = Feature.extent(map_, category_ids, only_ids)
        zoom = clusters.view_zoom(bbox, None)
    text = geojson.collection(clusters.cluster_texts(map_, bbox, zoom, category_ids, only_ids))
    return KeptView(map_.revision, gzip_parts([piece(text)]))


def _items(map_, question, block_items, previous):
    """The view's items, made from the previous answer's blocks where no revision since touched them."""
    changed = _changed_blocks(map_, previous, block_items)
    texts = Feature.layer_blocks_in_view(map_, question.bbox, question.category_ids, question.only_ids, block_items,
                                         changed)
    blocks = {} if changed is None else {b: kept for b, kept in previous.blocks.items() if b not in changed}
    blocks.update((block, piece(text)) for block, text in texts.items())  # a block left empty is gone
    comma = piece(",")
    between = [part for block in sorted(blocks) for part in (comma, blocks[block])][1:]
    # geojson.collection of the blocks' texts, assembled from their pieces.
    parts = gzip_parts([piece(geojson.COLLECTION_START), *between, piece(geojson.COLLECTION_END)])
    return KeptView(map_.revision, parts, blocks)


def _changed_blocks(map_, previous, block_items):
    """The blocks of the items the revisions after the previous answer's are about; None when the answer is made
    anew: no previous answer of items, too many revisions since, or one about no single item (the legend: a
    category removed moves its items)."""
    if previous is None or previous.blocks is None:
        return None
    count = map_.revision - previous.revision
    if not 0 < count <= PATCH_UP_TO:
        return None
    numbers = Feature.numbers_changed_since(map_.id, previous.revision, count)
    if len(numbers) != count or None in numbers:
        return None
    return sorted({number // block_items for number in numbers})


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


def parse_ids(text):
    """Category ids given as "3,5,8" (none: an empty list); ValueError with a French message otherwise."""
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
    return f"{map_.id}-{map_.revision}-{_digest(question)}"


def _digest(question):
    return hashlib.blake2s(repr(tuple(question)).encode(), digest_size=8).hexdigest()

