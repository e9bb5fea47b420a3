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


def test_the_demo_project_is_under_way_one_action_done_one_started_with_what_was_counted(app, client, owner):
    from datetime import date

    from app.dossier import copil
    from app.models import Action

    result = app.test_cli_runner().invoke(args=["seed-demo", "--owner", owner.email])
    assert result.exit_code == 0, result.output
    map_, created = ensure_demo_map()
    assert not created
    actions = Action.of_map(map_.id)
    assert [(a.status, a.started_on is not None, a.finished_on is not None) for a in actions] == [
        ("done", True, True), ("running", True, False), ("planned", False, False)]
    done, running, _planned = actions
    assert done.starts_on <= done.started_on < done.finished_on < date.today()
    measured = [m for a in actions for i in a.indicators for m in i.measurements]
    assert len(measured) == 5 and all(m.measured_on < date.today() and m.counted_by for m in measured)
    assert [str(copil.Goal(running, i).share) for i in running.indicators] == ["0.44", "0.41"]  # 11 of 25, 5 of 12
    assert all(a.live_features and a.budget_lines for a in actions)
    page = client.get(f"/cartes/{map_.id}/actions/{running.id}").get_data(as_text=True)
    assert "Foyers participant à la plantation : objectif 25, atteint 11" in page and "Lucie" in page
    planning = client.get(f"/cartes/{map_.id}/planning").get_data(as_text=True)
    assert planning.count("gantt-bar gantt-real") == 2  # the diagnostic done, the orchard started
    assert "44 %" in client.get(f"/cartes/{map_.id}/copil").get_data(as_text=True)
def test_seed_demo_adds_a_project_under_way_with_realised_expenses_and_one_receipt(app, owner, client):
    """`flask seed-demo` gives the demo map its project: its members see what was spent, with the invoice."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--owner", owner.email])
    assert result.exit_code == 0, result.output
    assert "Projet de démonstration ajouté" in result.output
    map_, _created = ensure_demo_map()
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Projet de démonstration" not in again.output  # seeded once
    page = client.get(f"/cartes/{map_.id}/depenses").get_data(as_text=True)
    assert "Bêches, râteaux et brouette" in page and "Quincaillerie Delattre" in page
    assert "Justificatif 1 (PDF)" in page and page.count('id="depense-') == 4
    from app.models import Receipt
    receipt = Receipt.query.one()
    served = client.get(f"/cartes/{map_.id}/depenses/{receipt.expense_id}/justificatifs/{receipt.id}")
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    plan = client.get(f"/cartes/{map_.id}/dossier/plan-de-financement.csv").data.decode("utf-8-sig")
    assert "Réalisé, engagé et payé (€)" in plan
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
