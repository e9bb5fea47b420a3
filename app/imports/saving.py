"""From what a file holds to items of the map, as the person chose: which field is the title, the description, the
category. `plan()` says item by item what will be written, so the preview and the import cannot differ."""
from dataclasses import dataclass

from PIL import ImageColor

from .. import geo
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models import Category, Feature, Revision
from ..models.category import DEFAULT_COLOUR, LABEL_MAX
from ..models.feature import DESCRIPTION_MAX, TITLE_MAX
from ..text import xml_safe


@dataclass(frozen=True)
class Choices:
    title: str | None  # a field name, or None: « Élément importé 1, 2… »
    description: str | None
    category_field: str | None  # a field whose values name categories of the legend
    category: object  # the Category for the rest
    # Whether a value of `category_field` that names no category adds one to the legend (for who may change it).
    create_missing: bool = False


# The field that gives a new category its colour: uMap's layer colour (`formats.umap`), a hex or a CSS name.
COLOUR_FIELD = "couleur"


@dataclass(frozen=True)
class NewCategory:
    """A category the import adds to the legend, named by the file: it takes every kind of shape, as a new one does."""
    label: str
    colour: str  # #rrggbb, from `hex_colour`
    icon: str = ""

    def accepts(self, _kind):
        return True


@dataclass(frozen=True)
class Planned:
    title: str
    description: str
    category: object
    shape: object
    cut: bool = False  # the description was longer than a typed one may be, and was cut (the person is told)


def plan(source, choices, legend):
    """(what will be written, [(line, reason) of what is left out]) for the file's items."""
    by_label = {category.label.strip().lower(): category for category in legend}
    planned, left_out = [], []
    for index, item in enumerate(source.items, start=1):
        if item.shape is None:
            left_out.append((index, item.reason))
            continue
        named = _text(item, choices.category_field)[:LABEL_MAX]
        if named and named.lower() not in by_label and choices.create_missing:
            by_label[named.lower()] = NewCategory(named, hex_colour(_text(item, COLOUR_FIELD)))
        category = by_label.get(named.lower(), choices.category)
        kind = geo.kind_of(item.shape)
        if not category.accepts(kind):
            left_out.append((index, _l("la catégorie « %(category)s » n'accepte pas cette forme",
                                       category=category.label)))
            continue
        title = _text(item, choices.title)
        description = _text(item, choices.description)
        planned.append(Planned((title or f"Élément importé {index}")[:TITLE_MAX], description[:DESCRIPTION_MAX],
                               category, item.shape, cut=len(description) > DESCRIPTION_MAX))
    return planned, left_out


def missing_categories(source, choices, legend):
    """The values of the category field, in the file's order, that name no category of the legend."""
    known = {category.label.strip().lower() for category in legend}
    missing = {}
    for item in source.kept:
        named = _text(item, choices.category_field)[:LABEL_MAX]
        if named and named.lower() not in known:
            missing.setdefault(named.lower(), named)
    return list(missing.values())


def new_categories(planned):
    """The categories the planned items add to the legend, each once, in the order they come."""
    return list(dict.fromkeys(p.category for p in planned if isinstance(p.category, NewCategory)))


def hex_colour(text):
    """A colour as a category keeps it (#rrggbb), from a hex or a CSS name as uMap writes them (« DarkGreen »); a
    new category's colour for anything else."""
    try:
        red, green, blue = ImageColor.getrgb(text.strip())[:3]
    except ValueError:
        return DEFAULT_COLOUR
    return f"#{red:02x}{green:02x}{blue:02x}"


def _text(item, name):
    """A field of the item as text to keep, cleaned as a typed one is (app/forms.py `strip`); '' without a field."""
    return xml_safe(str(item.fields.get(name, ""))).strip() if name else ""


def write(map_, planned, *, author):
    """Add the new categories, then every planned item, in `author`'s name (the caller commits once, so a failure
    leaves none); the items made."""
    added = {}
    for new in new_categories(planned):
        added[new] = Category(map_id=map_.id, label=new.label, colour=new.colour,
                              position=Category.next_position(map_.id))
        db.session.add(added[new])
        db.session.flush()  # the next one's position counts this one
    if added:
        Revision.record(map_, "legend", author=author)
    return Feature.create_many(map_, [(added.get(p.category, p.category), p.title, p.description, p.shape)
                                      for p in planned], author=author)


CADASTRE_FIELDS = {"section", "numero"}  # the Etalab export's; `contenance` (m²) and `id` come with them


def is_cadastre(source):
    """Whether the file is a land registry export, which is better as a reference layer than as items."""
    return set(source.field_names) >= CADASTRE_FIELDS


def parcel_rows(source):
    """(ref, section, numero, contenance, shape) of the file's zones, for `Parcel.replace_layer`."""
    rows = []
    for item in source.kept:
        if item.shape.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        area = item.fields.get("contenance")  # m², bounded as ids are: a number no integer column holds is none
        rows.append((_text(item, "id")[:20], _text(item, "section")[:4], _text(item, "numero")[:8],
                     id_or_none(area), item.shape))
    return rows
