"""Shared plots through the routes: a zone cut into equal plots that are items of the map, a plot drawn by hand
inside its zone and off its neighbours, assigning a plot (in its history), who sees who has a plot, the plan."""
import json
import re

import pytest
from shapely.geometry import box, mapping

from app.extensions import db
from app.models import Feature, Plot, Revision
from app.plots.split import area_m2
from tests.conftest import HX
from tests.support.author import AUTHOR


def zone_of(map_):
    """The first zone of the demo map."""
    return next(feature for feature in Feature.listed(map_.id)[0] if feature.kind == "polygon")


def plots_url(map_, feature, *rest):
    return "/".join([f"/cartes/{map_.id}/elements/{feature.id}", *rest])


def split(client, csrf, map_, zone, count="4", **values):
    data = {"csrf_token": csrf, "count": count, "name": "Parcelle", "category": str(zone.category_id), **values}
    return client.post(plots_url(map_, zone, "parcelles"), headers=HX, data=data)


def draw(client, csrf, map_, zone, shape, title="Parcelle du bout"):
    category = zone.category_id
    return client.post(f"/cartes/{map_.id}/elements", headers=HX, data={
        "csrf_token": csrf, "title": title, "category": str(category), "zone": str(zone.id),
        "geometry": json.dumps(mapping(shape))})


def test_a_zone_cut_into_equal_plots_that_are_items_adding_up_to_it(client, csrf, demo_map):
    zone = zone_of(demo_map)
    response = split(client, csrf, demo_map, zone)
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert "4 parcelles de" in page and "data-layer-changed" in page
    plots = Plot.of_zone(zone.id)
    assert [plot.feature.title for plot in plots] == ["Parcelle 1", "Parcelle 2", "Parcelle 3", "Parcelle 4"]
    areas = [area_m2(plot.feature.shape) for plot in plots]
    assert max(areas) - min(areas) <= 0.005 * min(areas)
    assert sum(areas) == pytest.approx(area_m2(zone.shape), rel=0.005)
    assert [plot.feature.number for plot in plots] == [19, 20, 21, 22]  # numbered after the map's items
    assert Revision.listed(demo_map.id, plots[0].feature_id)[0].action == "created"
    again = split(client, csrf, demo_map, zone)
    assert again.status_code == 422 and "déjà des parcelles" in again.get_data(as_text=True)
    assert len(Plot.of_zone(zone.id)) == 4


@pytest.mark.parametrize(("count", "message"), [("douze", "Un nombre entier de 2 à 50."), ("1", "Un nombre entier"),
                                                ("51", "Un nombre entier de 2 à 50.")])
def test_a_wrong_count_is_said_at_the_field_and_nothing_is_cut(client, csrf, demo_map, count, message):
    zone = zone_of(demo_map)
    response = split(client, csrf, demo_map, zone, count=count)
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="count-error">([^<]*)</p>', response.get_data(as_text=True))
    assert error and message in error.group(1)
    assert Plot.of_zone(zone.id) == [] and Feature.listed(demo_map.id)[1] == 18


def test_a_plot_drawn_by_hand_stays_in_its_zone_and_off_its_neighbours(client, csrf, demo_map):
    zone = zone_of(demo_map)
    west, south, east, north = zone.shape.bounds
    middle = (west + east) / 2
    left = zone.shape.intersection(box(west, south, middle, north))
    assert draw(client, csrf, demo_map, zone, left, "Parcelle ouest").status_code == 200
    assert [plot.feature.title for plot in Plot.of_zone(zone.id)] == ["Parcelle ouest"]

    outside = box(east, south, east + (east - west), north)
    refused = draw(client, csrf, demo_map, zone, outside).get_data(as_text=True).replace("&#39;", "'")
    assert "La parcelle dépasse de la zone dont elle fait partie" in refused
    overlapping = zone.shape.intersection(box(west, south, middle + (east - west) / 4, north))
    response = draw(client, csrf, demo_map, zone, overlapping)
    assert response.status_code == 422 and "La parcelle chevauche « Parcelle ouest »" in response.get_data(as_text=True)
    right = zone.shape.intersection(box(middle, south, east, north))
    assert draw(client, csrf, demo_map, zone, right, "Parcelle est").status_code == 200
    assert len(Plot.of_zone(zone.id)) == 2 and Feature.listed(demo_map.id)[1] == 20


def test_assigning_a_plot_is_kept_in_its_history_and_checks_the_season(client, csrf, demo_map):
    zone = zone_of(demo_map)
    split(client, csrf, demo_map, zone, count="2")
    plot = Plot.of_zone(zone.id)[0]
    url = plots_url(demo_map, plot.feature, "attribution")
    wrong = client.post(url, headers=HX, data={"csrf_token": csrf, "holder": "Famille Kaci",
                                               "season_start": "2027-10-01", "season_end": "2027-03-01"})
    assert wrong.status_code == 422
    assert "La fin de la saison doit venir après son début." in wrong.get_data(as_text=True)
    assert 'value="Famille Kaci"' in wrong.get_data(as_text=True)
    saved = client.post(url, headers=HX, data={"csrf_token": csrf, "holder": "Famille Kaci", "note": "Près du puits",
                                               "season_start": "2027-03-01", "season_end": "2027-10-31"})
    assert saved.status_code == 200 and "attribuée à Famille Kaci" in saved.get_data(as_text=True)
    db.session.refresh(plot)
    assert (plot.holder, plot.season_start.isoformat(), plot.note) == ("Famille Kaci", "2027-03-01", "Près du puits")
    latest = Revision.listed(demo_map.id, plot.feature_id)[0]
    assert latest.changed_fields == ["plot"] and latest.after["plot"]["holder"] == "Famille Kaci"


def test_who_has_a_plot_is_for_the_collective_only(app, client, csrf, demo_map):
    zone = zone_of(demo_map)
    split(client, csrf, demo_map, zone, count="2")
    Plot.of_zone(zone.id)[0].feature.assign_plot("Famille Kaci", None, None, "", author=AUTHOR)
    demo_map.visibility = "public"
    db.session.commit()
    member_page = client.get(plots_url(demo_map, zone, "parcelles", "plan")).get_data(as_text=True)
    assert "Famille Kaci" in member_page and "<svg" in member_page and "Total des parcelles" in member_page
    visitor = app.test_client()
    for path in (plots_url(demo_map, zone, "parcelles"), plots_url(demo_map, zone, "parcelles", "plan"),
                 plots_url(demo_map, Plot.of_zone(zone.id)[0].feature)):
        page = visitor.get(path).get_data(as_text=True)
        assert "Parcelle 1" in page and "Famille Kaci" not in page, path


def test_only_a_live_zone_that_is_no_plot_can_be_shared(client, csrf, demo_map):
    point = next(feature for feature in Feature.listed(demo_map.id)[0] if feature.kind == "point")
    assert client.get(plots_url(demo_map, point, "parcelles")).status_code == 404
    zone = zone_of(demo_map)
    split(client, csrf, demo_map, zone, count="2")
    plot = Plot.of_zone(zone.id)[0].feature
    assert client.get(plots_url(demo_map, plot, "parcelles")).status_code == 404
    assert client.get(plots_url(demo_map, zone, "attribution")).status_code == 404  # a zone is no plot
