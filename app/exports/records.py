"""What an export holds of each item: its public fields only (never who has a plot, nor a walk's people), as the
`Record`s every writer of `app/formats/` is given, and what it says of the map (`heading`)."""
from flask import url_for

from .. import geo
from ..formats.writing import FIELD_NAMES, Heading, Record
from ..models import Category, Feature, Walk

__all__ = ["FIELD_NAMES", "Record", "collect", "heading", "shape_json"]


def collect(map_, category_ids=None):
    """The map's live items by number, of those categories only when given."""
    records = []
    walks = {walk.id: walk for walk in Walk.of_map(map_.id)}  # one query, not one per item
    for feature in Feature.listed_in_view(map_, category_ids=category_ids):
        shape, measures, walk = feature.shape, feature.measures, walks.get(feature.walk_id)
        records.append(Record(feature.number, feature.title, feature.description or "", feature.category.label,
                              feature.category.colour, feature.kind, shape,
                              measures.get("area_m2", measures.get("length_m")), feature.gps_accuracy_m,
                              walk.held_on if walk else None, walk.theme if walk else ""))
    return records


def heading(map_):
    """The map's name, commune, view, legend and address, as the files say them."""
    return Heading(map_.name, map_.commune or "", map_.zoom, (map_.center_lon, map_.center_lat),
                   tuple(category.label for category in Category.of_map(map_.id)),
                   url_for("maps.show", map_id=map_.id, _external=True))


def shape_json(record):
    return geo.shape_to_dict(record.shape)
