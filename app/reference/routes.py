"""The parcels of a map's reference layer in a view, as GeoJSON for map.js (which draws them from zoom 16): every
parcel of the view, each geometry as the import wrote it, revalidated with an ETag (the layer's version and the
view) so that panning back over a street costs a 304."""
from flask import Blueprint, Response, request

from ..formats import geojson
from ..loaders import with_map
from ..models import Parcel
from ..rendering import json_error, not_modified, revalidated

bp = Blueprint("reference", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/cadastre.geojson")
@with_map()
def parcels(map_):
    """The parcels touching the view (`bbox`), with their section, number and area on the land register."""
    try:
        bbox = Parcel.checked_view(request.args.get("bbox", ""))
    except ValueError as error:
        return json_error(error)
    etag = f"cadastre-{map_.id}-{map_.cadastre_version}-{','.join(f'{value:.7f}' for value in bbox)}"
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    texts = [geojson.feature(text, {"section": section, "numero": numero, "contenance": contenance})
             for text, section, numero, contenance in Parcel.rows_in_view(map_.id, bbox)]
    return revalidated(Response(geojson.collection(texts), mimetype="application/geo+json"), etag)
