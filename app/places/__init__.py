"""Where a map can be: the communes of the AMI's eight intercommunalities, each with its INSEE code, its EPCI (a
key of `places.territories.TERRITORIES`) and a centre, read once from `communes.json` (written by `build.py`)."""
import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

COMMUNES_FILE = Path(__file__).with_name("communes.json")
COMMUNE_ZOOM = 14  # a new map opens on its commune's centre, the whole of a small commune in view


class Commune(NamedTuple):
    code: str
    name: str
    epci: str
    lon: float
    lat: float


@cache
def communes():
    """{INSEE code: Commune}, grouped by EPCI then by name."""
    rows = json.loads(COMMUNES_FILE.read_text(encoding="utf-8"))
    return {row["code"]: Commune(**row) for row in rows}


def commune(code):
    """The commune of this INSEE code, or None."""
    return communes().get(code)

