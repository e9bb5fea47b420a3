"""The dossier's form: the call it answers, who applies and where, the project's context and plans, the annex texts
with what each cites, and the pieces ready to join; its holders, topics and pieces are those of the dossier's call
(`form_for(call)`)."""
import re
from functools import cache

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import options, strip, too_long
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models.dossier import CITE_MAX, CONTEXTS, ITEMS_MAX, NAME_MAX, PARTNERS_MAX, TEXT_MAX
from ..places.territories import TERRITORIES
from . import calls

OTHER = "autre"  # a holder or territory the call does not cover: said so by the checklist, not refused here


def _checkboxes(label, **kwargs):
    return SelectMultipleField(label, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **kwargs)


class AnnexTopicForm(Form):
    """One topic of the annex: its text, and the actions and items of the map it speaks of."""
    text = TextAreaField(_l("Texte"), filters=[strip], validators=[too_long(TEXT_MAX)])
    actions = _checkboxes(_l("Actions citées"), coerce=id_or_none)
    items = StringField(_l("Éléments de la carte cités (numéros)"), filters=[strip],
                        validators=[too_long(ITEMS_MAX)],
                        description=_l("Par exemple : 5, 12, 14"))

    def typed(self):
        """The numbers typed, as text, in their order, each once."""
        return list(dict.fromkeys(re.findall(r"\d+", self.items.data or "")))

    def numbers(self):
        """The item numbers typed that an item can have (bounded as ids are), in their order; `validate` refuses the
        others."""
        return list(dict.fromkeys(n for text in self.typed() if (n := id_or_none(text)) is not None))


class DossierForm(FlaskForm):
    """The fields every call shares; `form_for(call)` adds its holders, its annex topics and its pieces."""
    call = SelectField(_l("Appel auquel répond le dossier"), validate_choice=False, description=_l(
        "Les règles vérifiées, les textes de l'annexe et les pièces à joindre sont ceux de cet appel."))
    holder_type = SelectField(_l("Type de porteur"))
    holder_name = StringField(_l("Nom du porteur"), filters=[strip], validators=[too_long(NAME_MAX)])
    territory = SelectField(_l("Intercommunalité"), choices=options([
        ("", _l("— Choisir —")), *TERRITORIES.items(), (OTHER, _l("Hors de ces huit intercommunalités"))]))
    cite = StringField(_l("Cité"), filters=[strip], validators=[too_long(CITE_MAX)])
    contexts = _checkboxes(_l("Le projet est…"), choices=options(CONTEXTS.items()))
    partners = TextAreaField(_l("Partenaires (un par ligne)"), filters=[strip], validators=[too_long(PARTNERS_MAX)])
    coordination = TextAreaField(_l("Coordination avec les acteurs du quartier, les bailleurs sociaux d'abord "
                                    "(ou pourquoi il n'y en a pas)"), filters=[strip], validators=[too_long(TEXT_MAX)])
    filed_on = DateField(_l("Date de dépôt sur Démarche Numérique"), validators=[Optional()],
                         invalid_value_message=_l("Date invalide."))
    notified_on = DateField(_l("Date de notification (une fois le projet retenu)"), validators=[Optional()],
                            invalid_value_message=_l("Date invalide."))
    evaluation = TextAreaField(_l("Modalités d'évaluation"), filters=[strip], validators=[too_long(TEXT_MAX)])
    communication = TextAreaField(_l("Plan de communication"), filters=[strip], validators=[too_long(TEXT_MAX)])
    pieces_ready = _checkboxes(_l("Pièces prêtes à joindre"))
    version = HiddenField()
    answered = None  # the Call of this form's holders, topics and pieces (form_for)

    def __init__(self, actions, known, *args, **kwargs):
        """`actions`: the map's actions, which the annex may cite; `known(numbers)`: those of these item numbers
        that the map has, which it may cite (asked of the numbers typed only, whatever the map's size)."""
        super().__init__(*args, **kwargs)
        self._known = known
        self.call.choices = options(calls.choices())
        self.call.data = self.call.data or self.answered.code  # a form sent without it keeps the dossier's call
        if "holder_type" in self:
            self.holder_type.choices = options([("", _l("— Choisir —")), *self.answered.holders.items(),
                                                (OTHER, _l("Autre (entreprise, particulier…)"))])
        self.pieces_ready.choices = options(self.answered.pieces.items())
        for topic in self.topics():
            topic.actions.choices = options((action.id, f"{action.position} · {action.title}") for action in actions)

    @classmethod
    def for_dossier(cls, dossier, actions, known):
        form = cls(actions, known, formdata=None, obj=dossier)
        form.version.data = str(dossier.version or 0)
        for code, topic in zip(cls.answered.annex_topics, form.topics(), strict=True):
            topic.text.data = (dossier.annex or {}).get(code, "")
            topic.actions.data = dossier.cited(code, "actions")
            topic.items.data = ", ".join(str(n) for n in dossier.cited(code, "items"))
        return form

    def topics(self):
        """The topic sub-forms, in the call's order."""
        return [self.annex.form[code].form for code in self.answered.annex_topics]

    def validate_call(self, field):
        if field.data not in calls.loaded():
            raise ValidationError(_l("Choisissez un des appels à projets de la liste."))

    def validate(self, extra_validators=None):
        """The fields' own rules, then: every item number cited is one of the map's."""
        valid = super().validate(extra_validators)
        for topic in self.topics():
            known = self._known(topic.numbers())
            unknown = [text for text in topic.typed() if id_or_none(text) not in known]
            if unknown:
                topic.items.errors.append(_l("Pas d'élément n° %(numbers)s sur la carte.",
                                             numbers=", ".join(unknown)))
                valid = False
        return valid


@cache
def form_for(call):
    """The dossier's form for a dossier answering `call`: a topic sub-form for each of its annex topics, and no
    holder type for a call that lists no holders (the type kept for another call stays stored)."""
    annex = type("AnnexForm", (Form,), {code: FormField(AnnexTopicForm, label=title)
                                         for code, title in call.annex_topics.items()})
    fields = {"answered": call, "annex": FormField(annex)}
    if not call.holders:
        fields["holder_type"] = None
    return type("DossierForm", (DossierForm,), fields)


class CopilForm(FlaskForm):
    """What the comité de pilotage decided and what comes next, typed on its report."""
    copil_decisions = TextAreaField(_l("Décisions du comité"), filters=[strip], validators=[too_long(TEXT_MAX)])
    copil_next_steps = TextAreaField(_l("Prochaines étapes"), filters=[strip], validators=[too_long(TEXT_MAX)])


class PerspectivesForm(FlaskForm):
    """The perspectives of autonomy of the collective, typed on the compte rendu d'exécution."""
    perspectives = TextAreaField(_l("Perspectives d'autonomie du collectif"), filters=[strip],
                                 validators=[too_long(TEXT_MAX)],
                                 description=_l("Ce que le collectif d'habitants poursuivra seul, une fois le "
                                                "financement terminé : qui gère, avec quelles ressources."))
