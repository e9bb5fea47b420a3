"""Nobody outside a map's collective reads a person's name on it (issue 16): not in the history, the comments, the
photos, the walks and their report, who else is on the map, nor in any export. They read « un membre » or
« un·e habitant·e »; the collective's members read the names.

Every GET route of a map is asked, from `app.url_map` (a route added later is asked too), as a page and as a
fragment, and every export format is downloaded and opened (a GeoPackage is SQLite, a zip is unzipped).
"""
import gzip
import io
import sqlite3
import zipfile
from datetime import date
from itertools import product

import pytest
from shapely.geometry import Point

from app.dossier import copil
from app.expenses import store as receipts
from app.expenses.receipts import clean_receipt
from app.exports.routes import WRITTEN
from app.extensions import db
from app.models import (
    Action,
    BudgetLine,
    Category,
    Comment,
    ContributionLink,
    CopilDecision,
    CopilMeeting,
    Dossier,
    Expense,
    Feature,
    Plot,
    Presence,
    Proposal,
    Walk,
)
from app.models.author import Author
from app.photos import store
from tests.conftest import HX, csrf_of, log_in
from tests.expenses.files import small_pdf
from tests.photos.images import as_upload, plain_jpeg

MEMBER, EMAIL, RESIDENT = "Apolline Verdier", "apolline.verdier@exemple.fr", "Zorglub Kerouac"
# Each part on its own: a name also reaches a page inside an address (« ?auteur=Apolline+Verdier »).
SECRETS = ("Apolline", "Verdier", EMAIL, "Zorglub", "Kerouac")


@pytest.fixture
def named(app, demo_map, member):
    """The demo map with an editor's item, its edit and comments, a resident's validated, refused and waiting
    proposals, a photo, a walk with its report, a shared plot given to the resident, a COPIL meeting they attended
    whose decision the editor sees to, and both on the map now."""
    editor = member(MEMBER, "editor")
    editor.email = EMAIL
    category = Category.of_map(demo_map.id)[0]
    link = ContributionLink(map_id=demo_map.id, label="Balade", moderated=True)
    db.session.add(link)
    db.session.flush()
    item = Feature.create(demo_map, category, "Banc cassé", "", Point(2.89, 50.443), author=MEMBER)
    item.edit(category, "Banc à réparer", "Le dossier manque", author=MEMBER)
    db.session.flush()
    Comment.add(item, "Je passe demain", author=MEMBER)
    Comment.add(item, "Merci !", author=RESIDENT)
    photo = store.attach(item, as_upload(plain_jpeg()), author=RESIDENT)
    kept, refused, waiting = (Proposal.propose(demo_map, link, category, title, "", Point(2.891, 50.444),
                                               author=RESIDENT) for title in ("Potager", "Doublon", "Bac à fleurs"))
    validated = kept.validate(demo_map, author=MEMBER)
    refused.reject(demo_map, "Déjà sur la carte", author=MEMBER)
    walk = Walk.start(demo_map, date(2026, 5, 12), MEMBER, 12)
    noted = Feature.create(demo_map, category, "Trottoir étroit", "", Point(2.892, 50.442), author=MEMBER, walk=walk)
    db.session.flush()
    Comment.add(noted, "Dangereux avec une poussette", author=RESIDENT)
    zone = next(feature for feature in Feature.listed(demo_map.id)[0] if feature.kind == "polygon")
    plot = Feature.create(demo_map, zone.category, "Parcelle 1", "", zone.shape.buffer(-0.00002), author=MEMBER)
    db.session.add(Plot(feature=plot, zone=zone))
    db.session.flush()
    plot.assign_plot(RESIDENT, None, None, "", author=MEMBER)
    action = Action.add(demo_map, kind="ressources", title="Outilthèque", features=[item], budget_lines=[
        BudgetLine(label="Outils", amount_cents=90000, kind="equipement", funder="etat")])
    expense = Expense(label="Bêches", amount_cents=12000, spent_on=date(2027, 3, 1), user_id=editor.id)
    action.budget_lines[0].expenses = [expense]
    receipt = receipts.attach(expense, clean_receipt(io.BytesIO(small_pdf())), author=Author(MEMBER, editor.id))
    meeting = CopilMeeting(map_id=demo_map.id, held_on=date(2027, 3, 12), attendees=f"{MEMBER}\n{RESIDENT}",
                           report=copil.freeze(demo_map, Dossier.of_map(demo_map)))
    meeting.decisions = [CopilDecision(text="Réparer le banc", owner=MEMBER, action=action, outcome="updated")]
    db.session.add(meeting)
    Presence.here(demo_map.id, "a" * 16, MEMBER)
    Presence.here(demo_map.id, "b" * 16, RESIDENT)
    db.session.commit()
    return {"map_id": demo_map.id, "feature_id": (item.id, validated.id, noted.id, zone.id, plot.id),
            "photo_id": photo.id, "category_id": category.id, "walk_id": walk.id, "proposal_id": waiting.id,
            "action_id": action.id, "meeting_id": meeting.id, "expense_id": expense.id, "receipt_id": receipt.id,
            "day": date.today().isoformat(),
            "link": link, "editor": editor}


def every_get(app, ids):
    """Every GET route of a map, its ids filled in (each item for an item's route), with the questions it takes."""
    questions = {
        "history.changes": ["?depuis=0"],
        "history.index": ["", f"?element={ids['feature_id'][0]}", "?auteur=Apolline+Verdier",
                          "?auteur=Zorglub%20Kerouac", "?avant=1000000"],
        "exports.download": [f"?format={code}&categorie={category}"
                             for code, category in product(WRITTEN, [ids["category_id"]])],
        "reference.parcels": ["?bbox=2.88,50.43,2.90,50.45"],
        "printing.sheet": ["?fond=aucun&sortie=apercu"],
    }
    urls = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith("/cartes/<int:map_id>"):
            continue
        # An item's photo is asked through its own item; any other item's route through each of them.
        items = ids["feature_id"][:1] if "photo_id" in rule.arguments else ids["feature_id"]
        for feature_id in items if "feature_id" in rule.arguments else [None]:
            values = {name: ids[name] for name in rule.arguments if name != "feature_id"}
            path = urls.build(rule.endpoint, {**values, **({"feature_id": feature_id} if feature_id else {})})
            for question in questions.get(rule.endpoint, [""]):
                yield path + question


def readable(body):
    """The text of an answer, a file opened as its reader would: a zip's members, a GeoPackage's rows."""
    if body[:2] == b"\x1f\x8b":
        return readable(gzip.decompress(body))
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(readable(archive.read(name)) for name in archive.namelist())
    if body.startswith(b"SQLite format 3\x00"):
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(body)
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    return body.decode("utf-8", "replace")


def names_seen(client, app, ids):
    """(path, fragment?, status, name) for every name that a page, a fragment, a file or the presence lets through."""
    seen = []
    for path, headers in product(every_get(app, ids), ({}, HX)):
        response = client.get(path, headers=headers)
        text = readable(response.get_data())
        seen += [(path, headers != {}, response.status_code, secret) for secret in SECRETS if secret in text]
    presence = client.post(f"/cartes/{ids['map_id']}/presence", data={"csrf_token": csrf_of(client)})
    seen += [("presence", False, presence.status_code, secret) for secret in SECRETS if secret in presence.text]
    return seen


def test_a_visitor_of_a_public_map_reads_no_name_on_any_page_or_file(app, named):
    visitor, paths = app.test_client(), list(every_get(app, named))
    assert names_seen(visitor, app, named) == []
    # Not a blind search: every format was asked, and each file read opens to the item's title.
    files = [path for path in paths if "telecharger?format=" in path]
    assert len(files) == len(WRITTEN) and len(paths) > 60
    for path in files:
        assert "Banc à réparer" in readable(visitor.get(path).get_data()), path


def test_a_view_link_holder_reads_no_name_on_a_link_only_map(app, named, demo_map):
    demo_map.visibility = "link"
    db.session.commit()
    holder = app.test_client()
    assert holder.get(f"/cartes/{demo_map.id}?cle={demo_map.share_token}").status_code == 200
    assert names_seen(holder, app, named) == []


def resident_named(app, link, pseudonym):
    client = app.test_client()
    path = f"/contribuer/{link.token}"
    client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": pseudonym})
    return client


def test_a_resident_reads_no_one_elses_name(app, named):
    """A resident is not of the collective either."""
    resident = resident_named(app, named["link"], "Karim")
    assert resident.get(f"/cartes/{named['map_id']}/elements/nouveau").status_code == 200  # a resident indeed
    assert names_seen(resident, app, named) == []


def test_a_resident_reads_their_own_pseudonym_but_never_a_members_name_typed_as_theirs(app, named):
    history = f"/cartes/{named['map_id']}/historique"
    own = resident_named(app, named["link"], RESIDENT).get(history, headers=HX).text
    assert RESIDENT in own and "Apolline" not in own and "un membre" in own
    posing = resident_named(app, named["link"], MEMBER).get(history, headers=HX).text
    assert "Apolline" not in posing and "un membre" in posing and "un·e habitant·e" in posing


def test_a_visitor_reads_which_kind_of_person_it_was(app, named):
    visitor, item = app.test_client(), named["feature_id"][0]
    thread = visitor.get(f"/cartes/{named['map_id']}/elements/{item}/commentaires", headers=HX).text
    assert "un membre" in thread and "un·e habitant·e" in thread
    history = visitor.get(f"/cartes/{named['map_id']}/historique").text
    assert "un membre" in history and "un·e habitant·e" in history and "Voyette" in history  # the demo's own
    here = visitor.post(f"/cartes/{named['map_id']}/presence", data={"csrf_token": csrf_of(visitor)}).text
    assert "un membre, un·e habitant·e" in here


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_the_collectives_members_read_the_names(app, named, member, role):
    client = app.test_client()
    log_in(client, named["editor"].id if role == "editor" else member("Bertille", "viewer").id)
    map_id, item = named["map_id"], named["feature_id"][0]
    comments = f"/cartes/{map_id}/elements/{item}/commentaires"
    pages = {f"/cartes/{map_id}/historique": (MEMBER, RESIDENT), comments: (MEMBER, RESIDENT),
             f"/cartes/{map_id}/elements/{item}": (RESIDENT,),  # the photo's
             f"/cartes/{map_id}/marches/{named['walk_id']}": (MEMBER, RESIDENT), f"/cartes/{map_id}/marches": (MEMBER,),
             f"/cartes/{map_id}/historique?auteur=Zorglub+Kerouac": (RESIDENT,)}
    for path, names in pages.items():
        text = client.get(path).text + client.get(path, headers=HX).text  # the page, and the panel alone
        assert all(name in text for name in names), path
    one_person = client.get(f"/cartes/{map_id}/historique?auteur=Zorglub+Kerouac", headers=HX).text
    assert "Parcelle 1" not in one_person  # the resident's changes only
    here = client.post(f"/cartes/{map_id}/presence", data={"csrf_token": csrf_of(client)}).text
    assert MEMBER in here and RESIDENT in here
