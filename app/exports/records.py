"""What an export holds of each item: its public fields only (never who has a plot, nor a walk's people)."""
from dataclasses import dataclass

from .. import geo
from ..models import Feature


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

    @property
    def fields(self):
        """The attribute table every format writes, in this order."""
        return {"numero": self.number, "titre": self.title, "description": self.description,
                "categorie": self.category, "couleur": self.colour,
                "surface_m2": round(self.measure, 1) if self.kind == "polygon" else None,
                "longueur_m": round(self.measure, 1) if self.kind == "line" else None,
                "precision_gps_m": self.gps_accuracy_m}


FIELD_NAMES = ("numero", "titre", "description", "categorie", "couleur", "surface_m2", "longueur_m", "precision_gps_m")


def collect(map_, category_ids=None):
    """The map's live items by number, of those categories only when given."""
    records = []
    for feature in Feature.listed_in_view(map_, category_ids=category_ids):
        shape, measures = feature.shape, feature.measures
        records.append(Record(feature.number, feature.title, feature.description or "", feature.category.label,
                              feature.category.colour, feature.kind, shape,
                              measures.get("area_m2", measures.get("length_m")), feature.gps_accuracy_m))
    return records


def shape_json(record):
    return geo.shape_to_dict(record.shape)
