"""The legend of a map: shown with counts, and edited (add, rename, recolour, reorder, delete)."""
from flask import Blueprint, redirect, request, url_for

from ..access import MANAGE
from ..authorship import current_author
from ..extensions import db
from ..loaders import with_category, with_map
from ..maps import embed as embedding
from ..models import Category, Revision
from ..panel import legend_context, render_in_panel
from ..rendering import wants_fragment
from .forms import CategoryForm, DeleteCategoryForm, row_form

bp = Blueprint("categories", __name__, url_prefix="/cartes/<int:map_id>/legende")
CHANGED = "legend-changed"


def _in_panel(map_, fragment, **context):
    """The legend's pages show `fragment` in the panel of the map page."""
    return render_in_panel("categories/edit.html", fragment, map_, legend_fragment=fragment, **context)


def _editor(map_, status=200, trigger=None, **context):
    """The legend editor, in the panel or as a whole page."""
    context.setdefault("new_form", CategoryForm(formdata=None))
    context.setdefault("kind_choices", CategoryForm.kind_choices())
    context.setdefault("refused", {})
    context.update(legend_context(map_))
    return _in_panel(map_, "categories/_editor.html", status=status, trigger=trigger, **context)


def _changed(map_):
    """After a legend change: the editor again (the legend, list and map refresh on the event), or a redirect."""
    if not wants_fragment():
        return redirect(url_for("categories.edit", map_id=map_.id), 303)
    return _editor(map_, trigger=CHANGED)


@bp.get("")
@with_map()
def index(map_):
    """The legend with counts, and a switch per category to show or hide it on the map."""
    return render_in_panel("maps/show.html", "categories/_legend.html", map_,
                           **legend_context(map_, embedding.categories(request.args, map_)))


@bp.get("/modifier")
@with_map(MANAGE)
def edit(map_):
    """The legend editor."""
    return _editor(map_)


@bp.post("")
@with_map(MANAGE)
def create(map_):
    """Add an entry at the end of the legend."""
    form = CategoryForm()
    return _save(map_, form, Category(map_id=map_.id, position=Category.next_position(map_.id)), new_form=form)


@bp.post("/<int:category_id>")
@with_category(MANAGE)
def update(map_, category):
    """Rename, recolour, change the symbol or the accepted shapes of one entry."""
    form = CategoryForm()
    return _save(map_, form, category, refused={category.id: form})


@bp.post("/modifier")
@with_map(MANAGE)
def save(map_):
    """Save every row of the editor at once: a refused row shows why, with what was typed; the others are kept."""
    return _save_rows(map_)


def _save(map_, form, category, **on_error):
    """Store a valid form on the entry; otherwise the editor again, with `on_error` showing what is wrong."""
    if not form.validate_on_submit():
        return _editor(map_, status=422, **on_error)
    db.session.add(form.fill(category))
    return _commit_change(map_)


@bp.post("/<int:category_id>/monter")
@with_category(MANAGE)
def move_up(map_, category):
    """Move an entry one place up the legend."""
    return _move(map_, category, -1)


@bp.post("/<int:category_id>/descendre")
@with_category(MANAGE)
def move_down(map_, category):
    """Move an entry one place down the legend."""
    return _move(map_, category, +1)


def _move(map_, category, step):
    """Save the editor's rows as typed, then move the entry (so a move never loses an edit)."""
    return _save_rows(map_, then=lambda: category.move(step))


def _save_rows(map_, then=None):
    """Store each valid row the editor sent, then `then()`; refused rows come back with their message."""
    refused, changed = {}, False
    for category in Category.of_map(map_.id):
        form = row_form(category)
        if form is None:  # a row the sender did not have (added meanwhile): left as it is
            continue
        if not form.validate():
            refused[category.id] = form
        elif form.changes(category):
            form.fill(category)
            changed = True
    moved = bool(then and then())  # False when already first or last
    if changed or moved:
        Revision.record(map_, "legend", author=current_author())
        db.session.commit()
    if refused:
        return _editor(map_, status=422, trigger=CHANGED if changed or moved else None, refused=refused)
    return _changed(map_)


def _commit_change(map_):
    """Record a legend change (a revision of the map) and show the editor with it."""
    Revision.record(map_, "legend", author=current_author())
    db.session.commit()
    return _changed(map_)


@bp.get("/<int:category_id>/supprimer")
@with_category(MANAGE)
def confirm_delete(map_, category):
    """Ask what becomes of the features of an entry before removing it."""
    return _confirm(map_, category, DeleteCategoryForm(_others(map_, category), formdata=None))


@bp.post("/<int:category_id>/supprimer")
@with_category(MANAGE)
def delete(map_, category):
    """Remove an entry; its features move to another entry or go to the bin, as chosen."""
    live, binned = category.usage()
    form = DeleteCategoryForm(_others(map_, category))
    if live + binned and not form.validate_on_submit():
        return _confirm(map_, category, form, status=422)
    move_to = form.others.get(form.move_to.data) if live + binned and form.fate.data == "move" else None
    category.remove(move_to=move_to, author=current_author())
    db.session.commit()
    return _changed(map_)


def _others(map_, category):
    return [c for c in Category.of_map(map_.id) if c.id != category.id]


def _confirm(map_, category, form, status=200):
    live, binned = category.usage()
    return _in_panel(map_, "categories/_delete.html", status=status, category=category, form=form,
                 live=live, binned=binned)
