"""The plan de financement: every budget line of the actions in the project, with its kind, whether the State may
pay for it and who does, then the totals by funder; as rows for the PDF, and as CSV and XLSX for partners."""
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from ..dossier import rules
from ..formats.spreadsheet import append_row, csv_bytes

HEADERS = ("N° action", "Action", "Dépense", "Nature", "Éligible à la subvention", "Financeur", "Montant (€)")


@dataclass(frozen=True)
class Row:
    action: int
    action_title: str
    label: str
    kind: str
    eligible: bool
    funder: str
    cents: int


def rows(actions):
    """One row per budget line, by action then line order."""
    return [Row(action.position, action.title, line.label, str(rules.EXPENSE_KINDS[line.kind].label),
                rules.EXPENSE_KINDS[line.kind].eligible, str(rules.FUNDERS[line.funder]), line.amount_cents)
            for action in actions for line in action.budget_lines]


def totals(money):
    """(label, cents) of each funder, the total cost and the reste à charge, as the plan ends."""
    return [*((str(label), money.by_funder.get(code, 0)) for code, label in rules.FUNDERS.items()),
            ("Coût total du projet", money.total), ("Reste à charge du porteur", money.reste_a_charge)]


def as_csv(plan_rows, money):
    """For a spreadsheet in French: `;` between cells, decimal commas, a byte-order mark so Excel reads UTF-8."""
    return csv_bytes([HEADERS, *([*_cells(row), _decimal_comma(row.cents)] for row in plan_rows), [],
                      *(["", "", label, "", "", "", _decimal_comma(cents)] for label, cents in totals(money)), [],
                      [str(rules.ERBM_MENTION)]], delimiter=";")


def as_xlsx(plan_rows, money, title):
    """One sheet, amounts as numbers in euros with two decimals (Decimal, never a float's rounding)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan de financement"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in plan_rows:
        append_row(sheet, [*_cells(row), _euros_value(row.cents)])
    append_row(sheet, [])
    for label, cents in totals(money):
        append_row(sheet, ["", "", label, "", "", "", _euros_value(cents)])
        sheet.cell(sheet.max_row, 3).font = Font(bold=True)
    append_row(sheet, [])
    append_row(sheet, [str(rules.ERBM_MENTION)])
    for row in sheet.iter_rows(min_row=3, min_col=7, max_col=7):
        row[0].number_format = '#,##0.00 "€"'
    for column, width in zip("ABCDEFG", (10, 34, 34, 40, 12, 34, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(row):
    """A row's cells but its amount, which each format writes its own way."""
    return [row.action, row.action_title, row.label, row.kind, "oui" if row.eligible else "non", row.funder]


def _decimal_comma(cents):
    return f"{Decimal(cents).scaleb(-2):.2f}".replace(".", ",")


def _euros_value(cents):
    """The amount as an exact Decimal of euros, which openpyxl writes as a number."""
    return Decimal(cents).scaleb(-2)

