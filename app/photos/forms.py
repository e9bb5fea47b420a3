"""The photo form: one file, the uuid the page made for it (so that sending it twice adds it once), and the capture
date the browser read from it before shrinking it."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from ..i18n import lazy_gettext as _l
from . import images


class PhotoForm(FlaskForm):
    photo = FileField(validators=[FileRequired(_l("Choisissez une photo."))])  # its markup: photos/_section.html
    uuid = HiddenField()
    photo_taken = HiddenField()  # the EXIF DateTimeOriginal text (and offset): see images.taken_at

    @property
    def taken_at(self):
        return images.taken_at(self.photo_taken.data)
