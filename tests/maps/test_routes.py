"""The home page, creating a map, the map page."""
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Map


def test_home_lists_maps(client, demo_map):
    page = client.get("/").get_data(as_text=True)
    assert "Cité d&#39;Orient, Harnes" in page and 'lang="fr"' in page


def test_create_map_with_a_legend_template_and_land_on_it(client, csrf, collective):
    response = client.post("/cartes", data={"csrf_token": csrf, "name": "Cité Bruno", "commune": "62274",
                                            "legend": "ressources-jardin", "collective": collective.id,
                                            "visibility": "private"})
    assert response.status_code == 303
    map_ = db.session.scalar(select(Map).where(Map.name == "Cité Bruno"))
    assert response.headers["Location"].endswith(f"/cartes/{map_.id}")
    assert "Outilthèque" in [c.label for c in Category.of_map(map_.id)]
    assert "Cité Bruno" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_empty_legend_template_gives_an_empty_legend(client, csrf, collective):
    client.post("/cartes", data={"csrf_token": csrf, "name": "Vide", "commune": "62413", "legend": "vide",
                                 "collective": collective.id, "visibility": "link"})
    map_ = db.session.scalar(select(Map).where(Map.name == "Vide"))
    assert Category.of_map(map_.id) == []


def test_map_without_a_name_is_refused_next_to_the_field_and_input_kept(client, csrf):
    response = client.post("/cartes",
                           data={"csrf_token": csrf, "name": "  ", "commune": "62413", "legend": "diagnostic"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error">Donnez un nom à la carte.' in page
    assert '<option selected value="62413">Harnes</option>' in page and '<option selected value="diagnostic">' in page
    assert db.session.scalar(select(Map)) is None


def test_post_without_csrf_token_is_refused_in_french(client):
    response = client.post("/cartes", data={"name": "Sans jeton", "legend": "vide"})
    assert response.status_code == 400 and "Le formulaire a expiré" in response.get_data(as_text=True)
    assert db.session.scalar(select(Map)) is None


def test_map_page_carries_the_map_config_and_no_cdn(client, demo_map):
    page = client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert "data-config=" in page and "/tuiles-locales/" in page
    assert "unpkg" not in page and "cdn" not in page.lower()
    assert page.count('data-feature-id="') == 18


def test_unknown_map_is_a_french_404(client):
    response = client.get("/cartes/999")
    assert response.status_code == 404 and "Cette page n&#39;existe pas" in response.get_data(as_text=True)
