"""The feature form: what a person types about a shape they drew."""
import json
import uuid as uuid_module
from functools import cached_property

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from .. import geo
from ..forms import clean, options, strip
from ..i18n import lazy_gettext as _l
from ..loaders import id_number, id_or_none
from ..models import Category, Feature, Proposal, Walk
from ..models.feature import DESCRIPTION_MAX, TITLE_MAX
from ..photos import images
from ..plots.drawn import plot_problems

KIND_NAMES = {"point": _l("les points"), "line": _l("les lignes"), "polygon": _l("les zones")}


class FeatureForm(FlaskForm):
    # Said by the server and, as soon as the photo is chosen, by the browser (photo_shrink.js, from the checkbox).
    PHOTO_WITHOUT_PLACE = _l("Cette photo ne dit pas où elle a été prise : dessinez le point sur la carte.")
    # Said by the server and, offline, by the outbox when the form is saved (outbox.js, from the checkbox).
    NO_PHOTO_TO_PLACE = _l("Choisissez une photo qui dit où elle a été prise, ou dessinez le point sur la carte.")

    # Checked below against this map's legend, so a tampered value gets a French message too.
    category = SelectField(_l("Catégorie"), coerce=id_or_none, validate_choice=False)
    title = StringField(_l("Titre"), filters=[strip], validators=[
        DataRequired(_l("Donnez un titre à l'élément.")),
        Length(max=TITLE_MAX, message=_l("Le titre ne doit pas dépasser %(max)d caractères.", max=TITLE_MAX))])
    description = TextAreaField(_l("Description"), filters=[clean], validators=[
        Length(max=DESCRIPTION_MAX, message=_l("La description ne doit pas dépasser 10 000 caractères."))])
    geometry = HiddenField()
    version = IntegerField(validators=[Optional()])
    # Made by the browser when the form opens: a form sent twice (the offline outbox replaying it) adds one feature.
    uuid = HiddenField()
    # The diagnostic en marchant running on this device, if any: the feature is noted as made during it.
    walk = HiddenField()
    # How precise the GPS fix was (metres) when the point was dropped with « Ajouter ici ».
    accuracy = FloatField(widget=HiddenInput(), validators=[Optional()])
    # A new item's first photo (checked and kept by app/photos), and whether the point goes where it was taken.
    photo = FileField(_l("Photo (facultatif)"))
    place_at_photo = BooleanField(_l("Placer le point là où la photo a été prise"))
    # What the browser read from the photo before shrinking it (which leaves no EXIF): believed only when plausible.
    photo_taken = HiddenField()  # the EXIF DateTimeOriginal text (and offset): see images.taken_at
    photo_lon, photo_lat = HiddenField(), HiddenField()
    # The zone a new shared plot is drawn in (« Dessiner une parcelle »): the plot must lie inside it.
    zone = HiddenField()

    def __init__(self, map_, *args, shape_required=True, kind=None, plot=None, proposing=False, **kwargs):
        """`plot`: the shared plot being edited, whose new shape must stay in its zone and off its neighbours;
        `proposing`: a resident's drawing, which waits as a proposal."""
        super().__init__(*args, **kwargs)
        self.map_id, self.proposing = map_.id, proposing
        self.chosen_walk = None
        self.plot, self.chosen_zone = plot, plot.zone if plot is not None else None
        self.legend = {c.id: c for c in Category.of_map(map_.id)}
        offered = [c for c in self.legend.values() if kind is None or c.accepts(kind)] or self.legend.values()
        self.category.choices = options((c.id, f"{c.icon} {c.label}".strip()) for c in offered)
        self.shape_required = shape_required
        self.checked = None

    @classmethod
    def for_feature(cls, map_, feature):
        """The form filled with a feature's current values (its category by id: `obj=` would hand
        WTForms the Category object, which no option matches)."""
        return cls(map_, formdata=None, shape_required=False, title=feature.title, description=feature.description,
                   category=feature.category_id, version=feature.version)

    @classmethod
    def for_proposal(cls, map_, proposal):
        """The form filled with a resident's proposal, its shape too: the editor may move or reshape it, and a new
        category is checked against that shape."""
        return cls(map_, formdata=None, shape_required=False, title=proposal.title, description=proposal.description,
                   category=proposal.category_id, geometry=proposal.geometry_text)

    def validate_geometry(self, field):
        if not field.data:
            if self.shape_required and not self.place_at_photo.data:
                raise ValidationError(_l("Dessinez d'abord l'élément sur la carte."))
            return
        try:
            self.checked = geo.parse_geometry(field.data)
        except geo.GeometryError as error:
            raise ValidationError(str(error)) from None

    def validate_uuid(self, field):
        if field.data:
            try:
                field.data = str(uuid_module.UUID(field.data))
            except ValueError:
                raise ValidationError(_l("Identifiant d'élément invalide : rechargez la page.")) from None
            if self.made_with_uuid is not None or self.proposed_with_uuid is not None:  # taken in another map
                raise ValidationError(_l("Identifiant d'élément déjà utilisé : rechargez la page."))

    @cached_property
    def made_with_uuid(self):
        """The item its browser made with this form's uuid, in whatever map, or None: asked once a request, by
        `sent_before` and by the uuid's check."""
        return self._made_with_uuid(Feature)

    @cached_property
    def proposed_with_uuid(self):
        """The proposal a resident's browser made with this form's uuid, in whatever map, or None (always None for
        a form that makes an item: it is not looked for)."""
        return self._made_with_uuid(Proposal) if self.proposing else None

    def _made_with_uuid(self, table):
        try:
            return table.by_uuid(str(uuid_module.UUID(self.uuid.data))) if self.uuid.data else None
        except ValueError:  # a malformed uuid, refused by its check
            return None

    @property
    def sent_before(self):
        """This map's item that this same form made when it was sent before (its answer lost, or the outbox
        replaying it), or None."""
        made = self.made_with_uuid
        return made if made is not None and made.map_id == self.map_id else None

    def sent_meanwhile(self):
        """`sent_before` asked again, once the database refused this form's uuid as taken: the item the same form made
        while this sending was being checked (the outbox sent it again before the first answer came), or None."""
        self.__dict__.pop("made_with_uuid", None)  # the answer cached before the save
        return self.sent_before

    @property
    def proposed_before(self):
        """This map's proposal that this same form made when a resident sent it before, or None."""
        made = self.proposed_with_uuid
        return made if made is not None and made.map_id == self.map_id else None

    def validate_walk(self, field):
        self.chosen_walk = None
        if field.data:
            walk = _of_map(Walk.get_in_map, self.map_id, field.data)
            if walk is None:
                raise ValidationError(_l("Cette marche n'existe pas sur cette carte."))
            self.chosen_walk = walk

    def validate_accuracy(self, field):
        if field.data is None:
            return
        if not 0 < field.data <= geo.GPS_REFUSE_ABOVE_M:  # also NaN: no comparison holds
            raise ValidationError(_l("Position GPS trop imprécise (± %(metres)s m) : attendez un meilleur signal ou "
                                     "placez le point à la main.", metres=f"{field.data:.0f}"))

    def validate_zone(self, field):
        if field.data:
            zone = _of_map(Feature.get_in_map, self.map_id, field.data)
            if zone is None or zone.is_deleted or zone.kind != "polygon":
                raise ValidationError(_l("La zone à partager n'est plus sur cette carte."))
            self.chosen_zone = zone

    def validate_category(self, field):
        category = self.legend.get(field.data)
        if category is None:
            raise ValidationError(_l("Choisissez une catégorie de la légende de cette carte."))

    def validate(self, extra_validators=None):
        """Field checks, the place the photo gives, then whether the chosen category takes this kind of shape."""
        if not super().validate(extra_validators):
            return False
        if self.place_at_photo.data and not self._placed_at_photo():
            return False
        if self.checked is not None:
            kind = geo.kind_of(self.checked.shape)
            if not self.chosen_category.accepts(kind):
                self.category.errors.append(
                    _l("Cette catégorie n'accepte pas %(kind)s.", kind=KIND_NAMES[kind]))
                return False
        if self.chosen_zone is not None and self.checked is not None:
            problems = plot_problems(self.chosen_zone, self.checked.shape, editing=self.plot)
            self.geometry.errors = [*self.geometry.errors, *problems]
            return not problems
        return True

    def _placed_at_photo(self):
        """The shape becomes a point where the photo says it was taken (the location itself is never kept)."""
        upload = self.photo.data
        location = (images.location_of(upload.stream) or self._sent_location) if upload else None
        if location is None:
            self.photo.errors.append(self.PHOTO_WITHOUT_PLACE if upload else self.NO_PHOTO_TO_PLACE)
            return False
        self.checked = geo.parse_geometry(json.dumps({"type": "Point", "coordinates": list(location)}))
        return True

    @property
    def _sent_location(self):
        """Where the browser read that the photo was taken, (lon, lat), or None when absent or impossible."""
        try:
            return images.plausible_location(float(self.photo_lon.data), float(self.photo_lat.data))
        except (TypeError, ValueError):
            return None

    @property
    def photo_taken_at(self):
        """When the browser read that the photo was taken, or None."""
        return images.taken_at(self.photo_taken.data)

    def matches(self, feature):
        """Whether saving this form would leave the feature as it is (the change is already there)."""
        return (self.chosen_category is feature.category and self.title.data == feature.title
                and (self.description.data or "") == feature.description
                and (self.shape is None or self.shape.equals_exact(feature.shape, 1e-7)))

    @property
    def chosen_category(self):
        return self.legend.get(self.category.data)

    @property
    def shape(self):
        return self.checked.shape if self.checked else None

    @property
    def notices(self):
        return self.checked.notices if self.checked else []


def _of_map(load, map_id, text):
    """The object of the map named by an id of a hidden field, or None for an unknown, tampered or impossible id."""
    try:
        return load(map_id, id_number(text))
    except ValueError:
        return None
