"""« Importer » through the routes: a preview that writes nothing, then every item or none; the choices of title,
description and category; a refused file said at the field; a GeoPackage exported by Voyette comes back whole."""
import io
import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Feature
from tests.conftest import HX
from tests.imports import files


def upload(client, csrf, map_, data, name):
    return client.post(f"/cartes/{map_.id}/import", headers=HX, content_type="multipart/form-data",
                       data={"csrf_token": csrf, "fichier": (io.BytesIO(data), name)})


def token_of(page):
    return re.search(r'name="jeton" value="([^"]+)"', page).group(1)


def count(map_):
    return db.session.scalar(select(func.count()).select_from(Feature).where(Feature.map_id == map_.id))


def test_preview_then_import_everything_readable_and_say_what_was_left_out(client, csrf, empty_map):
    preview = upload(client, csrf, empty_map, files.geojson_with_bad_items(), "mélange.geojson")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "1 élément à importer : 1 point, 0 lignes, 0 zones." in page
    assert "3 éléments laissés de côté" in page and "croisent" in page
    assert count(empty_map) == 0  # a preview writes nothing
    category = Category.of_map(empty_map.id)[1]
    done = client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "description": "", "categorie": category.id,
        "champ": ""})
    assert done.status_code == 200 and "1 élément ajouté à la carte" in done.get_data(as_text=True)
    feature, = Feature.listed(empty_map.id)[0]
    assert (feature.title, feature.category_id, feature.number) == ("Puits", category.id, 1)
    again = client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "categorie": category.id})
    assert again.status_code == 422 and "plus disponible" in again.get_data(as_text=True)  # imported once only
    assert count(empty_map) == 1


def test_titles_descriptions_and_categories_come_from_the_fields_chosen(client, csrf, demo_map):
    page = upload(client, csrf, demo_map, files.csv_french(), "arbres.csv").get_data(as_text=True)
    assert '<option selected>Nom</option>' in page  # « Nom » guessed as the title
    fallback = Category.of_map(demo_map.id)[0]
    before = count(demo_map)
    client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "Nom", "categorie": fallback.id, "champ": "Catégorie"})
    added = Feature.listed(demo_map.id)[0][before:]
    assert [(f.title, f.category.label) for f in added] == [("Pommier du 5", "Culture du potager"),
                                                             ("Banc", fallback.label)]


def test_a_refused_file_is_said_at_the_field_and_nothing_is_kept(client, csrf, empty_map):
    response = upload(client, csrf, empty_map, files.kml_with_entities(), "rire.kml")
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="import-file-error">([^<]*)</p>', response.get_data(as_text=True))
    assert error and "déclare des entités" in error.group(1)
    assert count(empty_map) == 0


def test_a_geopackage_exported_by_voyette_comes_back_whole(client, csrf, demo_map, empty_map):
    categories = [c.id for c in Category.of_map(demo_map.id)]
    data = client.get(f"/cartes/{demo_map.id}/export/telecharger",
                      query_string={"format": "gpkg", "categorie": categories}).data
    page = upload(client, csrf, empty_map, data, "cite.gpkg").get_data(as_text=True)
    assert "18 éléments à importer" in page
    client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "titre", "description": "description",
        "categorie": Category.of_map(empty_map.id)[0].id, "champ": "categorie"})
    original = {f.title: f for f in Feature.listed(demo_map.id)[0]}
    imported = {f.title: f for f in Feature.listed(empty_map.id)[0]}
    assert set(imported) == set(original)
    for title, feature in imported.items():
        assert feature.shape.equals_exact(original[title].shape, 1e-6), title
        assert feature.description == original[title].description


def test_a_umap_backup_made_by_voyette_comes_back_with_its_layers_as_categories(client, csrf, demo_map, empty_map):
    categories = [c.id for c in Category.of_map(demo_map.id)]
    data = client.get(f"/cartes/{demo_map.id}/export/telecharger",
                      query_string={"format": "umap", "categorie": categories}).data
    page = upload(client, csrf, empty_map, data, "cite.umap").get_data(as_text=True)
    assert "18 éléments à importer" in page and "<option selected>calque</option>" in page
    client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "description": "description",
        "categorie": Category.of_map(empty_map.id)[0].id, "champ": "calque"})
    original = {f"{f.number:02d} {f.title}": f for f in Feature.listed(demo_map.id)[0]}
    imported = {f.title: f for f in Feature.listed(empty_map.id)[0]}
    assert set(imported) == set(original)
    for title, feature in imported.items():
        assert feature.shape.equals_exact(original[title].shape, 1e-6), title
        assert feature.category.label == original[title].category.label  # same legend (the same template)


def test_the_cadastre_becomes_the_reference_layer_that_the_map_draws(client, csrf, demo_map):
    from app.models import Parcel
    page = upload(client, csrf, demo_map, files.cadastre(), "cadastre-62413-parcelles.json").get_data(as_text=True)
    assert "Ce fichier est un extrait du cadastre" in page
    items_before = count(demo_map)
    done = client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "reference": "1", "categorie": Category.of_map(demo_map.id)[0].id})
    assert "3 parcelles cadastrales en couche de référence." in done.get_data(as_text=True)
    assert count(demo_map) == items_before  # no item added
    parcels = sorted((p.section, p.numero, p.contenance) for p in Parcel.in_view(demo_map.id, (2.8, 50.4, 3.0, 50.5)))
    assert parcels == [("AB", "1", 1201), ("AB", "2", 1202), ("AB", "3", 1203)]
    layer = client.get(f"/cartes/{demo_map.id}/cadastre.geojson", query_string={"bbox": "2.893,50.443,2.894,50.444"})
    holed = next(f for f in layer.get_json()["features"] if f["properties"]["numero"] == "3")
    assert len(holed["geometry"]["coordinates"]) == 2  # its hole kept
    assert f"/cartes/{demo_map.id}/cadastre.geojson".encode() in client.get(f"/cartes/{demo_map.id}").data
    page = upload(client, csrf, demo_map, files.cadastre(), "cadastre-62413-parcelles.json").get_data(as_text=True)
    client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "reference": "1", "categorie": Category.of_map(demo_map.id)[0].id})
    assert Parcel.count(demo_map.id) == 3  # imported again: replaced, not doubled


def test_a_file_is_read_once_and_its_reading_kept_for_the_confirmation_not_the_file(app, client, csrf, demo_map):
    """The preview keeps what it read (shapes and fields), so the confirmation never reads the file again; the
    person's file itself is not kept on the server."""
    from pathlib import Path

    from app.models import Parcel
    data = files.cadastre()
    page = upload(client, csrf, demo_map, data, "cadastre-62413-parcelles.json").get_data(as_text=True)
    token = token_of(page)
    kept = list(Path(app.config["IMPORT_DIR"]).glob(f"{token}*"))
    assert len(kept) == 1 and kept[0].read_bytes() != data
    client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token, "reference": "1", "categorie": Category.of_map(demo_map.id)[0].id})
    assert Parcel.count(demo_map.id) == 3 and not kept[0].exists()


def test_each_parcel_keeps_its_geojson_from_the_import(client, csrf, demo_map):
    from app import geo
    from app.models import Parcel
    page = upload(client, csrf, demo_map, files.cadastre(), "cadastre-62413-parcelles.json").get_data(as_text=True)
    client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "reference": "1", "categorie": Category.of_map(demo_map.id)[0].id})
    parcels = Parcel.in_view(demo_map.id, (2.8, 50.4, 3.0, 50.5))
    assert len(parcels) == 3
    for parcel in parcels:
        assert parcel.geojson == geo.shape_to_geojson(parcel.shape)
        assert (parcel.west, parcel.south, parcel.east, parcel.north) == parcel.shape.bounds


def test_a_geopackage_with_plain_tables_and_an_unreadable_layer_imports_its_readable_layers(client, csrf, empty_map,
                                                                                              tmp_path):
    page = upload(client, csrf, empty_map, files.geopackage_with_tables(tmp_path), "projet.gpkg")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "3 éléments à importer : 3 points" in text
    assert "La couche « relief » est illisible" in text
    done = client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(text), "titre": "nom", "categorie": Category.of_map(empty_map.id)[0].id})
    assert done.status_code == 200 and count(empty_map) == 3


def test_one_item_is_said_in_the_singular(client, csrf, empty_map):
    page = upload(client, csrf, empty_map, files.csv_lambert93(), "x_y.csv").get_data(as_text=True)
    assert "1 élément à importer : 1 point, 0 lignes, 0 zones." in page


def test_an_overpass_export_imports_its_points_lines_and_zones_and_says_what_it_lacks(client, csrf, empty_map):
    page = upload(client, csrf, empty_map, files.overpass(), "overpass.json").get_data(as_text=True)
    assert "6 éléments à importer : 1 point, 3 lignes, 2 zones." in page
    assert "out geom" in page and "sans étiquette" in page
    done = client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "description": "description",
        "categorie": Category.of_map(empty_map.id)[0].id})
    assert done.status_code == 200 and count(empty_map) == 6
    bench = next(f for f in Feature.listed(empty_map.id)[0] if f.title == "Banc de la place")
    assert bench.description == "Face au soleil"


def test_a_garmin_tcx_imports_its_tracks(client, csrf, empty_map):
    page = upload(client, csrf, empty_map, files.tcx(), "sortie.tcx").get_data(as_text=True)
    assert "3 éléments à importer : 1 point, 2 lignes, 0 zones." in page
    client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "description": "description",
        "categorie": Category.of_map(empty_map.id)[0].id})
    assert sorted(f.title for f in Feature.listed(empty_map.id)[0]) == [
        "Repérage du parc", "Running 2026-05-12T08:00:00Z", "Running 2026-05-12T08:00:00Z"]


def test_a_georss_feed_imports_its_entries_and_the_upload_offers_every_format(client, csrf, empty_map):
    form = client.get(f"/cartes/{empty_map.id}/import", headers=HX).get_data(as_text=True)
    assert re.search(r'accept="[^"]*\.tcx,\.rss,\.atom,\.xml', form)
    page = upload(client, csrf, empty_map, files.georss_rss(), "travaux.xml").get_data(as_text=True)
    assert "5 éléments à importer : 3 points, 1 ligne, 1 zone." in page and "pas de position" in page
    client.post(f"/cartes/{empty_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "title", "description": "description",
        "categorie": Category.of_map(empty_map.id)[0].id})
    works = next(f for f in Feature.listed(empty_map.id)[0] if f.title == "Travaux rue Bollaert")
    assert works.description == "Du 3 au 5 juin"


def test_a_umap_backup_of_remote_data_is_refused_with_the_layers_name(client, csrf, empty_map):
    response = upload(client, csrf, empty_map, files.umap_remote_only(), "arrets.umap")
    assert response.status_code == 422 and "La couche « Arrêts de bus » de ce fichier uMap charge ses données " \
        "depuis une adresse distante" in response.get_data(as_text=True)


def _confirm_by_layer(client, csrf, map_, page, **more):
    return client.post(f"/cartes/{map_.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page), "titre": "name", "description": "",
        "categorie": Category.of_map(map_.id)[0].id, "champ": "calque", **more})


def test_a_umap_backups_layers_missing_from_the_legend_become_categories_in_their_colours(client, csrf, empty_map):
    before = [c.label for c in Category.of_map(empty_map.id)]
    page = upload(client, csrf, empty_map, files.umap_layers_not_in_the_legend(),
                  "quartier.umap").get_data(as_text=True)
    assert 'name="creer_categories" value="1" checked' in page  # offered, and chosen, to who may change the legend
    assert "3 catégories seront ajoutées à la légende" in page
    assert "Bancs" in page and "#aa3300" in page and "#006400" in page  # « DarkGreen » as uMap draws it
    assert [c.label for c in Category.of_map(empty_map.id)] == before  # a preview writes nothing
    done = _confirm_by_layer(client, csrf, empty_map, page, creer_categories="1")
    assert done.status_code == 200 and "4 éléments ajoutés à la carte" in done.get_data(as_text=True)
    legend = Category.of_map(empty_map.id)
    assert [c.label for c in legend] == before + ["Bancs", "Arbres fruitiers", "Boîtes à livres"]
    added = {c.label: c for c in legend[len(before):]}
    assert added["Bancs"].colour == "#aa3300" and added["Arbres fruitiers"].colour == "#006400"
    assert added["Boîtes à livres"].colour == "#3d7a3a"  # a layer without a colour gets a new category's
    filed = {f.title: f.category.label for f in Feature.listed(empty_map.id)[0]}
    assert filed == {"Banc du parc": "Bancs", "Banc de l'école": "Bancs", "Pommier": "Arbres fruitiers",
                     "Boîte de la place": "Boîtes à livres"}


def test_without_the_option_missing_layers_go_to_the_chosen_category(client, csrf, empty_map):
    before = [c.label for c in Category.of_map(empty_map.id)]
    page = upload(client, csrf, empty_map, files.umap_layers_not_in_the_legend(),
                  "quartier.umap").get_data(as_text=True)
    _confirm_by_layer(client, csrf, empty_map, page)  # the box unticked
    assert [c.label for c in Category.of_map(empty_map.id)] == before
    assert {f.category.label for f in Feature.listed(empty_map.id)[0]} == {before[0]}


def test_a_contributor_who_may_not_change_the_legend_adds_no_category(app, member, empty_map):
    from tests.conftest import csrf_of, log_in
    contributor = app.test_client()
    log_in(contributor, member("Nadia", "contributor").id)
    csrf = csrf_of(contributor)
    before = [c.label for c in Category.of_map(empty_map.id)]
    page = upload(contributor, csrf, empty_map, files.umap_layers_not_in_the_legend(),
                  "quartier.umap").get_data(as_text=True)
    assert 'name="creer_categories"' not in page
    assert "ne sont pas dans la légende" in page and "seuls ses gestionnaires" in page
    _confirm_by_layer(contributor, csrf, empty_map, page, creer_categories="1")  # the field sent anyway
    assert [c.label for c in Category.of_map(empty_map.id)] == before
    assert len(Feature.listed(empty_map.id)[0]) == 4
