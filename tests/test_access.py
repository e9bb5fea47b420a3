"""The access objects themselves: an ability nobody defined is a mistake, and says so wherever it is asked."""
import pytest
from flask import render_template_string

from app.access import Access


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
