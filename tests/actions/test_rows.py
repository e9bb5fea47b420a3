"""An action's budget lines and objectifs chiffrés are kept when the action is edited: each row of the form keeps
its id, so a line keeps its realised expenses and an objective its measurements; a row cleared is deleted, unless it
has some, which is refused next to it with the rest of the input kept."""
import re
from datetime import date

import pytest
from sqlalchemy import func, insert, select

from app.actions import saving
from app.actions.forms import ActionForm
from app.extensions import db
from app.models import Action, BudgetLine, Expense, Feature, Indicator, Measurement
from tests.actions.test_routes import actions_url, add
from tests.conftest import HX
from tests.support import state
from tests.support.forms import submitted


def an_action(client, csrf, demo_map):
    """The form's action (two budget lines, one objective), with an expense under its first line and a
    measurement under its objective, as the project's later pages add them."""
    add(client, csrf, demo_map, kind="jardin_collectif")
    action = db.session.scalar(select(Action))
    line = action.budget_lines[0]
    db.session.add(Expense(budget_line=line, label="Douze pommiers", supplier="Pépinière du Pévèle",
                           amount_cents=98000, spent_on=date(2027, 3, 2), status="payee"))
    db.session.add(Measurement(indicator=action.indicators[0], measured_on=date(2027, 4, 10), value=18,
                               counted_by="Lucie"))
    db.session.commit()
    return action


def edit_form(client, demo_map, action, **changes):
    """The edit form as the browser sends it, with `changes` typed over it."""
    page = client.get(actions_url(demo_map, action.id, "modifier"), headers=HX).get_data(as_text=True)
    return submitted(page, **changes)


def save(client, demo_map, action, data):
    return client.post(actions_url(demo_map, action.id), headers=HX, data=data)


def error_at(page, field):
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return found and found.group(1).replace("&#39;", "'")


def test_editing_an_action_s_title_keeps_its_expenses_and_measurements(client, csrf, demo_map):
    action = an_action(client, csrf, demo_map)
    line_ids = [line.id for line in action.budget_lines]
    indicator_id = action.indicators[0].id
    response = save(client, demo_map, action, edit_form(client, demo_map, action, title="Verger des jardins"))
    assert response.status_code == 200 and "Action enregistrée." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [line.id for line in action.budget_lines] == line_ids
    assert [(e.label, e.amount_cents) for e in action.budget_lines[0].expenses] == [("Douze pommiers", 98000)]
    assert action.indicators[0].id == indicator_id
    assert [(m.value, m.counted_by) for m in action.indicators[0].measurements] == [(18, "Lucie")]


def test_rows_are_changed_in_place_added_and_a_cleared_one_without_expenses_deleted(client, csrf, demo_map):
    action = an_action(client, csrf, demo_map)
    first, second = (line.id for line in action.budget_lines)
    data = edit_form(client, demo_map, action, **{
        "budget_lines-0-label": "Arbres fruitiers et tuteurs", "budget_lines-0-amount": "1 400",
        "budget_lines-1-label": "", "budget_lines-1-amount": "",
        "budget_lines-2-label": "Compost", "budget_lines-2-amount": "80", "budget_lines-2-kind": "equipement",
        "indicators-0-target": "30"})
    assert save(client, demo_map, action, data).status_code == 200
    db.session.expire_all()
    assert [(line.id == first, line.label, line.amount_cents) for line in action.budget_lines] == [
        (True, "Arbres fruitiers et tuteurs", 140000), (False, "Compost", 8000)]
    assert db.session.get(BudgetLine, second) is None
    assert len(action.budget_lines[0].expenses) == 1
    assert [(i.target, len(i.measurements)) for i in action.indicators] == [(30, 1)]


def test_clearing_a_line_that_has_expenses_is_refused_next_to_it(client, csrf, demo_map):
    action = an_action(client, csrf, demo_map)
    before = state.everything()
    data = edit_form(client, demo_map, action, title="Verger revu",
                     **{"budget_lines-0-label": "", "budget_lines-0-amount": ""})
    response = save(client, demo_map, action, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_at(page, "budget_lines-0-row_id") == "Cette ligne a des dépenses réalisées : supprimez-les d'abord."
    assert 'value="Verger revu"' in page and 'value="Animation des ateliers de greffe"' in page  # the input kept
    assert state.everything() == before


def test_clearing_an_objective_that_has_measurements_is_refused_next_to_it(client, csrf, demo_map):
    action = an_action(client, csrf, demo_map)
    before = state.everything()
    data = edit_form(client, demo_map, action, **{"indicators-0-label": "", "indicators-0-target": "",
                                                  "indicators-0-reached": ""})
    response = save(client, demo_map, action, data)
    assert response.status_code == 422
    assert error_at(response.get_data(as_text=True), "indicators-0-row_id") == (
        "Cet objectif a des mesures : supprimez-les d'abord.")
    assert state.everything() == before


def test_a_line_with_expenses_left_out_of_the_form_comes_back_with_the_message(client, csrf, demo_map):
    """A form sent without the line (an old page, a hand-made request) deletes it no more than clearing it does."""
    action = an_action(client, csrf, demo_map)
    data = {name: value for name, value in edit_form(client, demo_map, action).items()
            if not name.startswith("budget_lines-0-")}
    before = state.everything()
    response = save(client, demo_map, action, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Arbres fruitiers"' in page
    assert "Cette ligne a des dépenses réalisées : supprimez-les d'abord." in page.replace("&#39;", "'")
    assert state.everything() == before


def test_a_row_of_another_action_is_not_taken_over(client, csrf, demo_map):
    action = an_action(client, csrf, demo_map)
    add(client, csrf, demo_map, kind="ressources", title="Outilthèque")
    other = Action.of_map(demo_map.id)[1]
    before = state.everything()
    data = edit_form(client, demo_map, action, **{"budget_lines-0-row_id": str(other.budget_lines[0].id),
                                                  "indicators-0-row_id": str(other.indicators[0].id)})
    response = save(client, demo_map, action, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_at(page, "budget_lines-0-row_id") == "Cette ligne n'est pas de cette action : rouvrez le formulaire."
    assert error_at(page, "indicators-0-row_id") == "Cette ligne n'est pas de cette action : rouvrez le formulaire."
    assert state.everything() == before
    assert db.session.scalar(select(Indicator.action_id).where(Indicator.id == other.indicators[0].id)) == other.id


def test_a_line_given_an_expense_after_the_form_was_checked_is_not_deleted(app, client, csrf, demo_map):
    """Another request adds an expense to the line this form clears, between the form's check and its save: the
    save finds it under the lock it takes, and gives up rather than cascade it away."""
    action = an_action(client, csrf, demo_map)
    cleared = action.budget_lines[1]
    data = edit_form(client, demo_map, action, **{"budget_lines-1-label": "", "budget_lines-1-amount": ""})
    with app.test_request_context(f"/cartes/{demo_map.id}/actions/{action.id}", method="POST", data=data):
        form = ActionForm(Feature.listed(demo_map.id)[0], action=action, meta={"csrf": False})
        assert form.validate(), form.errors
        with db.engine.begin() as other:  # the other request, committed
            other.execute(insert(Expense.__table__).values(
                budget_line_id=cleared.id, label="Animation d'avril", supplier="", amount_cents=30000,
                spent_on=date(2027, 4, 2), status="engagee", created_at=date(2027, 4, 2), version=1))
        with pytest.raises(saving.RowsInUse):
            saving.save(action, form)
        db.session.rollback()
    assert db.session.get(BudgetLine, cleared.id) is not None
    assert db.session.scalar(select(func.count()).select_from(Expense)) == 2
