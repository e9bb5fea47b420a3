"""The documents of the candidature, read back as a partner would: the annex PDF (its text extracted, its map page
rendered to pixels), the annex DOCX opened with python-docx, the plan de financement as CSV, XLSX and PDF."""
import csv
import io
import re
from datetime import date
from decimal import ROUND_DOWN, Decimal

import numpy
import pypdfium2
import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from app.extensions import db
from app.models import Action, BudgetLine, Category, Dossier, Feature, Indicator

ERBM = "Avec le soutien de l'État dans le cadre de l'ERBM"
TOPICS = ("Modalités d'implication des habitants", "nouveaux liens entre les habitants",
          "transmission d'une expertise en jardinage", "Perspectives d'autonomisation du collectif")


@pytest.fixture
def project(demo_map):
    """The demo map with two actions, their budget, and a dossier citing items and actions."""
    items = Feature.listed(demo_map.id)[0]
    orchard = Action.add(demo_map, kind="jardin_collectif", title="Verger partagé des jardins du 05",
                         starts_on=date(2027, 3, 1), ends_on=date(2028, 6, 30), lead_partner="Centre social",
                         features=[items[4]])
    orchard.budget_lines = [BudgetLine(position=0, label="Arbres fruitiers", amount_cents=125050, kind="equipement",
                                       funder="etat"),
                            BudgetLine(position=1, label="Local", amount_cents=50000, kind="fonctionnement",
                                       funder="valorisation")]
    orchard.indicators = [Indicator(position=0, label="Foyers participants", target=25)]
    tools = Action.add(demo_map, kind="ressources", title="Outilthèque du 142", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31))
    tools.budget_lines = [BudgetLine(position=0, label="Outils", amount_cents=240000, kind="equipement",
                                     funder="cofinanceur")]
    db.session.flush()  # the actions' ids, for the dossier to cite
    db.session.add(Dossier(map=demo_map, holder_type="centre_social", holder_name="Centre social Jacques-Prévert",
                           territory="call", cite="Cité 9", contexts=["erbm"], partners="Maisons & Cités",
                           annex={"habitants": "Des marches sur la cité.", "liens": "Un parrainage.",
                                  "expertise": "Des ateliers de greffe.", "autonomie": "Une association."},
                           citations={"habitants": {"actions": [orchard.id], "items": [items[4].number]}},
                           pieces_ready=[]))
    db.session.commit()
    return demo_map, items


def download(client, map_, name):
    response = client.get(f"/cartes/{map_.id}/dossier/{name}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_the_annex_pdf_has_the_four_topics_the_numbered_legend_and_the_mention(client, project):
    map_, items = project
    response = download(client, map_, "annexe.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Annexe_AMI_jardins_Centre_social_Jacques_Prevert.pdf"')
    pdf = pypdfium2.PdfDocument(response.data)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    text = " ".join(" ".join(page.split()) for page in pages)
    for topic in TOPICS:
        assert topic in text, topic
    for item in items:  # every item of the map in the numbered legend
        assert f"{item.number:02d} {item.title}" in text, item.title
    assert all(ERBM in page.replace("\r\n", " ").replace("\n", " ") for page in pages)  # on every page
    assert "Actions concernées : 1. Verger partagé des jardins du 05" in text
    assert "Verger partagé des jardins du 05" in text and "Outilthèque du 142" in text  # the actions and planning
    assert "Coût total du projet 4 150,50 €" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Fonctionnement courant de la structure (non éligible)" in text


def test_the_annex_map_page_shows_the_items_in_their_colours(client, project):
    map_, items = project
    pdf = pypdfium2.PdfDocument(download(client, map_, "annexe.pdf").data)
    figure_page = next(i for i in range(len(pdf))
                       if "La carte sensible du projet" in pdf[i].get_textpage().get_text_range())
    image = pdf[figure_page].render(scale=1).to_pil().convert("RGB")
    colours = {tuple(int(v) for v in pixel) for pixel in numpy.unique(numpy.asarray(image).reshape(-1, 3), axis=0)}
    assert len(colours) > 50  # not a blank page
    for category in Category.of_map(map_.id):
        if any(item.category_id == category.id for item in items):
            rgb = tuple(int(category.colour[i:i + 2], 16) for i in (1, 3, 5))
            assert any(max(abs(a - b) for a, b in zip(rgb, pixel, strict=True)) < 6 for pixel in colours), (
                category.label)


def test_the_annex_docx_opens_with_python_docx_and_holds_the_same_parts(client, project):
    map_, items = project
    response = download(client, map_, "annexe.docx")
    assert response.headers["Content-Disposition"].endswith('Annexe_AMI_jardins_Centre_social_Jacques_Prevert.docx"')
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for topic in TOPICS:
        assert any(topic in heading for heading in headings), topic
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"{items[4].number:02d}  {items[4].title}" in body and "Des ateliers de greffe." in body
    assert document.sections[0].footer.paragraphs[0].text == ERBM
    assert len(document.inline_shapes) == 1  # the map figure
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Arbres fruitiers" in cells and any("4\u202f150,50" in c for c in cells)


def test_the_plan_de_financement_as_csv_xlsx_and_pdf(client, project):
    map_, _items = project
    raw = download(client, map_, "plan-de-financement.csv").data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "N° action" and rows[1][2:] == [
        "Arbres fruitiers", "Petits équipements et aménagements nécessaires au projet", "oui",
        "Subvention de l'État (FNADT)", "1250,50", "", ""]
    assert ["", "", "Coût total du projet", "", "", "", "4150,50"] in rows and [ERBM] in rows
    assert ["", "", "Reste à charge du porteur", "", "", "", "500,00"] in rows
    assert ["", "", "Part du reste à charge dans le coût total", "", "", "", "12,04 %"] in rows

    book = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data))
    sheet = book["Plan de financement"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2][2] == "Arbres fruitiers" and round(values[2][6] * 100) == 125050
    total = next(row for row in sheet.iter_rows() if row[2].value == "Coût total du projet")
    assert _evaluate(sheet, total[6].coordinate) == Decimal("4150.50")

    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert "Plan de financement" in text and "Outilthèque du 142" in text and ERBM in text


def test_documents_of_an_empty_project_still_open(client, empty_map):
    pdf = pypdfium2.PdfDocument(download(client, empty_map, "annexe.pdf").data)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Aucun élément sur la carte" in text and "(à rédiger)" in text
    Document(io.BytesIO(download(client, empty_map, "annexe.docx").data))
    assert download(client, empty_map, "plan-de-financement.csv").data.decode("utf-8-sig").startswith("N° action")
    sheet = load_workbook(io.BytesIO(download(client, empty_map, "plan-de-financement.xlsx").data)).active
    by_label = {row[2].value: row[6].coordinate for row in sheet.iter_rows() if row[2].value}
    assert _evaluate(sheet, by_label["Coût total du projet"]) == 0
    assert _evaluate(sheet, by_label["Part du reste à charge dans le coût total"]) == ""  # no share of 0 €


def test_the_annex_docx_reads_cleanly_its_numbers_in_their_colours_and_its_figure_whole(client, project):
    map_, items = project
    document = Document(io.BytesIO(download(client, map_, "annexe.docx").data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Actions concernées : " in body and " : :" not in body and "::" not in body
    numbered = {run.text.strip(): run for p in document.paragraphs for run in p.runs if run.text.strip().isdigit()}
    item = items[4]
    assert str(numbered[f"{item.number:02d}"].font.color.rgb) == item.category.colour.lstrip("#").upper()
    # The figure's grey frame is at the picture's four edges: nothing cut, no margin around it.
    embedded = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    picture = numpy.asarray(Image.open(io.BytesIO(document.part.related_parts[embedded].blob)).convert("L"))
    background = numpy.median(picture)
    for edge in (picture[:2], picture[-2:], picture[:, :2], picture[:, -2:]):
        assert numpy.median(edge.min(axis=0 if edge.shape[0] == 2 else 1)) < background - 20


def test_the_annex_map_is_drawn_over_the_basemap_with_its_credit(client, project):
    map_, _items = project
    pdf = pypdfium2.PdfDocument(download(client, map_, "annexe.pdf").data)
    figure_page = next(i for i in range(len(pdf))
                       if "La carte sensible du projet" in pdf[i].get_textpage().get_text_range())
    pixels = numpy.asarray(pdf[figure_page].render(scale=2).to_pil().convert("RGB")).astype(int)
    grid = numpy.all(numpy.abs(pixels - (0xD6, 0xD3, 0xC8)) < 4, axis=2)  # the local tiles' grid lines
    assert grid.sum() > 500
    assert "Fond de carte : Fond local hors ligne" in pdf[figure_page].get_textpage().get_text_range()


def test_a_long_legend_starts_on_the_map_page_and_continues_under_a_heading(client, project):
    map_, items = project
    category = items[0].category
    for number in range(60):
        Feature.create(map_, category, f"Arbre fruitier de la rue {number}", "", items[0].shape, author="Test")
    db.session.commit()
    pdf = pypdfium2.PdfDocument(download(client, map_, "annexe.pdf").data)
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    figure_page = next(i for i, text in enumerate(pages) if "La carte sensible du projet" in text)
    assert "Légende" in pages[figure_page] and f"{items[0].number:02d} {items[0].title}" in pages[figure_page]
    assert pages[figure_page + 1].startswith("Légende (suite)")
    listed = " ".join(pages[figure_page:figure_page + 2])
    assert all(f"{n:02d}" in listed for n in range(1, len(items) + 61))


def _evaluate(sheet, reference, depth=0):
    """What a spreadsheet computes for a cell, for the few formulas the plan writes (the test's own reckoning)."""
    value = sheet[reference.replace("$", "")].value
    if not (isinstance(value, str) and value.startswith("=")):
        return Decimal(0) if value in (None, "") else value if isinstance(value, str) else Decimal(str(value))
    assert depth < 10, reference
    return _formula(sheet, value[1:], depth + 1)


def _cells(sheet, area):
    first, _, last = area.replace("$", "").partition(":")
    return [f"{cell.column_letter}{cell.row}" for row in sheet[first:last or first] for cell in row]


def _formula(sheet, text, depth):
    if match := re.fullmatch(r'IF\((.+)=0,"",ROUNDDOWN\((.+)/(.+),4\)\)', text):
        whole = _formula(sheet, match[3], depth)
        return "" if whole == 0 else (_formula(sheet, match[2], depth) / whole).quantize(Decimal("0.0001"),
                                                                                         rounding=ROUND_DOWN)
    if match := re.fullmatch(r"SUM\((.+)\)", text):
        return sum((_evaluate(sheet, cell, depth) for area in match[1].split(",") for cell in _cells(sheet, area)),
                   Decimal(0))
    if match := re.fullmatch(r'SUMIF\(([^,]+),"([^"]*)",([^,]+)\)', text):
        return sum((_evaluate(sheet, amount, depth) for label, amount in zip(_cells(sheet, match[1]),
                                                                              _cells(sheet, match[3]), strict=True)
                    if sheet[label].value == match[2]), Decimal(0))
    if re.fullmatch(r"\$?[A-Z]+\$?\d+(-\$?[A-Z]+\$?\d+)*", text):
        first, *rest = text.split("-")
        return _evaluate(sheet, first, depth) - sum((_evaluate(sheet, cell, depth) for cell in rest), Decimal(0))
    raise AssertionError(f"unexpected formula {text}")


def test_the_plan_spreadsheet_computes_its_totals_and_prints_on_a4(client, project):
    """Totals are formulas, so a partner who changes an amount sees the totals follow; they compute what the PDF
    says; the sheet prints on A4, fitted to the width, the header row on every page."""
    map_, _items = project
    sheet = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data))["Plan de financement"]
    by_label = {row[2].value: row for row in sheet.iter_rows() if isinstance(row[2].value, str)}
    formulas = {label: by_label[label][6].value for label in ("Coût total du projet", "Reste à charge du porteur",
                                                              "Subvention de l'État (FNADT)",
                                                              "Part du reste à charge dans le coût total")}
    assert all(str(formula).startswith("=") for formula in formulas.values()), formulas
    assert formulas["Coût total du projet"].startswith("=SUM(")
    computed = {label: _evaluate(sheet, by_label[label][6].coordinate) for label in formulas}
    assert computed["Part du reste à charge dans le coût total"] == Decimal("0.1204")
    assert sheet[by_label["Part du reste à charge dans le coût total"][6].coordinate].number_format == "0.00%"

    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(pdf[0].get_textpage().get_text_range().split()).replace("\u202f", " ").replace("\u00a0", " ")
    for label in ("Coût total du projet", "Reste à charge du porteur", "Subvention de l'État (FNADT)"):
        euros = f"{computed[label]:,.2f}".replace(",", " ").replace(".", ",")
        assert f"{label} {euros} €" in text, (label, euros)
    assert "Part du reste à charge dans le coût total 12,04 %" in text

    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as the lines need
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.print_area == f"'Plan de financement'!$A$1:$I${sheet.max_row}"


def test_the_plan_ends_with_a_signature_block_at_the_maps_commune(client, project, empty_map):
    map_, _items = project
    sheet = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data))["Plan de financement"]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(text.startswith("Fait à Harnes, le ") for text in texts)
    assert "Signature du représentant légal :" in texts
    rows = list(csv.reader(io.StringIO(download(client, map_, "plan-de-financement.csv").data.decode("utf-8-sig")),
                           delimiter=";"))
    assert any(row and row[0].startswith("Fait à Harnes, le ") for row in rows)
    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "Fait à Harnes, le " in text and "Signature du représentant légal" in text

    map_.commune = ""  # unknown: a blank to fill by hand
    db.session.commit()
    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert re.search(r"Fait à …+, le …+", text), text[-300:]


def test_the_plan_names_each_co_funder_with_its_status_amount_and_share(client, project):
    """Two lines of the Région (acquis, sollicité) and one of the Ville: the instructor reads who pays what, and
    whether it is granted, in every format; the spreadsheet's co-funder amounts are formulas over their lines."""
    map_, _items = project
    tools = Action.of_map(map_.id)[1]
    tools.budget_lines[0].cofunder, tools.budget_lines[0].cofunder_status = "Région Hauts-de-France", "sollicite"
    tools.budget_lines.extend([
        BudgetLine(position=1, label="Brouettes", amount_cents=30000, kind="equipement", funder="cofinanceur",
                   cofunder="Ville de Harnes", cofunder_status="acquis"),
        BudgetLine(position=2, label="Abri", amount_cents=29950, kind="equipement", funder="cofinanceur",
                   cofunder="Ville de Harnes", cofunder_status="acquis")])
    db.session.commit()  # total 4 750,00 €: Région 2 400,00 € (50,52 %), Ville 599,50 € (12,62 %)
    expected = [("Région Hauts-de-France", "sollicité", "2400,00", "50,52 %"),
                ("Ville de Harnes", "acquis", "599,50", "12,62 %")]

    rows = list(csv.reader(io.StringIO(download(client, map_, "plan-de-financement.csv").data.decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][7:] == ["Cofinanceur", "Statut"] and rows[3][7:] == ["Région Hauts-de-France", "sollicité"]
    start = rows.index(["", "", "Cofinanceur", "Statut", "", "", "Montant (€)", "Part du coût total"])
    assert [(row[2], row[3], row[6], row[7]) for row in rows[start + 1:start + 3]] == expected

    sheet = load_workbook(io.BytesIO(download(client, map_, "plan-de-financement.xlsx").data))["Plan de financement"]
    named = {row[2].value: row for row in sheet.iter_rows() if row[2].value in ("Région Hauts-de-France",
                                                                                "Ville de Harnes")}
    assert [(label, named[label][3].value) for label, *_ in expected] == [(label, status) for label, status, *_ in
                                                                          expected]
    assert named["Ville de Harnes"][6].value == "=SUM(G6:G7)"  # its two lines, in a row
    assert [_evaluate(sheet, named[label][6].coordinate) for label, *_ in expected] == [Decimal("2400.00"),
                                                                                        Decimal("599.50")]
    assert [_evaluate(sheet, named[label][7].coordinate) for label, *_ in expected] == [Decimal("0.5052"),
                                                                                        Decimal("0.1262")]

    pdf = pypdfium2.PdfDocument(download(client, map_, "plan-de-financement.pdf").data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Région Hauts-de-France sollicité 2 400,00 € 50,52 %" in text
    assert "Ville de Harnes acquis 599,50 € 12,62 %" in text
    assert "Autre financeur : Région Hauts-de-France (sollicité)" in text

    document = Document(io.BytesIO(download(client, map_, "annexe.docx").data))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["", "Cofinanceur : Ville de Harnes", "acquis", "12,62\u00a0%", "599,50\u00a0€"] in cells
    assert "Autre financeur : Région Hauts-de-France (sollicité)" in [cell for row in cells for cell in row]
