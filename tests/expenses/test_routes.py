"""« Dépenses réalisées »: adding, changing (with a concurrent change never lost) and deleting an expense, French
messages for bad input with the rest kept and nothing stored, receipts checked by their content and served to the
map's members only, with the type and name the server gives them."""
import io
import re

import pytest
from sqlalchemy import select

from app.expenses import store
from app.expenses.receipts import MAX_BYTES
from app.extensions import db
from app.models import Expense, Receipt
from tests.conftest import csrf_of
from tests.expenses import files
from tests.photos.images import opened, plain_jpeg
from tests.support import state


def url(map_, *rest):
    return "/".join([f"/cartes/{map_.id}/depenses", *map(str, rest)])


def typed(csrf, line, **values):
    data = {"csrf_token": csrf, "budget_line": str(line.id), "label": "Douze pommiers demi-tige",
            "supplier": "Pépinière Delannoy", "amount": "480,00", "spent_on": "2027-03-04", "status": "engagee"}
    return {**data, **values}


def add(client, csrf, map_, line, receipt=None, **values):
    data = typed(csrf, line, **values)
    if receipt is not None:
        data["receipt"] = (io.BytesIO(receipt[1]), receipt[0])
    return client.post(url(map_), data=data, content_type="multipart/form-data")


def page_of(client, map_):
    return client.get(url(map_)).get_data(as_text=True)


def test_an_added_expense_is_listed_under_its_line_with_planned_realised_and_gap(client, csrf, demo_map, project):
    line = project.budget_lines[0]
    response = add(client, csrf, demo_map, line)
    assert response.status_code == 303
    add(client, csrf, demo_map, line, label="Tuteurs et liens", supplier="", amount="100,50", status="payee",
        spent_on="2027-03-10")
    expenses = db.session.scalars(select(Expense).order_by(Expense.id)).all()
    assert [(e.label, e.supplier, e.amount_cents, e.spent_on.isoformat(), e.status) for e in expenses] == [
        ("Douze pommiers demi-tige", "Pépinière Delannoy", 48000, "2027-03-04", "engagee"),
        ("Tuteurs et liens", "", 10050, "2027-03-10", "payee")]
    page = page_of(client, demo_map)
    section = page[page.index(f'id="ligne-{line.id}"'):page.index(f'id="ligne-{project.budget_lines[1].id}"')]
    assert "Douze pommiers demi-tige" in section and "Pépinière Delannoy" in section and "4 mars 2027" in section
    assert "Engagée" in section and "Payée" in section
    assert "1\u202f250,50\u00a0€" in section  # planned
    assert "580,50\u00a0€" in section and "100,50\u00a0€" in section  # realised, and paid alone
    assert "-670,00\u00a0€" in section  # the gap: 670 € less than planned so far
    assert "Aucune dépense réalisée sur cette ligne." in page[page.index(f'id="ligne-{project.budget_lines[1].id}"'):]


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"label": "  "}, "label", "Dites ce qui a été acheté ou payé."),
    ({"amount": ""}, "amount", "Indiquez le montant."),
    ({"amount": "-3"}, "amount", "Le montant ne peut pas être négatif."),
    ({"amount": "quarante"}, "amount", "Montant invalide"),
    ({"spent_on": ""}, "spent_on", "Indiquez la date de la dépense."),
    ({"spent_on": "31/02/2027"}, "spent_on", "Date invalide."),
    ({"budget_line": ""}, "budget_line", "Choisissez la ligne du budget de cette dépense."),
    ({"supplier": "S" * 201}, "supplier", "Pas plus de 200 caractères."),
    ({"status": "remboursee"}, "status", "Not a valid choice"),
])
def test_bad_input_is_said_next_to_its_field_the_rest_kept_nothing_stored(client, csrf, demo_map, project, values,
                                                                         field, message):
    before = state.everything()
    response = add(client, csrf, demo_map, project.budget_lines[0], **values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error is not None and (message in error.group(1) or message == "Not a valid choice"), page
    if field != "supplier":
        assert 'value="Pépinière Delannoy"' in page
    assert state.everything() == before


def test_a_line_of_another_map_is_refused(client, csrf, demo_map, empty_map, project):
    from app.models import Action, BudgetLine
    other = Action.add(empty_map, kind="ressources", title="Ailleurs", budget_lines=[
        BudgetLine(label="Outils", amount_cents=100, kind="equipement", funder="etat")])
    db.session.commit()
    before = state.everything()
    response = add(client, csrf, demo_map, other.budget_lines[0])
    assert response.status_code == 422 and 'id="budget_line-error"' in response.get_data(as_text=True)
    assert state.everything() == before


def test_editing_saves_and_a_concurrent_edit_is_never_lost(app, client, csrf, demo_map, project):
    add(client, csrf, demo_map, project.budget_lines[0])
    expense = db.session.scalar(select(Expense))
    form = client.get(url(demo_map, expense.id, "modifier")).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    assert 'value="480,00"' in form and 'value="Douze pommiers demi-tige"' in form
    # Someone else saves first, from another browser.
    other = app.test_client()
    from tests.conftest import log_in
    log_in(other, demo_map.collective.memberships[0].user_id)
    response = other.post(url(demo_map, expense.id), data=typed(csrf_of(other), project.budget_lines[0],
                                                                 amount="500", status="payee", version=version))
    assert response.status_code == 303
    mine = typed(csrf, project.budget_lines[1], label="Pommiers et poiriers", amount="520", version=version)
    response = client.post(url(demo_map, expense.id), data=mine)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Quelqu'un a enregistré cette dépense" in page
    assert "500,00\u00a0€" in page and "Payée" in page  # the stored one, shown
    assert 'value="Pommiers et poiriers"' in page and 'value="520"' in page  # mine, kept
    db.session.expire_all()
    assert db.session.get(Expense, expense.id).amount_cents == 50000
    newer = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert client.post(url(demo_map, expense.id), data={**mine, "version": newer}).status_code == 303
    db.session.expire_all()
    saved = db.session.get(Expense, expense.id)
    assert (saved.label, saved.amount_cents, saved.budget_line_id) == (
        "Pommiers et poiriers", 52000, project.budget_lines[1].id)


def test_deleting_an_expense_takes_its_receipts_and_their_files(client, csrf, demo_map, project):
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("facture.pdf", files.small_pdf()))
    receipt = db.session.scalar(select(Receipt))
    kept = store.path(receipt.stored_name, receipt.kind)
    assert kept.read_bytes() == files.small_pdf()
    response = client.post(url(demo_map, receipt.expense_id, "supprimer"), data={"csrf_token": csrf})
    assert response.status_code == 303
    assert db.session.scalars(select(Expense)).all() == [] and not kept.exists()
    page = page_of(client, demo_map)
    assert "Dépense « Douze pommiers demi-tige » supprimée, avec ses justificatifs." in page
    assert 'id="depense-' not in page


def test_a_pdf_receipt_is_kept_as_sent_and_served_as_a_download(client, csrf, demo_map, project):
    pdf = files.small_pdf()
    assert add(client, csrf, demo_map, project.budget_lines[0], receipt=("scan.html", pdf)).status_code == 303
    receipt = db.session.scalar(select(Receipt))
    assert (receipt.kind, receipt.size) == ("pdf", len(pdf))
    assert receipt.stored_name not in ("scan", "scan.html") and len(receipt.stored_name) == 32
    link = url(demo_map, receipt.expense_id, "justificatifs", receipt.id)
    assert link in page_of(client, demo_map)
    response = client.get(link)
    assert response.status_code == 200 and response.data == pdf
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="justificatif-{receipt.id}.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_behind_nginx_the_app_checks_the_rights_and_nginx_sends_the_receipt(app, client, csrf, anonymous, demo_map,
                                                                           project, monkeypatch):
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("facture.pdf", files.small_pdf()))
    receipt = db.session.scalar(select(Receipt))
    link = url(demo_map, receipt.expense_id, "justificatifs", receipt.id)
    monkeypatch.setitem(app.config, "PHOTO_ACCEL", "/_photos/")
    handed = client.get(link)
    assert handed.status_code == 200 and handed.data == b""
    assert handed.headers["X-Accel-Redirect"] == f"/_photos/justificatifs/{receipt.stored_name}.pdf"
    assert handed.headers["Content-Type"] == "application/pdf"
    assert handed.headers["Content-Disposition"] == f'attachment; filename="justificatif-{receipt.id}.pdf"'
    refused = anonymous.get(link)  # the demo map is public: its visitors see it, not its project
    assert refused.status_code == 403 and "X-Accel-Redirect" not in refused.headers


def test_a_photo_receipt_goes_through_the_photo_pipeline_its_exif_dropped(client, csrf, demo_map, project):
    photo = files.receipt_photo()
    assert b"Camille Dupont" in photo
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("ticket.pdf", photo))
    receipt = db.session.scalar(select(Receipt))
    response = client.get(url(demo_map, receipt.expense_id, "justificatifs", receipt.id))
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == f'inline; filename="justificatif-{receipt.id}.jpg"'
    image = opened(response.data)
    assert image.format == "JPEG" and image.size == (400, 200)
    assert not image.getexif() and b"Camille Dupont" not in response.data


@pytest.mark.parametrize(("name", "make", "message"), [
    ("facture.pdf", files.html_named_pdf, "Ce fichier n'est ni un PDF ni une photo lisible"),
    ("plan.svg", files.svg, "Ce fichier n'est ni un PDF ni une photo lisible"),
    ("facture.pdf", files.truncated_pdf, "Ce PDF est abîmé ou incomplet : il ne s'ouvre pas."),
    ("facture.pdf", files.encrypted_pdf, "Ce PDF est chiffré ou protégé par un mot de passe"),
    ("facture.pdf", lambda: files.encrypted_pdf(b"secret"), "Ce PDF est chiffré ou protégé par un mot de passe"),
    ("facture.pdf", files.pdf_without_pages, "Ce PDF est abîmé ou incomplet"),  # PDFium opens none without a page
    ("facture.pdf", lambda: files.small_pdf() + b"\0" * MAX_BYTES, "Le justificatif dépasse 10 Mo"),
    ("vide.pdf", lambda: b"", "Le fichier envoyé est vide"),
])
def test_a_bad_receipt_is_refused_next_to_the_file_field_with_nothing_stored(client, csrf, demo_map, project, name,
                                                                            make, message):
    before = state.everything()
    response = add(client, csrf, demo_map, project.budget_lines[0], receipt=(name, make()))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="expense-receipt-error">([^<]*)</p>', page)
    assert error is not None and message.replace("'", "&#39;") in error.group(1), page
    assert 'value="Douze pommiers demi-tige"' in page and 'value="480,00"' in page  # the rest, kept
    assert state.everything() == before


def test_receipts_are_added_to_and_deleted_from_an_expense(client, csrf, demo_map, project):
    add(client, csrf, demo_map, project.budget_lines[0])
    expense = db.session.scalar(select(Expense))
    receipts = url(demo_map, expense.id, "justificatifs")

    def upload(name, data):
        return client.post(receipts, data={"csrf_token": csrf, "receipt": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    before = state.everything()
    refused = upload("devis.pdf", files.svg())
    assert refused.status_code == 422 and "ni un PDF ni une photo lisible" in refused.get_data(as_text=True)
    assert 'id="receipt-file-error"' in refused.get_data(as_text=True)
    assert state.everything() == before
    assert upload("devis.pdf", files.small_pdf()).status_code == 303
    assert upload("ticket.jpg", plain_jpeg()).status_code == 303
    kept = db.session.scalars(select(Receipt).order_by(Receipt.id)).all()
    assert [receipt.kind for receipt in kept] == ["pdf", "image"]
    paths = [store.path(receipt.stored_name, receipt.kind) for receipt in kept]
    assert all(path.exists() for path in paths)
    edit = client.get(url(demo_map, expense.id, "modifier")).get_data(as_text=True)
    assert "Justificatif 1 (PDF)" in edit and "Justificatif 2 (photo)" in edit
    response = client.post(f"{receipts}/{kept[0].id}/supprimer", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert [receipt.id for receipt in db.session.scalars(select(Receipt))] == [kept[1].id]
    assert not paths[0].exists() and paths[1].exists()


def test_an_action_deleted_takes_its_receipts_files_once_committed(client, csrf, demo_map, project):
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("facture.pdf", files.small_pdf()))
    receipt = db.session.scalar(select(Receipt))
    kept = store.path(receipt.stored_name, receipt.kind)
    response = client.post(f"/cartes/{demo_map.id}/actions/{project.id}/supprimer", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert db.session.scalars(select(Receipt)).all() == [] and not kept.exists()


def test_a_deleted_map_takes_its_receipts_files(client, csrf, demo_map, project):
    from app.maps.deleting import delete_map
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("facture.pdf", files.small_pdf()))
    receipt = db.session.scalar(select(Receipt))
    kept = store.path(receipt.stored_name, receipt.kind)
    delete_map(demo_map)
    assert not kept.exists()


def test_the_receipt_of_another_expense_is_not_found_through_this_one(client, csrf, demo_map, project):
    add(client, csrf, demo_map, project.budget_lines[0], receipt=("facture.pdf", files.small_pdf()))
    add(client, csrf, demo_map, project.budget_lines[1])
    receipt = db.session.scalar(select(Receipt))
    other = db.session.scalars(select(Expense).where(Expense.id != receipt.expense_id)).one()
    assert client.get(url(demo_map, other.id, "justificatifs", receipt.id)).status_code == 404
    assert client.post(url(demo_map, other.id, "justificatifs", receipt.id, "supprimer"),
                       data={"csrf_token": csrf}).status_code == 404


def test_the_dossier_and_the_actions_link_to_the_expenses(client, demo_map, project):
    for page in (f"/cartes/{demo_map.id}/dossier", f"/cartes/{demo_map.id}/actions"):
        assert f'href="{url(demo_map)}"' in client.get(page).get_data(as_text=True), page


def test_what_is_typed_is_shown_as_text_never_as_markup(client, csrf, demo_map, project):
    typed_label = '<img src=x onerror="alert(1)">'
    assert add(client, csrf, demo_map, project.budget_lines[0], label=typed_label, supplier="<b>Nous</b>",
               receipt=("<script>.pdf", files.small_pdf())).status_code == 303
    page = page_of(client, demo_map)
    assert "<img src=x" not in page and "<b>Nous</b>" not in page and "<script>.pdf" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page and "&lt;b&gt;Nous&lt;/b&gt;" in page
