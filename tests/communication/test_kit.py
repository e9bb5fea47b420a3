"""The communication kit, read back as a passer-by would: the poster's and the flyer's text (pypdfium2), and their
QR code decoded from the page drawn to pixels (zxing-cpp), for a public map, a map shared by link and a contribution
link; a private map without a link gets no code and is told why."""
from datetime import timedelta

import pypdfium2
import pytest
import zxingcpp
from shapely.geometry import Point

from app.demo import demo_contribution_link
from app.extensions import db
from app.models import Action, BudgetLine, Category, ContributionLink, Dossier, Feature
from app.models.map import utcnow
from tests.conftest import log_in
from tests.support.author import AUTHOR

ERBM = "Avec le soutien de l'État dans le cadre de l'ERBM"


def sheet(client, map_, **choice):
    response = client.get(f"/cartes/{map_.id}/communication/fichier", query_string=choice)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return response


def read_back(data):
    """(the one page's text, what its QR codes say, its size in mm)."""
    pdf = pypdfium2.PdfDocument(data)
    assert len(pdf) == 1
    page = pdf[0]
    text = " ".join(page.get_textpage().get_text_range().split())
    codes = [barcode.text for barcode in zxingcpp.read_barcodes(page.render(scale=100 / 72).to_pil())]
    return text, codes, tuple(round(side / 72 * 25.4) for side in page.get_size())


def page_text(response):
    return response.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.parametrize(("support", "size"), [("affiche-A4", (210, 297)), ("affiche-A3", (297, 420))])
def test_the_poster_of_a_public_map_opens_the_public_map(client, demo_map, support, size):
    response = sheet(client, demo_map, support=support, lien="carte")
    named = f"Affiche_{support.removeprefix('affiche-')}_Cite_d_Orient_Harnes.pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{named}"'
    text, codes, measured = read_back(response.data)
    assert codes == [f"http://localhost/cartes/{demo_map.id}"] and measured == size
    assert "Cité d'Orient, Harnes" in text and ERBM in text and "Scannez-moi pour voir la carte en ligne" in text
    for item in Feature.listed(demo_map.id)[0]:  # the demo's legend fits whole, on A4 too
        assert f"{item.number:02d} {item.title}" in text, item.title


def test_the_poster_of_a_map_shared_by_link_opens_its_view_link_which_shows_the_map(app, client, demo_map):
    demo_map.visibility = "link"
    db.session.commit()
    _text, codes, _size = read_back(sheet(client, demo_map, support="affiche-A4", lien="carte").data)
    assert codes == [f"http://localhost/cartes/{demo_map.id}?cle={demo_map.share_token}"]
    passer_by = app.test_client()
    assert passer_by.get(codes[0].removeprefix("http://localhost")).status_code == 200
    assert passer_by.get(f"/cartes/{demo_map.id}/elements/nouveau").status_code == 403  # seeing only


def test_the_flyer_opens_the_contribution_link_and_invites_residents(app, client, demo_map):
    link = demo_contribution_link(demo_map)
    response = sheet(client, demo_map, support="flyer-A5", lien=link.id)
    assert response.headers["Content-Disposition"] == 'attachment; filename="Flyer_Cite_d_Orient_Harnes.pdf"'
    text, codes, size = read_back(response.data)
    assert codes == [f"http://localhost/contribuer/{link.token}"] and size == (148, 210)
    assert "Vos idées pour le quartier" in text and "pas besoin de compte" in text and ERBM in text
    assert "Votre idée apparaît aussitôt sur la carte." in text  # the demo's link publishes without validation
    resident = app.test_client()
    assert "Votre prénom ou pseudonyme" in page_text(resident.get(codes[0].removeprefix("http://localhost")))


def test_a_poster_may_open_a_moderated_contribution_link_and_says_until_when(client, empty_map):
    """A private map with a contribution link: the poster invites to add ideas, through that link."""
    link = ContributionLink(map_id=empty_map.id, label="Affiches", moderated=True,
                            expires_at=utcnow() + timedelta(days=30))
    db.session.add(link)
    db.session.commit()
    answer = client.get(f"/cartes/{empty_map.id}/communication")
    kit = page_text(answer)
    assert answer.headers["Cache-Control"] == "private, no-store" and link.token in kit  # no copy kept on a tablet
    assert "Le QR code ouvre le lien de contribution « Affiches »" in kit and "avec validation" in kit
    assert "Ce lien publie sans validation" not in kit  # said of the demo's link (see the browser test)
    assert 'value="carte"' not in kit  # the map itself is private: not offered
    text, codes, _size = read_back(sheet(client, empty_map, support="affiche-A3", lien=link.id).data)
    assert codes == [f"http://localhost/contribuer/{link.token}"]
    assert "Scannez-moi et ajoutez vos idées sur la carte" in text and "Aucun élément sur la carte" in text
    flyer, _codes, _size = read_back(sheet(client, empty_map, support="flyer-A5", lien=link.id).data)
    assert "Le collectif relit chaque idée avant de la montrer sur la carte." in flyer and "Jusqu'au " in flyer


def test_the_sheets_name_the_holder_the_partners_and_the_granted_cofunders_as_the_dossier_has_them(client, demo_map):
    db.session.add(Dossier(map=demo_map, holder_name="Centre social Jacques-Prévert",
                           partners="Maisons & Cités\nVille de Harnes\n", contexts=[], annex={}, citations={},
                           pieces_ready=[]))
    action = Action.add(demo_map, kind="ressources", title="Outilthèque")
    action.budget_lines = [
        BudgetLine(position=0, label="Outils", amount_cents=90000, kind="equipement", funder="cofinanceur",
                   cofunder="Région Hauts-de-France", cofunder_status="acquis"),
        BudgetLine(position=1, label="Bacs", amount_cents=40000, kind="equipement", funder="cofinanceur",
                   cofunder="Fondation de France", cofunder_status="sollicite")]
    db.session.commit()
    for choice in ({"support": "affiche-A4", "lien": "carte"},
                   {"support": "flyer-A5", "lien": demo_contribution_link(demo_map).id}):
        text, _codes, _size = read_back(sheet(client, demo_map, **choice).data)
        assert "Un projet de Centre social Jacques-Prévert" in text
        assert "Avec Maisons & Cités · Ville de Harnes" in text
        assert "Avec le concours de Région Hauts-de-France" in text and "Fondation de France" not in text
        assert text.index("Ville de Harnes") < text.index(ERBM)


def test_a_private_map_without_a_link_gets_no_code_and_the_way_to_make_one(client, empty_map, member, app):
    page = client.get(f"/cartes/{empty_map.id}/communication")
    text = page_text(page)
    assert page.status_code == 200 and "Pas de QR code pour une carte privée" in text
    assert "Un QR code vers elle n'ouvrirait rien pour les habitants" in text and "<form" not in text.split("<main")[1]
    assert f'href="/cartes/{empty_map.id}/partage"' in text  # the owner makes a link or changes the visibility there
    refused = client.get(f"/cartes/{empty_map.id}/communication/fichier", query_string={"support": "affiche-A4",
                                                                                        "lien": "carte"})
    assert refused.status_code == 422 and "Pas de QR code pour une carte privée" in page_text(refused)
    contributor = app.test_client()
    log_in(contributor, member("Lucie", "contributor").id)
    text = page_text(contributor.get(f"/cartes/{empty_map.id}/communication"))
    assert "demandez-le à un responsable du collectif" in text and "/partage" not in text


def test_wrong_choices_come_back_with_their_reason_and_the_choices_kept(client, demo_map):
    link = demo_contribution_link(demo_map)
    response = client.get(f"/cartes/{demo_map.id}/communication/fichier",
                          query_string={"support": "flyer-A5", "lien": "carte"})
    text = page_text(response)
    assert response.status_code == 422
    assert "Le flyer invite les habitants à ajouter leurs idées : choisissez un lien de contribution." in text
    assert 'value="flyer-A5" checked' in text and 'value="carte" checked' in text
    response = client.get(f"/cartes/{demo_map.id}/communication/fichier", query_string={"support": "affiche-A0",
                                                                                        "lien": link.id})
    text = page_text(response)
    assert response.status_code == 422 and "Choisissez une affiche A4, une affiche A3 ou le flyer." in text
    assert f'value="{link.id}" checked' in text


def test_a_revoked_or_another_maps_link_is_neither_offered_nor_printed(client, demo_map, empty_map):
    link = demo_contribution_link(demo_map)
    elsewhere = ContributionLink(map_id=empty_map.id, label="Ailleurs", moderated=True)
    db.session.add(elsewhere)
    link.revoke()
    db.session.commit()
    kit = page_text(client.get(f"/cartes/{demo_map.id}/communication"))
    assert link.token not in kit and elsewhere.token not in kit and "Le flyer demande un lien de contribution" in kit
    for key in (link.id, elsewhere.id):
        response = client.get(f"/cartes/{demo_map.id}/communication/fichier",
                              query_string={"support": "flyer-A5", "lien": key})
        assert response.status_code == 422 and "Choisissez ce que le QR code ouvre" in page_text(response)


def test_a_crowded_legend_is_counted_and_the_poster_stays_one_page(client, demo_map):
    category = Category.of_map(demo_map.id)[0]
    for index in range(80):
        Feature.create(demo_map, category, f"Banc numéro {index} le long de la voyette", "",
                       Point(2.889 + index * 0.0001, 50.441), author=AUTHOR)
    db.session.commit()
    text, codes, _size = read_back(sheet(client, demo_map, support="affiche-A4", lien="carte").data)
    items = Feature.listed(demo_map.id)[0]
    shown = sum(f"{item.number:02d} {item.title}" in text for item in items)
    assert len(items) == 98 and 18 < shown < 98 and f"… et {98 - shown} autres éléments, sur la carte en ligne." in text
    assert codes == [f"http://localhost/cartes/{demo_map.id}"] and ERBM in text


def test_the_map_page_and_the_candidature_lead_to_the_kit_for_those_who_may_edit(client, demo_map, member, app):
    kit = f'href="/cartes/{demo_map.id}/communication"'
    assert kit in client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert kit in client.get(f"/cartes/{demo_map.id}/dossier").get_data(as_text=True)
    viewer = app.test_client()
    log_in(viewer, member("Bertille", "viewer").id)
    assert kit not in viewer.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert kit not in viewer.get(f"/cartes/{demo_map.id}/dossier").get_data(as_text=True)


def test_only_the_maps_owners_are_offered_a_code_to_its_secret_links(app, client, demo_map, member):
    """A code shows the address it holds: an editor may print the public map's, never a contribution link's, which
    only « Partage » shows, to owners."""
    link = demo_contribution_link(demo_map)
    assert link.token in client.get(f"/cartes/{demo_map.id}/communication").get_data(as_text=True)  # the owner
    editor = app.test_client()
    log_in(editor, member("Lucie", "editor").id)
    page = page_text(editor.get(f"/cartes/{demo_map.id}/communication"))
    assert link.token not in page and "La carte publique" in page
    assert "que seuls les responsables de la carte voient" in page
    refused = editor.get(f"/cartes/{demo_map.id}/communication/fichier",
                         query_string={"support": "flyer-A5", "lien": link.id})
    assert refused.status_code == 422 and link.token not in refused.get_data(as_text=True)
    demo_map.visibility = "link"
    db.session.commit()
    page = page_text(editor.get(f"/cartes/{demo_map.id}/communication"))
    assert demo_map.share_token not in page and "Un QR code vers un lien, par un responsable" in page
