"""Where receipts are kept: one file each in the `justificatifs` folder of the kept files (`filestore.directory()`),
under a random name that says nothing, and a row in `receipts`. File and row come and go together
(`app/filestore.py`): whoever calls `attach()` only commits or rolls back.

A receipt's row may go without anyone naming it: its expense deleted, its budget line or action removed (the ORM's
cascades). Its file then goes too, once that is committed (`_files_of_deleted_receipts`). A map deleted whole goes
by the database's own cascades, around the ORM: `maps/deleting.py` names the files first (`stored_names_of_map`).
"""
import secrets

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import filestore
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Action, BudgetLine, Expense, Receipt
from ..models.author import account_of
from .receipts import ReceiptRejected

FOLDER = "justificatifs"
# What the server says a receipt is, whatever its file said: (media type, extension, disposition). A PDF is always
# downloaded (a browser's viewer would run what the file holds); a photo, re-encoded by us, is shown.
SERVED = {"pdf": ("application/pdf", "pdf", "attachment"), "image": ("image/jpeg", "jpg", "inline")}


class NoRoom(ReceiptRejected):
    """The disk is full: nothing is kept, and the same file may be sent again once room is made."""

    status = 507


def attach(expense, clean, *, author):
    """Add a cleaned receipt (`receipts.clean_receipt`) to the expense; the caller commits."""
    stored_name = secrets.token_hex(16)
    write(stored_name, clean)
    receipt = Receipt(stored_name=stored_name, kind=clean.kind, size=len(clean.data), user_id=account_of(author))
    expense.receipts.append(receipt)
    db.session.flush()
    return receipt


def write(stored_name, clean):
    """Write a receipt's file, gone again unless the transaction commits; NoRoom when the disk is full."""
    try:
        filestore.write_file(path(stored_name, clean.kind), clean.data)
    except filestore.Full:
        raise NoRoom(_l("Le serveur n'a plus de place pour les justificatifs : rien n'a été enregistré. Réessayez "
                        "plus tard ; si cela dure, prévenez les personnes qui gèrent le site.")) from None


def remove(receipt):
    """Delete a receipt; its file goes once the deletion is committed (`_files_of_deleted_receipts`)."""
    db.session.delete(receipt)


def filename(stored_name, kind):
    """The name of a receipt's file in the `justificatifs` folder."""
    return f"{stored_name}.{SERVED[kind][1]}"


def relative_path(stored_name, kind):
    """Its path under `filestore.directory()`, as nginx's internal location and a backup name it."""
    return f"{FOLDER}/{filename(stored_name, kind)}"


def path(stored_name, kind):
    return filestore.directory() / relative_path(stored_name, kind)


def download_name(receipt):
    """The name the person's browser saves it under: the server's, never the uploaded file's."""
    return f"justificatif-{receipt.id}.{SERVED[receipt.kind][1]}"


def removing_files(*receipts):
    """The files of these receipts (stored name and kind) go once the transaction that deletes them commits."""
    filestore.removing(*(path(stored_name, kind) for stored_name, kind in receipts))


def stored_names_of_map(map_id):
    """(stored name, kind) of every receipt of the map, for a deletion that goes around the ORM."""
    query = (select(Receipt.stored_name, Receipt.kind).join(Expense, Expense.id == Receipt.expense_id)
             .join(BudgetLine, BudgetLine.id == Expense.budget_line_id).join(Action, Action.id == BudgetLine.action_id)
             .where(Action.map_id == map_id))
    return [tuple(row) for row in db.session.execute(query)]


@event.listens_for(Session, "after_flush")
def _files_of_deleted_receipts(session, _context):
    """Every receipt row the ORM deleted in this flush, named or by a cascade: its file goes once committed. (The
    session's `deleted` still holds them at this point.)"""
    gone = [(receipt.stored_name, receipt.kind) for receipt in session.deleted if isinstance(receipt, Receipt)]
    if gone:
        removing_files(*gone)

