"""The moderation queue: validate, correct then validate, or reject with a reason."""
from shapely.geometry import Point

from app.extensions import db
from app.models import ContributionLink, Feature, Proposal, Revision
from tests.conftest import HX, log_in


def proposal_on(map_, title="Banc"):
    link = ContributionLink(map_id=map_.id, moderated=True)
    db.session.add(link)
    db.session.flush()
    proposal = Proposal.propose(map_, link, map_.categories[0], title, "Près du puits", Point(2.892, 50.443),
                                author="Karim")
    db.session.commit()
    return proposal


def test_validating_makes_a_numbered_item_signed_by_the_resident(client, csrf, empty_map):
    proposal = proposal_on(empty_map)
    queue = client.get(f"/cartes/{empty_map.id}/moderation", headers=HX).get_data(as_text=True)
    assert "Banc" in queue and "proposé par Karim" in queue
    response = client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/valider", headers=HX,
                           data={"csrf_token": csrf})
    feature = db.session.get(Feature, proposal.feature_id)
    assert response.status_code == 200 and "est sur la carte, n° 1" in response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "features-changed"
    assert (feature.number, feature.title, proposal.status) == (1, "Banc", "validated")
    assert Revision.listed(empty_map.id)[0].author == "Karim"
    again = client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/valider", data={"csrf_token": csrf})
    assert again.status_code == 404  # decided once


def test_correct_then_validate(client, csrf, empty_map):
    proposal = proposal_on(empty_map)
    form = client.get(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX).get_data(as_text=True)
    assert 'value="Banc"' in form
    refused = client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX, data={
        "csrf_token": csrf, "category": empty_map.categories[1].id, "title": "", "description": "Neuf"})
    assert refused.status_code == 422 and proposal.status == "waiting"
    client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX, data={
        "csrf_token": csrf, "category": empty_map.categories[1].id, "title": "Banc en chêne", "description": "Neuf"})
    feature = db.session.get(Feature, proposal.feature_id)
    assert (feature.title, feature.category_id, feature.description) == ("Banc en chêne",
                                                                         empty_map.categories[1].id, "Neuf")


def test_rejecting_needs_a_reason_and_takes_no_number(client, csrf, empty_map):
    proposal = proposal_on(empty_map)
    refused = client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/refuser", headers=HX,
                          data={"csrf_token": csrf, "reason": " "})
    assert refused.status_code == 422 and "Dites pourquoi" in refused.get_data(as_text=True)
    client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/refuser", headers=HX,
                data={"csrf_token": csrf, "reason": "Propriété privée"})
    assert (proposal.status, proposal.reason) == ("rejected", "Propriété privée")
    assert empty_map.last_number == 0 and Proposal.waiting(empty_map.id) == []
    assert "Aucune proposition en attente." in client.get(f"/cartes/{empty_map.id}/moderation",
                                                          headers=HX).get_data(as_text=True)


def test_those_who_moderate_get_the_waiting_proposals_to_draw_on_the_map(app, client, empty_map, member):
    waiting, decided = proposal_on(empty_map, "Banc"), proposal_on(empty_map, "Tag")
    decided.reject(empty_map, "Hors du quartier", author="Camille")
    db.session.commit()
    response = client.get(f"/cartes/{empty_map.id}/moderation/propositions.geojson")
    layer = response.get_json()
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert [f["id"] for f in layer["features"]] == [f"proposal-{waiting.id}"]
    shown = layer["features"][0]
    assert shown["geometry"] == {"type": "Point", "coordinates": [2.892, 50.443]}
    assert shown["properties"] == {"status": "waiting", "tooltip": "En attente : « Banc » de Karim",
                                   "url": f"/cartes/{empty_map.id}/moderation/{waiting.id}"}
    panel = client.get(shown["properties"]["url"], headers=HX).get_data(as_text=True)
    assert "Proposition en attente" in panel and "Banc" in panel and "Refuser" in panel


def test_nobody_else_gets_the_waiting_proposals(app, empty_map, member, anonymous):
    proposal = proposal_on(empty_map)
    contributor = app.test_client()
    log_in(contributor, member("Lou", "contributor").id)
    for path in ("/moderation/propositions.geojson", f"/moderation/{proposal.id}",
                 f"/moderation/{proposal.id}/modifier"):
        assert contributor.get(f"/cartes/{empty_map.id}{path}").status_code == 403
        assert anonymous.get(f"/cartes/{empty_map.id}{path}").status_code == 404  # a private map: unknown to them
    empty_map.visibility = "public"
    db.session.commit()
    assert anonymous.get(f"/cartes/{empty_map.id}/moderation/propositions.geojson").status_code == 403
    assert "moderation/propositions.geojson" not in anonymous.get(f"/cartes/{empty_map.id}").get_data(as_text=True)


def test_correcting_moves_the_drawing_checked_as_an_items_shape(client, csrf, empty_map):
    proposal = proposal_on(empty_map)
    form = client.get(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX).get_data(as_text=True)
    assert "Modifier la forme sur la carte" in form and "2.892, 50.443" in form  # its shape, in the hidden field
    data = {"csrf_token": csrf, "category": empty_map.categories[0].id, "title": "Banc", "description": ""}
    crossed = '{"type": "Polygon", "coordinates": [[[2.89, 50.44], [2.9, 50.45], [2.9, 50.44], [2.89, 50.45], ' \
              '[2.89, 50.44]]]}'
    refused = client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX,
                          data={**data, "geometry": crossed})
    assert refused.status_code == 422 and proposal.status == "waiting"
    assert 'id="geometry-error"' in refused.get_data(as_text=True)
    client.post(f"/cartes/{empty_map.id}/moderation/{proposal.id}/modifier", headers=HX,
                data={**data, "geometry": '{"type": "Point", "coordinates": [2.8925, 50.4433]}'})
    feature = db.session.get(Feature, proposal.feature_id)
    assert (round(feature.shape.x, 4), round(feature.shape.y, 4)) == (2.8925, 50.4433)


def test_decisions_are_in_the_history_of_those_who_moderate_only(app, client, csrf, empty_map, member):
    kept, refused = proposal_on(empty_map, "Banc"), proposal_on(empty_map, "Tag <b>gras</b>")
    client.post(f"/cartes/{empty_map.id}/moderation/{kept.id}/valider", headers=HX, data={"csrf_token": csrf})
    client.post(f"/cartes/{empty_map.id}/moderation/{refused.id}/refuser", headers=HX,
                data={"csrf_token": csrf, "reason": "Propriété <i>privée</i>"})
    history = client.get(f"/cartes/{empty_map.id}/historique", headers=HX).get_data(as_text=True)
    refusal = "Proposition « Tag &lt;b&gt;gras&lt;/b&gt; » de Karim refusée</strong> : Propriété &lt;i&gt;privée"
    assert refusal in history
    assert "Proposition « Banc » de Karim validée</strong> : <a" in history and "n° 01" in history
    assert "Élément ajouté" in history  # the item itself, under the resident's name
    decisions = [r for r in Revision.listed(empty_map.id, moderation=True) if r.action in ("validated", "rejected")]
    assert {r.author for r in decisions} == {"Camille"}
    editor = app.test_client()
    log_in(editor, member("Lou", "contributor").id)
    theirs = editor.get(f"/cartes/{empty_map.id}/historique", headers=HX).get_data(as_text=True)
    assert "Élément ajouté" in theirs and "Proposition" not in theirs and "privée" not in theirs
