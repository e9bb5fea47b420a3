"""The demo map of the cité d'Orient."""
from app.demo import ensure_demo_map
from app.models import Feature


def test_demo_map_has_the_18_numbered_items_inside_the_estate():
    map_, created = ensure_demo_map()
    features = Feature.listed(map_.id)[0]
    assert created and [f.number for f in features] == list(range(1, 19))
    assert {f.kind for f in features} == {"point", "line", "polygon"}
    for feature in features:
        west, south, east, north = feature.shape.bounds
        assert west >= 2.8876 and east <= 2.8994 and south >= 50.4403 and north <= 50.4465, feature.title
    assert features[13].title == "Le dernier pigeonnier de la cité d'Orient"


def test_seeding_twice_keeps_one_demo_map():
    first, _ = ensure_demo_map()
    second, created = ensure_demo_map()
    assert first.id == second.id and not created


def test_seed_demo_adds_a_project_under_way_with_realised_expenses_and_one_receipt(app, owner, client):
    """`flask seed-demo` gives the demo map its project: its members see what was spent, with the invoice."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--owner", owner.email])
    assert result.exit_code == 0, result.output
    assert "Projet de démonstration ajouté" in result.output
    map_, _created = ensure_demo_map()
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Projet de démonstration" not in again.output  # seeded once
    page = client.get(f"/cartes/{map_.id}/depenses").get_data(as_text=True)
    assert "Bêches, râteaux et brouette" in page and "Quincaillerie Delattre" in page
    assert "Justificatif 1 (PDF)" in page and page.count('id="depense-') == 4
    from app.models import Receipt
    receipt = Receipt.query.one()
    served = client.get(f"/cartes/{map_.id}/depenses/{receipt.expense_id}/justificatifs/{receipt.id}")
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    plan = client.get(f"/cartes/{map_.id}/dossier/plan-de-financement.csv").data.decode("utf-8-sig")
    assert "Réalisé, engagé et payé (€)" in plan
