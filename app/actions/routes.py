"""Project actions: the list, one action, the form (with budget lines and objectifs chiffrés), ordering, deleting,
and linking the items of the map to them from either side."""
from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy.orm.exc import StaleDataError

from ..access import EDIT, MANAGE, PROJECT
from ..documents import render
from ..documents.routes import download
from ..dossier import rules
from ..extensions import db
from ..loaders import id_number, with_action, with_feature, with_map
from ..models import Action, Feature
from ..models.action import STATUSES
from ..panel import feature_saved, render_in_panel
from ..rendering import wants_fragment
from . import before_after
from .forms import ActionForm
from .saving import RowsInUse, save

bp = Blueprint("actions", __name__, url_prefix="/cartes/<int:map_id>")
ACTIONS_CHANGED = "actions-changed"  # the feature panel's list of actions listens for it
ITEMS_OFFERED_MAX = 1000  # items the form's checklist offers at most


@bp.get("/actions")
@with_map(PROJECT)
def index(map_):
    """The map's actions in their order, in the panel."""
    return _listed(map_)


@bp.get("/actions/nouvelle")
@with_map(EDIT)
def new(map_):
    """An empty action form; items ticked in advance when opened from an item (`element`)."""
    form = ActionForm(_items(map_), formdata=None)
    form.features.data = request.args.getlist("element", type=id_number)
    form.add_blank_rows()
    return _form(map_, form)


@bp.post("/actions")
@with_map(EDIT)
def create(map_):
    """Add the action, unless the person asked for another blank row or something is wrong."""
    form = ActionForm(_items(map_))
    if _more_rows(form) or not form.validate_on_submit():
        return _form(map_, form, status=200 if _more_rows(form) else 422)
    action = Action.add(map_, kind=form.kind.data, title=form.title.data)
    save(action, form)
    db.session.commit()
    return _saved(map_, action, [_("Action ajoutée.")])


@bp.get("/actions/<int:action_id>")
@with_action(PROJECT)
def show(map_, action):
    """One action: what, when, who, its budget, its objectifs chiffrés and the items it concerns."""
    return render_in_panel("actions/show.html", "actions/_detail.html", map_, action=action, notices=[])


@bp.get("/actions/<int:action_id>/avant-apres")
@with_action(PROJECT)
def before_and_after(map_, action):
    """« Avant / après »: each item of the action with its first and latest photos side by side. Printable."""
    return render_template("actions/before_after.html", map=map_, action=action,
                           pairs=before_after.pairs(action))


@bp.get("/actions/<int:action_id>/avant-apres.pdf")
@with_action(PROJECT)
def before_and_after_pdf(map_, action):
    """The same, as an A4 PDF: the photos' thumbnails carried in it."""
    pairs = before_after.pairs(action)
    html = render_template("documents/before_after.html", map=map_, action=action, pairs=pairs, document=True,
                           images=before_after.embedded(pairs), made_on=date.today())
    name = slugify(action.title, separator="_", lowercase=False, max_length=60, regex_pattern=r"[^-a-zA-Z0-9_]+")
    return download(render.pdf(html), f"Avant_apres_{name or 'action'}.pdf", "pdf")


@bp.get("/actions/<int:action_id>/modifier")
@with_action(EDIT)
def edit(map_, action):
    return _form(map_, ActionForm.for_action(action, _items(map_, action)), action=action)


@bp.post("/actions/<int:action_id>")
@with_action(EDIT)
def update(map_, action):
    """Save the changes, unless someone else saved this action since the form was opened."""
    form = ActionForm(_items(map_, action), action=action)
    if _more_rows(form) or not form.validate_on_submit():
        return _form(map_, form, action=action, status=200 if _more_rows(form) else 422)
    if form.version.data != str(action.version):
        return _conflict(map_, action, form)
    try:
        save(action, form)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _conflict(map_, Action.get_in_map(map_.id, action.id), form)
    except RowsInUse:  # a line got an expense (an objective a measurement) since the form was checked
        db.session.rollback()
        action = Action.get_in_map(map_.id, action.id)
        form = ActionForm(_items(map_, action), action=action)
        form.validate()
        return _form(map_, form, action=action, status=422)
    return _saved(map_, action, [_("Action enregistrée.")])


@bp.post("/actions/<int:action_id>/monter")
@with_action(EDIT)
def move_up(map_, action):
    action.move(-1)
    db.session.commit()
    return _listed(map_)


@bp.post("/actions/<int:action_id>/descendre")
@with_action(EDIT)
def move_down(map_, action):
    action.move(+1)
    db.session.commit()
    return _listed(map_)


@bp.post("/actions/<int:action_id>/supprimer")
@with_action(MANAGE)
def delete(map_, action):
    """Delete an action; the items it concerned stay on the map."""
    title = action.title
    action.remove()
    db.session.commit()
    return _listed(map_, [_("Action « %(title)s » supprimée ; les éléments concernés restent sur la carte.",
                            title=title)])


@bp.post("/elements/<int:feature_id>/actions")
@with_feature(EDIT)
def link_feature(map_, feature):
    """From an item's panel: the actions it serves are those ticked."""
    ticked = set(request.form.getlist("actions", type=id_number))
    feature.actions = [action for action in Action.of_map(map_.id) if action.id in ticked]
    db.session.commit()
    return feature_saved(map_, feature, [_("Actions de l'élément enregistrées.")])


@bp.app_template_global()
def actions_of(map_):
    """The map's actions in their order, for an item's panel."""
    return Action.of_map(map_.id)


@bp.app_context_processor
def labels():
    """The French names of the codes stored on actions and budget lines."""
    return {"action_types": rules.ACTION_TYPES, "statuses": STATUSES, "funders": rules.FUNDERS,
            "expense_kinds": {code: kind.label for code, kind in rules.EXPENSE_KINDS.items()}}


def _items(map_, action=None):
    """The items an action may concern: the map's live ones, by number. Past ITEMS_OFFERED_MAX, only those it
    concerns already and those the request names (an item's « Nouvelle action »), so that the form does not grow
    with the map; the others are linked from their own panel."""
    if not _too_many_to_offer(map_):
        return Feature.listed(map_.id)[0]
    wanted = {*request.values.getlist("element", type=id_number), *request.form.getlist("features", type=id_number)}
    if action is not None:
        wanted |= {feature.id for feature in action.features}
    return [feature for feature in Feature.several_in_map(map_.id, wanted) if not feature.is_deleted]


def _too_many_to_offer(map_):
    return Feature.more_in_view_than(map_, None, None, ITEMS_OFFERED_MAX)


def _more_rows(form):
    """« Ajouter une ligne »: the form comes back with another blank row, nothing saved."""
    if "more" not in request.form:
        return False
    form.add_blank_rows()
    return True


def _form(map_, form, action=None, status=200, conflict=False):
    return render_in_panel("actions/edit.html", "actions/_form.html", map_, form=form, action=action,
                           status=status, conflict=conflict, offered_max=format_decimal(ITEMS_OFFERED_MAX),
                           offered_all=not _too_many_to_offer(map_))


def _conflict(map_, action, form):
    """409: the stored action beside this person's input, kept; saving again then overwrites knowingly."""
    form.version.data, form.version.raw_data = str(action.version), None
    return _form(map_, form, action=action, status=409, conflict=True)


def _saved(map_, action, notices):
    if not wants_fragment():
        return redirect(url_for("actions.show", map_id=map_.id, action_id=action.id), 303)
    return render_in_panel("actions/show.html", "actions/_detail.html", map_, action=action, notices=notices,
                           trigger=ACTIONS_CHANGED)


def _listed(map_, notices=()):
    """The list; after a change, with the event that refreshes the rest (without htmx, a redirect to the list)."""
    changed = request.method == "POST"
    if changed and not wants_fragment():
        return redirect(url_for("actions.index", map_id=map_.id), 303)
    return render_in_panel("actions/index.html", "actions/_list.html", map_, actions=Action.of_map(map_.id),
                           notices=notices, trigger=ACTIONS_CHANGED if changed else None)
