"""Stored HTML injection: one payload typed through the real forms into every text field of the product comes back as
text on every page and fragment that shows it, in every answer to a form, and in the documents and exports; never as
an element htmx would act on, an inline handler, an evaluated template or a format field."""
import io
import json
import re
from pathlib import Path

import lxml.etree
import lxml.html
import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Action,
    Collective,
    Comment,
    ContributionLink,
    CopilMeeting,
    Dossier,
    Feature,
    Map,
    MemberInvite,
    Plot,
    Proposal,
    User,
    Walk,
)
from tests.conftest import HX, csrf_of, log_in
from tests.security.payloads import (
    PAYLOAD,
    docx_document,
    html_markup,
    html_shows_payload,
    pdf_text,
    xml_markup,
    xml_texts,
)

HARNES = (2.8925, 50.4433)
ZONE = {"type": "Polygon", "coordinates": [[[2.8920, 50.4430], [2.8930, 50.4430], [2.8930, 50.4436],
                                            [2.8920, 50.4436], [2.8920, 50.4430]]]}
KML = "http://www.opengis.net/kml/2.2"
# Fragments that show nothing anyone typed (the map's name is in the page around them): checked for markup only.
QUIET_FRAGMENTS = ("/hors-ligne", "/import")


class Answers:
    """Every answer of the app that carries HTML, kept with what asked for it, checked at the end."""

    def __init__(self):
        self.html = []

    def keep(self, what, response, shows=True):
        assert response.status_code < 500, (what, response.status_code)
        self.html.append((what, response.get_data(as_text=True), shows))
        return response

    def markup(self):
        return {what: found for what, html, _shows in self.html if (found := html_markup(html))}

    def missing(self):
        return [what for what, html, shows in self.html if shows and not html_shows_payload(html)]


def point(lon=HARNES[0], lat=HARNES[1]):
    return json.dumps({"type": "Point", "coordinates": [lon, lat]})


def named(model):
    """The one row of that model named with the payload."""
    return db.session.scalar(select(model).where(model.name == PAYLOAD))


def export(client, map_, fmt):
    """The map's export in that format, every category ticked."""
    return client.get(f"/cartes/{map_.id}/export/telecharger",
                      query_string={"format": fmt, "categorie": [c.id for c in map_.categories]})


def type_everywhere(app, client, member, collective, answers):
    """The payload in every text field, each through its form, as the people who may fill it would; the map."""
    csrf = csrf_of(client)

    def post(what, url, data, **kwargs):
        response = client.post(url, data={"csrf_token": csrf, **data}, follow_redirects=True, **kwargs)
        return answers.keep(what, response)

    post("display name", "/compte", {"display_name": PAYLOAD})
    post("collective", "/collectifs", {"name": PAYLOAD, "kind": "association-habitants"})
    post("map", "/cartes", {"name": PAYLOAD, "commune": "62413", "legend": "carte-sensible",  # chosen, not typed
                            "collective": str(collective.id), "visibility": "private"})
    map_ = named(Map)
    base = f"/cartes/{map_.id}"
    post("category", f"{base}/legende", {"label": PAYLOAD, "colour": "#7a5a2f", "icon": "",
                                        "kinds": ["point", "polygon"]}, headers=HX)
    category = next(c for c in map_.categories if c.label == PAYLOAD)
    post("item", f"{base}/elements", {"category": str(category.id), "title": PAYLOAD, "description": PAYLOAD,
                                      "geometry": point()}, headers=HX)
    post("zone", f"{base}/elements", {"category": str(category.id), "title": "Jardin", "description": "",
                                      "geometry": json.dumps(ZONE)}, headers=HX)
    item, zone = sorted(Feature.listed(map_.id)[0], key=lambda f: f.number)
    post("comment", f"{base}/elements/{item.id}/commentaires", {"pseudonym": PAYLOAD, "body": PAYLOAD}, headers=HX)
    post("plots", f"{base}/elements/{zone.id}/parcelles", {"count": "2", "name": PAYLOAD,
                                                           "category": str(category.id)}, headers=HX)
    plot = Plot.of_zone(zone.id)[0]
    post("plot holder", f"{base}/elements/{plot.feature_id}/attribution", {"holder": PAYLOAD, "note": PAYLOAD},
         headers=HX)
    # A plot drawn over « PAYLOAD 1 »: the refusal names the plot it overlaps.
    post("overlapping plot", f"{base}/elements", {"category": str(category.id), "title": "Parcelle",
                                                  "zone": str(zone.id), "geometry": json.dumps(ZONE)}, headers=HX)
    post("action", f"{base}/actions", {
        "kind": "jardin_collectif", "title": PAYLOAD, "description": PAYLOAD, "starts_on": "2027-03-01",
        "ends_on": "2028-06-30", "status": "planned", "lead_partner": PAYLOAD, "partners": PAYLOAD,
        "budget_lines-0-label": PAYLOAD, "budget_lines-0-amount": "1200", "budget_lines-0-kind": "fonctionnement",
        "budget_lines-0-funder": "etat", "indicators-0-label": PAYLOAD, "indicators-0-target": "3",
        "features": [str(item.id)]}, headers=HX)
    action = db.session.scalar(select(Action).where(Action.title == PAYLOAD))
    objective = action.indicators[0]
    post("measurement", f"{base}/actions/{action.id}/objectifs/{objective.id}/mesures", {
        f"mesure-{objective.id}-measured_on": "2026-11-02", f"mesure-{objective.id}-value": "2",
        f"mesure-{objective.id}-counted_by": PAYLOAD}, headers=HX)
    dossier = {"version": "0", "holder_type": "centre_social", "holder_name": PAYLOAD, "territory": "call",
               "cite": PAYLOAD, "partners": PAYLOAD, "evaluation": PAYLOAD, "communication": PAYLOAD,
               "filed_on": "2026-10-01", **{f"annex-{topic}-text": PAYLOAD
                                            for topic in ("habitants", "liens", "expertise", "autonomie")}}
    post("dossier", f"{base}/dossier", dossier)
    post("COPIL meeting", f"{base}/copil/reunions", {
        "held_on": "2027-03-12", "attendees": PAYLOAD, "decisions-0-text": PAYLOAD, "decisions-0-owner": PAYLOAD,
        "decisions-0-follow_up": "new", "decisions-0-kind": "ressources", "decisions-1-text": PAYLOAD,
        "decisions-1-follow_up": "update", "decisions-1-action": str(Action.of_map(map_.id)[0].id),
        "decisions-1-status": "running"})
    post("perspectives", f"{base}/compte-rendu", {"perspectives": PAYLOAD})
    post("walk", f"{base}/marches", {"held_on": "2026-05-12", "facilitator": PAYLOAD, "participants": "3",
                                     "theme": PAYLOAD}, headers=HX)
    walk = db.session.scalar(select(Walk).where(Walk.map_id == map_.id))
    post("walk's end", f"{base}/marches/{walk.id}/terminer", {}, headers=HX)  # its report shows what was typed
    post("contribution link", f"{base}/liens", {"label": PAYLOAD, "lifetime": "7", "moderated": "y"}, headers=HX)
    resident_proposes(app, map_, category, answers)
    import_file(client, csrf, map_, category, answers)
    nadia = member("Nadia", "contributor")
    contributor = app.test_client()
    log_in(contributor, nadia.id)
    answers.keep("another's display name", contributor.post("/compte", data={
        "csrf_token": csrf_of(contributor), "display_name": PAYLOAD}, follow_redirects=True))
    answers.keep("presence of another", contributor.post(f"{base}/presence", headers={
        "X-CSRFToken": csrf_of(contributor), **HX}), shows=False)
    answers.keep("presence", client.post(f"{base}/presence", headers={"X-CSRFToken": csrf, **HX}))
    membership = collective.membership_of(nadia)
    post("role", f"/collectifs/{collective.id}/membres/{membership.id}", {"role": "editor"})  # « … est maintenant »
    invited = named(Collective)
    post("invitation", f"/collectifs/{invited.id}/invitations", {"role": "contributor", "email": ""})
    invitation = db.session.scalar(select(MemberInvite).where(MemberInvite.collective_id == invited.id))
    answers.keep("invitation link", contributor.get(f"/rejoindre/{invitation.token}", follow_redirects=True))
    return map_


def resident_proposes(app, map_, category, answers):
    """A resident with the contribution link: the pseudonym, then a drawing that waits for moderation."""
    resident = app.test_client()
    link = db.session.scalar(select(ContributionLink).where(ContributionLink.map_id == map_.id))
    path = f"/contribuer/{link.token}"
    answers.keep("pseudonym", resident.post(path, data={"csrf_token": csrf_of(resident, path), "pseudonym": PAYLOAD}),
                 shows=False)
    answers.keep("proposal", resident.post(f"/cartes/{map_.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(resident, f"/cartes/{map_.id}"), "category": str(category.id), "title": PAYLOAD,
        "description": PAYLOAD, "geometry": point(2.8927, 50.4434)}), shows=False)
    answers.keep("resident's map", resident.get(f"/cartes/{map_.id}"))
    answers.keep("contribution link", app.test_client().get(path))
    answers.keep("resident's presence", resident.post(f"/cartes/{map_.id}/presence", headers={
        "X-CSRFToken": csrf_of(resident, f"/cartes/{map_.id}"), **HX}), shows=False)


def import_file(client, csrf, map_, category, answers):
    """A GeoJSON whose names, values and property names are the payload, with a line the category refuses."""
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": PAYLOAD, PAYLOAD: PAYLOAD, "cat": PAYLOAD},
         "geometry": {"type": "Point", "coordinates": [2.8923, 50.4432]}},
        {"type": "Feature", "properties": {"nom": "Haie", "cat": PAYLOAD},
         "geometry": {"type": "LineString", "coordinates": [[2.8921, 50.4431], [2.8924, 50.4433]]}}]}).encode()
    base = f"/cartes/{map_.id}/import"
    preview = answers.keep("import preview", client.post(base, headers=HX, content_type="multipart/form-data", data={
        "csrf_token": csrf, "fichier": (io.BytesIO(data), "jardins.geojson")}))
    token = re.search(r'name="jeton" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    choices = {"csrf_token": csrf, "jeton": token, "titre": "nom", "description": PAYLOAD,
               "categorie": str(category.id), "champ": "cat"}
    answers.keep("import preview again", client.post(f"{base}/apercu", headers=HX, data=choices))
    answers.keep("import", client.post(f"{base}/confirmer", headers=HX, data=choices))


def pages(map_):
    """Every page and fragment of the map that shows what was typed (paths)."""
    item = db.session.scalar(select(Feature).where(Feature.map_id == map_.id, Feature.number == 1))
    zone = db.session.scalar(select(Feature).where(Feature.map_id == map_.id, Feature.number == 2))
    plot = Plot.of_zone(zone.id)[0]
    category = next(c for c in map_.categories if c.label == PAYLOAD)
    action = Action.of_map(map_.id)[0]
    walk = db.session.scalar(select(Walk).where(Walk.map_id == map_.id))
    proposal = db.session.scalar(select(Proposal).where(Proposal.map_id == map_.id))
    meeting = CopilMeeting.of_map(map_.id)[0]
    base = f"/cartes/{map_.id}"
    return [f"{base}/copil/reunions/{meeting.id}", f"{base}/copil/reunions/{meeting.id}/modifier",
            f"{base}/actions/{Action.of_map(map_.id)[-1].id}",
            "/", "/collectifs", f"/collectifs/{map_.collective_id}", f"/collectifs/{named(Collective).id}", "/compte",
            base, f"{base}/elements",
            f"{base}/elements/{item.id}", f"{base}/elements/{item.id}/modifier",
            f"{base}/elements/{item.id}/commentaires", f"{base}/elements/{item.id}/commentaires?fil=1",
            f"{base}/elements/{zone.id}/parcelles", f"{base}/elements/{zone.id}/parcelles/plan",
            f"{base}/elements/{plot.feature_id}", f"{base}/elements/{plot.feature_id}/attribution",
            f"{base}/elements/nouveau", f"{base}/legende", f"{base}/legende/modifier",
            f"{base}/legende/{category.id}/supprimer", f"{base}/actions", f"{base}/actions/{action.id}",
            f"{base}/actions/{action.id}/modifier", f"{base}/actions/nouvelle", f"{base}/dossier", f"{base}/copil",
            f"{base}/compte-rendu",
            f"{base}/planning", f"{base}/export", f"{base}/historique", f"{base}/historique?element={item.id}",
            f"{base}/hors-ligne", f"{base}/import", f"{base}/impression", f"{base}/marches",
            f"{base}/marches/{walk.id}", f"{base}/moderation", f"{base}/moderation/{proposal.id}/modifier",
            f"{base}/partage", f"{base}/communication"]


@pytest.fixture
def typed(app, client, member, collective):
    """The payload typed everywhere, and every answer to the forms that stored it."""
    answers = Answers()
    map_ = type_everywhere(app, client, member, collective, answers)
    return map_, answers


def test_the_payload_typed_everywhere_is_stored_as_typed(typed, owner):
    """Every form took the payload as it was typed: the other checks are about every field, not a refused form."""
    map_, _answers = typed
    features = Feature.listed(map_.id)[0]
    action = Action.of_map(map_.id)[0]
    dossier = db.session.scalar(select(Dossier).where(Dossier.map_id == map_.id))
    walk = db.session.scalar(select(Walk).where(Walk.map_id == map_.id))
    comment = db.session.scalar(select(Comment))
    plot = Plot.of_zone(next(f for f in features if f.title == "Jardin").id)[0]
    proposal = db.session.scalar(select(Proposal))
    stored = {
        "display name": owner.display_name, "collective": named(Collective).name, "map": map_.name,
        "category": map_.categories[-1].label,  # (its commune is chosen from the official list, not typed)
        "item": features[0].title, "imported item": features[-1].title, "description": features[0].description,
        "imported description": features[-1].description, "comment": comment.body,
        "comment's pseudonym": comment.author, "another's display name": User.by_email("nadia@exemple.fr").display_name,
        "plot": plot.feature.title.removesuffix(" 1"), "plot holder": plot.holder, "plot note": plot.note,
        "action": action.title, "action description": action.description, "lead partner": action.lead_partner,
        "partners": action.partners, "budget line": action.budget_lines[0].label,
        "indicator": action.indicators[0].label, "measurement": action.indicators[0].measurements[0].counted_by,
        "holder": dossier.holder_name, "cité": dossier.cite,
        "evaluation": dossier.evaluation, "annex": dossier.annex["habitants"], "perspectives": dossier.perspectives,
        "walk": walk.facilitator,
        "theme": walk.theme, "contribution link": db.session.scalar(select(ContributionLink)).label,
        "resident's pseudonym": proposal.author, "proposal": proposal.title,
        "COPIL attendees": CopilMeeting.of_map(map_.id)[0].attendees,
        "COPIL decision": CopilMeeting.of_map(map_.id)[0].decisions[0].text,
        "COPIL decision's owner": CopilMeeting.of_map(map_.id)[0].decisions[0].owner,
        "action of a decision": Action.of_map(map_.id)[-1].title,
    }
    assert {field: value for field, value in stored.items() if value != PAYLOAD} == {}


def test_every_answer_to_a_form_keeps_the_payload_as_text(typed):
    _map, answers = typed
    assert (answers.markup(), answers.missing()) == ({}, [])


@pytest.mark.parametrize("fragment", [False, True], ids=["page", "fragment"])
def test_every_page_and_fragment_shows_the_payload_as_text(client, typed, fragment):
    map_, _answers = typed
    answers = Answers()
    for path in pages(map_):
        quiet = fragment and path.endswith(QUIET_FRAGMENTS)
        answers.keep(path, client.get(path, headers=HX if fragment else {}, follow_redirects=True), shows=not quiet)
    assert (answers.markup(), answers.missing()) == ({}, [])


def test_the_pdf_documents_show_the_payload_as_text(client, typed):
    map_, _answers = typed
    meeting = CopilMeeting.of_map(map_.id)[0]
    link = ContributionLink.of_map(map_.id)[0]  # its label is the payload; the map's name and the holder's too
    for path in ("dossier/annexe.pdf", "dossier/plan-de-financement.pdf", "impression/fichier",
                 f"dossier/copil/{meeting.id}.pdf", "compte-rendu.pdf",
                 f"communication/fichier?support=affiche-A4&lien={link.id}",
                 f"communication/fichier?support=flyer-A5&lien={link.id}"):
        response = client.get(f"/cartes/{map_.id}/{path}")
        assert response.status_code == 200 and response.mimetype == "application/pdf", path
        assert PAYLOAD in pdf_text(response.data).replace("\r", "").replace("\n", ""), path


@pytest.mark.parametrize("path", ["dossier/annexe.docx", "compte-rendu.docx"])
def test_the_docx_documents_keep_the_payload_as_text_runs(client, typed, path):
    map_, _answers = typed
    data = client.get(f"/cartes/{map_.id}/{path}").data
    assert xml_markup(docx_document(data)) == []
    texts = [paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs]
    assert any(PAYLOAD in text for text in texts)


@pytest.mark.parametrize("fmt", ["kml", "gpx"])
def test_kml_and_gpx_keep_the_payload_as_text(client, typed, fmt):
    map_, _answers = typed
    data = export(client, map_, fmt).data
    assert xml_markup(data) == []
    assert any(PAYLOAD in text for text in xml_texts(data))


def test_a_kml_description_is_html_that_shows_the_payload_as_text(client, typed):
    """Google Earth shows a placemark's description as HTML: its text, once read from the XML, is escaped HTML."""
    map_, _answers = typed
    data = export(client, map_, "kml").data
    descriptions = [element.text for element in lxml.etree.fromstring(data).iter(f"{{{KML}}}description")]
    assert descriptions and all(html_markup(text) == [] for text in descriptions)
    assert any(html_shows_payload(text) for text in descriptions)


def test_csv_and_geojson_hold_the_payload_as_plain_values(client, typed):
    map_, _answers = typed
    csv = export(client, map_, "csv").get_data(as_text=True)
    assert PAYLOAD in csv
    layer = json.loads(export(client, map_, "geojson").data)
    assert PAYLOAD in [feature["properties"]["titre"] for feature in layer["features"]]


def test_htmx_asks_only_this_site_and_runs_no_script_nor_expression_it_is_sent(anonymous):
    """Should some markup get through one day, htmx would still not send it elsewhere, evaluate it or run a
    script element in it: what every page tells htmx before it starts."""
    page = lxml.html.document_fromstring(anonymous.get("/compte/connexion").get_data(as_text=True))
    config = json.loads(page.find(".//meta[@name='htmx-config']").get("content"))
    assert (config.get("selfRequestsOnly"), config.get("allowEval"), config.get("allowScriptTags")) == (
        True, False, False)


def test_every_lazy_message_is_made_by_the_one_that_keeps_what_it_names_as_text():
    """A message of flask_babel's own lazy_gettext is markup to Jinja with the values it names left raw: the app's
    messages are all made by app/i18n.py's, which shows them as text."""
    app_folder = Path(__file__).parents[2] / "app"
    direct = [str(path.relative_to(app_folder)) for path in sorted(app_folder.rglob("*.py"))
              if path.name != "i18n.py" and re.search(r"flask_babel import[^\n]*\blazy_", path.read_text())]
    assert direct == []


def test_where_free_text_is_shown_at_length_htmx_is_told_not_to_act(client, typed):
    """Should markup ever get through, htmx would still ignore it there (hx-disable cannot be undone inside)."""
    map_, _answers = typed
    base, item = f"/cartes/{map_.id}", Feature.listed(map_.id)[0][0]
    regions = {f"{base}/dossier": "checks", f"{base}/elements/{item.id}": "description",
               f"{base}/elements/{item.id}/commentaires?fil=1": "comment-text",
               f"{base}/actions/{Action.of_map(map_.id)[0].id}": "description", f"{base}/moderation": "description"}
    for path, region in regions.items():
        document = lxml.html.document_fromstring(client.get(path, headers=HX).get_data(as_text=True))
        shown = [element for element in document.find_class(region) if PAYLOAD in element.text_content()]
        assert shown and all(element.get("hx-disable") is not None for element in shown), path


def test_the_financing_plan_holds_the_payload_as_plain_values(client, typed):
    map_, _answers = typed
    base = f"/cartes/{map_.id}/dossier/plan-de-financement"
    assert PAYLOAD in client.get(f"{base}.csv").get_data(as_text=True)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data)).active
    assert PAYLOAD in [cell.value for row in sheet.iter_rows() for cell in row]
