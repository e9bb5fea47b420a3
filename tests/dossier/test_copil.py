"""The COPIL report: actions by where they stand, objectifs chiffrés reached, and the map's changes since filing."""
from datetime import UTC, date, datetime, timedelta

from shapely.geometry import Point

from app.extensions import db
from app.models import Action, Category, Dossier, Feature, Indicator
from tests.conftest import log_in
from tests.dossier.test_routes import dossier_form
from tests.support import state
from tests.support.author import AUTHOR


def test_the_report_says_where_actions_stand_and_what_was_reached(client, demo_map):
    orchard = Action.add(demo_map, kind="jardin_collectif", title="Verger", status="done")
    orchard.indicators = [Indicator(position=0, label="Arbres plantés", target=12, reached=9),
                          Indicator(position=1, label="Foyers", target=25)]
    Action.add(demo_map, kind="convivialite", title="Fête des jardins", status="running")
    db.session.commit()
    page = client.get(f"/cartes/{demo_map.id}/copil").get_data(as_text=True).replace("\u00a0", " ")
    assert "Réalisée : <strong>1</strong>" in page and "En cours : <strong>1</strong>" in page
    assert "Arbres plantés" in page and "75 %" in page  # 9 of 12
    assert "à renseigner" in page  # the households are not counted yet
    assert "Indiquez la date de dépôt de la candidature" in page


def test_the_map_s_changes_since_the_candidature_was_filed(client, demo_map):
    items = Feature.listed(demo_map.id)[0]
    filed = date.today() - timedelta(days=30)
    db.session.add(Dossier(map=demo_map, filed_on=filed, contexts=[], annex={}, citations={}, pieces_ready=[]))
    for item in items:  # the demo map was there before the candidature
        item.created_at = item.updated_at = datetime.now(UTC) - timedelta(days=60)
    db.session.commit()
    category = Category.of_map(demo_map.id)[0]
    Feature.create(demo_map, category, "Nouveau composteur", "", Point(2.8935, 50.4434), author=AUTHOR)
    items[2].edit(items[2].category, "Titre revu", items[2].description, author=AUTHOR)
    items[3].soft_delete(author=AUTHOR)
    db.session.commit()
    page = client.get(f"/cartes/{demo_map.id}/copil").get_data(as_text=True).replace("&#39;", "'")
    assert "éléments ajoutés : 1 (en couleur sur la carte), modifiés : 1, retirés : 1." in page
    added = page[page.index("<h3>Ajoutés</h3>"):page.index("<h3>Modifiés</h3>")]
    assert "Nouveau composteur" in added and "Titre revu" not in added
    assert items[3].title in page[page.index("<h3>Retirés</h3>"):]
    assert "<svg" in page and f'fill="{category.colour}"' in page and 'fill="#b8b8b8"' in page


DECISIONS = "Le comité valide le verger.\nLa fête est reportée à septembre."
NEXT_STEPS = "Planter les arbres en novembre."


def test_a_member_who_edits_keeps_the_committee_s_decisions_and_next_steps(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/copil", data={
        "csrf_token": csrf, "copil_decisions": f"  {DECISIONS}  ", "copil_next_steps": NEXT_STEPS})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cartes/{demo_map.id}/copil")
    dossier = Dossier.of_map(demo_map)
    assert (dossier.copil_decisions, dossier.copil_next_steps) == (DECISIONS, NEXT_STEPS)
    page = client.get(f"/cartes/{demo_map.id}/copil").get_data(as_text=True).replace("&#39;", "'")
    assert "Décisions et prochaines étapes enregistrées." in page
    assert page.count("La fête est reportée à septembre.") == 2  # in the form, and in the report as it prints


def test_a_refused_form_comes_back_as_typed_and_keeps_nothing(client, csrf, demo_map):
    before = state.everything()
    too_long = "x" * 5_001
    response = client.post(f"/cartes/{demo_map.id}/copil", data={
        "csrf_token": csrf, "copil_decisions": DECISIONS, "copil_next_steps": too_long})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pas plus de 5000 caractères." in page and too_long in page and "La fête est reportée" in page
    assert state.everything() == before  # not even the decisions, which were fine
    response = client.post(f"/cartes/{demo_map.id}/copil", data={"copil_decisions": DECISIONS})
    assert response.status_code == 400  # no CSRF token
    assert state.everything() == before


def test_a_viewer_reads_the_decisions_without_the_form(app, member, demo_map):
    db.session.add(Dossier(map=demo_map, copil_decisions=DECISIONS, contexts=[], annex={}, citations={},
                           pieces_ready=[]))
    db.session.commit()
    viewer = app.test_client()
    log_in(viewer, member("Vera", "viewer").id)
    page = viewer.get(f"/cartes/{demo_map.id}/copil").get_data(as_text=True)
    assert "La fête est reportée à septembre." in page and 'name="copil_decisions"' not in page
    assert "Rien de noté." in page  # no next steps yet


def test_saving_the_decisions_leaves_a_dossier_form_open_elsewhere_valid(client, csrf, demo_map):
    """The dossier's form writes none of the COPIL's fields: its save after a COPIL save is no conflict."""
    db.session.add(Dossier(map=demo_map, holder_name="Centre social", contexts=[], annex={}, citations={},
                           pieces_ready=[]))
    db.session.commit()
    opened_at = str(Dossier.of_map(demo_map).version)
    client.post(f"/cartes/{demo_map.id}/copil", data={"csrf_token": csrf, "copil_decisions": DECISIONS})
    response = client.post(f"/cartes/{demo_map.id}/dossier", data=dossier_form(csrf, version=opened_at))
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    db.session.expire_all()
    dossier = Dossier.of_map(demo_map)
    assert (dossier.holder_name, dossier.copil_decisions) == ("Centre social Jacques-Prévert", DECISIONS)
