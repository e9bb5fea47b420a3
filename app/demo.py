"""The demo map: the carte sensible of the cité d'Orient in Harnes (seed 002), with its 18 numbered items, kept in
`demo.geojson` in their order (each with its legend entry, title and description).

Positions are illustrative, placed inside the estate (about 2.8876–2.8994 E, 50.4403–50.4465 N). The map is
public and belongs to a demonstration collective; a contribution link without moderation lets anyone try
drawing on it without an account. `flask seed-demo` adds its project under way (`demo_project.py`).
"""
import json
from pathlib import Path

from sqlalchemy import select

from . import geo, legends
from .extensions import db
from .models import Collective, ContributionLink, Feature, Map

NAME, COMMUNE, COMMUNE_CODE = "Cité d'Orient, Harnes", "Harnes", "62413"  # its INSEE code: app/places
COLLECTIVE = "Centre social de la cité d'Orient (démonstration)"
AUTHOR = "Voyette"  # the history shows the seeded items as the application's, not as someone's « Anonyme » changes

ZONES = {
    "potentiel": "Parcelles à haut potentiel d'activation",
    "potager": "Culture du potager",
    "preserver": "Éléments à préserver lors des rénovations",
    "supports": "Supports de transformations architecturales",
    "vacantes": "Parcelles vacantes",
    "traditions": "Traditions locales et connaissances historiques",
}
ITEMS = Path(__file__).with_name("demo.geojson")


def _items():
    """(legend entry's key in ZONES, title, shape, description) of the demo's items, in their order."""
    for item in json.loads(ITEMS.read_text(encoding="utf-8"))["features"]:
        shape = geo.parse_geometry(json.dumps(item["geometry"])).shape
        yield item["properties"]["zone"], item["properties"]["title"], shape, item["properties"]["description"]


def ensure_demo_map():
    """Create the demo map unless it is already there; returns (map, created)."""
    existing = db.session.scalar(select(Map).where(Map.name == NAME, Map.commune == COMMUNE))
    if existing is not None:
        return existing, False
    collective = Collective(name=COLLECTIVE, kind="centre-social")
    map_ = Map(name=NAME, commune=COMMUNE, commune_code=COMMUNE_CODE, epci="call", center_lon=2.8935,
               center_lat=50.4434, zoom=16, collective=collective, visibility="public")
    map_.renew_share_token()
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.flush()
    by_label = {c.label: c for c in map_.categories}
    # One UPDATE of the map for the 18 items, each still a revision of its own (every test that opens the demo map
    # makes it anew).
    Feature.create_many(map_, [(by_label[ZONES[zone]], title, description, shape)
                               for zone, title, shape, description in _items()], author=AUTHOR)
    db.session.add(ContributionLink(map_id=map_.id, label="Démonstration", moderated=False))
    db.session.commit()
    return map_, True


def demo_contribution_link(map_):
    """The live contribution link of the demo map, if any."""
    return next(iter(ContributionLink.of_map(map_.id)), None)
