"""Sharing a map: visibility, the view link, contribution links and the resident's pseudonym."""
from sqlalchemy import select

from app.extensions import db
from app.models import ContributionLink, Feature, Proposal
from tests.conftest import HX, csrf_of

POINT = '{"type": "Point", "coordinates": [2.892, 50.443]}'


def test_the_owner_makes_a_map_viewable_by_link(client, csrf, empty_map, anonymous):
    page = client.post(f"/cartes/{empty_map.id}/partage", headers=HX, data={
        "csrf_token": csrf, "visibility": "link"}).get_data(as_text=True)
    assert empty_map.visibility == "link" and f"cle={empty_map.share_token}" in page
    assert anonymous.get(f"/cartes/{empty_map.id}").status_code == 404
    assert anonymous.get(f"/cartes/{empty_map.id}?cle={empty_map.share_token}").status_code == 200
    assert anonymous.get(f"/cartes/{empty_map.id}/elements").status_code == 200  # the key stays in the session


def test_a_contribution_link_needs_a_known_lifetime(client, csrf, empty_map):
    response = client.post(f"/cartes/{empty_map.id}/liens", headers=HX, data={
        "csrf_token": csrf, "label": "Balade", "lifetime": "1000"})
    assert response.status_code == 422 and 'value="Balade"' in response.get_data(as_text=True)
    assert db.session.scalar(select(ContributionLink)) is None


def resident_of(app, client, csrf, map_, moderated):
    """Make a contribution link as the owner, and a resident who opened it as « Karim »."""
    client.post(f"/cartes/{map_.id}/liens", headers=HX, data={
        "csrf_token": csrf, "label": "Balade", "lifetime": "7", **({"moderated": "y"} if moderated else {})})
    link = db.session.scalar(select(ContributionLink).where(ContributionLink.map_id == map_.id))
    resident = app.test_client()
    path = f"/contribuer/{link.token}"
    refused = resident.post(path, data={"csrf_token": csrf_of(resident, path), "pseudonym": "  "})
    assert refused.status_code == 422 and "Indiquez un prénom" in refused.get_data(as_text=True)
    assert resident.post(path, data={"csrf_token": csrf_of(resident, path), "pseudonym": "Karim"}).status_code == 303
    return resident


def test_a_resident_adds_an_item_at_once_through_an_unmoderated_link(app, client, csrf, empty_map):
    resident = resident_of(app, client, csrf, empty_map, moderated=False)
    category = empty_map.categories[0]
    response = resident.post(f"/cartes/{empty_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(resident), "category": category.id, "title": "Composteur", "geometry": POINT})
    feature = db.session.scalar(select(Feature))
    assert response.status_code == 200 and feature.number == 1 and feature.title == "Composteur"
    assert resident.get(f"/cartes/{empty_map.id}/elements/{feature.id}/modifier").status_code == 403


def test_through_a_moderated_link_the_item_waits_and_takes_no_number(app, client, csrf, empty_map):
    resident = resident_of(app, client, csrf, empty_map, moderated=True)
    response = resident.post(f"/cartes/{empty_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(resident), "category": empty_map.categories[0].id, "title": "Composteur",
        "geometry": POINT})
    assert response.status_code == 200 and "attend la validation" in response.get_data(as_text=True)
    assert db.session.scalar(select(Feature)) is None and empty_map.last_number == 0
    proposal = db.session.scalar(select(Proposal))
    assert (proposal.author, proposal.status, proposal.geometry["type"]) == ("Karim", "waiting", "Point")


def test_the_sharing_panel_of_a_public_map_offers_its_embed_code(client, csrf, empty_map):
    empty_map.name = 'Cité "des Fleurs" <b>'
    empty_map.visibility = "link"
    db.session.commit()
    assert "Intégrer à un site" not in client.get(f"/cartes/{empty_map.id}/partage", headers=HX).text
    page = client.post(f"/cartes/{empty_map.id}/partage", headers=HX, data={
        "csrf_token": csrf, "visibility": "public"}).get_data(as_text=True)
    assert "Intégrer à un site" in page and "data-embed-category=" in page
    # The code is text in the box, the map's name escaped in it once as an attribute, again as the box's text.
    assert (f'&lt;iframe src=&#34;http://localhost/cartes/{empty_map.id}/integrer&#34; '
            'title=&#34;Carte Cité &amp;#34;des Fleurs&amp;#34; &amp;lt;b&amp;gt;&#34;') in page
    assert "<iframe" not in page
