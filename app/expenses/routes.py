"""« Dépenses réalisées »: what the project really spent on each budget line of its actions, with the receipts.

The project's members read it (PROJECT); those who may edit the dossier add, change and delete expenses and their
receipts (EDIT). Receipts are the collective's private papers: served to its members only, never from a cache shared
with anyone else, with the type and name the server gives them.
"""
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from .. import filestore
from ..access import EDIT, PROJECT, access_to
from ..authorship import current_author
from ..extensions import db
from ..loaders import id_number, with_expense, with_map
from ..models import Action, Expense
from ..models.author import account_of
from . import store
from .forms import ExpenseForm, ReceiptForm
from .receipts import ReceiptRejected, clean_receipt

bp = Blueprint("expenses", __name__, url_prefix="/cartes/<int:map_id>/depenses")
CACHE = "private, no-store"  # a receipt deleted or a member removed: nothing of it stays in a browser's cache
ACCEPTED = "application/pdf,image/jpeg,image/png,image/webp"  # the file picker's hint; the content decides


@bp.get("")
@with_map(PROJECT)
def index(map_):
    """Each action's budget lines, planned beside realised, and under each line what was spent."""
    return _page(map_)


@bp.get("/nouvelle")
@with_map(EDIT)
def new(map_):
    """An empty expense, on the line the page's « Ajouter une dépense » named (`ligne`)."""
    form = ExpenseForm(_lines(map_), formdata=None)
    form.budget_line.data = request.args.get("ligne", type=id_number)
    return _form(map_, form)


@bp.post("")
@with_map(EDIT)
def create(map_):
    """Add the expense and, if one is given, its receipt; a refused field or file keeps nothing and the rest typed."""
    form = ExpenseForm(_lines(map_))
    if not form.validate_on_submit():
        return _form(map_, form, status=422)
    try:
        clean = _cleaned(form)  # before the first write: the database's write lock is not held while it is read
        expense = Expense(**form.fields(), user_id=account_of(current_author()))
        db.session.add(expense)
        if clean is not None:
            store.attach(expense, clean, author=current_author())
        db.session.commit()
    except ReceiptRejected as refusal:
        db.session.rollback()
        return _refused_file(map_, form, refusal)
    flash(_("Dépense « %(label)s » ajoutée.", label=expense.label))
    return redirect(url_for("expenses.index", map_id=map_.id, _anchor=f"depense-{expense.id}"), 303)


@bp.get("/<int:expense_id>/modifier")
@with_expense(EDIT)
def edit(map_, expense):
    return _form(map_, ExpenseForm.for_expense(expense, _lines(map_)), expense=expense)


@bp.post("/<int:expense_id>")
@with_expense(EDIT)
def update(map_, expense):
    """Save the changes, unless someone else saved this expense since the form was opened: then the stored one is
    shown beside this person's input, kept, and saving again overwrites knowingly."""
    form = ExpenseForm(_lines(map_))
    if not form.validate_on_submit():
        return _form(map_, form, expense=expense, status=422)
    if form.version.data != str(expense.version):
        return _conflict(map_, expense, form)
    try:
        clean = _cleaned(form)
        for name, value in form.fields().items():
            setattr(expense, name, value)
        if clean is not None:
            store.attach(expense, clean, author=current_author())
        db.session.commit()
    except ReceiptRejected as refusal:
        db.session.rollback()
        return _refused_file(map_, form, refusal, expense=db.session.get(Expense, expense.id))
    except StaleDataError:
        db.session.rollback()
        return _conflict(map_, Expense.get_in_map(map_.id, expense.id) or abort(404), form)
    flash(_("Dépense « %(label)s » enregistrée.", label=expense.label))
    return redirect(url_for("expenses.index", map_id=map_.id, _anchor=f"depense-{expense.id}"), 303)


@bp.post("/<int:expense_id>/supprimer")
@with_expense(EDIT)
def delete(map_, expense):
    """Delete the expense and its receipts (their files once committed)."""
    label = expense.label
    db.session.delete(expense)
    db.session.commit()
    flash(_("Dépense « %(label)s » supprimée, avec ses justificatifs.", label=label))
    return redirect(url_for("expenses.index", map_id=map_.id), 303)


@bp.post("/<int:expense_id>/justificatifs")
@with_expense(EDIT)
def add_receipt(map_, expense):
    """Add a receipt to an expense; a refused file is said next to the file field, nothing kept."""
    form = ReceiptForm()
    if not form.validate_on_submit():
        return _edit_refused(map_, expense, next(iter(form.errors.values()))[0], 422)
    try:
        store.attach(expense, clean_receipt(form.receipt.data.stream), author=current_author())
        db.session.commit()
    except ReceiptRejected as refusal:
        db.session.rollback()
        return _edit_refused(map_, db.session.get(Expense, expense.id), refusal.message, refusal.status)
    flash(_("Justificatif ajouté."))
    return redirect(url_for("expenses.edit", map_id=map_.id, expense_id=expense.id), 303)


@bp.get("/<int:expense_id>/justificatifs/<int:receipt_id>")
@with_expense(PROJECT)
def receipt(map_, expense, receipt_id):
    """The receipt's file, as the server says it is (PDF downloaded, photo shown), to the project's members only."""
    kept = expense.receipt(receipt_id) or abort(404)
    media_type, _extension, disposition = store.SERVED[kept.kind]
    relative, accel = store.relative_path(kept.stored_name, kept.kind), current_app.config["PHOTO_ACCEL"]
    if accel:  # the rights are checked: nginx sends the file from its internal location, which nothing else reaches
        response = Response(status=200, mimetype=media_type)
        response.headers["X-Accel-Redirect"] = accel.rstrip("/") + "/" + relative
    else:
        response = send_from_directory(filestore.directory(), relative, mimetype=media_type, conditional=True)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{store.download_name(kept)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = CACHE
    return response


@bp.post("/<int:expense_id>/justificatifs/<int:receipt_id>/supprimer")
@with_expense(EDIT)
def delete_receipt(map_, expense, receipt_id):
    store.remove(expense.receipt(receipt_id) or abort(404))
    db.session.commit()
    flash(_("Justificatif supprimé."))
    return redirect(url_for("expenses.edit", map_id=map_.id, expense_id=expense.id), 303)


def _lines(map_):
    """The map's budget lines with their action, in the dossier's order."""
    return [(line, action) for action in Action.of_map(map_.id) for line in action.budget_lines]


def _cleaned(form):
    """The receipt given with the form, checked (ReceiptRejected), or None when no file was chosen."""
    upload = form.receipt.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return clean_receipt(upload.stream)


def _refused_file(map_, form, refusal, expense=None):
    form.receipt.errors = [refusal.message]
    return _form(map_, form, expense=expense, status=refusal.status)


def _conflict(map_, expense, form):
    """409: the stored expense beside this person's input; the form now carries the stored version."""
    form.version.data, form.version.raw_data = str(expense.version), None
    return _form(map_, form, expense=expense, status=409, conflict=True)


def _form(map_, form, expense=None, status=200, conflict=False, receipt_error=None):
    page = render_template("expenses/form.html", map=map_, form=form, expense=expense, conflict=conflict,
                           accepted=ACCEPTED, receipt_form=ReceiptForm(formdata=None), receipt_error=receipt_error)
    return page, status


def _edit_refused(map_, expense, message, status):
    return _form(map_, ExpenseForm.for_expense(expense, _lines(map_)), expense=expense, status=status,
                 receipt_error=message)


def _page(map_):
    actions = [action for action in Action.of_map(map_.id) if action.budget_lines]
    return render_template("expenses/index.html", map=map_, actions=actions, can_edit=access_to(map_).can(EDIT))
