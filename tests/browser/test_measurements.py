"""Running the project in the browser: a member counts what an objective reached, on its action's page, and the
COPIL report's share follows; editing an action keeps what was spent on its lines, and clearing a line that has
expenses is refused next to it."""
import re
from datetime import date

from playwright.sync_api import expect

from app.extensions import db
from app.models import Action, BudgetLine, Expense, Indicator


def test_a_member_adds_a_measurement_and_the_copil_report_s_share_follows(map_page, demo_map):
    orchard = Action.add(demo_map, kind="jardin_collectif", title="Verger partagé", starts_on=date(2026, 9, 1),
                         ends_on=date(2027, 6, 30), status="running")
    orchard.indicators = [Indicator(position=0, label="Foyers participants", target=40)]
    db.session.commit()
    view = map_page(demo_map.id)
    page = view.page
    page.goto(f"{view.url}/copil")
    goal = page.locator("table.goals tbody tr", has_text="Foyers participants")
    expect(goal).to_contain_text("à renseigner")

    view.open(f"/actions/{orchard.id}")
    objective = page.locator(f"#objectif-{orchard.indicators[0].id}")
    objective.get_by_text("Ajouter une mesure").click()
    objective.get_by_label("Date du comptage").fill("2026-11-21")
    objective.get_by_label("Valeur").fill("-3")
    objective.get_by_label("Compté par").fill("Lucie")
    objective.get_by_role("button", name="Ajouter la mesure").click()
    objective = page.locator(f"#objectif-{orchard.indicators[0].id}")
    expect(objective.locator(".error")).to_have_text("Un nombre entier, 0 ou plus.")
    expect(objective.get_by_label("Compté par")).to_have_value("Lucie")  # the rest kept
    objective.get_by_label("Valeur").fill("30")
    objective.get_by_role("button", name="Ajouter la mesure").click()
    expect(page.locator("#detail .notice")).to_have_text("Mesure ajoutée.")
    expect(page.locator(".indicator-reached")).to_have_text(
        re.compile(r"Foyers participants : objectif 40, atteint 30\s+\(mesuré le 21 novembre 2026\)"))
    expect(page.locator("table.measurements tbody tr")).to_have_text([re.compile(r"21 novembre 2026\s*30\s*Lucie")])

    page.goto(f"{view.url}/copil")
    expect(goal).to_contain_text(re.compile(r"30\s+\(au 21 novembre 2026\)\s*75\s%"))


def test_editing_an_action_keeps_its_expense_and_a_line_that_has_one_stays(map_page, demo_map):
    tools = Action.add(demo_map, kind="ressources", title="Outilthèque", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31))
    tools.budget_lines = [BudgetLine(position=0, label="Outils de jardinage", amount_cents=210000, kind="equipement",
                                     funder="etat")]
    db.session.flush()
    db.session.add(Expense(budget_line=tools.budget_lines[0], label="Bêches et râteaux", supplier="Quincaillerie",
                           amount_cents=48000, spent_on=date(2026, 11, 11), status="payee"))
    db.session.commit()
    view = map_page(demo_map.id)
    page = view.page
    view.open(f"/actions/{tools.id}")
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Titre", exact=True).fill("Outilthèque du 142")
    page.get_by_label("Commencée le").fill("2026-11-02")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Outilthèque du 142")
    expect(page.locator("table.dates")).to_contain_text("commencée le 2 novembre 2026")

    page.get_by_role("link", name="Modifier", exact=True).click()
    line = page.get_by_role("group", name="Dépense 1")
    line.get_by_label("Dépense", exact=True).fill("")
    line.get_by_label("Montant (€)").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("group", name="Dépense 1").locator(".error")).to_have_text(
        "Cette ligne a des dépenses réalisées : supprimez-les d'abord.")
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Outilthèque du 142")

    db.session.expire_all()
    line = db.session.get(Action, tools.id).budget_lines[0]
    assert (line.label, [(e.label, e.amount_cents) for e in line.expenses]) == (
        "Outils de jardinage", [("Bêches et râteaux", 48000)])
