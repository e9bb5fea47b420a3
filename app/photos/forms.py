"""The photo form: one file, the uuid the page made for it (so that sending it twice adds it once), and the capture
date the browser read from it before shrinking it; the form that corrects a photo's date."""
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, ValidationError
from wtforms.validators import InputRequired

from .. import dates
from ..i18n import lazy_gettext as _l
from . import images


class PhotoForm(FlaskForm):
    photo = FileField(validators=[FileRequired(_l("Choisissez une photo."))])  # its markup: photos/_section.html
    uuid = HiddenField()
    photo_taken = HiddenField()  # the EXIF DateTimeOriginal text (and offset): see images.taken_at

    @property
    def taken_at(self):
        return images.taken_at(self.photo_taken.data)


OLDEST = date(1900, 1, 1)  # before it, a date typed for a photo is a slip of the year


class PhotoDateForm(FlaskForm):
    """The day a photo was taken, corrected by a person who may edit its item (a camera set to the wrong date, a
    scan of an old print): a day of the calendar, today at the latest."""
    taken_on = DateField(_l("Date de la photo"), validators=[InputRequired(_l("Indiquez le jour où la photo a été "
                                                                              "prise."))],
                         invalid_value_message=_l("Date illisible : choisissez un jour dans le calendrier."))

    def validate_taken_on(self, field):
        if field.data is None:  # unreadable: already said
            return
        if field.data > dates.today():
            raise ValidationError(_l("Cette date n'est pas encore arrivée : une photo est prise aujourd'hui au plus "
                                     "tard."))
        if field.data < OLDEST:
            raise ValidationError(_l("Date trop ancienne pour une photo : vérifiez l'année."))
