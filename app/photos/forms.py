"""The photo form: one file, and the uuid the page made for it (so that sending it twice adds it once)."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from ..i18n import lazy_gettext as _l


class PhotoForm(FlaskForm):
    photo = FileField(validators=[FileRequired(_l("Choisissez une photo."))])  # its markup: photos/_section.html
    uuid = HiddenField()
