"""From what a file holds to items of the map, as the person chose: which field is the title, the description, the
category. `plan()` says item by item what will be written, so the preview and the import cannot differ."""
from dataclasses import dataclass

from .. import geo
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models import Feature
from ..models.feature import DESCRIPTION_MAX, TITLE_MAX
from ..text import xml_safe


@dataclass(frozen=True)
class Choices:
    title: str | None  # a field name, or None: « Élément importé 1, 2… »
    description: str | None
    category_field: str | None  # a field whose values name categories of the legend
    category: object  # the Category for the rest


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
        named = _text(item, choices.category_field).lower()
        category = by_label.get(named, choices.category)
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


def _text(item, name):
    """A field of the item as text to keep, cleaned as a typed one is (app/forms.py `strip`); '' without a field."""
    return xml_safe(str(item.fields.get(name, ""))).strip() if name else ""


def write(map_, planned, *, author):
    """Add every planned item, in `author`'s name (the caller commits once, so a failure leaves none); the numbers
    they were given."""
    return Feature.create_many(map_, [(p.category, p.title, p.description, p.shape) for p in planned], author=author)


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
