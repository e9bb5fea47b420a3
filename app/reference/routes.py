"""The parcels of a map's reference layer in a view, as GeoJSON for map.js (which draws them from zoom 16)."""
import json

from flask import Blueprint, Response, request

from .. import geo
from ..loaders import with_map
from ..models import Parcel
from ..rendering import json_error

bp = Blueprint("reference", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/cadastre.geojson")
@with_map()
def parcels(map_):
    try:
        bbox = geo.parse_bbox(request.args.get("bbox", ""))
    except ValueError as error:
        return json_error(error)
    features = [{"type": "Feature", "geometry": geo.shape_to_dict(geo.to_shape(parcel.geom)),
                 "properties": {"section": parcel.section, "numero": parcel.numero, "contenance": parcel.contenance}}
                for parcel in Parcel.in_view(map_.id, bbox)]
    response = Response(json.dumps({"type": "FeatureCollection", "features": features}),
                        mimetype="application/geo+json")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
