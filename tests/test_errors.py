"""French errors; a form sent through htmx and refused whole keeps its place, with the reason in it."""
import re

import pytest
from sqlalchemy import func, select

from app.demo import demo_contribution_link
from app.extensions import db
from app.models import Feature, Proposal
from tests.conftest import HX, csrf_of
from tests.features.test_routes import form

REFUSAL_TARGET = 'find .form-refusal, find [name="csrf_token"], previous [name="csrf_token"]'


def created():
    return (db.session.scalar(select(func.count()).select_from(Feature)),
            db.session.scalar(select(func.count()).select_from(Proposal)))


def test_a_form_sent_with_a_stale_token_is_kept_and_gets_a_fresh_one(client, demo_map):
    before, path = created(), f"/cartes/{demo_map.id}/elements"
    refused = client.post(path, data=form("jeton-d-une-autre-session", demo_map.categories[0]), headers=HX)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Votre session a expiré" in body and 'class="form-refusal' in body
    assert refused.headers["HX-Retarget"] == REFUSAL_TARGET and refused.headers["HX-Reswap"] == "outerHTML"
    assert created() == before
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    assert client.post(path, data=form(fresh, demo_map.categories[0]), headers=HX).status_code == 200  # sent again


def test_a_resident_whose_link_was_revoked_is_told_so_in_the_form(resident, demo_map):
    csrf = csrf_of(resident, f"/cartes/{demo_map.id}")
    demo_contribution_link(demo_map).revoke()
    db.session.commit()
    before = created()
    refused = resident.post(f"/cartes/{demo_map.id}/elements", data=form(csrf, demo_map.categories[0]), headers=HX)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "Ce lien de contribution a été révoqué" in body
    assert refused.headers["HX-Retarget"] == REFUSAL_TARGET and created() == before


@pytest.mark.parametrize("headers, why", [
    ({}, "a page without htmx: the whole error page"),
    ({**HX, "HX-Boosted": "true"}, "a boosted request wants a page"),
])
def test_a_refused_post_that_is_not_an_htmx_form_gets_the_error_itself(client, demo_map, headers, why):
    refused = client.post(f"/cartes/{demo_map.id}/elements", data=form("périmé", demo_map.categories[0]),
                          headers=headers)
    assert refused.status_code == 400 and "Le formulaire a expiré" in refused.get_data(as_text=True), why
    assert "HX-Retarget" not in refused.headers


def test_a_post_without_a_form_field_and_a_refused_link_get_the_error_itself(anonymous, client, demo_map, empty_map):
    """A poll posts its token in a header only, and a link opens the panel: no form holds the message."""
    no_field = client.post(f"/cartes/{demo_map.id}/presence", headers={**HX, "X-CSRFToken": "périmé"})
    assert no_field.status_code == 400 and "HX-Retarget" not in no_field.headers
    link = anonymous.get(f"/cartes/{empty_map.id}/elements/nouveau", headers=HX)
    assert link.status_code == 404 and "HX-Retarget" not in link.headers
