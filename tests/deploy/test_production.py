"""Voyette as a production host serves it (deploy/stack.py: nginx with deploy/nginx/voyette-locations.conf in front of
gunicorn with four workers, on the tests' database): what a person does there, and what nginx itself must refuse."""
import gzip
import json
import re

import pytest

from app.extensions import db
from app.models import Action, BudgetLine, Feature, Map, Photo, Receipt
from deploy import stack
from tests.expenses.files import small_pdf
from tests.photos.images import noisy_jpeg, plain_jpeg
from tests.support.production import Browser, signed_in


@pytest.fixture
def person(production, owner):
    visitor = signed_in(production.url, owner)
    yield visitor
    visitor.close()


def test_a_map_its_layer_and_a_save_through_nginx(production, person, demo_map):
    page, body = person.get(f"/cartes/{demo_map.id}")
    assert page.status == 200 and page.headers["Server"] == "nginx" and "Orient" in body.decode()
    page_body = body.decode()
    layer, body = person.get(f"/cartes/{demo_map.id}/elements.geojson")
    assert layer.status == 200 and len(json.loads(body)["features"]) == 18
    script, body = person.get("/static/js/map.js", **{"Accept-Encoding": "gzip"})
    assert script.status == 200 and script.headers["Content-Encoding"] == "gzip"  # nginx's gzip_static
    assert script.headers["Cache-Control"] == "max-age=3600"  # unversioned names: an hour, then revalidated
    versioned = re.search(r'src="(/static/js/map\.[0-9a-f]{10}\.js)"', page_body).group(1)  # as the page names it
    script, body = person.get(versioned, **{"Accept-Encoding": "gzip"})
    assert script.status == 200 and script.headers["Content-Encoding"] == "gzip"
    assert script.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert script.headers["X-Content-Type-Options"] == "nosniff" and "Expires" not in script.headers
    saved, _ = person.post(f"/cartes/{demo_map.id}/elements", {
        "category": demo_map.categories[0].id, "title": "Banc sous le tilleul", "description": "",
        "geometry": json.dumps({"type": "Point", "coordinates": [2.8889, 50.4449]})})
    assert saved.status == 200 and saved.headers["HX-Trigger"] == "features-changed"
    db.session.expire_all()
    assert Feature.query.filter_by(map_id=demo_map.id, title="Banc sous le tilleul").count() == 1


def test_a_public_maps_layer_is_sent_by_nginx_itself_and_a_save_shows_at_once(production, person, demo_map):
    visitor, layer, gzipped = Browser(production.url), f"/cartes/{demo_map.id}/elements.geojson", "gzip, deflate"
    first, body = visitor.get(layer, **{"Accept-Encoding": gzipped})
    assert first.status == 200 and "X-Request-ID" in first.headers  # the app's answer: each is logged under an id
    again, same = visitor.get(layer, **{"Accept-Encoding": gzipped})
    assert again.status == 200 and "X-Request-ID" not in again.headers and same == body  # nginx's, from the file
    assert again.headers["Content-Type"] == "application/geo+json" and again.headers["Content-Encoding"] == "gzip"
    assert again.headers["X-Content-Type-Options"] == "nosniff" and again.headers["Cache-Control"] == "no-cache"
    assert len(json.loads(gzip.decompress(same))["features"]) == 18
    kept, _ = visitor.get(layer, **{"Accept-Encoding": gzipped, "If-None-Match": again.headers["ETag"]})
    assert kept.status == 304
    plain, text = visitor.get(layer)  # a client that takes no gzip: the app, which decompresses
    assert plain.status == 200 and "X-Request-ID" in plain.headers
    assert json.loads(text) == json.loads(gzip.decompress(same))

    person.get(f"/cartes/{demo_map.id}")
    saved, _ = person.post(f"/cartes/{demo_map.id}/elements", {
        "category": demo_map.categories[0].id, "title": "Banc sous le tilleul", "description": "",
        "geometry": json.dumps({"type": "Point", "coordinates": [2.8889, 50.4449]})})
    assert saved.status == 200
    after, changed = visitor.get(layer, **{"Accept-Encoding": gzipped})
    assert after.status == 200 and "X-Request-ID" not in after.headers  # made by the save, then sent by nginx
    assert "Banc sous le tilleul" in gzip.decompress(changed).decode()

    made_private, _ = person.post(f"/cartes/{demo_map.id}/partage", {"visibility": "private"})
    assert made_private.status == 200
    assert visitor.get(layer, **{"Accept-Encoding": gzipped})[0].status == 404  # no file: the app, which says none
    visitor.close()


def test_a_photo_is_sent_by_nginx_once_the_app_has_checked_who_asks(production, person, demo_map, anonymous):
    feature = Feature.listed(demo_map.id)[0][0]
    photos = f"/cartes/{demo_map.id}/elements/{feature.id}/photos"
    added, _ = person.upload(photos, {}, {"photo": (plain_jpeg(), "photo.jpg")})
    assert added.status == 303  # a form sent without htmx: back to the item
    photo = Photo.of_feature(feature.id)[0]
    stored = (production.photos / f"{photo.stored_name}.jpg").read_bytes()
    sent, body = person.get(f"{photos}/{photo.id}")
    assert sent.status == 200 and body == stored and sent.headers["Content-Type"] == "image/jpeg"
    assert sent.headers.get_all("Cache-Control") == ["private, max-age=86400"]  # the app's, once
    assert "X-Accel-Redirect" not in sent.headers
    assert person.get(f"{stack.PHOTO_ACCEL}{photo.stored_name}.jpg")[0].status == 404  # internal: only the app
    demo_map.visibility = "private"
    db.session.commit()
    stranger = Browser(production.url)
    assert stranger.get(f"{photos}/{photo.id}")[0].status == 404
    stranger.close()


def test_a_receipt_is_sent_by_nginx_with_the_type_and_name_the_app_gives_it(production, person, demo_map):
    action = Action.add(demo_map, kind="ressources", title="Outilthèque", budget_lines=[
        BudgetLine(label="Outils", amount_cents=90000, kind="equipement", funder="etat")])
    db.session.commit()
    expenses = f"/cartes/{demo_map.id}/depenses"
    person.get(f"{expenses}/nouvelle")
    added, _ = person.upload(expenses, {"budget_line": action.budget_lines[0].id, "label": "Bêches", "supplier": "",
                                        "amount": "120", "spent_on": "2027-03-01", "status": "payee"},
                             {"receipt": (small_pdf(), "facture.html")})
    assert added.status == 303
    db.session.expire_all()
    receipt = db.session.scalar(Receipt.query.statement)
    sent, body = person.get(f"{expenses}/{receipt.expense_id}/justificatifs/{receipt.id}")
    assert sent.status == 200 and body == small_pdf() and "X-Accel-Redirect" not in sent.headers
    assert sent.headers["Content-Type"] == "application/pdf"
    assert sent.headers["Content-Disposition"] == f'attachment; filename="justificatif-{receipt.id}.pdf"'
    assert sent.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert sent.headers.get_all("Cache-Control") == ["private, no-store"]
    assert person.get(f"{stack.PHOTO_ACCEL}justificatifs/{receipt.stored_name}.pdf")[0].status == 404
    stranger = Browser(production.url)  # the demo map is public; its project is its members' own
    assert stranger.get(f"{expenses}/{receipt.expense_id}/justificatifs/{receipt.id}")[0].status == 403
    stranger.close()


def test_a_backup_with_eight_phone_photos_is_restored_through_nginx(production, person, demo_map, collective):
    for n, feature in enumerate(Feature.listed(demo_map.id)[0][:8]):
        path = f"/cartes/{demo_map.id}/elements/{feature.id}/photos"
        assert person.upload(path, {}, {"photo": (noisy_jpeg(seed=n), f"photo-{n}.jpg")})[0].status == 303
    answer, backup = person.get(f"/cartes/{demo_map.id}/sauvegarde")
    assert answer.status == 200 and len(backup) > 16 * 1024 * 1024  # more than any other form may send
    person.get(f"/collectifs/{collective.id}")
    restored, _ = person.upload(f"/collectifs/{collective.id}/restaurer", {},
                                 {"sauvegarde": (backup, "cite.voyette.zip")})
    assert restored.status == 303
    db.session.expire_all()
    copy = db.session.query(Map).filter(Map.id != demo_map.id).one()
    assert sum(len(Photo.of_feature(f.id)) for f in Feature.listed(copy.id)[0]) == 8


def test_the_health_check_answers_through_nginx_under_the_request_id_nginx_gave(production):
    visitor = Browser(production.url)
    answer, _ = visitor.get("/sante", **{"X-Request-ID": "chosen-by-the-visitor"})
    visitor.close()
    assert answer.status == 200
    # nginx's $request_id, which the app logs under: a visitor does not choose the id its request is logged under
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
