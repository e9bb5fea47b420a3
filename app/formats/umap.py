"""uMap backups (`.umap`): `read` the features of every layer, each with its layer's name as `calque` (a category,
usually); `write` the map's name, centre and zoom and one layer per category in its colour."""
import json

import shapely

from .. import geo
from ..i18n import lazy_gettext as _l
from .items import ImportError_, Reading, finished, items_of, json_of
from .writing import categories, extra_fields, rounded


def read(data):
    """The items of a uMap backup, or ImportError_ when it is none."""
    backup = json_of(data)
    try:
        layers = backup["layers"] if backup.get("type") == "umap" else None
    except (AttributeError, KeyError, TypeError):
        layers = None
    if not isinstance(layers, list):
        raise ImportError_(_l("Ce fichier n'est pas une sauvegarde uMap lisible."))
    reading = Reading(field_names=["name", "description", "calque"])
    for layer in layers:
        options = _options(layer)
        features = layer.get("features") if isinstance(layer, dict) else None
        for entry in features if isinstance(features, list) else []:
            reading.items += _feature_items(entry, options)
            reading.check_count()
    reading.add_field_names(name for found in reading.items for name in found.fields)
    return finished(reading)


def _options(layer):
    """The layer's name and colour as fields: current uMap keeps its options in the layer's `properties`, older
    backups in `_umap_options`."""
    fields = {}
    for key in ("_umap_options", "properties"):
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
    """A uMap backup: the legend comes back as uMap's layers; each feature is named « 05 Title »."""
    layers = []
    for label, colour in categories(heading, records):
        features = [{"type": "Feature", "geometry": rounded(geo.shape_to_dict(record.shape)),
                     "properties": {"name": f"{record.number:02d} {record.title}", "description": record.description,
                                    "numero": record.number, **extra_fields(record)}}
                    for record in records if (record.category, record.colour) == (label, colour)]
        options = {"name": label, "color": colour, "displayOnLoad": True, "browsable": True}
        # Current uMap reads a layer's options from `properties`; older versions, and older backups, `_umap_options`.
        layers.append({"type": "FeatureCollection", "features": features, "properties": options,
                       "_umap_options": options})
    centre = list(heading.center) if heading.center else None
    return json.dumps({"type": "umap", "uri": "",
                       "properties": {"name": heading.name, "description": heading.description, "zoom": heading.zoom},
                       "geometry": {"type": "Point", "coordinates": centre},
                       "layers": layers}, ensure_ascii=False).encode()
