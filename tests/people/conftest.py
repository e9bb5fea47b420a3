"""A person with traces of every kind on the demo map, and another member with their own, for the rights of a
person (export, deletion): what is hers must go or be handed to her, what is his must stay his."""
import hashlib
import json
from dataclasses import dataclass
from datetime import date

import pytest
from shapely.geometry import Point
from sqlalchemy import text

from app.accounts.throttle import address_digest
from app.extensions import db
from app.models import Comment, Feature, LoginAttempt, MailedLink, MemberInvite, Plot, Presence, Proposal, User, Walk
from app.models.map import utcnow
from app.photos import store
from tests.conftest import csrf_of, log_in
from tests.photos.images import as_upload, plain_jpeg

NAME, EMAIL, PSEUDONYM = "Mireille Écrivaine", "mireille.e@exemple.fr", "Mimi du Sud"
OTHER, OTHER_EMAIL = "Bertrand Voisin", "bertrand.v@exemple.fr"


@dataclass
class Traces:
    person: User
    client: object  # her browser: she gave her pseudonym on the contribution link, then logged in
    other: User
    features: dict  # what each touched: {"created": …, "edited": …, "plot": …, "others": …}
    photo: object
    other_photo: object


@pytest.fixture
def traces(app, collective, member, demo_map):
    """Mireille (editor) made and is named in one of everything; Bertrand (contributor) made his own."""
    from app.demo import demo_contribution_link
    person, other = member(NAME, "editor"), member(OTHER, "contributor")
    person.email, other.email = EMAIL, OTHER_EMAIL
    client = app.test_client()
    link = demo_contribution_link(demo_map)
    path = f"/contribuer/{link.token}"
    client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": PSEUDONYM})
    with client.session_transaction() as session:
        key = session["contributor_keys"][str(demo_map.id)]
    log_in(client, person.id)
    items, category = Feature.listed(demo_map.id)[0], Feature.listed(demo_map.id)[0][0].category
    created = Feature.create(demo_map, category, "Banc cassé", "", Point(2.89, 50.443), author=NAME)
    items[0].edit(items[0].category, "Jardin partagé (modifié)", items[0].description, author=NAME)
    Comment.add(items[0], "Je passe arroser jeudi.", author=NAME, account_id=person.id)
    photo = store.attach(items[0], as_upload(plain_jpeg()), author=NAME)
    zone = next(feature for feature in items[2:] if feature.kind == "polygon")
    plot = Feature.create(demo_map, zone.category, "Parcelle 1", "", zone.shape.buffer(-0.00002), author="Camille")
    db.session.add(Plot(feature=plot, zone=zone))
    db.session.flush()
    plot.assign_plot(PSEUDONYM, None, None, "Tomates", author="Camille")
    proposal = Proposal.propose(demo_map, link, category, "Boîte à livres", "", Point(2.891, 50.444),
                                author=PSEUDONYM, contributor=hashlib.sha256(key.encode()).hexdigest())
    db.session.flush()
    proposal.validate(demo_map, author="Camille")
    Walk.start(demo_map, date(2026, 5, 12), NAME, 8, theme="Propreté")
    db.session.add_all([Presence(map_id=demo_map.id, visitor="v1", name=NAME, seen_at=utcnow()),
                        MemberInvite(collective=collective, role="viewer", email=EMAIL),
                        LoginAttempt(email=EMAIL, client="x"), MailedLink(address=address_digest(EMAIL))])
    # Bertrand's own, which stay his
    items[1].edit(items[1].category, "Composteur (Bertrand)", items[1].description, author=OTHER)
    Comment.add(items[1], "Le composteur déborde.", author=OTHER, account_id=other.id)
    other_photo = store.attach(items[1], as_upload(plain_jpeg()), author=OTHER)
    Walk.start(demo_map, date(2026, 6, 2), OTHER, 5)
    db.session.commit()
    return Traces(person, client, other, {"created": created, "edited": items[0], "plot": plot,
                                          "proposed": proposal.feature, "others": items[1]}, photo, other_photo)


def stored_forms(value):
    """A value as the database may hold it: as typed, or escaped as JSON text."""
    return {value, json.dumps(value)[1:-1]}


def rows_holding(*values):
    """(table, column) of every text in every table (JSON included) that holds one of `values`."""
    db.session.rollback()
    forms = set().union(*(stored_forms(value) for value in values))
    found = set()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f"SELECT * FROM {table.name}")).mappings():
            for column, value in row.items():
                cell = json.dumps(value) if isinstance(value, dict | list) else value
                if isinstance(cell, str) and any(form in cell for form in forms):
                    found.add((table.name, column))
    return found
