"""« Avant / après » of an action: each item it concerns with its first and latest photos side by side and their
dates, as a page linked from the action and as a PDF."""
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from app.extensions import db
from app.models import Action, Feature
from tests.conftest import HX
from tests.documents.test_report_pdfs import ERBM, pages_text
from tests.photos import images
from tests.photos.test_routes import post_photo


@pytest.fixture
def garden(client, demo_map):
    """An action over four items: one photographed three times (given out of order), one once, one never, and one
    photographed but binned since."""
    items = Feature.listed(demo_map.id)[0][:4]
    action = Action.add(demo_map, kind="convivialite", title="Jardin des voisins")
    action.features = items
    db.session.commit()
    twice, once, never, binned = items
    post_photo(client, demo_map, twice, images.phone_jpeg(taken="2026:06:20 10:00:00"))
    post_photo(client, demo_map, twice, images.phone_jpeg(taken="2027:04:02 16:15:00"))
    post_photo(client, demo_map, twice, images.phone_jpeg(taken="2026:03:12 09:00:00"))  # the oldest, given last
    post_photo(client, demo_map, once, images.phone_jpeg(taken="2026:05:01 11:00:00"))
    post_photo(client, demo_map, binned, images.phone_jpeg())
    binned.soft_delete(author="Camille")
    db.session.commit()
    return demo_map, action, items


def page_of(client, map_, action):
    response = client.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres")
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def test_each_item_shows_its_first_and_latest_photos_with_their_dates(client, garden):
    map_, action, (twice, once, never, binned) = garden
    body = page_of(client, map_, action)
    assert "Action 1 : Jardin des voisins" in body
    before = body.index("<strong>Avant</strong> · 12 mars 2026", body.index(twice.title))
    assert before < body.index("<strong>Après</strong> · 2 avril 2027")
    assert "3 photos en tout : la première et la plus récente." in body
    assert "20 juin 2026" not in body  # the one in between is not shown
    assert "<strong>Seule photo</strong> · 1er mai 2026" in body
    assert "Une seule photo pour l'instant : la prochaine montrera l'après." in body
    assert "Pas encore de photo de cet élément" in body and never.title in body
    assert binned.title not in body
    assert body.index(twice.title) < body.index(once.title) < body.index(never.title)  # by number


def test_the_action_page_links_to_it(client, garden):
    map_, action, _items = garden
    detail = client.get(f"/cartes/{map_.id}/actions/{action.id}", headers=HX).get_data(as_text=True)
    assert f'href="/cartes/{map_.id}/actions/{action.id}/avant-apres"' in detail and "Avant / après" in detail


def test_an_action_without_items_says_so(client, demo_map):
    action = Action.add(demo_map, kind="convivialite", title="Fête des voisins")
    db.session.commit()
    assert "Aucun élément de la carte n'est relié à cette action" in page_of(client, demo_map, action)


def test_the_pdf_carries_the_photos_side_by_side_with_their_dates(client, garden):
    map_, action, (twice, *_others) = garden
    response = client.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Avant_apres_Jardin_des_voisins.pdf"'
    text = " ".join(pages_text(response.data))
    assert "Avant · 12 mars 2026" in text and "Après · 2 avril 2027" in text and "Seule photo · 1er mai 2026" in text
    assert ERBM in text and "Pas encore de photo de cet élément" in text
    page = pypdfium2.PdfDocument(response.data)[0]
    shots = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    assert len(shots) == 3  # before and after of the first item, the one photo of the second
    (_left, bottom, right, _top), (left_2, bottom_2, *_rest) = shots[0], shots[1]
    assert bottom == pytest.approx(bottom_2, abs=1) and left_2 > right  # side by side


def test_a_visitor_or_a_resident_does_not_see_it(anonymous, resident, garden):
    map_, action, _items = garden  # the demo map is public: its project is still its members' own
    for person in (anonymous, resident):
        assert person.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres").status_code == 403
        assert person.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres.pdf").status_code == 403
