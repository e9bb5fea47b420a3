"""The perspectives of autonomy of the collective, typed on the compte rendu d'exécution by those who may edit."""
from app.extensions import db
from app.models import Dossier
from tests.conftest import log_in
from tests.dossier.test_routes import dossier_form
from tests.support import state

PERSPECTIVES = "L'association des jardiniers gère le verger.\n\nLa commune prête le local."


def test_a_member_who_edits_keeps_the_perspectives_and_reads_them_in_the_report(client, csrf, demo_map):
    response = client.post(f"/cartes/{demo_map.id}/compte-rendu", data={
        "csrf_token": csrf, "perspectives": f"  {PERSPECTIVES}  "})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cartes/{demo_map.id}/compte-rendu")
    assert Dossier.of_map(demo_map).perspectives == PERSPECTIVES
    page = client.get(f"/cartes/{demo_map.id}/compte-rendu").get_data(as_text=True).replace("&#39;", "'")
    assert "Perspectives enregistrées." in page
    assert page.count("L'association des jardiniers gère le verger.") == 2  # in the form, and in the report to print


def test_a_refused_text_comes_back_as_typed_and_nothing_is_kept(client, csrf, demo_map):
    before = state.everything()
    too_long = "x" * 5_001
    response = client.post(f"/cartes/{demo_map.id}/compte-rendu", data={"csrf_token": csrf,
                                                                       "perspectives": too_long})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="perspectives-error">Pas plus de 5000 caractères.</p>' in page and too_long in page
    assert state.everything() == before
    assert client.post(f"/cartes/{demo_map.id}/compte-rendu",
                       data={"perspectives": PERSPECTIVES}).status_code == 400  # no CSRF token
    assert state.everything() == before


def test_saving_the_perspectives_leaves_an_open_dossier_form_current(client, csrf, demo_map):
    """The dossier's form carries its version: the perspectives are not part of it, so saving them must not make
    someone's open dossier form look stale."""
    db.session.add(Dossier(map=demo_map, holder_name="Centre social", contexts=[], annex={}, citations={},
                           pieces_ready=[]))
    db.session.commit()
    version = Dossier.of_map(demo_map).version
    assert client.post(f"/cartes/{demo_map.id}/compte-rendu", data={
        "csrf_token": csrf, "perspectives": PERSPECTIVES}).status_code == 303
    db.session.expire_all()
    assert Dossier.of_map(demo_map).version == version
    response = client.post(f"/cartes/{demo_map.id}/dossier", data=dossier_form(csrf, version=str(version)))
    assert response.status_code == 303
    assert Dossier.of_map(demo_map).perspectives == PERSPECTIVES  # the dossier's form kept them


def test_a_viewer_reads_the_perspectives_without_the_form(app, member, demo_map):
    db.session.add(Dossier(map=demo_map, perspectives=PERSPECTIVES, contexts=[], annex={}, citations={},
                           pieces_ready=[]))
    db.session.commit()
    viewer = app.test_client()
    log_in(viewer, member("Vera", "viewer").id)
    page = viewer.get(f"/cartes/{demo_map.id}/compte-rendu").get_data(as_text=True).replace("&#39;", "'")
    assert "L'association des jardiniers gère le verger." in page
    assert 'name="perspectives"' not in page and "Enregistrer" not in page
