"""The demo map of the cité d'Orient, and its project under way."""
from datetime import date

from app.demo import ensure_demo_map
from app.demo_project import ensure_demo_project
from app.extensions import db
from app.models import Action, CopilMeeting, Dossier, Feature


def test_demo_map_has_the_18_numbered_items_inside_the_estate():
    map_, created = ensure_demo_map()
    features = Feature.listed(map_.id)[0]
    assert created and [f.number for f in features] == list(range(1, 19))
    assert {f.kind for f in features} == {"point", "line", "polygon"}
    for feature in features:
        west, south, east, north = feature.shape.bounds
        assert west >= 2.8876 and east <= 2.8994 and south >= 50.4403 and north <= 50.4465, feature.title
    assert features[13].title == "Le dernier pigeonnier de la cité d'Orient"


def test_seeding_twice_keeps_one_demo_map():
    first, _ = ensure_demo_map()
    second, created = ensure_demo_map()
    assert first.id == second.id and not created


def test_the_demo_project_has_held_a_copil_whose_decision_became_an_action(app, client, collective):
    """`flask seed-demo` adds the project under way: a first COPIL in the past, after the notification, with two
    decisions, one of which became an action; its report was frozen before that action existed."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "Projet de démonstration ajouté" in result.output, result.output
    map_, _ = ensure_demo_map()
    assert not ensure_demo_project(map_)  # once
    map_.collective = collective
    db.session.commit()
    dossier = Dossier.of_map(map_)
    [meeting] = CopilMeeting.of_map(map_.id)
    assert dossier.filed_on < dossier.notified_on < meeting.held_on < date(2026, 12, 4)
    first, second = meeting.decisions
    assert (first.outcome, first.action.status, first.action.ends_on) == ("created", "planned", first.due_on)
    assert (second.outcome, second.action) == ("", None)
    assert Action.of_map(map_.id)[-1] == first.action
    page = client.get(f"/cartes/{map_.id}/copil/reunions/{meeting.id}").get_data(as_text=True).replace("&#39;", "'")
    assert "COPIL du 1er décembre 2026" in page and "Maisons &amp; Cités" in page
    frozen = page[page.index("Point d'étape présenté ce jour"):]
    assert "Verger partagé sur les parcelles vacantes" in frozen and first.action.title not in frozen
    assert "Depuis le dépôt de la candidature, le 14 septembre 2026 — éléments ajoutés : 0" in frozen
    listed = client.get(f"/cartes/{map_.id}/copil").get_data(as_text=True)
    assert "COPIL du 1er décembre 2026" in listed
