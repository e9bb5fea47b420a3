"""The printed map's pages hold together, for every paper and orientation, with few and many items: the map and its
title are on page 1, and the pages are as many as the layout says (the legend continues on a page of its own, under
a heading, only when it does not fit beside or under the map)."""
import pypdfium2
import pytest
from shapely.geometry import Point

from app.extensions import db
from app.models import Category, Feature

HARNES = (2.906, 50.445)


def filled(map_, count):
    """`count` items spread over the map's categories, with titles of every length a person types."""
    categories = Category.of_map(map_.id)
    lon, lat = HARNES
    for number in range(count):
        title = ("Jardin partagé de la rue des Écoles, derrière la salle des fêtes" if number % 3 == 0
                 else f"Arbre fruitier {number}")
        Feature.create(map_, categories[number % len(categories)], title, "",
                       Point(lon + (number % 10) * 0.0009, lat + (number // 10) * 0.0006), author="Test")
    db.session.commit()


def pages_of(client, map_, paper, orientation):
    response = client.get(f"/cartes/{map_.id}/impression/fichier",
                          query_string={"fond": "aucun", "papier": paper, "sens": orientation})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    pdf = pypdfium2.PdfDocument(response.data)
    return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("orientation", ["portrait", "paysage"])
@pytest.mark.parametrize("count", [5, 25, 80])
def test_the_map_is_on_page_one_and_the_pages_are_those_the_layout_promises(client, empty_map, paper, orientation,
                                                                           count):
    filled(empty_map, count)
    pages = pages_of(client, empty_map, paper, orientation)
    first = pages[0]
    assert empty_map.name in first and "N" in first.split()  # the title and the figure's north arrow
    assert "Carte faite avec Voyette" in pages[-1]  # the credit ends the legend, on its last page
    numbers = " ".join(pages)
    assert all(f"{n:02d}" in numbers for n in range(1, count + 1))
    # 80 items, a third of them with long titles, fill the room A3 portrait leaves under its map; beside the map,
    # in landscape, they continue on a second page.
    fits = count <= 25 or (paper == "A3" and orientation == "portrait")
    assert len(pages) == (1 if fits else 2), pages
    if len(pages) > 1:
        assert pages[1].startswith("Légende (suite)")
