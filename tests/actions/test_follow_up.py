"""« Suivi » of an action: the dates it really started and ended, kept beside the planned ones and shown against
them on its page; French messages for dates that cannot be."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action
from tests.actions.test_routes import actions_url, add
from tests.conftest import HX
from tests.support import state


def test_the_real_dates_are_kept_and_shown_against_the_planned_ones(client, csrf, demo_map):
    response = add(client, csrf, demo_map, kind="jardin_collectif", status="done", started_on="2027-03-08",
                   finished_on="2028-07-12")
    assert response.status_code == 200, response.get_data(as_text=True)
    action = db.session.scalar(select(Action))
    assert (action.started_on, action.finished_on) == (date(2027, 3, 8), date(2028, 7, 12))
    assert (action.starts_on, action.ends_on) == (date(2027, 3, 1), date(2028, 6, 30))  # the dossier's, unchanged
    rows = re.findall(r"<tr><th scope=\"row\">(\w+)</th><td>([^<]*)</td>\s*<td>([^<]*)</td></tr>",
                      response.get_data(as_text=True))
    assert rows == [("Début", "1er mars 2027", "commencée le 8 mars 2027"),
                    ("Fin", "30 juin 2028", "terminée le 12 juillet 2028")]
    form = client.get(actions_url(demo_map, action.id, "modifier"), headers=HX).get_data(as_text=True)
    assert 'name="started_on" type="date" value="2027-03-08"' in form and "Commencée le" in form


def test_an_action_not_started_yet_says_so(client, csrf, demo_map):
    page = add(client, csrf, demo_map, kind="jardin_collectif").get_data(as_text=True)
    assert "pas encore commencée" in page and "pas encore terminée" in page


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"started_on": "2027-05-02", "finished_on": "2027-05-01"}, "finished_on",
     "Elle ne peut pas s'être terminée avant d'avoir commencé."),
    ({"finished_on": "2027-05-01"}, "finished_on", "Indiquez aussi quand elle a commencé."),
    ({"started_on": "2027-13-01"}, "started_on", "Date invalide."),
])
def test_real_dates_that_cannot_be_are_refused_at_their_field(client, csrf, demo_map, values, field, message):
    before = state.everything()
    response = add(client, csrf, demo_map, kind="jardin_collectif", **values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and error.group(1).replace("&#39;", "'") == message
    assert 'value="Verger partagé des jardins du 05"' in page
    assert state.everything() == before
