"""Shared plots in a real browser: cut an unused garden into equal plots, give one to a household for the season,
print the plan; draw a plot by hand, and see one that overlaps its neighbour refused at the shape."""
import re

from playwright.sync_api import expect

from app.models import Feature


def zones(map_):
    return [feature for feature in Feature.listed(map_.id)[0] if feature.kind == "polygon"]


def test_cut_a_garden_into_plots_assign_one_and_print_the_plan(map_page, demo_map):
    zone = zones(demo_map)[0]
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item(zone.title)
    page.get_by_role("link", name="Parcelles partagées").click()
    expect(page.locator("#detail h2")).to_contain_text("Parcelles de")
    page.get_by_label("Nombre de parcelles").fill("1")
    page.get_by_role("button", name="Découper").click()
    expect(page.locator("#count-error")).to_have_text("Un nombre entier de 2 à 50.")
    page.get_by_label("Nombre de parcelles").fill("3")
    page.get_by_role("button", name="Découper").click()
    expect(page.locator("#detail .notice")).to_contain_text(re.compile(r"3 parcelles de [\d\s]+ m² découpées"))
    expect(page.locator(".plot-table tbody tr")).to_have_count(3)
    expect(page.locator(".plot-table tfoot")).to_contain_text("Reste de la zone")
    expect(page.locator("#features .feature-list")).to_contain_text("Parcelle 3")  # the list refreshed

    page.get_by_role("link", name=re.compile("Parcelle 1")).first.click()
    expect(page.locator("#detail")).to_contain_text("Parcelle partagée de")
    page.get_by_role("link", name="Attribuer la parcelle").click()
    page.get_by_label(re.compile("Attribuée à")).fill("Famille Kaci")
    page.get_by_label("Saison : du").fill("2027-03-01")
    page.get_by_label("au", exact=True).fill("2027-10-31")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail .notice")).to_have_text("Attribution de la parcelle enregistrée.")
    expect(page.locator("#detail .plot-of")).to_contain_text("attribuée à Famille Kaci")

    page.locator("#detail .plot-of a").click()
    page.get_by_role("link", name="Plan des parcelles à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan des parcelles de")
    expect(page.locator(".plot-figure svg circle.disc")).to_have_count(4)  # the zone's number and its three plots'
    # The zone's number is set outside its plots, which fill it: a leader line joins it to the zone.
    expect(page.locator(".plot-figure svg .leader").first).to_be_attached()
    expect(page.locator(".plot-table")).to_contain_text("Famille Kaci")


def test_a_plot_drawn_by_hand_over_its_neighbour_is_refused_at_its_shape(map_page, demo_map):
    zone = zones(demo_map)[0]
    west, south, east, north = zone.shape.bounds
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item(zone.title)
    page.get_by_role("link", name="Parcelles partagées").click()

    def zoom_to_zone():  # as a person would, so that the corners are far apart on the screen
        view.show(bbox=[west, south, east, north])

    def draw_plot(x0, x1, y0, y1, title):
        zoom_to_zone()
        corners = [(west + x * (east - west), south + y * (north - south)) for x, y in ((x0, y0), (x1, y0), (x1, y1),
                                                                                      (x0, y1))]
        view.draw("Dessiner une parcelle", corners)
        view.click_at(*corners[0])
        page.get_by_label("Titre").fill(title)
        page.get_by_role("button", name="Enregistrer").click()

    draw_plot(0.15, 0.45, 0.2, 0.8, "Parcelle de Lucie")
    expect(page.locator("#detail h2")).to_have_text("Parcelle de Lucie")
    expect(page.locator("#detail .plot-of")).to_contain_text("Parcelle partagée de")

    page.locator("#detail .plot-of a").click()  # back to the zone's plots
    expect(page.locator(".plot-table tbody tr")).to_have_count(1)
    draw_plot(0.35, 0.75, 0.3, 0.7, "Parcelle de Karim")
    expect(page.locator("#geometry-error")).to_contain_text("La parcelle chevauche « Parcelle de Lucie »")
    expect(page.get_by_label("Titre")).to_have_value("Parcelle de Karim")  # what was typed is kept
