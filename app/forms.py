"""What every form shares."""
import re
from decimal import Decimal
from functools import wraps

from flask import render_template
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import Form, SelectChoice, StringField, ValidationError
from wtforms.validators import Length

from .i18n import lazy_gettext as _l
from .text import xml_safe


def clean(value):
    """A typed value without the control characters no one means to type (see app/text.py)."""
    return xml_safe(value) if isinstance(value, str) else ("" if value is None else value)


def strip(value):
    """Spaces around a typed value are never meant: '  ' is an empty name. Control characters never are either."""
    value = clean(value)
    return value.strip() if isinstance(value, str) else value


def options(pairs):
    """The choices of a select, radio or checkbox field from (value, label) pairs, in their order: WTForms wants
    SelectChoice objects (it deprecates tuples and dicts)."""
    return [SelectChoice(value, label) for value, label in pairs]


def form_page(template, form, **context):
    """The page of a form: 200 when it is first shown, 422 when what was sent is refused."""
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


def with_valid_form(make_form, refused):
    """A route decorator: the view gets `form` once what was sent is valid; until then, `refused(form, **arguments)`
    answers with the view's own arguments (the form again, each message next to its field, the input kept)."""
    def decorator(view):
        @wraps(view)
        def wrapped(**arguments):
            form = make_form()
            if not form.validate_on_submit():
                return refused(form, **arguments)
            return view(form=form, **arguments)
        return wrapped
    return decorator


class TypedNameForm(FlaskForm):
    """A deletion confirmed by typing the name of what goes (a map, a collective), as it is written: a slip of the
    finger or a page left open on another map deletes nothing. Only the spaces around it are forgiven."""
    name = StringField(filters=[strip])

    def __init__(self, expected, label, refusal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected, self.refusal = expected, refusal
        self.name.label.text = label

    def validate_name(self, field):
        if field.data != self.expected:
            raise ValidationError(self.refusal)


class RowForm(Form):
    """A row of a list in a form (an action's budget lines, a COPIL's decisions): left wholly empty it is no row;
    otherwise each field of REQUIRED is filled."""
    REQUIRED = {}  # field name: the message when it is left empty

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages (« Not a valid choice. ») in the request's language, as FlaskForm has them:
            a row is a plain Form, which would say them in English."""
            return translations

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators) or self.is_blank:
            return not self.errors
        for name, message in self.REQUIRED.items():
            if self[name].data in (None, ""):
                self[name].errors.append(message)
        return not any(self[name].errors for name in self.REQUIRED)


def too_long(limit):
    """The bound of a free text, said in French next to its field."""
    return Length(max=limit, message=_l("Pas plus de %(max)d caractères.", max=limit))


# A typed amount in euros, as French people write it: « 1 250,50 », « 1250.5 », « 1 250 € ». Spaces of any
# kind group thousands; a comma or a point marks the cents.
_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
AMOUNT_MAX_CENTS = 10**11  # a billion euros: past it, a typing slip


class MoneyField(StringField):
    """An amount of money in euros; `.data` is integer cents (never a float), None when left empty."""

    def process_formdata(self, valuelist):
        self.data = None
        text = re.sub(r"[\s\u00a0\u202f€]", "", valuelist[0] if valuelist else "")
        if not text:
            return
        if text.startswith("-"):
            raise ValueError(_l("Le montant ne peut pas être négatif."))
        if not _AMOUNT.match(text):
            raise ValueError(_l("Montant invalide : écrivez par exemple 1 250,50."))
        cents = int(Decimal(text.replace(",", ".")) * 100)
        if cents > AMOUNT_MAX_CENTS:
            raise ValueError(_l("Montant trop grand."))
        self.data = cents

    def _value(self):
        """The amount as the person would write it back: « 1250,50 »."""
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data // 100},{self.data % 100:02d}"
