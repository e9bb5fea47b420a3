"""The demo map of the cité d'Orient, and its project under way."""
import re
from datetime import date

from app.demo import ensure_demo_map
from app.demo_project import GARDENS, ensure_demo_project
from app.extensions import db
from app.models import Action, CopilMeeting, Dossier, Expense, Feature, Receipt


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


def _seeded(app, client, collective):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "Projet de démonstration ajouté" in result.output, result.output
    map_, _ = ensure_demo_map()
    assert not ensure_demo_project(map_)  # once
    map_.collective = collective  # the test's owner's, so that the client is one of its members
    db.session.commit()
    return map_


def test_the_demo_project_is_under_way_one_action_done_one_started_with_what_was_counted(app, client, collective):
    map_ = _seeded(app, client, collective)
    actions = Action.of_map(map_.id)
    assert [(a.status, a.started_on is not None, a.finished_on is not None) for a in actions[:4]] == [
        ("done", True, True), ("running", True, False), ("running", True, False), ("planned", False, False)]
    done, running = actions[:2]
    notified = Dossier.of_map(map_).notified_on
    assert notified <= done.started_on < done.finished_on < date(2026, 12, 4)
    measured = [m for a in actions for i in a.indicators for m in i.measurements]
    assert len(measured) == 5 and all(notified <= m.measured_on < date(2026, 12, 4) and m.counted_by for m in measured)
    assert [i.current_reached for i in running.indicators] == [18]
    page = client.get(f"/cartes/{map_.id}/actions/{running.id}").get_data(as_text=True)
    assert "Éléments relevés sur la carte : objectif 40, atteint 18" in page and "Lucie" in page
    planning = client.get(f"/cartes/{map_.id}/planning").get_data(as_text=True)
    assert planning.count("gantt-bar gantt-real") == 3  # the diagnostic done, the survey and the gardens started
    assert "45\u00a0%" in client.get(f"/cartes/{map_.id}/copil").get_data(as_text=True)  # 18 of 40


def test_the_demo_project_has_spent_with_one_invoice_as_receipt(app, client, collective):
    """Its members see what was spent, with the invoice, and the plan de financement shows the realised."""
    map_ = _seeded(app, client, collective)
    page = client.get(f"/cartes/{map_.id}/depenses").get_data(as_text=True)
    assert "200 cartes sensibles A3 et 8 affiches" in page and "Imprimerie Delattre" in page
    assert "Justificatif 1 (PDF)" in page and page.count('id="depense-') == 5
    receipt = Receipt.query.one()
    served = client.get(f"/cartes/{map_.id}/depenses/{receipt.expense_id}/justificatifs/{receipt.id}")
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    assert all(e.spent_on < date(2026, 12, 4) for e in Expense.query)  # nothing spent in the future
    plan = client.get(f"/cartes/{map_.id}/dossier/plan-de-financement.csv").data.decode("utf-8-sig")
    assert "Réalisé, engagé et payé (€)" in plan


def test_the_demo_project_has_held_a_copil_whose_decision_became_an_action(app, client, collective):
    """A first COPIL in the past, after the notification, with two decisions, one of which became an action; its
    report was frozen before that action existed and before the survey's second count."""
    map_ = _seeded(app, client, collective)
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
    assert "27\u00a0%" in frozen and "45\u00a0%" not in frozen  # 11 of 40 that day; 18 since
    listed = client.get(f"/cartes/{map_.id}/copil").get_data(as_text=True)
    assert "COPIL du 1er décembre 2026" in listed


def test_the_demo_gardens_show_before_and_after_at_once(app, client, collective):
    map_ = _seeded(app, client, collective)
    action = next(a for a in Action.of_map(map_.id) if a.title == GARDENS)
    page = " ".join(client.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres").get_data(as_text=True).split())
    for item in action.features:
        assert item.title in page
    assert page.count("<strong>Avant</strong> · 14 mars 2026") == 2
    assert page.count("<strong>Après</strong> · 29 novembre 2026") == 2
    thumbnails = re.findall(r'src="(/cartes/\d+/elements/\d+/photos/\d+/miniature)"', page)
    assert len(thumbnails) == 4 and all(client.get(url).mimetype == "image/jpeg" for url in thumbnails)
