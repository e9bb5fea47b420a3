"""The authorisation matrix: every route, every kind of person, the expected answer.

The abilities of each person are written out here by hand, apart from `app/access.py`, so that a change
to the rules there that nobody meant shows up as a failure here.
"""
from datetime import date

import pytest
from shapely.geometry import Point

from app.extensions import db
from app.models import Action, Collective, ContributionLink, Feature, MemberInvite, Plot, Proposal, Revision, User, Walk
from app.photos import store
from tests.conftest import csrf_of, log_in
from tests.photos.images import as_upload, plain_jpeg

# V view, C comment, A add, E edit, M manage (delete, restore, legend, moderation), O own (sharing, members),
# P see the project (actions, budget, dossier): members only, not a link holder or a resident
CAN = {
    "anonymous": "", "outsider": "", "link-holder": "V", "viewer": "VP", "resident": "VCA",
    "contributor": "VCAEP", "editor": "VCAEMP", "owner": "VCAEMOP",
}
MEMBERS = ("viewer", "contributor", "editor", "owner")

# (method, path, ability); {m} map, {f} feature, {g} deleted feature, {c} category, {r} revision, {p} proposal,
# {l} contribution link, {h} a photo of {f}, {w} a walk, {a} an action, {z} a zone shared into plots, {q} one of
# its plots. POSTs carry only a CSRF token, so an allowed one is refused as a form (422) and changes
# nothing, except those without a form, which come last.
MAP_ROUTES = [
    ("GET", "/cartes/{m}", "V"),
    ("GET", "/cartes/{m}/changements?depuis=0", "V"),
    ("GET", "/cartes/{m}/elements", "V"),
    ("GET", "/cartes/{m}/elements.geojson", "V"),
    ("GET", "/cartes/{m}/elements.geojson?action={a}", "P"),
    ("GET", "/cartes/{m}/elements/{f}", "V"),
    ("GET", "/cartes/{m}/elements/{f}/commentaires", "V"),
    ("GET", "/cartes/{m}/elements/{f}/photos/{h}", "V"),
    ("GET", "/cartes/{m}/elements/{f}/photos/{h}/miniature", "V"),
    ("GET", "/cartes/{m}/historique", "V"),
    ("GET", "/cartes/{m}/legende", "V"),
    ("GET", "/cartes/{m}/hors-ligne", "V"),
    ("GET", "/cartes/{m}/export", "V"),
    ("GET", "/cartes/{m}/cadastre.geojson?bbox=2.8,50.4,3.0,50.5", "V"),
    ("GET", "/cartes/{m}/impression", "V"),
    ("GET", "/cartes/{m}/impression/fichier?fond=aucun&sortie=apercu", "V"),
    ("GET", "/cartes/{m}/import", "E"),
    ("POST", "/cartes/{m}/import", "E"),
    ("POST", "/cartes/{m}/import/apercu", "E"),
    ("POST", "/cartes/{m}/import/confirmer", "E"),
    ("GET", "/cartes/{m}/export/telecharger?format=geojson", "V"),
    ("GET", "/cartes/{m}/marches", "V"),
    ("GET", "/cartes/{m}/marches/{w}", "V"),
    ("GET", "/cartes/{m}/marches/nouvelle", "E"),
    ("POST", "/cartes/{m}/marches", "E"),
    ("POST", "/cartes/{m}/marches/{w}/trace", "E"),
    ("POST", "/cartes/{m}/presence", "V"),
    ("GET", "/cartes/{m}/actions", "P"),
    ("GET", "/cartes/{m}/actions/{a}", "P"),
    ("GET", "/cartes/{m}/actions/nouvelle", "E"),
    ("POST", "/cartes/{m}/actions", "E"),
    ("GET", "/cartes/{m}/actions/{a}/modifier", "E"),
    ("POST", "/cartes/{m}/actions/{a}", "E"),
    ("POST", "/cartes/{m}/elements/{f}/actions", "E"),
    ("GET", "/cartes/{m}/dossier", "P"),
    ("GET", "/cartes/{m}/planning", "P"),
    ("GET", "/cartes/{m}/copil", "P"),
    ("GET", "/cartes/{m}/dossier/annexe.pdf", "P"),
    ("GET", "/cartes/{m}/dossier/annexe.docx", "P"),
    ("GET", "/cartes/{m}/dossier/plan-de-financement.pdf", "P"),
    ("GET", "/cartes/{m}/dossier/plan-de-financement.csv", "P"),
    ("GET", "/cartes/{m}/dossier/plan-de-financement.xlsx", "P"),
    ("POST", "/cartes/{m}/dossier", "E"),
    ("GET", "/cartes/{m}/elements/{z}/parcelles", "V"),
    ("GET", "/cartes/{m}/elements/{z}/parcelles/plan", "V"),
    ("POST", "/cartes/{m}/elements/{z}/parcelles", "E"),
    ("GET", "/cartes/{m}/elements/{q}/attribution", "E"),
    ("POST", "/cartes/{m}/elements/{q}/attribution", "E"),
    ("GET", "/cartes/{m}/elements/nouveau", "A"),
    ("POST", "/cartes/{m}/elements", "A"),
    ("POST", "/cartes/{m}/elements/{f}/commentaires", "C"),
    ("POST", "/cartes/{m}/elements/{f}/photos", "A"),
    ("GET", "/cartes/{m}/elements/{f}/modifier", "E"),
    ("POST", "/cartes/{m}/elements/{f}", "E"),
    ("GET", "/cartes/{m}/legende/modifier", "M"),
    ("POST", "/cartes/{m}/legende", "M"),
    ("POST", "/cartes/{m}/legende/{c}", "M"),
    ("GET", "/cartes/{m}/legende/{c}/supprimer", "M"),
    ("GET", "/cartes/{m}/moderation", "M"),
    ("GET", "/cartes/{m}/moderation/{p}/modifier", "M"),
    ("POST", "/cartes/{m}/moderation/{p}/modifier", "M"),
    ("POST", "/cartes/{m}/moderation/{p}/refuser", "M"),
    ("GET", "/cartes/{m}/partage", "O"),
    ("GET", "/cartes/{m}/sauvegarde", "O"),
    ("POST", "/cartes/{m}/partage", "O"),
    ("POST", "/cartes/{m}/liens", "O"),
    # Without a form: these change something when allowed.
    ("POST", "/cartes/{m}/legende/{c}/descendre", "M"),
    ("POST", "/cartes/{m}/legende/{c}/monter", "M"),
    ("POST", "/cartes/{m}/elements/{g}/restaurer", "M"),
    ("POST", "/cartes/{m}/historique/{r}/retablir", "M"),
    ("POST", "/cartes/{m}/elements/{f}/photos/{h}/supprimer", "M"),
    ("POST", "/cartes/{m}/elements/{f}/supprimer", "M"),
    ("POST", "/cartes/{m}/legende/{c}/supprimer", "M"),
    ("POST", "/cartes/{m}/moderation/{p}/valider", "M"),
    ("POST", "/cartes/{m}/marches/{w}/terminer", "E"),
    ("POST", "/cartes/{m}/actions/{a}/descendre", "E"),
    ("POST", "/cartes/{m}/actions/{a}/monter", "E"),
    ("POST", "/cartes/{m}/actions/{a}/supprimer", "M"),  # the last of the action's routes
    ("POST", "/cartes/{m}/marches/{w}/supprimer", "M"),  # the last of the walk's routes: the walk is gone after it
    ("POST", "/cartes/{m}/liens/{l}/revoquer", "O"),
    ("POST", "/cartes/{m}/partage/nouveau-lien", "O"),
]
# Collective pages: members see them, owners change them; nobody else learns the collective exists.
COLLECTIVE_ROUTES = [
    ("GET", "/collectifs/{k}", "member"),
    ("POST", "/collectifs/{k}/invitations", "owner"),
    ("POST", "/collectifs/{k}/restaurer", "owner"),
    ("POST", "/collectifs/{k}/membres/{v}", "owner"),
    ("POST", "/collectifs/{k}/invitations/{i}/revoquer", "owner"),
]


@pytest.fixture
def world(app, collective, owner, demo_map):
    """A map shared by link, with one of everything, and a person of each kind."""
    from app.models import Category
    demo_map.visibility = "link"
    people = {"owner": owner}
    for role in ("viewer", "contributor", "editor"):
        people[role] = User(email=f"{role}@exemple.fr", display_name=role.title())
        people[role].set_password("un mot de passe sûr")
        collective.join(people[role], role)
    outsider = User(email="ailleurs@exemple.fr", display_name="Ailleurs")
    outsider.set_password("un mot de passe sûr")
    other = Collective.found("Autre collectif", "association", outsider)
    link = ContributionLink(map_id=demo_map.id, label="Balade", moderated=True)
    invite = MemberInvite(collective=collective, role="viewer")
    db.session.add_all([link, invite, other])
    features = Feature.listed(demo_map.id)[0]
    features[1].soft_delete()
    category = Category.of_map(demo_map.id)[0]
    proposal = Proposal.propose(demo_map, link, category, "Banc", "", Point(2.89, 50.443), "Karim")
    photo = store.attach(features[0], as_upload(plain_jpeg()))
    walk = Walk.start(demo_map, date(2026, 5, 12), "Lucie", 12)
    action = Action.add(demo_map, kind="ressources", title="Outilthèque", features=[features[0]])
    zone = next(feature for feature in features[2:] if feature.kind == "polygon")
    plot = Feature.create(demo_map, zone.category, "Parcelle 1", "", zone.shape.buffer(-0.00002))
    db.session.add(Plot(feature=plot, zone=zone))
    db.session.commit()
    ids = {"m": demo_map.id, "f": features[0].id, "g": features[1].id, "c": category.id, "p": proposal.id,
           "r": Revision.listed(demo_map.id, features[0].id)[-1].id, "l": link.id, "k": collective.id,
           "v": collective.membership_of(people["viewer"]).id, "i": invite.id, "h": photo.id, "w": walk.id,
           "a": action.id, "z": zone.id, "q": plot.id}
    clients = {}
    for kind in CAN:
        client = clients[kind] = app.test_client()
        if kind in people:
            log_in(client, people[kind].id)
        elif kind == "outsider":
            log_in(client, outsider.id)
    clients["link-holder"].get(f"/cartes/{demo_map.id}?cle={demo_map.share_token}")
    path = f"/contribuer/{link.token}"
    clients["resident"].post(path, data={"csrf_token": csrf_of(clients["resident"], path), "pseudonym": "Karim"})
    return ids, clients


def request(client, method, path):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": csrf_of(client)})


@pytest.mark.parametrize("kind", CAN)
def test_every_map_route_answers_each_person_as_their_abilities_say(world, kind):
    ids, clients = world
    for method, template, ability in MAP_ROUTES:
        status = request(clients[kind], method, template.format(**ids)).status_code
        if "V" not in CAN[kind]:
            expected = {404}  # a map one may not see does not exist, whatever its id
        elif ability not in CAN[kind]:
            expected = {403}
        else:
            expected = {200, 302, 303, 409, 422}
        assert status in expected, (kind, method, template, status)


@pytest.mark.parametrize("kind", CAN)
def test_collective_routes_are_for_members_and_changes_for_owners(world, kind):
    ids, clients = world
    for method, template, needed in COLLECTIVE_ROUTES:
        response = request(clients[kind], method, template.format(**ids))
        if kind in ("anonymous", "link-holder", "resident"):
            assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
        elif kind == "outsider":
            assert response.status_code == 404, (template, kind)
        elif needed == "owner" and kind != "owner":
            assert response.status_code == 403, (template, kind)
        else:
            assert response.status_code in (200, 303, 422), (template, kind, response.status_code)


def test_the_matrix_covers_every_route_that_takes_a_map_or_a_collective(app):
    covered = {t.split("?")[0] for _, t, _ in MAP_ROUTES + COLLECTIVE_ROUTES}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/cartes/<", "/collectifs/<")):
            path = rule.rule
            for name, letter in (("map_id", "m"), ("collective_id", "k"), ("invite_id", "i"), ("member_id", "v"),
                                 ("link_id", "l"), ("proposal_id", "p"), ("revision_id", "r"),
                                 ("category_id", "c"), ("photo_id", "h"), ("walk_id", "w"),
                                 ("action_id", "a")):
                path = path.replace(f"<int:{name}>", "{" + letter + "}")
            path = path.replace("<int:feature_id>", "{f}")
            variants = {path, *(path.replace("{f}", "{" + letter + "}") for letter in "gzq")}
            assert variants & covered, rule.rule


def test_no_state_change_without_the_csrf_token(world):
    ids, clients = world
    for method, template, _ability in MAP_ROUTES + COLLECTIVE_ROUTES:
        if method == "POST":
            assert clients["owner"].post(template.format(**ids)).status_code == 400, template


def test_objects_of_another_map_are_not_reachable_through_ones_own(world, owner, empty_map):
    """The owner of both maps still cannot reach the demo map's things through the other map's URL (IDOR)."""
    ids, clients = world
    for method, template, _ability in MAP_ROUTES:
        if template.startswith("/cartes/{m}/") and any(
                k in template for k in ["{f", "{g", "{c", "{r", "{p", "{l", "{w", "{a", "{z", "{q"]):
            path = template.format(**{**ids, "m": empty_map.id})
            assert request(clients["owner"], method, path).status_code == 404, template


def test_revoked_and_expired_contribution_links_stop_at_once(world, demo_map):
    from datetime import timedelta

    from app.models.map import utcnow
    ids, clients = world
    resident = clients["resident"]
    assert resident.get(f"/cartes/{ids['m']}/elements/nouveau").status_code == 200
    link = db.session.get(ContributionLink, ids["l"])
    link.revoke()
    db.session.commit()
    assert resident.get(f"/cartes/{ids['m']}/elements/nouveau").status_code == 404  # the map is not public
    link.revoked_at, link.expires_at = None, utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert resident.get(f"/cartes/{ids['m']}/elements/nouveau").status_code == 404
    link.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert resident.get(f"/cartes/{ids['m']}/elements/nouveau").status_code == 200


def test_a_new_view_link_or_a_private_map_shuts_out_the_old_link(world, demo_map):
    ids, clients = world
    holder = clients["link-holder"]
    assert holder.get(f"/cartes/{ids['m']}").status_code == 200
    demo_map.renew_share_token()
    db.session.commit()
    assert holder.get(f"/cartes/{ids['m']}").status_code == 404
    assert holder.get(f"/cartes/{ids['m']}?cle={demo_map.share_token}").status_code == 200
    demo_map.visibility = "private"
    db.session.commit()
    assert holder.get(f"/cartes/{ids['m']}?cle={demo_map.share_token}").status_code == 404


def test_a_public_map_is_listed_and_seen_by_all_but_changed_by_members(world, demo_map, anonymous):
    demo_map.visibility = "public"
    db.session.commit()
    assert demo_map.name.replace("'", "&#39;") in anonymous.get("/").get_data(as_text=True)
    assert anonymous.get(f"/cartes/{demo_map.id}").status_code == 200
    assert anonymous.get(f"/cartes/{demo_map.id}/elements/nouveau").status_code == 403
