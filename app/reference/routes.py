"""The parcels of a map's reference layer in a view, as GeoJSON for map.js (which draws them from zoom 16)."""
from flask import Blueprint, Response, request

from .. import geo
from ..formats import geojson
from ..loaders import with_map
from ..models import Parcel
from ..rendering import json_error

bp = Blueprint("reference", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/cadastre.geojson")
@with_map()
def parcels(map_):
    """The parcels touching the view (`bbox`), with their section, number and area on the land register."""
    try:
        bbox = geo.parse_bbox(request.args.get("bbox", ""))
    except ValueError as error:
        return json_error(error)
    texts = [geojson.feature(geo.shape_to_geojson(parcel.shape),
                             {"section": parcel.section, "numero": parcel.numero, "contenance": parcel.contenance})
             for parcel in Parcel.in_view(map_.id, bbox)]
    response = Response(geojson.collection(texts), mimetype="application/geo+json")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
