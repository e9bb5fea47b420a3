"""The intercommunalities Voyette knows: the eight EPCIs of the ERBM perimeter (the Bassin minier), where its maps
are. A call (`app/dossier/calls/`) names among them those it is open to; the new-map form groups its communes by
them, and `build.py` takes their communes from Etalab's list."""
from ..i18n import lazy_gettext as _l

TERRITORIES = {
    "cabbalr": _l("Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane"),
    "call": _l("Communauté d'agglomération de Lens-Liévin"),
    "cahc": _l("Communauté d'agglomération d'Hénin-Carvin"),
    "douaisis": _l("Communauté d'agglomération du Douaisis (Douaisis Agglo)"),
    "ostrevent": _l("Communauté d'agglomération Cœur d'Ostrevent"),
    "caph": _l("Communauté d'agglomération de la Porte du Hainaut"),
    "valenciennes": _l("Communauté d'agglomération Valenciennes Métropole"),
    "osartis": _l("Communauté de communes Osartis-Marquion"),
}
# Each territory's SIREN, its code in Etalab's list of EPCIs (`epci.json` of `@etalab/decoupage-administratif`), from
# which `app/places/build.py` takes its communes.
TERRITORY_SIRENS = {
    "cabbalr": "200072460", "call": "246200364", "cahc": "246200299", "douaisis": "200044618",
    "ostrevent": "245901152", "caph": "200042190", "valenciennes": "245901160", "osartis": "200044048",
}
