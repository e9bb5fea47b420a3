"""The plan de financement once the project spends: planned, realised (committed and paid), paid alone and the gap,
for each line and each funder, in the PDF, the CSV and the spreadsheet; before any expense, the plan as filed."""
import csv
import io
from datetime import date
from decimal import Decimal

import pypdfium2
from openpyxl import load_workbook

from app.extensions import db
from app.models import Action, Expense
from tests.documents import test_documents
from tests.documents.test_documents import _evaluate, download

project = test_documents.project  # the fixture: the demo map with two actions and their budget


def spend(project):
    """On « Arbres fruitiers » (1 250,50 €, the State): 480 € committed and 100,50 € paid; on « Outils » (2 400 €, a
    co-funder): 2 600 € paid, 200 € over the plan."""
    map_, _items = project
    orchard, tools = Action.of_map(map_.id)
    trees, outils = orchard.budget_lines[0], tools.budget_lines[0]
    db.session.add_all([
        Expense(budget_line=trees, label="Pommiers", amount_cents=48000, spent_on=date(2027, 3, 4), status="engagee"),
        Expense(budget_line=trees, label="Tuteurs", amount_cents=10050, spent_on=date(2027, 3, 9), status="payee"),
        Expense(budget_line=outils, label="Outils", amount_cents=260000, spent_on=date(2027, 4, 2), status="payee")])
    db.session.commit()
    return map_


def csv_rows(client, map_):
    raw = download(client, map_, "plan-de-financement.csv").data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw), delimiter=";"))


def pdf_text(client, map_):
    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_before_any_expense_the_plan_is_as_filed(client, project):
    map_, _items = project
    rows = csv_rows(client, map_)
    assert rows[0][-1] == "Statut" and len(rows[1]) == 9
    assert "Réalisé" not in pdf_text(client, map_)
    sheet = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data)).active
    assert sheet["J2"].value is None


def test_the_csv_says_realised_paid_and_gap_per_line_and_per_funder(client, project):
    map_ = spend(project)
    rows = csv_rows(client, map_)
    assert rows[0][-3:] == ["Réalisé, engagé et payé (€)", "dont payé (€)", "Écart au prévu (€)"]
    by_label = {row[2]: row for row in rows if len(row) > 2}
    assert by_label["Arbres fruitiers"][6:] == ["1250,50", "", "", "580,50", "100,50", "-670,00"]
    assert by_label["Local"][6:] == ["500,00", "", "", "0,00", "0,00", "-500,00"]
    assert by_label["Outils"][-3:] == ["2600,00", "2600,00", "200,00"]
    assert by_label["Subvention de l'État (FNADT)"][6:] == ["1250,50", "", "", "580,50", "100,50", "-670,00"]
    assert by_label["Autre financeur"][6:] == ["2400,00", "", "", "2600,00", "2600,00", "200,00"]
    assert by_label["Coût total du projet"][6:] == ["4150,50", "", "", "3180,50", "2700,50", "-970,00"]
    assert by_label["Reste à charge du porteur"][6:] == ["500,00", "", "", "0,00", "0,00", "-500,00"]


def test_the_spreadsheet_computes_the_realised_totals_with_formulas(client, project):
    map_ = spend(project)
    sheet = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data))["Plan de financement"]
    assert [sheet[f"{c}2"].value for c in "JKL"] == ["Réalisé, engagé et payé (€)", "dont payé (€)",
                                                     "Écart au prévu (€)"]
    by_label = {row[2].value: row[0].row for row in sheet.iter_rows() if isinstance(row[2].value, str)}

    def figures(label):
        return [_evaluate(sheet, f"{column}{by_label[label]}") for column in "GJKL"]
    assert figures("Arbres fruitiers") == [Decimal("1250.50"), Decimal("580.50"), Decimal("100.50"),
                                           Decimal("-670.00")]
    assert all(str(sheet[f"{c}{by_label['Coût total du projet']}"].value).startswith("=") for c in "GJKL")
    assert figures("Subvention de l'État (FNADT)") == [Decimal("1250.50"), Decimal("580.50"), Decimal("100.50"),
                                                       Decimal("-670.00")]
    assert figures("Coût total du projet") == [Decimal("4150.50"), Decimal("3180.50"), Decimal("2700.50"),
                                               Decimal("-970.00")]
    assert figures("Reste à charge du porteur") == [Decimal("500.00"), Decimal("0"), Decimal("0"),
                                                    Decimal("-500.00")]
    assert sheet.print_area == f"'Plan de financement'!$A$1:$L${sheet.max_row}"


def test_the_pdf_shows_planned_realised_paid_and_the_gap(client, project):
    map_ = spend(project)
    text = pdf_text(client, map_)
    assert "Réalisé (engagé et payé)" in text and "dont payé" in text and "Écart" in text
    assert "Arbres fruitiers" in text and "1 250,50 € 580,50 € 100,50 € -670,00 €" in text
    assert "Autre financeur 2 400,00 € 2 600,00 € 2 600,00 € +200,00 €" in text
    assert "Coût total du projet 4 150,50 € 3 180,50 € 2 700,50 € -970,00 €" in text
