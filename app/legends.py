"""The legend templates a new map can start from (see DOMAIN.md): their names here, their entries (label, colour,
icon, the kinds of shape it accepts) in `legends.json`."""
import json
from pathlib import Path

from .i18n import lazy_gettext as _l
from .models import Category

NAMES = {
    "carte-sensible": _l("Carte sensible"),
    "ressources-jardin": _l("Ressources du jardin"),
    "diagnostic": _l("Diagnostic en marchant"),
    "vide": _l("Légende vide"),
}
ENTRIES = json.loads(Path(__file__).with_name("legends.json").read_text(encoding="utf-8"))


def choices():
    """(key, label) pairs for the new-map form."""
    return list(NAMES.items())


def apply(map_, key):
    """Give a map the categories of a legend template."""
    for position, entry in enumerate(ENTRIES[key], start=1):
        map_.categories.append(Category(**entry, group=str(NAMES[key]), position=position))
