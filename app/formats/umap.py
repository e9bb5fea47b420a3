"""uMap backups (`.umap`): `read` the features of every layer, each with its layer's name as `calque` (a category,
usually); `write` the map's name, centre and zoom and one layer per category in its colour."""
import json

import shapely

from .. import geo
from ..i18n import lazy_gettext as _l
from .items import ImportError_, Reading, finished, items_of, json_of
from .writing import categories, extra_fields, rounded


def read(data, parsed=None):
    """The items of a uMap backup (`parsed`: its JSON, when the caller parsed it already), or ImportError_ when it
    is none."""
    backup = json_of(data) if parsed is None else parsed
    try:
        layers = backup["layers"] if backup.get("type") == "umap" else None
    except (AttributeError, KeyError, TypeError):
        layers = None
    if not isinstance(layers, list):
        raise ImportError_(_l("Ce fichier n'est pas une sauvegarde uMap lisible."))
    reading = Reading(field_names=["name", "description", "calque"])
    remote = []
    for layer in layers:
        options = _options(layer)
        features = layer.get("features") if isinstance(layer, dict) else None
        if not features and _is_remote(layer):
            remote.append(_l("La couche « %(layer)s » de ce fichier uMap charge ses données depuis une adresse "
                             "distante : Voyette ne les a pas.", layer=options.get("calque", "")))
        for entry in features if isinstance(features, list) else []:
            reading.items += _feature_items(entry, options)
            reading.check_count()
    if remote and not reading.items:  # what the map shows is elsewhere: say so rather than « aucun élément »
        raise ImportError_(" ".join(str(message) for message in remote))
    reading.notices += remote
    reading.add_field_names(name for found in reading.items for name in found.fields)
    return finished(reading)


def _is_remote(layer):
    """Whether the layer loads its features from an address (uMap's « données distantes »), which a backup does not
    hold."""
    return any(isinstance(options, dict) and isinstance(options.get("remoteData"), dict)
               and options["remoteData"].get("url") for options in (layer.get(key) for key in OPTIONS))


OPTIONS = ("_umap_options", "properties")  # where older backups and current uMap keep a layer's options


def _options(layer):
    """The layer's name and colour as fields: current uMap keeps its options in the layer's `properties`, older
    backups in `_umap_options`."""
    fields = {}
    for key in OPTIONS:
        options = layer.get(key) if isinstance(layer, dict) else None
        if isinstance(options, dict):
            fields.update({field: str(options[name]) for name, field in (("name", "calque"), ("color", "couleur"))
                           if options.get(name)})
    return fields


def _feature_items(entry, layer_fields):
    feature = entry if isinstance(entry, dict) else {}  # what is no feature is an item without a shape
    properties = feature["properties"] if isinstance(feature.get("properties"), dict) else {}
    # uMap shows every property of a feature as its data, save its own options (`_umap_options`).
    fields = {key: str(value) for key, value in properties.items() if not str(key).startswith("_")
              and isinstance(value, str | int | float) and value not in ("", True, False)}
    fields.update(layer_fields)
    try:
        shape = shapely.from_geojson(json.dumps(feature["geometry"])) if feature.get("geometry") else None
    except (shapely.errors.ShapelyError, ValueError, TypeError):
        shape = None
    return items_of(shape, fields)


def write(heading, records):
    """A uMap backup as current uMap writes and reads it (`importRaw`, `createDataLayer`): the map's `properties`,
    its centre as `geometry`, its address as `uri`; the legend as layers, each with its options in `properties`
    (and `_umap_options`, which older uMap reads) and its `fields` typed, so that uMap's table and filters know them;
    each feature named « 05 Title », with an `id` of the five letters or digits uMap keeps."""
    layers = []
    for label, colour in categories(heading, records):
        chosen = [record for record in records if (record.category, record.colour) == (label, colour)]
        features = [{"type": "Feature", "id": _feature_id(record.number),
                     "geometry": rounded(geo.shape_to_dict(record.shape)),
                     "properties": {"name": f"{record.number:02d} {record.title}", "description": record.description,
                                    "numero": record.number, **extra_fields(record)}}
                    for record in chosen]
        used = {name for feature in features for name in feature["properties"]}
        options = {"name": label, "color": colour, "displayOnLoad": True, "browsable": True, "inCaption": True,
                   "fields": [{"key": name, "type": kind} for name, kind in FIELDS.items()
                              if name in used or name in ("name", "description")]}
        layers.append({"type": "FeatureCollection", "features": features, "properties": options,
                       "_umap_options": options})
    backup = {"type": "umap", "uri": heading.url,
              "properties": {"name": heading.name, "description": heading.description, "zoom": heading.zoom},
              "geometry": {"type": "Point", "coordinates": list(heading.center)} if heading.center else None,
              "layers": layers}
    # uMap parses `uri` as a URL and takes `geometry` as the centre: neither is written empty.
    return json.dumps({key: value for key, value in backup.items() if value not in ("", None)},
                      ensure_ascii=False).encode()


# The fields of a feature, in uMap's order and with the types of its `fields.js` (name and description come first,
# as uMap's defaults).
FIELDS = {"name": "String", "description": "Text", "numero": "Number", "precision_gps_m": "Number",
          "marche_date": "Date", "marche_theme": "String"}
ID_LETTERS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _feature_id(number):
    """The item's number as five letters or digits (uMap makes up a random id for any other): the same item has the
    same id in every backup."""
    digits = ""
    for _position in range(5):
        number, digit = divmod(number, len(ID_LETTERS))
        digits = ID_LETTERS[digit] + digits
    return digits
