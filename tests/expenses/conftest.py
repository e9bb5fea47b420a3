import pytest

from app.extensions import db
from app.models import Action, BudgetLine


@pytest.fixture
def project(demo_map):
    """An action of the demo map with two budget lines, one paid by the State, one by a co-funder."""
    action = Action.add(demo_map, kind="jardin_collectif", title="Verger partagé", budget_lines=[
        BudgetLine(label="Arbres fruitiers", amount_cents=125050, kind="equipement", funder="etat", position=0),
        BudgetLine(label="Animation des ateliers", amount_cents=240000, kind="animation", funder="cofinanceur",
                   cofunder="Région Hauts-de-France", cofunder_status="acquis", position=1)])
    db.session.commit()
    return action
