"""« Avant / après » of an action: for each item it concerns, its first and latest photos side by side, with their
dates (`Photo.dated_at`: taken, else given), for its page and its PDF."""
import base64
from dataclasses import dataclass

from ..models import Photo
from ..photos import store


@dataclass(frozen=True)
class Pair:
    """An item of the action and its photos: the first (None: none yet) and the latest (None: one photo only)."""
    feature: object
    first: Photo | None
    latest: Photo | None
    count: int


def pairs(action):
    """The action's items on the map (not those in the bin), by number, each with its first and latest photos,
    read in one query."""
    features = action.live_features
    photos = Photo.of_features([feature.id for feature in features]) if features else {}
    result = []
    for feature in features:
        dated = photos.get(feature.id, [])
        result.append(Pair(feature, dated[0] if dated else None, dated[-1] if len(dated) > 1 else None, len(dated)))
    return result


def embedded(pairs_):
    """The thumbnails of these pairs as data: URIs, by photo id: a document's images come from the document itself
    (documents/render.py fetches no file of the server but static ones). A file gone missing is left out."""
    images = {}
    for pair in pairs_:
        for photo in (pair.first, pair.latest):
            if photo is not None and (data := store.read(photo.stored_name, thumbnail=True)) is not None:
                images[photo.id] = "data:image/jpeg;base64," + base64.b64encode(data).decode()
    return images
