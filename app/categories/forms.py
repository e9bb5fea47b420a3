"""Forms of the legend editor."""
from flask import request
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import options, strip
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models.category import DEFAULT_COLOUR, KINDS, LABEL_MAX

KIND_LABELS = {"point": _l("Points"), "line": _l("Lignes"), "polygon": _l("Zones")}


class CategoryForm(FlaskForm):
    label = StringField(_l("Nom"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom à la catégorie.")),
        Length(max=LABEL_MAX, message=_l("Le nom ne doit pas dépasser %(max)d caractères.", max=LABEL_MAX))])
    colour = StringField(_l("Couleur"), default=DEFAULT_COLOUR, validators=[
        Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Choisissez une couleur (format #rrvvbb)."))])
    icon = StringField(_l("Symbole"), filters=[strip], validators=[
        Length(max=4, message=_l("Le symbole tient en un ou deux caractères (un émoji par exemple)."))])
    kinds = SelectMultipleField(_l("Formes acceptées"), choices=options((k, KIND_LABELS[k]) for k in KINDS),
                                default=list(KINDS), option_widget=CheckboxInput(),
                                widget=ListWidget(prefix_label=False), validate_choice=False)

    def fill(self, category):
        """Copy the typed values onto a legend entry."""
        category.label, category.colour, category.icon = self.label.data, self.colour.data.lower(), self.icon.data
        category.kinds = " ".join(self.kinds.data)
        return category

    def changes(self, category):
        """Whether the typed values differ from the entry's."""
        return (self.label.data, self.colour.data.lower(), self.icon.data or "", " ".join(self.kinds.data)) != (
            category.label, category.colour, category.icon or "", category.kinds)

    @staticmethod
    def kind_choices():
        return [(k, KIND_LABELS[k]) for k in KINDS]

    def validate_kinds(self, field):
        if not field.data or not set(field.data) <= set(KINDS):
            raise ValidationError(_l("Cochez au moins une forme : points, lignes ou zones."))


def row_prefix(category):
    """The prefix of an entry's fields in the legend editor, which sends every row in one form."""
    return f"c{category.id}"


def row_form(category):
    """The editor's row of `category` as sent, or None when the request has no such row. The request's CSRF token is
    checked once for the whole form (CSRFProtect), not per row."""
    prefix = row_prefix(category)
    if f"{prefix}-label" not in request.form:
        return None
    return CategoryForm(prefix=prefix, meta={"csrf": False})


class DeleteCategoryForm(FlaskForm):
    """What to do with the features of a category that is removed."""
    fate = RadioField(_l("Que faire de ses éléments ?"), default="move", choices=options([
        ("move", _l("Les déplacer vers une autre catégorie")),
        ("bin", _l("Les mettre à la corbeille avec la catégorie (ils pourront être restaurés)"))]))
    move_to = SelectField(_l("Catégorie d'accueil"), coerce=id_or_none, validate_choice=False)

    def __init__(self, others, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = {c.id: c for c in others}
        self.move_to.choices = options((c.id, c.label) for c in others)
        if not others:
            self.fate.choices = self.fate.choices[1:]
            self.fate.default = self.fate.data = "bin"

    def validate_move_to(self, field):
        if self.fate.data == "move" and field.data not in self.others:
            raise ValidationError(_l("Choisissez la catégorie qui recevra les éléments."))

    def validate_fate(self, field):
        if field.data not in ("move", "bin"):
            raise ValidationError(_l("Choisissez ce que deviennent les éléments."))
