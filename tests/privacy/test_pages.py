"""« Données personnelles » and « Mentions légales »: public, the operator's values shown as text or said missing,
linked from every page, and announced beside every field where a resident types a name or gives a photo."""
from pathlib import Path

import lxml.html
import pytest
from flask import current_app

from app.demo import demo_contribution_link
from app.models import Feature
from app.privacy.kept import kept
from tests.conftest import HX, csrf_of
from tests.deploy.test_files import settings_read

ROOT = Path(__file__).parents[2]
PAGES = ("/donnees-personnelles", "/mentions-legales")
NOT_FILLED = "non renseigné par l'exploitant"
OPERATOR = {"CONTROLLER": "Centre social <b>Harnes</b>", "CONTACT": "rgpd@exemple.fr",
            "HOST_NAME": "Hébergeur & Cie", "HOST_ADDRESS": "2 rue <script>alert(1)</script>, 59100 Roubaix"}


@pytest.fixture
def configured(app, monkeypatch):
    for name, value in OPERATOR.items():
        monkeypatch.setitem(app.config, name, value)


@pytest.fixture
def unset(app, monkeypatch):
    for name in OPERATOR:
        monkeypatch.setitem(app.config, name, "")


def test_both_pages_show_the_operator_s_values_as_text_to_anyone(configured, anonymous):
    privacy, legal = (anonymous.get(path) for path in PAGES)
    assert (privacy.status_code, legal.status_code) == (200, 200)
    privacy, legal = privacy.get_data(as_text=True), legal.get_data(as_text=True)
    assert "Centre social &lt;b&gt;Harnes&lt;/b&gt;" in privacy and "<b>Harnes" not in privacy
    assert '<a href="mailto:rgpd@exemple.fr">rgpd@exemple.fr</a>' in privacy
    assert "Centre social &lt;b&gt;Harnes&lt;/b&gt;" in legal and "Hébergeur &amp; Cie" in legal
    assert "2 rue &lt;script&gt;alert(1)&lt;/script&gt;, 59100 Roubaix" in legal and "<script>alert" not in legal
    assert NOT_FILLED not in (privacy + legal).replace("&#39;", "'")


def test_a_postal_contact_is_text_not_a_mail_link(configured, app, anonymous, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT", "Mairie, 1 place de la République, 62440 Harnes")
    page = anonymous.get(PAGES[0]).get_data(as_text=True)
    assert "Mairie, 1 place de la République, 62440 Harnes" in page and "mailto:" not in page


def test_what_the_operator_left_unset_is_said_plainly(unset, anonymous):
    privacy, legal = (anonymous.get(path).get_data(as_text=True).replace("&#39;", "'") for path in PAGES)
    assert privacy.count(NOT_FILLED) == 2  # the controller and the contact
    assert legal.count(NOT_FILLED) == 4  # the controller, the contact, the host and its address


def test_the_page_says_what_is_kept_and_for_how_long(anonymous):
    page = lxml.html.fromstring(anonymous.get(PAGES[0]).get_data(as_text=True))
    rows = [[cell.text_content() for cell in row] for row in page.xpath('//table[@class="kept"]/tbody/tr')]
    days = current_app.config["PERMANENT_SESSION_LIFETIME"].days
    lines = kept(days, current_app.config["BIN_KEPT_MONTHS"])
    assert rows == [[str(line.what), str(line.holds), str(line.how_long)] for line in lines]
    assert any("EXIF" in holds and "GPS" in holds for _what, holds, _how_long in rows)
    assert [rows[-2][0], rows[-2][2]] == ["Imports en attente", "Un jour au plus."]


def test_the_readme_says_what_the_page_says():
    """The operator's section repeats the page's table line for line (the defaults of « Rester connecté » and of the
    bin's retention)."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Données personnelles (RGPD)"):]
    for line in kept(30, 12):
        assert f"| {line.what} | {line.holds} | {line.how_long} |" in section, str(line.what)


def test_the_example_environment_file_names_the_operator_s_settings():
    assert {"VOYETTE_CONTROLLER", "VOYETTE_CONTACT", "VOYETTE_HOST_NAME", "VOYETTE_HOST_ADDRESS"} <= settings_read()


def links_of(html):
    return {a.get("href") for a in lxml.html.fromstring(html).xpath('//nav[@class="legal-links"]/a')}


def test_every_kind_of_page_links_both_pages(client, anonymous, demo_map):
    feature = Feature.listed(demo_map.id)[0][0]
    for who, path in ((anonymous, "/"), (anonymous, "/compte/connexion"), (anonymous, "/nulle-part"),
                      (client, f"/cartes/{demo_map.id}"), (client, f"/cartes/{demo_map.id}/elements/{feature.id}"),
                      (client, f"/cartes/{demo_map.id}/marches"), (anonymous, PAGES[0]), (anonymous, PAGES[1])):
        assert links_of(who.get(path).get_data(as_text=True)) == set(PAGES), path


def notice_of(html, field_id):
    """The notice a field points to (aria-describedby), with its link."""
    page = lxml.html.fromstring(html)
    described = page.get_element_by_id(field_id).get("aria-describedby").split()
    notices = [page.get_element_by_id(id_) for id_ in described if "privacy-notice" in
               page.get_element_by_id(id_).get("class")]
    assert len(notices) == 1, field_id
    assert [a.get("href") for a in notices[0].iter("a")] == [PAGES[0]]
    return notices[0].text_content()


def test_the_resident_s_pseudonym_field_says_what_becomes_of_it(anonymous, resident, demo_map):
    path = f"/contribuer/{demo_contribution_link(demo_map).token}"
    assert "historique" in notice_of(anonymous.get(path).get_data(as_text=True), "pseudonym")
    refused = anonymous.post(path, data={"csrf_token": csrf_of(anonymous, path), "pseudonym": ""})
    assert refused.status_code == 422 and "historique" in notice_of(refused.get_data(as_text=True), "pseudonym")
    feature = Feature.listed(demo_map.id)[0][0]
    comments = resident.get(f"/cartes/{demo_map.id}/elements/{feature.id}/commentaires", headers=HX)
    assert "historique" in notice_of(comments.get_data(as_text=True), "pseudonym")  # the comment form's


def test_both_photo_fields_say_what_is_kept_of_a_photo(client, demo_map):
    new = client.get(f"/cartes/{demo_map.id}/elements/nouveau").get_data(as_text=True)
    assert "GPS" in notice_of(new, "photo")  # the new item's form, which « Photo » opens
    feature = Feature.listed(demo_map.id)[0][0]
    shown = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}").get_data(as_text=True)
    assert "GPS" in notice_of(shown, "photo-file")

