"""The communes a map can open on: the eight intercommunalities' communes of Etalab's list, each with a centre."""
import json

from app import places
from app.places import build
from app.places.territories import TERRITORIES, TERRITORY_SIRENS


def test_the_kept_list_is_what_the_installed_package_gives():
    """communes.json is written by build.py from the pinned npm package: a new edition of the package (or a hand
    edit of the file) shows here until `python -m app.places.build` is run again."""
    assert places.COMMUNES_FILE.read_text(encoding="utf-8") == build.text(build.communes())


def test_every_commune_of_each_epci_is_there_once_with_its_epci():
    epcis = {e["code"]: e for e in json.loads((build.PACKAGE / "epci.json").read_text(encoding="utf-8"))}
    expected = {m["code"]: territory for territory, siren in TERRITORY_SIRENS.items()
                for m in epcis[siren]["membres"]}
    assert {code: c.epci for code, c in places.communes().items()} == expected
    assert set(expected.values()) == set(TERRITORIES) and len(expected) == 336


def test_each_centre_lies_in_the_mining_basin():
    """Nord and Pas-de-Calais between Béthune's west and Valenciennes' east: a swapped lon/lat would be far off."""
    for c in places.communes().values():
        assert 2.2 < c.lon < 3.7 and 50.1 < c.lat < 50.7, c


def test_harnes_opens_where_maps_opened_before():
    """The demo's commune: the centroid of its outline is a few hundred metres from the old default view."""
    harnes = places.commune("62413")
    assert (harnes.name, harnes.epci) == ("Harnes", "call")
    assert abs(harnes.lon - 2.906) < 0.01 and abs(harnes.lat - 50.445) < 0.01


def test_the_list_is_in_french_alphabetical_order_within_each_epci():
    """An accent does not send a name to the end: « Éleu-dit-Leauwette » comes between « Carency » and
    « Estevelles »."""
    names = [c.name for c in places.communes().values() if c.epci == "call"]
    assert names == sorted(names, key=build.sort_key)
    assert names.index("Carency") < names.index("Éleu-dit-Leauwette") < names.index("Estevelles")
