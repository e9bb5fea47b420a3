"""The annex as a Word document (DOCX), for porteurs who edit it further: the same parts as the PDF, in the same
order, as headings, paragraphs and tables; the map figure as a picture."""
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor
from flask_babel import gettext as _

from ..dossier import rules
from ..formatting import euros, feature_number, goal_text, long_date, percent
from ..models.action import STATUSES
from ..models.dossier import CONTEXTS
from ..places.territories import TERRITORIES
from ..text import xml_safe
from . import financing, render

FIGURE_MM = (180, 126)  # the figure's size on the page; its proportions are the SVG's (aspect 0.7)


def annex_docx(annex):
    """DOCX bytes of the annex gathered by `annex.gather`."""
    document = Document()
    _page_setup(document, annex)
    _cover(document, annex)
    document.add_page_break()
    _figure(document, annex)
    for index, topic in enumerate(annex.topics, start=1):
        _heading(document, f"{index}. {topic.title}", level=1)
        for paragraph in [p for p in topic.text.split("\n\n") if p.strip()] or [_("(à rédiger)")]:
            _paragraph(document, paragraph)
        if topic.actions:
            _labelled(document, _("Actions concernées"),
                      " ; ".join(f"{action.position}. {action.title}" for action in topic.actions))
        if topic.items:
            _labelled(document, _("Sur la carte"),
                      " ; ".join(f"{feature_number(item.number)} {item.title}" for item in topic.items))
    document.add_page_break()
    _actions(document, annex)
    _planning(document, annex)
    document.add_page_break()
    _financing(document, annex)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(document, made):
    """A4 portrait, and the mention of the call `made` (the annex, the compte rendu) answers in the footer."""
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.PORTRAIT, Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.footer.paragraphs[0].text = made.call.mention
    document.styles["Normal"].font.size = Pt(10)


def _cover(document, annex):
    dossier = annex.dossier
    _paragraph(document, annex.call.name)
    _heading(document, _("Annexe à la candidature"), level=0)
    holder = dossier.holder_name or "—"
    if dossier.holder_type in annex.call.holders:
        holder += f" ({annex.call.holders[dossier.holder_type]})"
    _labelled(document, _("Porteur"), holder)
    territory = str(TERRITORIES.get(dossier.territory, "—")) + (f" · {dossier.cite}" if dossier.cite else "")
    _labelled(document, _("Territoire"), territory)
    _labelled(document, _("Carte sensible"), annex.map.name)
    if dossier.contexts:
        _labelled(document, _("Contexte"), " ; ".join(CONTEXTS[code] for code in dossier.contexts))
    if dossier.partners:
        _labelled(document, _("Partenaires"), ", ".join(dossier.partners.splitlines()))
    if dossier.coordination:
        _labelled(document, _("Acteurs du quartier"), dossier.coordination)
    _labelled(document, _("Document établi le"), long_date(annex.made_on))


def _figure(document, annex):
    _heading(document, _("La carte sensible du projet"), level=1)
    if annex.figure_note:
        _paragraph(document, annex.figure_note)
    picture = render.png(annex.figure_svg, *FIGURE_MM)
    document.add_picture(io.BytesIO(picture), width=Mm(FIGURE_MM[0]))
    _heading(document, _("Légende"), level=2)
    for category, items in annex.legend:
        _paragraph(document, category.label).runs[0].bold = True
        for item in items:  # the number in its category's colour, as on the figure
            paragraph = document.add_paragraph(style="List Bullet")
            number = paragraph.add_run(feature_number(item.number))
            number.bold, number.font.color.rgb = True, RGBColor.from_string(category.colour.lstrip("#").upper())
            paragraph.add_run(f"  {xml_safe(item.title)}")


def _actions(document, annex):
    _heading(document, _("Les actions du projet"), level=1)
    table = _table(document, [_("N°"), _("Action"), _("Dates"), _("Porteur et partenaires"), _("Objectifs chiffrés"),
                              _("Budget")])
    for action in annex.actions:
        dates = " → ".join(long_date(day) if day else "—" for day in (action.starts_on, action.ends_on))
        goals = "\n".join(goal_text(indicator) for indicator in action.indicators)
        who = "\n".join(filter(None, [action.lead_partner, ", ".join(action.partners.splitlines())]))
        _row(table, [str(action.position), f"{action.title}\n{rules.ACTION_TYPES[action.kind]}", dates, who, goals,
                     euros(action.total_cents)])


def _planning(document, annex):
    _heading(document, _("Planning"), level=1)
    for bar in annex.plan["bars"]:
        action = bar.action
        _paragraph(document, f"{action.position}. {action.title} : {long_date(action.starts_on)} → "
                             f"{long_date(action.ends_on)} ({STATUSES[action.status]})", style="List Bullet")
    for action in annex.plan["undated"]:
        _paragraph(document, f"{action.position}. {action.title} : {_('dates à préciser')}", style="List Bullet")
    _heading(document, _("Échéances de l'AMI"), level=2)
    for milestone in annex.plan["milestones"]:
        _paragraph(document, f"{long_date(milestone.day)} : {milestone.label}", style="List Bullet")


def _financing(document, annex):
    _heading(document, _("Plan de financement"), level=1)
    table = _table(document, [_("Action"), _("Dépense"), _("Nature"), _("Financeur"), _("Montant")])
    for row in annex.plan_rows:
        kind = row.kind if row.eligible else f"{row.kind} ({_('non éligible')})"
        _row(table, [f"{row.action}. {row.action_title}", row.label, kind, row.paid_by, euros(row.cents)])
    for label, cents in financing.totals(annex.money):
        cells = _row(table, ["", label, "", "", euros(cents)])
        cells[1].paragraphs[0].runs[0].bold = True
    if annex.money.reste_a_charge_share is not None:
        _row(table, ["", _("Part du reste à charge dans le coût total"), "", "",
                     percent(annex.money.reste_a_charge_share)])
    for each in financing.cofunders(annex.plan_rows, annex.money):  # who each co-funder is, granted or asked
        _row(table, ["", f"{_('Cofinanceur')} : {each.name}", each.status,
                     percent(each.share) if each.share is not None else "", euros(each.cents)])
    for title, text in ((_("Modalités d'évaluation"), annex.dossier.evaluation),
                        (_("Plan de communication"), annex.dossier.communication)):
        if text:
            _heading(document, title, level=1)
            for paragraph in text.split("\n\n"):
                _paragraph(document, paragraph)


def final_report_docx(report):
    """DOCX bytes of the compte rendu d'exécution gathered by `final_report.report.gather`, in the PDF's order."""
    document = Document()
    _page_setup(document, report)
    dossier = report.dossier
    _paragraph(document, report.call.name)
    _heading(document, _("Compte rendu d'exécution"), level=0)
    _labelled(document, _("Porteur"), dossier.holder_name or report.map.name)
    if dossier.notified_on:
        _labelled(document, _("Subvention notifiée le"), long_date(dossier.notified_on))
    _labelled(document, _("Document établi le"), long_date(report.made_on))
    _report_actions(document, report)
    _report_spending(document, report)
    _report_maps(document, report)
    _report_residents(document, report)
    _heading(document, _("Perspectives d'autonomie du collectif"), level=1)
    for paragraph in [p for p in (dossier.perspectives or "").split("\n\n") if p.strip()] or [_("(à rédiger)")]:
        _paragraph(document, paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _dates(real, planned):
    """« 12 mars 2027 », the real day; the planned one said so; « — » without either."""
    if real:
        return long_date(real)
    return f"{long_date(planned)} ({_('prévue')})" if planned else "—"


def _report_actions(document, report):
    _heading(document, _("Actions réalisées"), level=1)
    table = _table(document, [_("Action"), _("Début"), _("Fin"), _("Budget prévu"), _("Dépensé")])
    for action in report.done:
        _row(table, [f"{action.position}. {action.title}", _dates(action.started_on, action.starts_on),
                     _dates(action.finished_on, action.ends_on), euros(action.total_cents),
                     euros(action.realised_cents)])
    for action in report.not_done:
        _paragraph(document, f"{action.position}. {action.title} : {STATUSES[action.status]}", style="List Bullet")
    _heading(document, _("Objectifs chiffrés : prévus et atteints"), level=1)
    table = _table(document, [_("Action"), _("Indicateur"), _("Objectif"), _("Atteint"), _("Part atteinte")])
    for goal in report.goals:
        _row(table, [f"{goal.action.position}. {goal.action.title}", goal.indicator.label, goal.indicator.target,
                     _("non mesuré") if goal.reached is None else goal.reached,
                     "" if goal.share is None else percent(goal.share)])


def _report_spending(document, report):
    _heading(document, _("Dépenses réalisées et justificatifs"), level=1)
    _paragraph(document, _("Dépenses : %(expenses)s ; justificatifs : %(receipts)s.", expenses=report.expenses,
                           receipts=report.receipts))
    table = _table(document, [_("Dépense"), _("Date"), _("Fournisseur"), _("Statut"), _("Justificatifs"),
                              _("Montant")])
    for spent in report.lines:
        line = _row(table, ["", "", "", "", "", euros(spent.line.realised_cents)])[0].merge(table.rows[-1].cells[4])
        line.text = xml_safe(f"{spent.action.position}. {spent.action.title} · {spent.line.label} ({spent.row.paid_by} "
                             f"; {_('prévu')} {euros(spent.line.amount_cents)}, {_('écart')} {euros(spent.gap)})")
        line.paragraphs[0].runs[0].bold = True
        for each in spent.expenses:
            expense = each.expense
            _row(table, [expense.label, long_date(expense.spent_on), expense.supplier, expense.status_label,
                         ", ".join(str(name) for name in each.receipts) or _("aucun"), euros(expense.amount_cents)])
    _heading(document, _("Plan de financement réalisé"), level=1)
    table = _table(document, [_("Financeur"), _("Prévu"), _("Réalisé"), _("Écart")])
    for row in report.realised:
        _row(table, [row.label, euros(row.planned), euros(row.realised), euros(row.gap)])


def _report_maps(document, report):
    _heading(document, _("La carte au début et à la fin"), level=1)
    width, height = FIGURE_MM[0], round(FIGURE_MM[0] * report.figure_aspect)
    if report.changes is not None:
        _heading(document, _("Au début : le %(day)s (%(what)s)", day=long_date(report.since),
                             what=report.since_label), level=2)
        document.add_picture(io.BytesIO(render.png(report.start_svg, width, height)), width=Mm(width))
        _heading(document, _("À la fin : le %(day)s", day=long_date(report.made_on)), level=2)
        changes = report.changes
        _paragraph(document, _("Éléments ajoutés : %(added)s (en couleur sur la carte), modifiés : %(changed)s, "
                               "retirés : %(removed)s.", added=len(changes["added"]), changed=len(changes["changed"]),
                               removed=len(changes["removed"])))
    document.add_picture(io.BytesIO(render.png(report.end_svg, width, height)), width=Mm(width))


def _report_residents(document, report):
    _heading(document, _("Habitants mobilisés"), level=1)
    _paragraph(document, _("Diagnostics en marchant : %(walks)s, avec %(people)s participants en tout.",
                           walks=len(report.walks), people=report.participants))
    for walk in report.walks:
        theme = f" · {walk.theme}" if walk.theme else ""
        _paragraph(document, f"{long_date(walk.held_on)}{theme} : {walk.participants}", style="List Bullet")
    tally = report.proposals
    _paragraph(document, _("Propositions des habitants par les liens de contribution : %(proposed)s (validées : "
                           "%(validated)s, refusées : %(rejected)s, en attente : %(waiting)s), venues de %(people)s "
                           "appareils différents.", proposed=tally.proposed, validated=tally.validated,
                           rejected=tally.rejected, waiting=tally.waiting, people=tally.contributors))


def _labelled(document, label, text):
    """« label : text », the label bold (given without its colon)."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label} : ").bold = True
    paragraph.add_run(xml_safe(text))


def _table(document, headers):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)
    return table


def _row(table, values):
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = xml_safe(str(value))
    return cells


def _paragraph(document, text, style=None):
    """A paragraph of stored text: text kept before the forms dropped control characters must not break the file."""
    return document.add_paragraph(xml_safe(str(text)), style=style)


def _heading(document, text, level):
    return document.add_heading(xml_safe(str(text)), level=level)
