"""The compte rendu d'exécution: the page with the last phase's checklist and the perspectives to type, and the
report itself as PDF and DOCX, for the State at the end of the project."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from ..access import EDIT, PROJECT, access_to
from ..documents import render, word
from ..documents.routes import download, file_name
from ..dossier import rules
from ..dossier.forms import PerspectivesForm
from ..dossier.saving import save_apart
from ..extensions import db
from ..loaders import with_map
from ..models import Dossier
from ..models.action import STATUSES
from . import checklist
from .report import closing_facts, gather

bp = Blueprint("final_report", __name__, url_prefix="/cartes/<int:map_id>")

STEM = "Compte_rendu_execution"


@bp.get("/compte-rendu")
@with_map(PROJECT)
def show(map_):
    return _page(map_, PerspectivesForm(formdata=None, obj=Dossier.of_map(map_)))


@bp.post("/compte-rendu")
@with_map(EDIT)
def update(map_):
    """Keep the perspectives of autonomy; a refused form comes back as typed, nothing kept."""
    form = PerspectivesForm()
    if not form.validate_on_submit():
        return _page(map_, form, 422)
    try:
        save_apart(Dossier.of_map(map_), {"perspectives": form.perspectives.data or ""})
        db.session.commit()
    except IntegrityError:  # the dossier created meanwhile by someone else
        db.session.rollback()
        return _page(map_, form, 409, conflict=True)
    flash(_("Perspectives enregistrées."))
    return redirect(url_for("final_report.show", map_id=map_.id), 303)


@bp.get("/compte-rendu.pdf")
@with_map(PROJECT)
def pdf(map_):
    report = gather(map_)
    return download(render.pdf(_document(report)), file_name(STEM, map_, report.dossier, "pdf"), "pdf")


@bp.get("/compte-rendu.docx")
@with_map(PROJECT)
def docx(map_):
    report = gather(map_)
    return download(word.final_report_docx(report), file_name(STEM, map_, report.dossier, "docx"), "docx")


def _document(report):
    """The report's HTML for WeasyPrint."""
    return render_template("documents/final_report.html", report=report, statuses=STATUSES, document=True)


def _page(map_, form, status=200, conflict=False):
    report = gather(map_)
    # The checklist reads the document as generated for the mention. Markup here only to strip its tags: the HTML is
    # our own template's, where Jinja escaped every typed text, and what comes out is plain text that is searched,
    # never output.
    checks = checklist.check(closing_facts(report, Markup(_document(report)).striptags()), report.call)
    page = render_template("final_report/page.html", report=report, statuses=STATUSES, form=form, conflict=conflict,
                           checks=checks, ready=rules.is_ready(checks), can_edit=access_to(map_).can(EDIT))
    return page, status
