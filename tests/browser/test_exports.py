"""Exporting from the map page in a real browser: a format, some categories, the file downloaded."""
import xml.etree.ElementTree as ET

from playwright.sync_api import expect

from app.models import Category, Feature


def test_export_the_points_and_lines_of_one_category_as_gpx(map_page, demo_map):
    items = Feature.listed(demo_map.id)[0]
    legend = Category.of_map(demo_map.id)
    kept = next(c for c in legend if any(i.category_id == c.id and i.kind == "point" for i in items))
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Exporter").click()
    expect(page.locator("#detail h2")).to_have_text("Exporter les éléments de la carte")
    for category in legend:
        page.locator(".export-form").get_by_label(category.label).uncheck()
    page.get_by_role("button", name="Télécharger").click()
    expect(page.locator("#categorie-error")).to_have_text("Choisissez au moins une catégorie.")
    page.locator(".export-form").get_by_label(kept.label).check()
    page.get_by_label("GPX").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger").click()
    assert download.value.suggested_filename.endswith(".gpx")
    root = ET.parse(download.value.path()).getroot()
    names = [e.text for e in root.iter("{http://www.topografix.com/GPX/1/1}name")][1:]  # after the map's own
    assert sorted(names) == sorted(f"{i.number:02d} {i.title}" for i in items
                                   if i.category_id == kept.id and i.kind in ("point", "line"))
