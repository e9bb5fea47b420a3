"""Reading a file through GDAL (pyogrio), for the formats whose readers are GDAL's: from a private temporary copy
whose name is this server's, with the one driver of its format (the process has no other, see `gdal_settings`),
each layer's shapes made lon/lat and checked all together (`items.items_of_wkb`)."""
import tempfile
import warnings
from pathlib import Path

import pyogrio
import pyogrio.raw

from ..i18n import lazy_gettext as _l
from .items import ImportError_, Reading, finished, items_of_wkb, plain_column, transformer

# Fields GDAL's KML and GPX drivers add to every item, which say nothing about it.
DRIVER_FIELDS = {"tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode", "begin", "end",
                 "timestamp", "snippet", "ele", "time", "magvar", "geoidheight", "sat", "hdop", "vdop", "pdop",
                 "ageofdgpsdata", "dgpsid", "number"}
# A driver with a prefix is named to GDAL, so that it is the only one tried; KML and GPX have none, but are XML of
# the right root (`imports.checking.check`) and the driver GDAL chose is checked.
PREFIXED = ("GeoJSON", "TopoJSON", "ESRIJSON", "GPKG")
SINGLE_LAYER = ("GeoJSON", "ESRIJSON")  # a file of theirs is one layer


def read(data, suffix, drivers, layers_kept=None, listed=None, refused=None):
    """The items of every readable layer of the file (those named in `layers_kept` when given), each unreadable
    layer named in a notice. `listed(path)`, when given, checks the private copy and says its (layers, notices)
    instead of GDAL. `refused`: the ImportError_ when the driver cannot read the file (`mismatch` by default)."""
    with tempfile.TemporaryDirectory(prefix="voyette-import-") as folder, warnings.catch_warnings():
        # What GDAL warns of is the person's file (an unclosed ring, a type it does not know): each item's reason or
        # the layer's notice says it; the server's log is no place for it.
        warnings.simplefilter("ignore", RuntimeWarning)
        path = Path(folder) / f"import.{suffix}"
        path.write_bytes(data)
        dataset = f"{drivers[0]}:{path}" if drivers[0] in PREFIXED else str(path)
        if drivers[0] in SINGLE_LAYER:  # read without listing its layers: each opening parses the file again
            reading = Reading()
            _read_layer(dataset, 0, reading, unreadable=refused or mismatch())
            return finished(reading)
        layers, notices = listed(path) if listed is not None else (_layers(dataset, drivers), [])
        if layers_kept is not None:
            layers = [name for name in layers if name in layers_kept]
        reading = Reading(notices=notices)
        unreadable = [layer for layer in layers if not _read_layer(dataset, layer, reading)]
        if unreadable and not reading.items:
            raise _unreadable(unreadable[0])
        reading.notices += [_l("La couche « %(layer)s » est illisible : elle est laissée de côté.", layer=layer)
                            for layer in unreadable]
        return finished(reading)


def _layers(dataset, drivers):
    """The layers GDAL lists, once it is sure the file is of its format."""
    try:
        layers = [name for name, _type in pyogrio.list_layers(dataset)]
        # A driver named before the path is the only one GDAL tries; otherwise, ask which one read the file.
        unexpected = bool(layers) and drivers[0] not in PREFIXED and \
            pyogrio.read_info(dataset, layer=layers[0])["driver"] not in drivers
    except (RuntimeError, ValueError):  # pyogrio's DataSourceError, among others: to the person, it is unreadable
        unexpected = True
    if unexpected:
        raise mismatch()
    return layers


def _unreadable(layer):
    return ImportError_(_l("La couche « %(layer)s » est illisible.", layer=layer))


def mismatch():
    return ImportError_(_l("Ce fichier est illisible : il ne correspond pas au format annoncé par son nom."))


def _read_layer(dataset, layer, reading, unreadable=None):
    """Add the layer's items to the reading; False when GDAL cannot read it (raise `unreadable` then, when given)."""
    try:
        meta, _fids, geometries, columns = pyogrio.raw.read(dataset, layer=layer, force_2d=True)
    except (RuntimeError, ValueError):
        if unreadable is not None:
            raise unreadable from None
        return False
    count = len(geometries) if geometries is not None else (len(columns[0]) if columns else 0)
    reading.check_count(count)
    if geometries is None:  # a layer of plain rows: nothing to place on the map
        geometries = [None] * count
    to_lonlat = transformer(meta.get("crs"))
    reading.add_field_names(name for name in meta["fields"] if name not in DRIVER_FIELDS)
    kept = [(name, plain_column(column)) for name, column in zip(meta["fields"], columns, strict=True)
            if name not in DRIVER_FIELDS]
    fields = [{name: values[index] for name, values in kept if values[index] not in (None, "")}
              for index in range(count)]
    reading.items += items_of_wkb(geometries, fields, to_lonlat)
    return True
