"""The candidature's page: the dossier form, with its call's checklist beside it and each of its messages next to
the field it is about; members who may not edit read the same page without the buttons."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..access import EDIT, PROJECT, access_to
from ..extensions import db
from ..i18n import LazyText
from ..loaders import with_map
from ..models import Action, CopilMeeting, Dossier, Feature
from ..models.dossier import CONTEXTS
from ..places.territories import TERRITORIES
from . import answers, calls, copil, facts, planning, rules
from .forms import CopilForm, form_for
from .saving import save, save_copil

bp = Blueprint("dossier", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/dossier")
@with_map(PROJECT)
def show(map_):
    dossier = Dossier.of_map(map_)
    actions = Action.of_map(map_.id)
    form = form_for(calls.of_dossier(dossier)).for_dossier(dossier, actions, _numbers(map_))
    return _page(map_, dossier, actions, form)


@bp.post("/dossier")
@with_map(EDIT)
def update(map_):
    """Save the dossier, unless something is wrong or someone else saved it since the form was opened. The form is
    the one of the call the dossier answered so far; a new call chosen applies from the page it leads to."""
    dossier = Dossier.of_map(map_)
    actions = Action.of_map(map_.id)
    form = form_for(calls.of_dossier(dossier))(actions, _numbers(map_))
    if not form.validate_on_submit():
        return _page(map_, dossier, actions, form, status=422)
    if form.version.data != str(dossier.version or 0):
        return _page(map_, dossier, actions, form, status=409, conflict=True)
    try:
        save(dossier, form)
        db.session.add(dossier)
        db.session.commit()
    except (StaleDataError, IntegrityError):  # saved meanwhile, or created meanwhile by someone else
        db.session.rollback()
        return _page(map_, Dossier.of_map(map_), actions, form, status=409, conflict=True)
    flash(_("Dossier enregistré."))
    return redirect(url_for("dossier.show", map_id=map_.id), 303)


@bp.get("/planning")
@with_map(PROJECT)
def plan(map_):
    """The actions over the call's period with its milestones, printable on A4 landscape."""
    dossier = Dossier.of_map(map_)
    plan = planning.plan(facts.in_project(Action.of_map(map_.id)), dossier.notified_on, calls.of_dossier(dossier))
    return render_template("dossier/planning.html", map=map_, plan=plan)


@bp.get("/copil")
@with_map(PROJECT)
def steering(map_):
    """The short report for the comité de pilotage: actions, objectifs chiffrés, budget, the map's changes, and the
    committee's decisions and next steps (a form for those who may edit)."""
    dossier = Dossier.of_map(map_)
    return _steering_page(map_, dossier, CopilForm(formdata=None, obj=dossier))


@bp.post("/copil")
@with_map(EDIT)
def steer(map_):
    """Keep the committee's decisions and next steps; a refused form comes back as typed, nothing kept."""
    dossier = Dossier.of_map(map_)
    form = CopilForm()
    if not form.validate_on_submit():
        return _steering_page(map_, dossier, form, 422)
    try:
        save_copil(dossier, form)
        db.session.commit()
    except IntegrityError:  # the dossier created meanwhile by someone else
        db.session.rollback()
        return _steering_page(map_, Dossier.of_map(map_), form, 409, conflict=True)
    flash(_("Décisions et prochaines étapes enregistrées."))
    return redirect(url_for("dossier.steering", map_id=map_.id), 303)


def _steering_page(map_, dossier, form, status=200, conflict=False):
    page = render_template("dossier/copil.html", form=form, conflict=conflict, can_edit=access_to(map_).can(EDIT),
                           meetings=CopilMeeting.of_map(map_.id), **copil.context(map_, dossier))
    return page, status


@bp.get("/dossier/reponses")
@with_map(PROJECT)
def form_answers(map_):
    """« Réponses pour Démarche Numérique »: each answer the call's online form asks, ready to copy."""
    dossier = Dossier.of_map(map_)
    given = answers.answers(map_, dossier, Action.of_map(map_.id))
    return render_template("dossier/answers.html", map=map_, answers=given, call=calls.of_dossier(dossier),
                           answers_title=answers.title(calls.of_dossier(dossier)))


@bp.app_context_processor
def mention():
    """The mention every document and printable page of a map's project carries: its call's (the AMI's §9: « Avec
    le soutien de l'État dans le cadre de l'ERBM »), read only when a page shows it; none outside a map's pages."""
    return {"erbm_mention": LazyText(_mention_of_request)}


def _mention_of_request():
    map_id = (request.view_args or {}).get("map_id")
    code = db.session.scalar(select(Dossier.call).where(Dossier.map_id == map_id)) if map_id is not None else None
    return calls.get(code).mention


def _page(map_, dossier, actions, form, status=200, conflict=False):
    kept = facts.in_project(actions)
    call = calls.of_dossier(dossier)
    checks = facts.checks(dossier, actions)
    context = {
        "call": call, "answers_title": answers.title(call),
        "map": map_, "dossier": dossier, "form": form, "conflict": conflict, "actions": kept,
        "money": facts.money(kept), "checks": checks, "ready": rules.is_ready(checks),
        "plan": planning.plan(kept, dossier.notified_on, call),
        "todo": facts.checks_by_field(checks), "can_edit": access_to(map_).can(EDIT), "contexts": CONTEXTS,
        "holder_types": call.holders, "territories": TERRITORIES, "topics": call.annex_topics,
    }
    return render_template("dossier/page.html", **context), status


def _numbers(map_):
    """Of some item numbers, those of the map's live items, which the annex may cite."""
    return lambda numbers: {feature.number for feature in Feature.live_by_numbers(map_.id, numbers)}
