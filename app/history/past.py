"""A map as it was: each item's state at a moment, read from its history (the `Revision` rows), for « Voir la
carte au … » and for any document that shows the map at a date.

Every change of an item (created, edited, deleted, restored) keeps its whole state after it (`Feature.snapshot`):
an item's state at a moment is the one its last change before that moment left, whatever the changes were (moved,
renamed, recategorised, binned, restored, reverted). Binning a legend entry bins its items without a revision of
each (`Category.remove`): an item binned now, since a moment before the one asked, was binned then too.
"""
from dataclasses import dataclass
from datetime import UTC, date

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from .. import dates, geo
from ..extensions import db
from ..features.layer import parse_ids
from ..formats import geojson
from ..models import Feature, Revision
from ..models.feature import TITLE_MAX
from ..rendering import json_error, not_modified, revalidated

ITEM_ACTIONS = ("created", "edited", "deleted", "restored")  # the revisions that keep an item's whole state
# The most items a map at a date reconstructs: their states are read and decoded in Python, whole (no view), so a
# bigger map is refused with a message rather than answered slowly (as a print or an export has its own bound).
MAX_ITEMS = 2000


class TooManyItems(ValueError):
    """The map had more items than MAX_ITEMS: it is not reconstructed."""


@dataclass(frozen=True)
class PastItem:
    """An item as it was: its id today (the same row), and its number, text, category and shape then."""
    id: int
    number: int
    title: str
    description: str
    category_id: int
    category: str  # the entry's label then
    shape: object

    def layer_feature(self):
        """The item as the map's layer draws it (`formats.geojson.layer_feature`), with its shape of then."""
        lon, lat = geo.label_point(self.shape)
        text = geojson.layer_text(self.shape, self.number, self.title, self.category_id, lon, lat,
                                  geo.kind_of(self.shape))
        return geojson.layer_feature(self.id, text)


def parse_day(text):
    """The day a person asked for ("2027-03-12", as a date field sends it); ValueError with a French message for
    an unreadable day or one still to come."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        raise ValueError(_("Date illisible : choisissez un jour dans le calendrier (jj/mm/aaaa).")) from None
    if day > dates.today():
        raise ValueError(_("Choisissez aujourd'hui ou un jour passé : la carte de demain n'est pas encore faite."))
    return day


def items_on(map_id, day):
    """The map's items as they were at the end of `day`, by number."""
    return items_at(map_id, dates.end_of_day(day))


def items_at(map_id, moment):
    """The map's items as they were at `moment` (aware), by number: live ones only, each with its state of then.
    TooManyItems past MAX_ITEMS items with a history by then (counted before any state is read)."""
    # SQLite keeps times as text without their zone: a UTC moment compares with them as the stored UTC times do.
    moment = moment.astimezone(UTC)
    last = (select(Revision.feature_id, func.max(Revision.seq).label("seq"))
            .where(Revision.map_id == map_id, Revision.feature_id.is_not(None), Revision.action.in_(ITEM_ACTIONS),
                   Revision.created_at < moment)
            .group_by(Revision.feature_id).limit(MAX_ITEMS + 1).subquery())
    if db.session.scalar(select(func.count()).select_from(last)) > MAX_ITEMS:
        raise TooManyItems(_("Cette carte compte plus de %(max)d éléments : elle ne peut pas être montrée à une date "
                             "passée.", max=MAX_ITEMS))
    rows = db.session.execute(
        select(Revision.feature_id, Revision.after, Feature.deleted_at)
        .join(last, and_(Revision.map_id == map_id, Revision.seq == last.c.seq))
        .join(Feature, Feature.id == Revision.feature_id)).all()
    items = [item for feature_id, state, binned_at in rows
             if not _binned_since(binned_at, moment) and (item := _item(feature_id, state)) is not None]
    return sorted(items, key=lambda item: item.number)


def layer(items, category_ids=None):
    """The items as the map's layer (a FeatureCollection), those of `category_ids` only when given."""
    return geojson.collection(item.layer_feature() for item in items
                              if category_ids is None or item.category_id in category_ids)


def _binned_since(binned_at, moment):
    """Whether the item, in the bin today, went there before `moment` (it has stayed there since)."""
    return binned_at is not None and dates.aware(binned_at) < moment


def _item(feature_id, state):
    """The item a kept state describes, or None when it was in the bin or the state is unreadable (the history
    of a restored backup may say anything: such an item is left out rather than drawn wrong)."""
    if not isinstance(state, dict) or state.get("deleted") is not False:
        return None
    number, title, category_id = state.get("number"), state.get("title"), state.get("category_id")
    if not (isinstance(number, int) and isinstance(category_id, int) and isinstance(title, str)
            and 0 < len(title) <= TITLE_MAX):
        return None
    try:
        shape = geo.parse_geometry(state.get("geometry")).shape
    except ValueError:
        return None
    return PastItem(feature_id, number, title, str(state.get("description") or ""), category_id,
                    str(state.get("category") or ""), shape)


def layer_response(map_, day_text, args):
    """The map's items at the end of that day as the layer's GeoJSON (`categories` in `args`: those only), with an
    ETag: what a day says changes only with the map's revision. 400 with a French message for a wrong question."""
    try:
        day = parse_day(day_text)
        category_ids = parse_ids(args["categories"]) if "categories" in args else None
    except ValueError as error:
        return json_error(error)
    etag = f"past-{map_.id}-{map_.revision}-{day.isoformat()}-{args.get('categories', '*')}"
    if cached := not_modified(etag):
        return cached
    try:
        items = items_on(map_.id, day)
    except TooManyItems as refusal:
        return json_error(refusal)
    return revalidated(Response(layer(items, category_ids), mimetype="application/geo+json"), etag)
