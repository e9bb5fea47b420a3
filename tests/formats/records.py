"""Records as an export gives them to a writer, made for these tests: a point, a line and a zone, each with its
fields, in two categories; the point was placed by GPS on a walk."""
from datetime import date

import shapely

from app.formats.writing import Heading, Record

LON, LAT = 2.8935, 50.4434
POINT = shapely.Point(LON, LAT)
LINE = shapely.LineString([(LON, LAT), (LON + 0.001, LAT + 0.0005), (LON + 0.002, LAT)])
ZONE = shapely.Polygon([(LON, LAT), (LON + 0.0004, LAT), (LON + 0.0004, LAT + 0.0003), (LON, LAT + 0.0003)])
HEADING = Heading("Cité d'Orient", "Harnes", 16, (LON, LAT), ("Arbres", "Chemins"))
RECORDS = [
    Record(1, "Cerisier", "Cerises en juin <b>mûres</b>", "Arbres", "#2e7d32", "point", POINT, None, 4.5,
           date(2026, 5, 12), "Propreté des allées"),
    Record(2, "Voyette des écoles", "", "Chemins", "#8d6e63", "line", LINE, 312.4),
    Record(3, "Potager", "Partagé", "Arbres", "#2e7d32", "polygon", ZONE, 1003.2),
]


def same(a, b):
    return shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-6)
