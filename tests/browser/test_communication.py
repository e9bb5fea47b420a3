"""The communication kit in a real browser: from the map, a member opens « Affiche et flyer », reads what each QR
code opens, chooses the A3 poster and downloads it."""
import pypdfium2
import zxingcpp
from playwright.sync_api import expect

from app.demo import demo_contribution_link


def test_a_member_chooses_the_a3_poster_and_downloads_it(map_page, demo_map):
    link = demo_contribution_link(demo_map)
    page = map_page(demo_map.id).open().page
    page.get_by_role("link", name="Affiche et flyer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kit de communication")
    public = page.get_by_role("radio", name="La carte publique")
    expect(public).to_be_checked()
    expect(public).to_have_accessible_description(
        "Le QR code ouvre la carte publique : tout le monde peut la voir, sans pouvoir la modifier.")
    contribution = page.get_by_role("radio", name="Lien de contribution « Démonstration »")
    expect(contribution).to_have_accessible_description(
        "Le QR code ouvre le lien de contribution « Démonstration » : qui le scanne peut voir la carte, y ajouter des "
        "éléments et commenter sous un prénom ou un pseudonyme, sans compte (publiés aussitôt, sans validation), "
        "jusqu'à ce qu'il soit révoqué. Il ne donne à voir ni le projet, ni les noms des membres.")
    expect(page.get_by_text(f"http://localhost/contribuer/{link.token}")).to_be_visible()
    expect(page.get_by_text("Ce lien publie sans validation")).to_be_visible()
    expect(page.get_by_role("img", name="QR code : La carte publique")).to_be_visible()

    page.get_by_label("Affiche A3").check()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == "Affiche_A3_Cite_d_Orient_Harnes.pdf"
    with open(download.value.path(), "rb") as pdf:
        data = pdf.read()
    assert data[:5] == b"%PDF-"
    sheet = pypdfium2.PdfDocument(data)[0]
    assert round(sheet.get_size()[1] / 72 * 25.4) == 420  # A3
    decoded = [code.text for code in zxingcpp.read_barcodes(sheet.render(scale=100 / 72).to_pil())]
    assert decoded == [f"http://localhost/cartes/{demo_map.id}"]
