"""The access objects themselves: an ability nobody defined is a mistake, and says so wherever it is asked."""
import re
from pathlib import Path

import pytest
from flask import render_template_string

from app.access import COLLECTIVE_STANDINGS, STANDINGS, Access, CollectiveAccess
from app.loaders import with_collective, with_map
from app.models.collective import ROLES

TEMPLATES = Path(__file__).parents[1] / "templates"


def test_asking_for_an_unknown_ability_raises_with_its_name():
    with pytest.raises(ValueError, match="edti"):
        Access("owner").can("edti")
    with pytest.raises(ValueError, match="edti"):
        Access("owner").can_edti  # noqa: B018 (the lookup is the test)


def test_a_template_that_misspells_an_ability_fails_instead_of_hiding_the_button():
    """Jinja reads an attribute that raises AttributeError as undefined, so as False: the typo must not be one."""
    with pytest.raises(ValueError, match="edti"):
        render_template_string("{% if access.can_edti %}Modifier{% endif %}", access=Access("owner"))
    assert render_template_string("{% if access.can_edit %}Modifier{% endif %}", access=Access("owner")) == "Modifier"


def test_a_collective_template_that_misspells_an_ability_fails_too():
    access = CollectiveAccess("owner")
    with pytest.raises(ValueError, match="manage_member"):
        render_template_string("{% if access.can_manage_member %}Inviter{% endif %}", access=access)
    with pytest.raises(ValueError, match="edit"):
        access.can("edit")  # an ability on a map, not on a collective


def test_a_route_cannot_ask_for_an_ability_that_does_not_exist():
    with pytest.raises(ValueError, match="edti"):
        with_map("edti")
    with pytest.raises(ValueError, match="edti"):
        with_collective("edti")


def test_every_role_of_a_membership_has_its_abilities_on_the_collective_and_its_maps():
    assert set(COLLECTIVE_STANDINGS) == {"none", *ROLES}
    assert set(ROLES) <= set(STANDINGS)


def test_every_ability_a_template_names_exists():
    """Even in a branch no test renders: each `can_<name>` is an ability of a map or of a collective."""
    known = {ability for table in (STANDINGS, COLLECTIVE_STANDINGS) for abilities in table.values()
             for ability in abilities}
    named = {(str(path.relative_to(TEMPLATES)), name) for path in TEMPLATES.rglob("*.html")
             for name in re.findall(r"\bcan_(\w+)", path.read_text())}
    assert ("maps/show.html", "admin") in named and ("collectives/show.html", "manage_members") in named
    assert {(path, name) for path, name in named if name not in known} == set()
