"""The realised expenses and receipts a member typed are theirs in « Mes données » (the receipts' files with them),
and once their account is deleted the expenses stay, the collective's accounts, without them."""
import io
import json
import zipfile
from datetime import date

from sqlalchemy import select

from app.expenses import store as receipts
from app.expenses.receipts import clean_receipt
from app.extensions import db
from app.models import Action, BudgetLine, Expense, Receipt
from app.models.author import Author
from app.people.erasure import delete_account
from app.people.traces import Person
from tests.conftest import log_in
from tests.expenses.files import small_pdf


def spent(demo_map, member):
    """Mireille typed an expense and gave its receipt; Bertrand typed another."""
    mireille, bertrand = member("Mireille", "editor"), member("Bertrand", "contributor")
    action = Action.add(demo_map, kind="ressources", title="Outilthèque", budget_lines=[
        BudgetLine(label="Outils", amount_cents=90000, kind="equipement", funder="etat")])
    line = action.budget_lines[0]
    hers = Expense(label="Bêches", supplier="Quincaillerie", amount_cents=12000, spent_on=date(2027, 3, 1),
                   status="payee", user_id=mireille.id)
    his = Expense(label="Râteaux", amount_cents=8000, spent_on=date(2027, 3, 2), user_id=bertrand.id)
    line.expenses = [hers, his]
    receipt = receipts.attach(hers, clean_receipt(io.BytesIO(small_pdf())), author=Author("Mireille", mireille.id))
    db.session.commit()
    return mireille, bertrand, receipt


def test_my_data_holds_the_expenses_i_typed_and_the_receipts_i_gave(app, demo_map, member):
    mireille, _bertrand, receipt = spent(demo_map, member)
    client = app.test_client()
    log_in(client, mireille.id)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/compte/mes-donnees").data))
    data = json.loads(archive.read("donnees.json"))
    assert [(e["depense"], e["fournisseur"], e["montant_centimes"], e["statut"]) for e in data["depenses"]] == [
        ("Bêches", "Quincaillerie", 12000, "Payée")]
    name = receipts.relative_path(receipt.stored_name, "pdf")
    assert [r["fichier"] for r in data["justificatifs"]] == [name]
    assert archive.read(name) == small_pdf()
    assert "Râteaux" not in archive.read("donnees.json").decode()


def test_a_deleted_account_leaves_the_expenses_without_it(demo_map, member):
    mireille, bertrand, receipt = spent(demo_map, member)
    delete_account(Person.of_account(mireille))
    db.session.commit()
    expenses = {e.label: e.user_id for e in db.session.scalars(select(Expense))}
    assert expenses == {"Bêches": None, "Râteaux": bertrand.id}
    kept = db.session.get(Receipt, receipt.id)
    assert kept.user_id is None and receipts.path(kept.stored_name, "pdf").exists()
