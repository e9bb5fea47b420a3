"""Downloading the documents of the candidature, named for upload to Démarche Numérique."""
from datetime import date

from flask import Blueprint, Response, render_template
from slugify import slugify

from ..access import PROJECT
from ..dossier import calls, copil, facts, planning
from ..loaders import with_map, with_meeting
from ..models import Action, Dossier
from ..models.dossier import CONTEXTS
from ..places.territories import TERRITORIES
from . import annex as annex_module
from . import financing, render, word

bp = Blueprint("documents", __name__, url_prefix="/cartes/<int:map_id>/dossier")

MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ANNEX, FINANCING, PLANNING, COPIL = "Annexe_AMI_jardins", "Plan_de_financement", "Planning", "Compte_rendu_COPIL"
LANDSCAPE = "@page { size: A4 landscape }"  # the planning's bars over three years want the width


@bp.get("/annexe.pdf")
@with_map(PROJECT)
def annex_pdf(map_):
    return _document(map_, ANNEX, "pdf", lambda annex: render.pdf(_html("documents/annex.html", annex)))


@bp.get("/annexe.docx")
@with_map(PROJECT)
def annex_docx(map_):
    return _document(map_, ANNEX, "docx", word.annex_docx)


@bp.get("/plan-de-financement.pdf")
@with_map(PROJECT)
def financing_pdf(map_):
    """The plan as filed, or, once the project spends, with what was realised beside each line and each funder."""
    return _document(map_, FINANCING, "pdf", lambda annex: render.pdf(_html(
        "documents/financing.html", annex, realised=financing.realised_totals(annex.plan_rows))))


@bp.get("/plan-de-financement.csv")
@with_map(PROJECT)
def financing_csv(map_):
    return _document(map_, FINANCING, "csv",
                     lambda annex: financing.as_csv(annex.plan_rows, annex.money, annex.map.commune,
                                                    annex.call.mention))


@bp.get("/plan-de-financement.xlsx")
@with_map(PROJECT)
def financing_xlsx(map_):
    def spreadsheet(annex):
        title = f"Plan de financement · {annex.dossier.holder_name or map_.name}"
        return financing.as_xlsx(annex.plan_rows, annex.money, title, annex.map.commune, annex.call.mention)
    return _document(map_, FINANCING, "xlsx", spreadsheet)


@bp.get("/planning.pdf")
@with_map(PROJECT)
def planning_pdf(map_):
    """The planning on A4 landscape; a long one goes on over pages, each with the years and the milestones."""
    dossier = Dossier.of_map(map_)
    call = calls.of_dossier(dossier)
    plan = planning.plan(facts.in_project(Action.of_map(map_.id)), dossier.notified_on, call)
    html = render_template("documents/planning.html", map=map_, dossier=dossier, plan=plan, call=call,
                           made_on=date.today())
    return download(render.pdf(html, LANDSCAPE), file_name(PLANNING, map_, dossier, "pdf"), "pdf")


@bp.get("/copil.pdf")
@with_map(PROJECT)
def copil_pdf(map_):
    """The COPIL report with the committee's decisions and next steps, on A4."""
    dossier = Dossier.of_map(map_)
    html = render_template("documents/copil.html", made_on=date.today(), document=True,
                           **copil.context(map_, dossier))
    return download(render.pdf(html), file_name(COPIL, map_, dossier, "pdf"), "pdf")


@bp.get("/copil/<int:meeting_id>.pdf")
@with_meeting(PROJECT)
def copil_meeting_pdf(map_, meeting):
    """A past COPIL meeting on A4: its attendees, its decisions and the report frozen that day."""
    dossier = Dossier.of_map(map_)
    html = render_template("documents/copil_meeting.html", map=map_, dossier=dossier, meeting=meeting, document=True,
                           frozen=True, call=calls.of_dossier(dossier), **copil.thaw(meeting.report))
    name = file_name(f"{COPIL}_{meeting.held_on.isoformat()}", map_, dossier, "pdf")
    return download(render.pdf(html), name, "pdf")


def file_name(stem, map_, dossier, extension):
    """« Annexe_AMI_jardins_Centre_social_Jacques_Prevert.pdf »: no space nor accent, so that any platform keeps it."""
    who = slugify(dossier.holder_name or map_.name, separator="_", lowercase=False, max_length=60,
                  regex_pattern=r"[^-a-zA-Z0-9_]+")
    return f"{stem}_{who or 'projet'}.{extension}"


def _html(template, annex, realised=()):
    """`realised`: the plan's totals as realised (`financing.realised_totals`), for the plan de financement alone; the
    annex is the candidature, as filed."""
    return render_template(template, annex=annex, totals=financing.totals(annex.money), holder_types=annex.call.holders,
                           territories=TERRITORIES, contexts=CONTEXTS, call=annex.call,
                           signature=financing.signature(annex.map.commune), realised=realised,
                           cofunders=financing.cofunders(annex.plan_rows, annex.money))


def _document(map_, stem, extension, make):
    """The document `make(annex)` makes of the map's project, as a download named for Démarche Numérique."""
    annex = annex_module.gather(map_)
    return download(make(annex), file_name(stem, map_, annex.dossier, extension), extension)


def download(content, name, extension):
    """A document of the project as a download under `name`."""
    response = Response(content, mimetype=MIMETYPES[extension])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"  # the dossier changes; always the current one
    return response
