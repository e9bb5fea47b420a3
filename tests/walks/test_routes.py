"""Diagnostics en marchant: starting a walk, its route from the tablet, the items noted on the way, ending it,
its report; and nobody reaching a walk through another map."""
import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Feature, Walk
from app.models.walk import ROUTE_POSITIONS_MAX
from tests.conftest import HX, csrf_of, log_in
from tests.support.author import AUTHOR

# Along the rue de la cité d'Orient, a few metres apart.
ROUTE = [[2.8890, 50.4430], [2.8893, 50.4431], [2.8897, 50.4432], [2.8901, 50.4433], [2.8905, 50.4435]]


def walks_url(map_, *rest):
    return "/".join([f"/cartes/{map_.id}/marches", *map(str, rest)])


def start(client, csrf, map_, **values):
    data = {"csrf_token": csrf, "held_on": "2026-05-12", "facilitator": "Lucie Dumont", "participants": "14",
            "theme": "Les jardins du fond de parcelle"}
    return client.post(walks_url(map_), headers=HX, data={**data, **values})


def running_walk(map_, facilitator="Lucie Dumont"):
    walk = Walk.start(map_, date(2026, 5, 12), facilitator, 14, "Jardins")
    db.session.commit()
    return walk


def send(client, csrf, map_, walk, positions, accuracies=None):
    body = {"positions": positions} if accuracies is None else {"positions": positions, "accuracies": accuracies}
    return client.post(walks_url(map_, walk.id, "trace"), json=body, headers={"X-CSRFToken": csrf})


def stored(walk):
    db.session.refresh(walk)
    shape = walk.route_shape
    return [list(c) for c in shape.coords] if shape is not None else None


def point_category(map_):
    return next(c for c in Category.of_map(map_.id) if c.accepts("point"))


def note(client, csrf, map_, title, walk_id, category=None, lon=2.8895, lat=50.4432):
    return client.post(f"/cartes/{map_.id}/elements", headers=HX, data={
        "csrf_token": csrf, "category": (category or point_category(map_)).id, "title": title,
        "description": "Vu pendant la marche.", "geometry": json.dumps({"type": "Point", "coordinates": [lon, lat]}),
        "walk": str(walk_id)})


def test_the_list_and_the_form_as_fragments_and_pages(client, demo_map):
    for path in (walks_url(demo_map), walks_url(demo_map, "nouvelle")):
        fragment, page = client.get(path, headers=HX), client.get(path)
        assert fragment.status_code == page.status_code == 200
        assert "<html" not in fragment.get_data(as_text=True) and "<html" in page.get_data(as_text=True)
        assert "HX-Request" in fragment.headers["Vary"]
    assert "Démarrer une marche" in client.get(walks_url(demo_map), headers=HX).get_data(as_text=True)
    form = client.get(walks_url(demo_map, "nouvelle"), headers=HX).get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in form and "Animateur ou animatrice" in form
    assert 'name="facilitator" required type="text" value="Camille"' in form  # who opens it, most likely


def test_start_a_walk_and_the_panel_shows_it_running(client, csrf, demo_map):
    response = start(client, csrf, demo_map)
    body = response.get_data(as_text=True)
    walk = Walk.of_map(demo_map.id)[0]
    assert response.status_code == 200
    assert (walk.held_on, walk.facilitator, walk.participants, walk.theme) == (
        date(2026, 5, 12), "Lucie Dumont", 14, "Les jardins du fond de parcelle")
    assert walk.is_running and walk.route is None
    assert f'data-walk-running="{walk.id}"' in body and "data-walk-start" in body
    assert f'data-trace-url="/cartes/{demo_map.id}/marches/{walk.id}/trace"' in body
    assert "Diagnostic en marchant du 12 mai 2026" in body and "Terminer la marche" in body
    assert '<strong>0</strong> élément noté' in body and "0 m" in body


def test_start_without_htmx_goes_to_the_list(client, csrf, demo_map):
    response = client.post(walks_url(demo_map), data={"csrf_token": csrf, "held_on": "2026-05-12",
                                                      "facilitator": "Lucie", "participants": "3"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cartes/{demo_map.id}/marches")
    listed = client.get(walks_url(demo_map)).get_data(as_text=True)
    assert "Marche du 12 mai 2026" in listed and "En cours" in listed


@pytest.mark.parametrize("values, field, message", [
    ({"facilitator": "  "}, "facilitator", "Indiquez qui anime la marche."),
    ({"participants": "beaucoup"}, "participants", "Le nombre de participants est un nombre entier de 0 à 500."),
    ({"participants": ""}, "participants", "Le nombre de participants est un nombre entier de 0 à 500."),
    ({"participants": "501"}, "participants", "Le nombre de participants est un nombre entier de 0 à 500."),
    ({"participants": "-1"}, "participants", "Le nombre de participants est un nombre entier de 0 à 500."),
    ({"held_on": "12 mai"}, "held_on", "Indiquez la date de la marche."),
    ({"theme": "x" * 201}, "theme", "Le thème ne doit pas dépasser 200 caractères."),
])
def test_a_refused_start_says_why_next_to_the_field_keeps_the_input_and_stores_nothing(client, csrf, demo_map,
                                                                                     values, field, message):
    response = start(client, csrf, demo_map, **values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error">{message}</p>' in body
    typed_theme = values.get("theme", "Les jardins du fond de parcelle")
    assert f'value="{typed_theme}"' in body  # what was typed is kept, the refused text too
    assert Walk.of_map(demo_map.id) == []


def test_the_route_sent_whole_is_stored_and_a_replay_changes_nothing(client, csrf, demo_map):
    walk = running_walk(demo_map)
    first = send(client, csrf, demo_map, walk, ROUTE[:3], [4.0, 6.5, 3.2])
    assert first.status_code == 200 and first.get_json()["positions"] == 3
    assert stored(walk) == ROUTE[:3]
    answer = send(client, csrf, demo_map, walk, ROUTE, [4.0, 6.5, 3.2, 5.0, 8.0]).get_json()
    assert stored(walk) == ROUTE and answer["positions"] == 5 and answer["dropped"] == 0
    assert answer["length_m"] == 121.3 and answer["running"] is True and answer["csrf"]
    replay = send(client, csrf, demo_map, walk, ROUTE, [4.0, 6.5, 3.2, 5.0, 8.0]).get_json()
    assert stored(walk) == ROUTE and replay["positions"] == answer["positions"]
    assert replay["length_m"] == answer["length_m"]


def test_the_route_can_also_come_as_a_form_field(client, csrf, demo_map):
    walk = running_walk(demo_map)
    response = client.post(walks_url(demo_map, walk.id, "trace"), headers=HX,
                           data={"csrf_token": csrf, "positions": json.dumps(ROUTE)})
    assert response.status_code == 200 and "Parcours enregistré." in response.get_data(as_text=True)
    assert stored(walk) == ROUTE


def test_wild_positions_and_imprecise_fixes_are_dropped(client, csrf, demo_map):
    walk = running_walk(demo_map)
    positions = [ROUTE[0], [0, 0], [500, 50.44], [2.89, -95], ["2.89", 50.44], [2.89], ROUTE[1], ROUTE[2], ROUTE[3]]
    accuracies = [5, 5, 5, 5, 5, 5, 5, 250, None]
    answer = send(client, csrf, demo_map, walk, positions, accuracies).get_json()
    assert answer["dropped"] == 6 and answer["positions"] == 3
    assert stored(walk) == [ROUTE[0], ROUTE[1], ROUTE[3]]


@pytest.mark.parametrize("positions", [[], [ROUTE[0]], [ROUTE[0], ROUTE[0], ROUTE[0]], [[0, 0], ROUTE[1]]])
def test_fewer_than_two_distinct_positions_keep_no_route(client, csrf, demo_map, positions):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE)
    answer = send(client, csrf, demo_map, walk, positions)
    assert answer.status_code == 200 and answer.get_json()["positions"] == 0
    assert stored(walk) is None


@pytest.mark.parametrize("body", [
    {"positions": "pas une liste"}, {"points": ROUTE}, {"positions": ROUTE, "accuracies": [5]},
    {"positions": [[2.89, 50.44]] * (ROUTE_POSITIONS_MAX + 1)}, ["pas", "un", "objet"],
])
def test_an_unreadable_route_is_refused_in_french_and_the_stored_one_kept(client, csrf, demo_map, body):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE)
    response = client.post(walks_url(demo_map, walk.id, "trace"), json=body, headers={"X-CSRFToken": csrf})
    assert response.status_code == 400 and response.get_json()["error"].startswith("Le parcours")
    assert stored(walk) == ROUTE


SLEPT = {"after": 2, "from": "2026-05-12T12:10:00.000Z", "until": "2026-05-12T12:14:30.000Z"}


def test_a_break_in_the_route_is_kept_cuts_the_line_and_is_not_walked(client, csrf, demo_map):
    walk = running_walk(demo_map)
    answer = client.post(walks_url(demo_map, walk.id, "trace"), headers={"X-CSRFToken": csrf},
                         json={"positions": ROUTE, "accuracies": [4.0, 6.0, 9.0, 8.0, 5.0], "breaks": [SLEPT]})
    assert answer.status_code == 200 and answer.get_json()["positions"] == 5
    assert stored(walk) == ROUTE
    assert walk.route_breaks == [
        {"after": 2, "from": "2026-05-12T12:10:00+00:00", "until": "2026-05-12T12:14:30+00:00"}]
    assert walk.route_accuracy_m == 6.0  # the median fix
    pieces, gaps = walk.route_pieces()
    assert [list(map(list, piece.coords)) for piece in pieces.geoms] == [ROUTE[:2], ROUTE[2:]]
    assert [list(map(list, gap.coords)) for gap in gaps.geoms] == [ROUTE[1:3]]
    assert answer.get_json()["length_m"] < 121.3 - 25  # the 28 m across the break are not counted as walked

    again = client.post(walks_url(demo_map, walk.id, "trace"), headers={"X-CSRFToken": csrf},
                        json={"positions": ROUTE, "accuracies": [4.0, 6.0, 9.0, 8.0, 5.0]})
    assert again.status_code == 200
    db.session.refresh(walk)
    assert walk.route_breaks is None and walk.route_pieces()[1] is None  # a route redrawn without one


def test_a_break_counts_only_the_positions_kept_before_it(client, csrf, demo_map):
    walk = running_walk(demo_map)
    positions = [ROUTE[0], [0, 0], ROUTE[1], ROUTE[1], ROUTE[2], ROUTE[3]]
    answer = client.post(walks_url(demo_map, walk.id, "trace"), headers={"X-CSRFToken": csrf},
                         json={"positions": positions, "breaks": [{**SLEPT, "after": 4}]})
    assert answer.get_json()["positions"] == 4
    db.session.refresh(walk)
    assert walk.route_breaks[0]["after"] == 2 and walk.route_accuracy_m is None


def test_breaks_also_come_as_a_form_field_when_the_walk_ends(client, csrf, demo_map):
    walk = running_walk(demo_map)
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={
        "csrf_token": csrf, "positions": json.dumps(ROUTE), "breaks": json.dumps([{**SLEPT, "after": 5}])})
    db.session.refresh(walk)
    assert not walk.is_running and walk.route_breaks[0]["after"] == 5  # the screen slept until the end
    assert [(start.minute, end.minute) for start, end in walk.breaks] == [(10, 14)]


@pytest.mark.parametrize("breaks", [
    "pas une liste", [["2", "12:10", "12:14"]], [{**SLEPT, "after": 6}], [{**SLEPT, "after": -1}],
    [{**SLEPT, "after": "2"}], [{**SLEPT, "after": True}], [{**SLEPT, "from": "hier"}],
    [{**SLEPT, "until": "2026-05-12T12:14:30"}],  # no zone
    [{**SLEPT, "until": "2026-05-12T12:09:00Z"}],  # ends before it began
    [{**SLEPT, "after": 3}, SLEPT],  # out of order
    [{**SLEPT, "extra": 1}], [SLEPT] * 501,
])
def test_an_unreadable_break_is_refused_in_french_and_the_stored_route_kept(client, csrf, demo_map, breaks):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE[:3])
    response = client.post(walks_url(demo_map, walk.id, "trace"), headers={"X-CSRFToken": csrf},
                           json={"positions": ROUTE, "breaks": breaks})
    assert response.status_code == 400 and response.get_json()["error"].startswith("Le parcours")
    assert stored(walk) == ROUTE[:3]


def test_the_report_gives_the_breaks_the_accuracies_and_the_comments_as_text(client, csrf, demo_map):
    from app.models import Comment
    walk = running_walk(demo_map)
    client.post(walks_url(demo_map, walk.id, "trace"), headers={"X-CSRFToken": csrf},
                json={"positions": ROUTE, "accuracies": [4.0, 6.0, 9.0, 8.0, 5.0], "breaks": [SLEPT]})
    note(client, csrf, demo_map, "Banc cassé", walk.id)
    noted = db.session.scalars(select(Feature).where(Feature.title == "Banc cassé")).one()
    noted.properties = {"gps_accuracy_m": 7.6}
    Comment.add(noted, "<i>Signalé</i> à la mairie", author="Lucie")
    db.session.commit()
    body = client.get(walks_url(demo_map, walk.id)).get_data(as_text=True)
    assert "Tracé interrompu de 14:10 à 14:14 (écran en veille)" in body  # in Paris time
    assert "± 6 m en général" in body and "GPS ± 8 m" in body
    assert "&lt;i&gt;Signalé&lt;/i&gt; à la mairie" in body and "<i>Signalé" not in body


def test_an_item_added_with_the_walk_is_linked_to_it(client, csrf, demo_map):
    walk = running_walk(demo_map)
    response = note(client, csrf, demo_map, "Banc cassé près de l'école", walk.id)
    assert response.status_code == 200
    feature = db.session.scalar(select(Feature).where(Feature.title == "Banc cassé près de l'école"))
    assert feature.walk_id == walk.id and feature.number == 19
    counter = client.get(walks_url(demo_map, walk.id), headers=HX).get_data(as_text=True)
    assert '<strong>1</strong> élément noté' in counter


def test_a_walk_of_another_map_is_refused_by_the_item_form(client, csrf, demo_map, empty_map):
    elsewhere = running_walk(empty_map)
    before = db.session.scalar(select(func.count()).select_from(Feature))
    response = note(client, csrf, demo_map, "Banc", elsewhere.id)
    assert response.status_code == 422
    assert "Cette marche n'existe pas sur cette carte." in response.get_data(as_text=True).replace("&#39;", "'")
    assert db.session.scalar(select(func.count()).select_from(Feature)) == before


def test_end_the_walk_with_its_last_positions(client, csrf, demo_map):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE[:2])
    response = client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={
        "csrf_token": csrf, "positions": json.dumps(ROUTE), "accuracies": json.dumps([3, 3, 3, 3, 3])})
    body = response.get_data(as_text=True)
    db.session.refresh(walk)
    assert response.status_code == 200 and not walk.is_running and stored(walk) == ROUTE
    assert f'data-walk-ended="{walk.id}"' in body and "Marche terminée" in body
    assert f'href="/cartes/{demo_map.id}/marches/{walk.id}"' in body and "Compte rendu à imprimer" in body
    ended_at = walk.ended_at
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={"csrf_token": csrf})
    db.session.refresh(walk)
    assert walk.ended_at == ended_at and stored(walk) == ROUTE  # ending twice keeps the first end and the route


def test_a_bad_last_send_does_not_stop_the_end(client, csrf, demo_map):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE)
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX,
                data={"csrf_token": csrf, "positions": "[[2.89, 50.44"})
    db.session.refresh(walk)
    assert not walk.is_running and stored(walk) == ROUTE


def test_a_route_drawn_after_the_walk(client, csrf, demo_map):
    walk = running_walk(demo_map)
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={"csrf_token": csrf})
    assert "Dessiner le parcours" in client.get(walks_url(demo_map, walk.id), headers=HX).get_data(as_text=True)
    response = client.post(walks_url(demo_map, walk.id, "trace"), headers=HX,
                           data={"csrf_token": csrf, "positions": json.dumps(ROUTE[::2])})
    assert response.status_code == 200 and stored(walk) == ROUTE[::2]
    # A tablet still recording learns from its next send that the walk ended (and stops).
    assert send(client, csrf, demo_map, walk, ROUTE).get_json()["running"] is False
    refused = client.post(walks_url(demo_map, walk.id, "trace"), headers=HX,
                          data={"csrf_token": csrf, "positions": "n'importe quoi"})
    assert refused.status_code == 422 and "Le parcours est illisible" in refused.get_data(as_text=True)


def test_the_report_lists_what_was_noted_and_counts_it_by_category(client, csrf, demo_map):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE)
    first, second = [c for c in Category.of_map(demo_map.id) if c.accepts("point")][:2]
    note(client, csrf, demo_map, "Banc cassé", walk.id, first)
    note(client, csrf, demo_map, "Trottoir encombré", walk.id, first, lon=2.8899)
    note(client, csrf, demo_map, "Pommier à partager", walk.id, second, lon=2.8902)
    note(client, csrf, demo_map, "Hors marche", "", second, lon=2.8903)
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={"csrf_token": csrf})

    page = client.get(walks_url(demo_map, walk.id))
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in body
    assert "<h1>Diagnostic en marchant du 12 mai 2026</h1>" in body
    assert "Lucie Dumont" in body and "<dd>14</dd>" in body and "Jardins" in body
    assert "Distance parcourue</dt><dd>121 m" in body  # Lambert-93
    for title in ("Banc cassé", "Trottoir encombré", "Pommier à partager"):
        assert title in body
    assert "Hors marche" not in body
    counts = body.split('class="walk-counts"')[1].split("</ul>")[0]
    assert f'{first.label}</span> <span class="count">2</span>' in counts.replace("&#39;", "'")
    assert f'{second.label}</span> <span class="count">1</span>' in counts.replace("&#39;", "'")
    assert counts.index(first.label.replace("'", "&#39;")) < counts.index(second.label.replace("'", "&#39;"))
    assert "data-print" in body
    assert "<script>" not in body  # the page's script is a file (no inline script under the security policy)
    # Its map is drawn on the server as the documents' are: the route, and the three items noted by their numbers.
    drawn = body.split('<figure id="walk-map"')[1].split("</figure>")[0]
    assert drawn.count('<g class="route">') == 1 and drawn.count('class="disc"') == 3
    numbers = re.findall(r'font-weight="bold" fill="#fff">(\d+)</text>', drawn)
    assert sorted(numbers) == sorted(f"{f.number:02d}" for f in Walk.of_map(demo_map.id)[0].noted())


def test_the_report_in_the_panel_carries_the_route_for_the_map(client, csrf, demo_map):
    walk = running_walk(demo_map)
    send(client, csrf, demo_map, walk, ROUTE)
    client.post(walks_url(demo_map, walk.id, "terminer"), headers=HX, data={"csrf_token": csrf})
    body = client.get(walks_url(demo_map, walk.id), headers=HX).get_data(as_text=True)
    assert "<html" not in body and f'data-walk-ended="{walk.id}"' in body and "LineString" in body


def test_deleting_a_walk_keeps_its_items_on_the_map(client, csrf, demo_map):
    walk = running_walk(demo_map)
    note(client, csrf, demo_map, "Banc cassé", walk.id)
    response = client.post(walks_url(demo_map, walk.id, "supprimer"), headers=HX, data={"csrf_token": csrf})
    assert response.status_code == 200 and "Marche supprimée" in response.get_data(as_text=True)
    assert Walk.of_map(demo_map.id) == []
    feature = db.session.scalar(select(Feature).where(Feature.title == "Banc cassé"))
    db.session.refresh(feature)
    assert feature.walk_id is None and feature.deleted_at is None


def test_a_contributor_starts_a_walk_a_viewer_only_reads_its_report(app, csrf, demo_map, member):
    walk = running_walk(demo_map)
    viewer, contributor = app.test_client(), app.test_client()
    log_in(viewer, member("Vera", "viewer").id)
    log_in(contributor, member("Chloé", "contributor").id)
    assert viewer.get(walks_url(demo_map, walk.id)).status_code == 200
    assert "Démarrer une marche" not in viewer.get(walks_url(demo_map), headers=HX).get_data(as_text=True)
    assert send(viewer, csrf_of(viewer), demo_map, walk, ROUTE).status_code == 403
    assert start(contributor, csrf_of(contributor), demo_map).status_code == 200
    assert send(contributor, csrf_of(contributor), demo_map, walk, ROUTE).status_code == 200


def test_walks_are_not_reachable_through_another_map(client, csrf, demo_map, empty_map):
    walk = running_walk(demo_map)
    for method, path in [("GET", ""), ("POST", "/trace"), ("POST", "/terminer"),
                         ("POST", "/supprimer")]:
        url = walks_url(empty_map, walk.id) + path
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": csrf})
        assert response.status_code == 404, path
    db.session.refresh(walk)
    assert walk.is_running and Walk.of_map(demo_map.id) == [walk]


def test_the_report_shows_the_photos_of_what_was_noted(client, csrf, demo_map):
    from app.photos import store
    from tests.photos.images import as_upload, plain_jpeg
    walk = running_walk(demo_map)
    note(client, csrf, demo_map, "Banc cassé", walk.id)
    feature = db.session.scalar(select(Feature).where(Feature.title == "Banc cassé"))
    photo = store.attach(feature, as_upload(plain_jpeg()), author=AUTHOR)
    db.session.commit()
    body = client.get(walks_url(demo_map, walk.id)).get_data(as_text=True)
    thumbnail = f"/cartes/{demo_map.id}/elements/{feature.id}/photos/{photo.id}/miniature"
    assert f'<img src="{thumbnail}" alt="Photo de « Banc cassé »"' in body
    assert client.get(thumbnail).status_code == 200


def test_the_duration_reads_as_a_facilitator_writes_it():
    from datetime import timedelta

    from app.walks.report import duration_label
    assert duration_label(timedelta(minutes=25, seconds=20)) == "25 min"
    assert duration_label(timedelta(hours=1, minutes=5)) == "1 h 05 min"
    assert duration_label(timedelta(seconds=-3)) == "0 min"
