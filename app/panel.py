"""The map page and its side panel: what every page built on it needs, and how it is rendered.

A feature, a form or the legend editor opens in the panel; the same URL gives the whole map page
to a browser and only the panel's content to htmx.
"""
from flask import current_app, redirect, url_for
from flask_babel import gettext as _

from . import geo
from .access import EMBED_HEADER, MANAGE, access_to
from .maps import embed
from .models import Category, Feature, Parcel, Proposal
from .offline.shell import EDITOR_ASSETS
from .photos import images
from .rendering import render, wants_fragment

PAGE_SIZE = 50  # features per page of the panel's list
SHOWN_MAX = 1000  # the most features one refresh of the list asks for (so no read grows with the map)
FEATURES_CHANGED = "features-changed"  # the list, the legend and the comments listen for it
PROPOSALS_CHANGED = "proposals-changed"  # the drawings of proposals on the map and « Mes propositions » listen for it


def render_in_panel(page, fragment, map_, status=200, trigger=None, **context):
    """`page` (the map page with `fragment` in its panel) for a browser, `fragment` alone for htmx.

    A fragment gets only what it shows: the legend's counts and the list's total are whole-map
    queries that a saved feature's panel must not wait for.
    """
    context = {"map": map_, **context} if wants_fragment() else map_page_context(map_, **context)
    return render(page, fragment, status=status, trigger=trigger, **context)


def feature_saved(map_, feature, notices):
    """After a change to a feature: it in the panel with the notices, and the event that refreshes the rest
    (without htmx, a redirect to its page)."""
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id), 303)
    return render_in_panel("features/show.html", "features/_detail.html", map_, feature=feature,
                           notices=notices, trigger=FEATURES_CHANGED)


def map_page_context(map_, **extra):
    """The map, its legend and the first page of its list, plus whatever the panel shows (`extra`)."""
    access = access_to(map_)
    context = {"map": map_, "map_config": _map_config(map_), "access": access,
               "waiting": Proposal.count_waiting(map_.id) if access.can(MANAGE) else 0}
    if "legend" not in extra:
        context.update(legend_context(map_))
    if "features" not in extra:
        context.update(list_context(map_))
    return {**context, **extra}


def legend_context(map_, category_ids=None):
    """The legend entries of a map (those of `category_ids` only, when given: an embed's), how many live features
    each has, and their styles for map.js."""
    legend = [c for c in Category.of_map(map_.id) if category_ids is None or c.id in category_ids]
    styles = {c.id: {"colour": c.colour, "icon": c.icon, "label": c.label} for c in legend}
    return {"legend": legend, "counts": Category.counts(map_.id), "legend_styles": styles,
            "only_categories": embed.joined(category_ids)}


def list_context(map_, trash=False, offset=0, shown=PAGE_SIZE, category_ids=None):
    """The panel's list of features (or of the deleted ones when `trash`; of `category_ids` only, when given: an
    embed's) from `offset`: one page, or as many as the person had shown when the list refreshes itself (`shown`),
    and how many it now shows."""
    limit = min(max(shown, PAGE_SIZE), SHOWN_MAX)
    features, total = Feature.listed(map_.id, deleted=trash, offset=offset, limit=limit, category_ids=category_ids)
    following = offset + limit
    return {"features": features, "total": total, "trash": trash, "shown": offset + len(features),
            "next_offset": following if following < total else None, "only_categories": embed.joined(category_ids)}


def embed_page_context(map_, options):
    """A public map's embed (`maps.embed`): the map page as a visitor sees it, narrowed to what the embed's
    `options` ask (its categories, its opening view; the legend is the template's to leave out). Its address is
    the one panel.js comes back to, and the legend's colours are in its settings too, for a layer without a
    legend on the page."""
    ids = options.category_ids
    legend = legend_context(map_, ids)
    config = {**_map_config(map_), "mapUrl": url_for("maps.embed", map_id=map_.id), "categories": ids,
              "legend": legend["legend_styles"]}
    if options.view:
        lon, lat, zoom = options.view
        config.update(center=[lon, lat], zoom=zoom)
    return map_page_context(map_, map_config=config, embed=options, embed_header=EMBED_HEADER,
                            **{**legend, **list_context(map_, category_ids=ids)})


def past_page_context(map_, day, items):
    """The map at a date (`history.past_map`): its items of then (`history.past`), drawn whole and read only, with
    no change feed, no item to open and no drawing; its legend's colours today, with how many items each had."""
    config = {**_map_config(map_), "layerUrl": url_for("features.geojson_on", map_id=map_.id, day=day.isoformat()),
              "whole": True, "changesUrl": None, "featureUrl": None, "newUrl": None}
    counts = {}
    for item in items:
        counts[item.category_id] = counts.get(item.category_id, 0) + 1
    legend = legend_context(map_)
    # `features`: today's list is not shown (its block is the items of then), so not read either.
    return map_page_context(map_, map_config=config, past_day=day, past_items=items, features=None,
                            **{**legend, "counts": counts})


def _map_config(map_):
    """What map.js reads from the page: where the data is, the basemaps, the view, the drawing tools."""
    def static(path):
        return url_for("static", filename=path)

    return {
        "center": [map_.center_lon, map_.center_lat], "zoom": map_.zoom,
        "basemaps": current_app.config["BASEMAPS"],
        "mapUrl": url_for("maps.show", map_id=map_.id),
        "layerUrl": url_for("features.geojson", map_id=map_.id),
        # The cadastre under the items, when the map has one (imported as its reference layer).
        "parcelsUrl": url_for("reference.parcels", map_id=map_.id) if Parcel.count(map_.id) else None,
        "featureUrl": url_for("features.show", map_id=map_.id, feature_id=0).removesuffix("0"),
        "newUrl": url_for("features.new", map_id=map_.id),
        "changesUrl": url_for("history.changes", map_id=map_.id), "revision": map_.revision,
        "gps": {"warnAbove": geo.GPS_WARN_ABOVE_M, "refuseAbove": geo.GPS_REFUSE_ABOVE_M},
        "editor": [static(name) for name in EDITOR_ASSETS],
        "controls": {"zoomIn": _("Zoom avant"), "zoomOut": _("Zoom arrière"), "basemaps": _("Fonds de carte"),
                     "overlapping": _("Plusieurs éléments ici :")},  # layer.js's list of the items under a tap
        # What photo_shrink.js refuses before decoding, and the side it shrinks to: the server's own limits.
        "photo": {"maxPixels": images.MAX_PIXELS, "maxSide": images.STORED_SIDE,
                  "tooManyPixels": str(images.TOO_MANY_PIXELS)},
    }
