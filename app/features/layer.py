"""The map's data layer: features (or clusters) in a view, with an ETag so unchanged views cost nothing, and the
answer kept gzipped so that asking again costs a lookup.

A view's items are kept by blocks of numbers (`LAYER_BLOCK_ITEMS`), each block gzipped on its own (answers.Piece):
after a change, the next read asks the database for the blocks the revisions since touched and gzips those alone,
since an item's number never changes. The first read after an edit of a 10,000-item map then joins and gzips a few
hundred items, not 10,000; and for a view read lately, the edit itself did that before its answer went
(`prepare_revised`, features/prepared.py), and left it in the file every worker reads (app/shared_answers.py).
"""
import hashlib
from typing import NamedTuple
from urllib.parse import parse_qsl

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from .. import geo, published, shared_answers
from ..access import PROJECT, access_to
from ..answers import Piece, answers, gzip_parts, gzipped_response, piece
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
        bbox, zoom, category_ids, action_id = _asked(args)
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
    # the kept answer is shared, in this worker's memory and, for the others, in a file (app/shared_answers.py).
    # Its key also names the map's creation, since a map's number can come again (tables emptied between tests)
    # but not with the same creation time. One answer per question: the one of the revision before is what the
    # new one is made from.
    block_items = current_app.config["LAYER_BLOCK_ITEMS"]
    name = f"{_digest(question)}-{cluster_threshold}-{block_items}"
    key = f"{kept_prefix(map_.id)}{name}-{map_.created_at.isoformat()}"
    kept = answers().get(key)
    if kept is None or kept.revision != map_.revision:
        kept = _current(map_, question, cluster_threshold, block_items, name, kept)
        answers().put(key, kept)
    if action_id is None:  # what anyone who may read the map reads: a file nginx sends, when the map is public
        published.publish(map_, request.query_string, kept.body)
    return revalidated(gzipped_response(kept.body, "application/geo+json"), etag)


def _asked(args):
    """The view's bbox, zoom, categories and action as `args` give them; ValueError with a French message."""
    bbox = geo.parse_bbox(args["bbox"]) if args.get("bbox") else None
    zoom = _parse_zoom(args.get("zoom"))
    category_ids = parse_ids(args["categories"]) if "categories" in args else None
    return bbox, zoom, category_ids, _parse_action(args.get("action"))


def published_digest(query):
    """The digest of the Question a published answer's query string (str) asks, as `layer_response` reads it (what
    `prepare_revised` names the answers it made by); None for one never published."""
    try:
        bbox, zoom, category_ids, action_id = _asked(MultiDict(parse_qsl(query, keep_blank_values=True)))
    except ValueError:
        return None
    return _digest(Question(bbox, zoom, category_ids, None)) if action_id is None else None


def kept_prefix(map_id):
    """How the keys of a map's kept answers start: what a deleted map's are forgotten by (`maps/deleting.py`)."""
    return f"layer-{map_id}-"


# Past this many revisions since the kept answer, it is made anew rather than patched (one query either way).
PATCH_UP_TO = 1000


class KeptView:
    """A view's answer as kept: the map's revision it says, its gzip stream, and the gzipped blocks of items it was
    assembled from ({block: Piece}, each piece's bytes a slice of the stream, starting at offsets[block]; None for
    clusters, made anew at each revision)."""
    __slots__ = ("revision", "body", "blocks", "offsets")

    def __init__(self, revision, body, blocks=None, offsets=None):
        self.revision, self.body, self.blocks, self.offsets = revision, body, blocks, offsets

    def __len__(self):  # what it holds in memory: the blocks' bytes are the body's own
        return len(self.body)


def _current(map_, question, cluster_threshold, block_items, name, kept):
    """The answer at the map's revision: the one another worker or a write left in the shared file, or made from
    the newest older one (this worker's or the file's) and left there for the others."""
    path = shared_answers.folder(map_.id, map_.created_at) / name
    stored = _kept_view(shared_answers.read(path))
    if stored is not None and stored.revision == map_.revision:
        return stored
    older = [view for view in (kept, stored) if view is not None and view.revision < map_.revision]
    made = _made_anew(map_, question, cluster_threshold, block_items, max(older, key=_revision, default=None))
    if stored is None or stored.revision < made.revision:  # a newer one, left meanwhile, stays
        shared_answers.write(path, _header(made, question, cluster_threshold, block_items), made.body)
    return made


def prepare_revised(map_):
    """After a write to the map (committed): the answers of it that readers asked for lately, made at its new
    revision and left in their files, so that the next reader, whichever worker it reaches, finds them made. Only
    answers of items are prepared (their changed blocks, a few hundred items each): clusters are made by their next
    reader, as a full rebuild (the legend changed, too many revisions since) is. Returns them, by the digest of
    their Question: {digest: gzip body}."""
    made_now = {}
    for path in shared_answers.watched(shared_answers.folder(map_.id, map_.created_at)):
        stored = shared_answers.read(path, touch=False)
        previous = _kept_view(stored)
        if previous is None or previous.blocks is None or previous.revision >= map_.revision:
            continue
        header = stored.header
        bbox, zoom, category_ids, only_ids = header["question"]
        question = Question(tuple(bbox) if bbox is not None else None, zoom, category_ids, only_ids)
        made = _made_anew(map_, question, header["cluster_threshold"], header["block_items"], previous)
        shared_answers.write(path, _header(made, question, header["cluster_threshold"], header["block_items"]),
                             made.body, read_at=stored.read_at)
        made_now[_digest(question)] = made.body
    return made_now


def _revision(view):
    return view.revision


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
    return KeptView(map_.revision, b"".join(gzip_parts([piece(text)])))


def _items(map_, question, block_items, previous):
    """The view's items, made from the previous answer's blocks where no revision since touched them."""
    changed = _changed_blocks(map_, previous, block_items)
    texts = Feature.layer_blocks_in_view(map_, question.bbox, question.category_ids, question.only_ids, block_items,
                                         changed)
    blocks = {} if changed is None else {b: kept for b, kept in previous.blocks.items() if b not in changed}
    blocks.update((block, piece(text)) for block, text in texts.items())  # a block left empty is gone
    return _assembled(map_.revision, blocks)


def _assembled(revision, blocks):
    """geojson.collection of the blocks' texts, as one gzip stream assembled from their pieces; each block's piece
    is then kept as a slice of it, and where it starts."""
    order = sorted(blocks)
    comma, start = piece(","), piece(geojson.COLLECTION_START)
    between = [part for block in order for part in (comma, blocks[block])][1:]
    parts = gzip_parts([start, *between, piece(geojson.COLLECTION_END)])
    body = b"".join(parts)
    whole, offsets, at = memoryview(body), {}, len(parts[0]) + len(start.deflated)
    for index, block in enumerate(order):
        at += len(comma.deflated) if index else 0
        size = len(blocks[block].deflated)
        offsets[block] = at
        blocks[block] = blocks[block]._replace(deflated=whole[at:at + size])
        at += size
    return KeptView(revision, body, blocks, offsets)


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


def _header(view, question, cluster_threshold, block_items):
    """What a shared file says beside its body: what a worker or a write needs to make the next answer from it."""
    blocks = None if view.blocks is None else [
        [block, view.offsets[block], len(part.deflated), part.crc, part.length, part.shift]
        for block, part in view.blocks.items()]
    return {"revision": view.revision, "question": list(question), "cluster_threshold": cluster_threshold,
            "block_items": block_items, "blocks": blocks}


def _kept_view(stored):
    """A shared file as a KeptView: its blocks' pieces are slices of its body, not copies."""
    if stored is None:
        return None
    body, places = stored.body, stored.header["blocks"]
    if places is None:
        return KeptView(stored.header["revision"], body)
    whole = memoryview(body)
    blocks = {block: Piece(whole[offset:offset + size], crc, length, shift)
              for block, offset, size, crc, length, shift in places}
    return KeptView(stored.header["revision"], body, blocks, {place[0]: place[1] for place in places})


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

