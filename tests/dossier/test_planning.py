"""The planning: where bars and milestones fall along 2026–2028, and its printable page."""
from datetime import date
from types import SimpleNamespace

from app.dossier import calls, planning
from app.extensions import db
from app.models import Action


def ami():
    """The AMI's period, 2026–2028."""
    return planning.scale(calls.get("ami-2026"))


def action(start, end, position=1, started=None, finished=None):
    return SimpleNamespace(starts_on=start, ends_on=end, position=position, title="Verger", status="planned",
                           started_on=started, finished_on=finished)


def test_the_period_runs_from_the_first_of_2026_to_the_last_of_2028():
    assert ami().position(date(2026, 1, 1)) == 0
    assert ami().position(date(2027, 7, 3)) == 50.0  # 548 of its 1,096 days have gone by
    assert ami().position(date(2030, 1, 1)) == 100 and ami().position(date(2020, 1, 1)) == 0


def test_a_bar_spans_its_dates_and_an_action_without_them_has_none():
    bar, = planning.bars([action(date(2027, 1, 1), date(2027, 12, 31)), action(None, date(2027, 1, 1)),
                          action(date(2027, 5, 1), date(2027, 4, 1))], ami())
    assert bar.left == ami().position(date(2027, 1, 1)) and not bar.clipped
    assert abs(bar.width - 365 * ami().day) < 0.01  # the whole of 2027, its last day included


def test_a_bar_past_2028_is_clipped_and_said_so():
    bar, = planning.bars([action(date(2028, 6, 1), date(2029, 6, 1))], ami())
    assert bar.clipped and bar.left + bar.width <= 100.001


def test_under_a_started_action_s_bar_is_when_it_really_ran_to_its_end_or_to_today():
    late, running, waiting = planning.bars([
        action(date(2027, 1, 1), date(2027, 6, 30), started=date(2027, 2, 1), finished=date(2027, 8, 31)),
        action(date(2027, 1, 1), date(2027, 12, 31), started=date(2027, 3, 1)),
        action(date(2027, 1, 1), date(2027, 12, 31))], ami(), today=date(2027, 5, 31))
    assert late.real == ami().span(date(2027, 2, 1), date(2027, 8, 31))
    assert late.real[0] + late.real[1] > late.left + late.width  # it ended two months after the planned end
    assert running.real == ami().span(date(2027, 3, 1), date(2027, 5, 31))
    assert waiting.real is None


def test_the_limits_follow_the_notification_or_the_latest_one():
    assumed = {m.label: m.day for m in planning.milestones(None, calls.get("ami-2026"), ami()) if m.deadline}
    assert sorted(assumed.values()) == [date(2027, 6, 30), date(2028, 12, 31)]
    known = [m.day for m in planning.milestones(date(2026, 10, 15), calls.get("ami-2026"), ami()) if m.deadline]
    assert known == [date(2027, 6, 15), date(2028, 10, 15)]  # 8 and 24 months after


def test_the_planning_page_draws_each_dated_action_and_the_milestones(client, demo_map):
    Action.add(demo_map, kind="convivialite", title="Fête des jardins", starts_on=date(2027, 6, 1),
               ends_on=date(2027, 6, 1))
    Action.add(demo_map, kind="ressources", title="Grainothèque")
    Action.add(demo_map, kind="jardin_collectif", title="Verger", starts_on=date(2026, 10, 1),
               ends_on=date(2027, 3, 31), started_on=date(2026, 10, 12), finished_on=date(2026, 11, 20))
    db.session.commit()
    page = client.get(f"/cartes/{demo_map.id}/planning").get_data(as_text=True)
    assert "1. Fête des jardins" in page and "1er juin 2027 → 1er juin 2027" in page
    assert " ".join(page.split()).count("Réel :") == 1
    assert "Réel : 12 octobre 2026 → 20 novembre 2026" in " ".join(page.split())
    assert page.count("gantt-bar gantt-real") == 1
    assert "Sans dates, donc hors du planning :" in page and "2. Grainothèque" in page
    page = page.replace("&#39;", "'")
    assert "30 juin 2027</span> Début d'exécution au plus tard (notification supposée" in page
    assert "Avec le soutien de l'État dans le cadre de l'ERBM" in page and "data-print" in page
