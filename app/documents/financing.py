"""The plan de financement: every budget line of the actions in the project, with its kind, whether the State may
pay for it and who does, then the totals by funder, the reste à charge and its share, each co-funder with its
status and share, and a signature block; as rows for the PDF, and as CSV and XLSX for partners.

Once the project spends (any realised expense, « Dépenses réalisées »), each line and each funder's total also say
what was realised (committed and paid alike), what was paid alone, and the gap (realised less planned: negative
while spending is below the plan). Before, the plan is as the candidature filed it."""
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from ..dossier import rules
from ..formats.spreadsheet import append_row, csv_bytes

HEADERS = ("N° action", "Action", "Dépense", "Nature", "Éligible à la subvention", "Financeur", "Montant (€)",
           "Cofinanceur", "Statut")
COFUNDER_HEADERS = ("Cofinanceur", "Statut", "Montant (€)", "Part du coût total")
UNNAMED = "(à nommer)"  # a line stored before co-funders were named
SHARE_LABEL = "Part du reste à charge dans le coût total"
TOTAL_LABEL, REST_LABEL = "Coût total du projet", "Reste à charge du porteur"
BLANK = "…" * 12  # what the porteur fills by hand where Voyette does not know
REALISED_HEADERS = ("Réalisé, engagé et payé (€)", "dont payé (€)", "Écart au prévu (€)")
COLUMNS = "ABCDEFGHI"  # the spreadsheet's: HEADERS' (the co-funders' table fits in C to H)
REALISED_COLUMNS = "JKL"  # REALISED_HEADERS', after them: the planned plan's columns stay where they were
EUROS, PERCENT = '#,##0.00 "€"', "0.00%"
FIRST_LINE = 3  # row 1 the title, row 2 the headers


@dataclass(frozen=True)
class Row:
    action: int
    action_title: str
    label: str
    kind: str
    eligible: bool
    funder: str
    cents: int
    cofunder: str = ""  # who the « Autre financeur » is, and whether it granted its share (COFUNDER_STATUSES)
    cofunder_status: str = ""
    realised: int = 0  # the line's expenses: committed and paid
    paid: int = 0
    expenses: int = 0  # how many

    @property
    def gap(self):
        return self.realised - self.cents

    @property
    def paid_by(self):
        """« Autre financeur : Région Hauts-de-France (sollicité) », the funder as the documents print it."""
        return f"{self.funder} : {self.cofunder} ({self.cofunder_status})" if self.cofunder else self.funder


@dataclass(frozen=True)
class CoFunder:
    name: str
    status: str
    cents: int
    share: Decimal | None  # of the total cost, rounded down to 0.01 %
    lines: tuple  # the indexes of its rows in the plan's rows, for the spreadsheet's formulas


@dataclass(frozen=True)
class Realised:
    """A total of the plan as realised: a funder's, the project's or the reste à charge."""
    label: str
    planned: int
    realised: int  # committed and paid
    paid: int | None = None  # None where it is not counted apart (`realised`)

    @property
    def gap(self):
        """Realised minus planned: above 0, more was spent than planned."""
        return self.realised - self.planned

    @property
    def is_total(self):
        """The total cost or the reste à charge, rather than a funder."""
        return self.label in (TOTAL_LABEL, REST_LABEL)


def rows(actions, call):
    """One row per budget line, by action then line order; whether a line is eligible is the call's to say."""
    return [Row(action.position, action.title, line.label, str(rules.EXPENSE_KINDS[line.kind].label),
                call.expense_eligible(line.kind), str(rules.FUNDERS[line.funder]), line.amount_cents,
                *_cofunder(line), line.realised_cents, line.paid_cents, len(line.expenses))
            for action in actions for line in action.budget_lines]


def spending(plan_rows):
    """Whether the project has spent anything yet: the plan then shows what was realised."""
    return any(row.expenses for row in plan_rows)


def realised_totals(plan_rows):
    """Each funder's total, the project's and the reste à charge (what neither the State nor co-funders pay), as
    planned and as realised; empty before any expense, when the plan says only what is planned."""
    if not spending(plan_rows):
        return []
    by_funder = {}
    for code, label in rules.FUNDERS.items():
        lines = [row for row in plan_rows if row.funder == str(label)]
        by_funder[code] = Realised(str(label), *(sum(getattr(row, name) for row in lines)
                                                 for name in ("cents", "realised", "paid")))
    total = Realised(TOTAL_LABEL, *(sum(getattr(row, name) for row in plan_rows)
                                    for name in ("cents", "realised", "paid")))
    paid_by_others = [by_funder[rules.STATE], by_funder[rules.CO_FUNDER]]
    rest = Realised(REST_LABEL, *(getattr(total, name) - sum(getattr(each, name) for each in paid_by_others)
                                  for name in ("planned", "realised", "paid")))
    return [*by_funder.values(), total, rest]


def _cofunder(line):
    if line.funder != rules.CO_FUNDER:
        return "", ""
    return line.cofunder or UNNAMED, line.cofunder_status_label


def cofunders(plan_rows, money):
    """Each co-funder with a status, as the lines name them, in the order they first come: what it pays and its
    share of the total cost. A co-funder both granting a line and asked for another is listed twice."""
    found = {}
    for index, row in enumerate(plan_rows):
        if row.cofunder:
            found.setdefault((row.cofunder, row.cofunder_status), []).append(index)
    return [CoFunder(name, status, cents, money.share_of(cents), tuple(indexes))
            for (name, status), indexes in found.items()
            for cents in [sum(plan_rows[i].cents for i in indexes)]]


def totals(money):
    """(label, cents) of each funder, the total cost and the reste à charge, as the plan ends."""
    return [*((str(label), money.by_funder.get(code, 0)) for code, label in rules.FUNDERS.items()),
            (TOTAL_LABEL, money.total), (REST_LABEL, money.reste_a_charge)]


def realised(planned, spent):
    """Each of `totals`' rows (the funders, the total cost, the reste à charge) with what was planned (`planned`, a
    facts.Money of the budget lines) and what was spent (`spent`, one of their expenses)."""
    return [Realised(label, planned_cents, spent_cents)
            for (label, planned_cents), (_same, spent_cents) in zip(totals(planned), totals(spent), strict=True)]


def signature(commune):
    """The lines the representative signs under: the map's commune when it is known, blanks to fill otherwise."""
    return [f"Fait à {commune or BLANK}, le {BLANK}", "Signature du représentant légal :"]


def as_csv(plan_rows, money, commune="", mention=""):
    """For a spreadsheet in French: `;` between cells, decimal commas, a byte-order mark so Excel reads UTF-8. Once
    the project spends, three columns more: realised, paid, gap, for each line and each total."""
    realised = {each.label: each for each in realised_totals(plan_rows)}
    extra = (lambda each: [_decimal_comma(each.realised), _decimal_comma(each.paid), _decimal_comma(each.gap)]
             ) if realised else (lambda each: [])
    lines = [[*HEADERS, *(REALISED_HEADERS if realised else ())],
             *([*_cells(row), _decimal_comma(row.cents), row.cofunder, row.cofunder_status, *extra(row)]
               for row in plan_rows), []]
    lines += [["", "", label, "", "", "", _decimal_comma(cents), *(["", "", *extra(realised[label])] if realised
                                                                     else [])]
              for label, cents in totals(money)]
    if money.reste_a_charge_share is not None:
        lines.append(["", "", SHARE_LABEL, "", "", "", _percent(money.reste_a_charge_share)])
    lines.append([])
    if named := cofunders(plan_rows, money):
        lines.append(["", "", *COFUNDER_HEADERS[:2], "", "", *COFUNDER_HEADERS[2:]])
        lines += [["", "", each.name, each.status, "", "", _decimal_comma(each.cents), _percent(each.share)]
                  for each in named]
        lines.append([])
    lines += [*([line] for line in signature(commune)), *([[], [mention]] if mention else [])]
    return csv_bytes(lines, delimiter=";")


def as_xlsx(plan_rows, money, title, commune="", mention=""):
    """One sheet, amounts as numbers in euros with two decimals (Decimal, never a float's rounding); the totals
    are formulas over the lines, so a partner who corrects an amount sees them follow."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan de financement"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    realised = spending(plan_rows)
    append_row(sheet, [*HEADERS, *(REALISED_HEADERS if realised else ())])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in plan_rows:
        append_row(sheet, [*_cells(row), _euros_value(row.cents), row.cofunder, row.cofunder_status])
        sheet.cell(sheet.max_row, 7).number_format = EUROS
        if realised:
            _xlsx_realised_line(sheet, row)
    append_row(sheet, [])
    total = _xlsx_totals(sheet, plan_rows, realised)
    append_row(sheet, [])
    if named := cofunders(plan_rows, money):
        _xlsx_cofunders(sheet, named, total)
        append_row(sheet, [])
    for line in signature(commune):
        append_row(sheet, [line])
    if mention:  # the call's (calls.Call.mention), which the plan carries as every document of the project
        append_row(sheet, [])
        append_row(sheet, [mention])
    columns = COLUMNS + (REALISED_COLUMNS if realised else "")
    for column, width in zip(columns, (10, 34, 34, 40, 12, 34, 14, 30, 12, 16, 14, 16), strict=False):
        sheet.column_dimensions[column].width = width
    _page_set_up(sheet, columns[-1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_realised_line(sheet, row):
    """A line's realised and paid amounts, and its gap as a formula over them."""
    line = sheet.max_row
    for column, value in (("J", _euros_value(row.realised)), ("K", _euros_value(row.paid)), ("L", f"=J{line}-G{line}")):
        sheet[f"{column}{line}"].value, sheet[f"{column}{line}"].number_format = value, EUROS


def _xlsx_totals(sheet, plan_rows, realised=False):
    """The totals under the lines, each a formula: by funder a SUMIF on the funder column (the labels are ours,
    never typed text), the total a SUM, the reste à charge what neither the State nor co-funders pay, and its
    share rounded down to 0.01 % as the PDF says it (19.999 % never reads 20 %). Once the project spends, the same
    formulas over the realised and paid columns, and the gap of each."""
    last = max(FIRST_LINE + len(plan_rows) - 1, FIRST_LINE)  # a one-blank-row range when there is no line
    funders = f"$F${FIRST_LINE}:$F${last}"

    def amounts(column):
        return f"${column}${FIRST_LINE}:${column}${last}"
    where = {}
    for code, label in rules.FUNDERS.items():
        where[code] = _total_row(sheet, str(label), lambda c, label=label: f'=SUMIF({funders},"{label}",{amounts(c)})',
                                 realised=realised)
    total = _total_row(sheet, TOTAL_LABEL, lambda c: f"=SUM({amounts(c)})", realised=realised)
    rest = _total_row(sheet, REST_LABEL, lambda c: f"={c}{total}-{c}{where[rules.STATE]}-{c}{where[rules.CO_FUNDER]}",
                      realised=realised)
    _total_row(sheet, SHARE_LABEL, lambda c: _share_formula(rest, total), PERCENT)
    return total


def _xlsx_cofunders(sheet, named, total):
    """Each co-funder: its amount the SUM of its own lines' cells (a name typed by the porteur never goes into a
    formula), its share of the total as the reste à charge's."""
    append_row(sheet, ["", "", *COFUNDER_HEADERS[:2], "", "", *COFUNDER_HEADERS[2:]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for each in named:
        append_row(sheet, ["", "", each.name, each.status])
        amount, share = sheet.cell(sheet.max_row, 7), sheet.cell(sheet.max_row, 8)
        amount.value = f"=SUM({','.join(_areas(FIRST_LINE + index for index in each.lines))})"
        share.value = _share_formula(sheet.max_row, total)
        amount.number_format, share.number_format = EUROS, PERCENT


def _areas(rows):
    """« G3:G5 », « G9 »: consecutive rows as one range, so that a co-funder of many lines stays well within the
    255 arguments a spreadsheet's SUM takes."""
    runs = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [f"G{first}" if first == last else f"G{first}:G{last}" for first, last in runs]


def _total_row(sheet, label, formula, number_format=EUROS, realised=False):
    """A bold label in C and its formula in G (set after append_row, which writes text as text), `formula(column)`;
    with `realised`, the same formula over J (realised) and K (paid), and the gap in L; its row."""
    append_row(sheet, ["", "", label])
    line = sheet.max_row
    sheet.cell(line, 3).font = Font(bold=True)
    if number_format != EUROS:  # a share: the planned plan's alone
        sheet.cell(line, 7).value, sheet.cell(line, 7).number_format = formula("G"), number_format
        return line
    cells = {"G": formula("G")}
    if realised:
        cells.update(J=formula("J"), K=formula("K"), L=f"=J{line}-G{line}")
    for column, value in cells.items():
        sheet[f"{column}{line}"].value, sheet[f"{column}{line}"].number_format = value, EUROS
    return line


def _share_formula(row, total):
    return f'=IF(G{total}=0,"",ROUNDDOWN(G{row}/G{total},4))'


def _page_set_up(sheet, last_column=COLUMNS[-1]):
    """A4 landscape (nine columns do not fit a portrait width), fitted to the width, as many pages down as the
    lines need, the header row on each; the print area ends with the mention."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "2:2"
    sheet.print_area = f"A1:{last_column}{sheet.max_row}"
    sheet.freeze_panes = "A3"


def _cells(row):
    """A row's cells but its amount, which each format writes its own way."""
    return [row.action, row.action_title, row.label, row.kind, "oui" if row.eligible else "non", row.funder]


def _decimal_comma(cents):
    return f"{Decimal(cents).scaleb(-2):.2f}".replace(".", ",")


def _percent(share):
    """« 12,04 % », as a French spreadsheet reads a percentage; nothing for the share of a 0 € total."""
    return "" if share is None else f"{share * 100:.2f} %".replace(".", ",")


def _euros_value(cents):
    """The amount as an exact Decimal of euros, which openpyxl writes as a number."""
    return Decimal(cents).scaleb(-2)

