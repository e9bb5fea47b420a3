"""What every writer of `app/formats/` is given: the map's `Heading` (its name, centre, legend) and its items as
`Record`s (public fields only, lon/lat shapes: `exports/records.py` decides what leaves), and the helpers the writers
share. Coordinates are lon/lat (EPSG:4326) in every format."""
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from ..text import xml_safe

PRECISION = 7  # decimal places of a degree: about a centimetre


@dataclass(frozen=True)
class Record:
    number: int
    title: str
    description: str
    category: str
    colour: str
    kind: str  # point, line or polygon
    shape: object  # shapely, lon/lat (EPSG:4326)
    measure: float | None  # area in m² for zones, length in m for lines (Lambert-93)
    gps_accuracy_m: float | None = None  # how far off the GPS fix that placed the item may be
    walk_date: date | None = None  # the day of the diagnostic en marchant the item was noted on, if any
    walk_theme: str = ""  # that walk's theme (never who led it or took part: they are people)

    @property
    def fields(self):
        """The attribute table every format writes, in this order."""
        return {"numero": self.number, "titre": self.title, "description": self.description,
                "categorie": self.category, "couleur": self.colour,
                "surface_m2": round(self.measure, 1) if self.kind == "polygon" else None,
                "longueur_m": round(self.measure, 1) if self.kind == "line" else None,
                "precision_gps_m": self.gps_accuracy_m,
                "marche_date": self.walk_date.isoformat() if self.walk_date else None,
                "marche_theme": (self.walk_theme or None) if self.walk_date else None}


FIELD_NAMES = ("numero", "titre", "description", "categorie", "couleur", "surface_m2", "longueur_m", "precision_gps_m",
               "marche_date", "marche_theme")
# Fields a writer with its own place for them (a title, a description) need not repeat; uMap and GPX write the rest.
EXTRA_FIELDS = ("precision_gps_m", "marche_date", "marche_theme")


@dataclass(frozen=True)
class Heading:
    """What a file says of the map itself."""
    name: str
    description: str = ""
    zoom: int | None = None
    center: tuple | None = None  # (lon, lat)
    legend: tuple = ()  # the categories' labels, in the legend's order
    url: str = ""  # the map's absolute address, for the formats that say where they come from


def extra_fields(record):
    """The fields of EXTRA_FIELDS the record has, for the formats that write only the fields they need."""
    return {name: record.fields[name] for name in EXTRA_FIELDS if record.fields[name] is not None}


def categories(heading, records):
    """(label, colour) of the categories the records use, in the legend's order."""
    position = {label: index for index, label in enumerate(heading.legend)}
    used = dict.fromkeys((record.category, record.colour) for record in records)
    return sorted(used, key=lambda pair: position.get(pair[0], len(position)))


def rounded(geometry):
    def walk(value):
        return [walk(v) for v in value] if isinstance(value, list) else round(value, PRECISION)
    return {**geometry, "coordinates": walk(geometry["coordinates"])}


def sub(parent, tag, text=None, *, ns, **attributes):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        element.text = xml_safe(text)  # ElementTree would write a stored control character into an unreadable file
    return element
