"""Cells for a spreadsheet, the one place every CSV and XLSX writer goes through.

A title or a budget label that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) would be
evaluated by Excel or LibreOffice when a partner opens the file: a `=HYPERLINK(…)` that leaks the sheet, a DDE
command. OWASP's rule for CSV is to put an apostrophe before such a cell; XLSX has typed cells, so there the text is
simply written as text. Numbers stay numbers: amounts and coordinates are never touched.
"""
import csv
import io
import re

from ..text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")  # « -1.5536 », « 125,50 »: what a spreadsheet reads as a number


def csv_cell(value):
    """The value as a CSV cell that no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(rows, delimiter=","):
    """UTF-8 with a byte-order mark, so that spreadsheets read the accents; lines end in CRLF as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_row(sheet, values):
    """Append a row to an openpyxl sheet, texts as text cells: openpyxl would store one starting with `=` as a
    formula. Texts lose the characters XML cannot hold, which openpyxl refuses (text stored before the forms dropped
    them)."""
    sheet.append([xml_safe(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
