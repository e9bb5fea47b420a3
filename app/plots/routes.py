"""Shared plots: a zone's plots in the panel, cutting it into equal plots, assigning a plot, and the printable plan."""
import shapely
from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from ..access import EDIT, PROJECT, access_to
from ..authorship import current_author
from ..documents import figure
from ..extensions import db
from ..formatting import area
from ..loaders import with_feature
from ..models import Category, Feature, Plot
from ..panel import FEATURES_CHANGED, feature_saved, render_in_panel
from .forms import AssignForm, SplitForm
from .split import SplitError, area_m2, split_equal

bp = Blueprint("plots", __name__, url_prefix="/cartes/<int:map_id>/elements/<int:feature_id>")


@bp.get("/parcelles")
@with_feature()
def index(map_, feature):
    """The zone's plots, their areas against the zone's, and (for who may) cutting it or drawing one more."""
    zone = _zone(feature)
    return _panel(map_, zone, SplitForm(_zone_categories(map_, zone), formdata=None, category=zone.category_id))


@bp.post("/parcelles")
@with_feature(EDIT)
def split(map_, feature):
    """Cut the zone into N plots of equal area along its long side, each a new item of the map."""
    zone = _zone(feature)
    form = SplitForm(_zone_categories(map_, zone))
    if Plot.of_zone(zone.id):
        form.count.errors = [_("Cette zone a déjà des parcelles : supprimez-les avant de la redécouper.")]
        return _panel(map_, zone, form, status=422)
    if not form.validate_on_submit():
        return _panel(map_, zone, form, status=422)
    try:
        shapes = split_equal(zone.shape, form.count.data)
    except SplitError as error:
        form.count.errors = [str(error)]
        return _panel(map_, zone, form, status=422)
    category = Category.get_in_map(map_.id, form.category.data)
    for index, shape in enumerate(shapes, start=1):
        plot = Feature.create(map_, category, f"{form.name.data} {index}",
                              _("Parcelle partagée de « %(zone)s ».", zone=zone.title), shape, author=current_author())
        db.session.add(Plot(feature=plot, zone=zone))
    db.session.commit()
    return _panel(map_, zone, None, notices=[_("%(count)d parcelles de %(area)s découpées.", count=len(shapes),
                                                 area=area(area_m2(shapes[0])))], changed=True)


@bp.get("/attribution")
@with_feature(EDIT)
def assignment(map_, feature):
    plot = feature.plot or abort(404)
    form = AssignForm(formdata=None, obj=plot)
    return render_in_panel("plots/assign.html", "plots/_assign.html", map_, feature=feature, plot=plot, form=form)


@bp.post("/attribution")
@with_feature(EDIT)
def assign(map_, feature):
    """Who has the plot, for which season, and a note; kept in the item's history."""
    plot = feature.plot or abort(404)
    form = AssignForm()
    if not form.validate_on_submit():
        return render_in_panel("plots/assign.html", "plots/_assign.html", map_, feature=feature, plot=plot,
                               form=form, status=422)
    feature.assign_plot(form.holder.data or "", form.season_start.data, form.season_end.data, form.note.data or "",
                        author=current_author())
    db.session.commit()
    return feature_saved(map_, feature, [_("Attribution de la parcelle enregistrée.")])


@bp.get("/parcelles/plan")
@with_feature()
def plan(map_, feature):
    """The zone and its numbered plots on one printable page, with their areas (and holders, for members)."""
    zone = _zone(feature)
    plots = Plot.of_zone(zone.id)
    # The zone's number goes outside its plots, which carry their own.
    plots_area = shapely.union_all([plot.feature.shape for plot in plots]) if plots else None
    drawn = [figure.Drawn(zone.shape, zone.number, "#8a8a8a", outside=plots_area)]
    drawn += [figure.Drawn(plot.feature.shape, plot.feature.number, plot.feature.category.colour) for plot in plots]
    return render_template("plots/plan.html", map=map_, zone=zone, plots=plots, figure_svg=figure.svg(drawn),
                           **_areas(zone, plots), private=access_to(map_).can(PROJECT))


def _zone(feature):
    """A zone that can be shared: a live zone that is not itself a plot."""
    if feature.kind != "polygon" or feature.is_deleted or feature.plot is not None:
        abort(404)
    return feature


def _zone_categories(map_, zone):
    """The legend's categories that take zones, the zone's own first."""
    categories = [c for c in Category.of_map(map_.id) if c.accepts("polygon")]
    return sorted(categories, key=lambda c: c.id != zone.category_id)


def _areas(zone, plots):
    """The zone's area, each plot's, their sum and what is left, in m² (Lambert-93)."""
    each = {plot.feature_id: area_m2(plot.feature.shape) for plot in plots}
    total = area_m2(zone.shape)
    return {"zone_area": total, "plot_areas": each, "plots_area": sum(each.values()),
            "left_area": max(total - sum(each.values()), 0.0)}


def _panel(map_, zone, form, status=200, notices=(), changed=False):
    plots = Plot.of_zone(zone.id)
    if form is None:
        form = SplitForm(_zone_categories(map_, zone), formdata=None, category=zone.category_id)
    return render_in_panel("plots/zone.html", "plots/_zone.html", map_, zone=zone, plots=plots, form=form,
                           notices=list(notices), status=status, trigger=FEATURES_CHANGED if changed else None,
                           private=access_to(map_).can(PROJECT), **_areas(zone, plots))
