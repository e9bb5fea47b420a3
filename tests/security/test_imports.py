"""« Importer » attacked through its routes: a file whose content is not what its name says (an OGR VRT, an SQLite
file, XML with entities, a /vsicurl/ URL) reads no local file, fetches nothing, touches no database, and is refused
in French at the file field; JSON nested too deep and a KMZ that lies about its sizes get a 422, not a 500."""
import io
import json
import re
import secrets
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pyogrio
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feature, User
from tests.conftest import HX
from tests.security import hostile_files as hostile
from tests.support.hostile import listening

EVERY_NAME = hostile.EXTENSIONS + (".kmz",)
USERS = "SELECT id AS n, email AS name, password_hash FROM users"  # « name »: the preview takes it as the title
ZONE = {"type": "Polygon", "coordinates": [[[2.8895, 50.4415], [2.8910, 50.4415], [2.8910, 50.4421],
                                            [2.8895, 50.4421], [2.8895, 50.4415]]]}


def upload(client, csrf, map_, data, name):
    if name.endswith(".kmz"):
        data = _zipped(data)
    return client.post(f"/cartes/{map_.id}/import", headers=HX, content_type="multipart/form-data",
                       data={"csrf_token": csrf, "fichier": (io.BytesIO(data), name)})


def _zipped(kml):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
    return out.getvalue()


def refusal(response):
    """The French message said next to the file field of a refused upload (and that it was refused)."""
    assert response.status_code == 422, response.status_code
    said = re.search(r'<p class="error" id="import-file-error">([^<]*)</p>', response.get_data(as_text=True))
    assert said, "no message at the file field"
    return said.group(1)


def count(map_):
    return db.session.scalar(select(func.count()).select_from(Feature).where(Feature.map_id == map_.id))


@pytest.fixture
def secret_file(tmp_path):
    """A local file the server can read and nobody should see, like the instance's secret key: (path, secret)."""
    secret = secrets.token_hex(16)
    path = tmp_path / "secret_key"
    path.write_text(f"SECRET_KEY={secret}\nMAIL_PASSWORD={secret}\n")
    return path, secret


@pytest.fixture
def listener():
    """An internal service an attacker would like the server to fetch from: it answers a small CSV to anyone."""
    with listening(b"nom,x,y\nVenu du serveur,2.89,50.44\n", "text/csv") as (address, asked):
        yield SimpleNamespace(url=f"http://{address}", requests=asked)


@pytest.mark.parametrize("name", [f"carte{extension}" for extension in EVERY_NAME])
def test_a_vrt_under_any_name_shows_no_local_file(client, csrf, empty_map, secret_file, name):
    path, secret = secret_file
    response = upload(client, csrf, empty_map, hostile.vrt(f"CSV:{path}", "secret_key"), name)
    assert secret not in response.get_data(as_text=True)
    assert refusal(response)
    assert count(empty_map) == 0


@pytest.mark.parametrize("name", [f"carte{extension}" for extension in EVERY_NAME])
def test_a_vrt_to_a_url_fetches_nothing(client, csrf, empty_map, listener, name):
    response = upload(client, csrf, empty_map, hostile.vrt(f"/vsicurl/{listener.url}/fuite.csv", "fuite"), name)
    assert listener.requests == []
    assert "Venu du serveur" not in response.get_data(as_text=True)
    assert refusal(response)


@pytest.mark.parametrize("name", [f"carte{extension}" for extension in EVERY_NAME])
def test_a_vsicurl_path_as_content_fetches_nothing(client, csrf, empty_map, listener, name):
    response = upload(client, csrf, empty_map, f"/vsicurl/{listener.url}/fuite.geojson".encode(), name)
    assert listener.requests == []
    assert refusal(response)


def test_a_geojson_whose_crs_is_a_link_fetches_nothing(client, csrf, empty_map, listener):
    response = upload(client, csrf, empty_map, hostile.geojson_with_crs_link(f"{listener.url}/crs.wkt"), "a.geojson")
    assert listener.requests == []
    assert "coordonnées" in refusal(response)


def test_a_kml_network_link_is_not_followed(client, csrf, empty_map, listener):
    response = upload(client, csrf, empty_map, hostile.kml_with_network_link(f"{listener.url}/suite.kml"), "a.kml")
    assert listener.requests == []
    assert response.status_code == 200 and "1 élément à importer" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", [f"base{extension}" for extension in EVERY_NAME])
def test_an_sqlite_file_under_any_name_is_refused(client, csrf, empty_map, tmp_path, name):
    response = upload(client, csrf, empty_map, hostile.sqlite_database(tmp_path), name)
    assert "Mot de passe" not in response.get_data(as_text=True)
    assert refusal(response)


def test_a_geopackage_reaching_a_file_through_a_virtual_table_is_refused(client, csrf, empty_map, secret_file,
                                                                         tmp_path):
    path, secret = secret_file
    data = hostile.geopackage_with(tmp_path, [
        "PRAGMA writable_schema=ON",
        ("INSERT INTO sqlite_master VALUES ('table', 'fuite', 'fuite', 0, "
         f"'CREATE VIRTUAL TABLE fuite USING VirtualOGR(''CSV:{path}'')')"),
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('fuite', 'attributes', 'fuite')"])
    response = upload(client, csrf, empty_map, data, "carte.gpkg")
    assert secret not in response.get_data(as_text=True)
    assert refusal(response)


@pytest.mark.parametrize("name", [f"rire{extension}" for extension in EVERY_NAME])
def test_xml_declaring_entities_is_refused_whatever_its_name(client, csrf, empty_map, secret_file, listener, name):
    path, secret = secret_file
    root = "gpx" if name.endswith(".gpx") else "kml"
    response = upload(client, csrf, empty_map, hostile.xml_with_entities(root, path, f"{listener.url}/dtd"), name)
    assert secret not in response.get_data(as_text=True) and listener.requests == []
    assert "déclare des entités" in refusal(response)


@pytest.mark.parametrize("name", ["base.geojson", "base.gpkg", "base.kml", "base.csv"])
def test_a_vrt_at_the_live_database_reads_nothing_and_loses_nothing(app, client, csrf, demo_map, name):
    """The database as GDAL would open it: SpatiaLite's file, or PostgreSQL's connection string."""
    url = db.engine.url
    source = url.database if url.get_backend_name() == "sqlite" else (
        f"PG:dbname={url.database} host={url.host} port={url.port} user={url.username}")
    before = count(demo_map)
    owner = db.session.scalars(select(User)).first()
    email, password_hash = owner.email, owner.password_hash
    wal = Path(f"{url.database}-wal") if url.get_backend_name() == "sqlite" else None
    assert wal is None or wal.exists()
    response = upload(client, csrf, demo_map, hostile.vrt(source, sql=USERS, point_from="n"), name)
    assert wal is None or wal.exists()  # SQLite's journal of the live connections, not removed under them
    added = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf, "category": demo_map.categories[0].id, "title": "Ajouté après", "description": "",
        "geometry": json.dumps(ZONE)})
    assert added.status_code == 200
    db.session.remove()
    db.engine.dispose()  # the server restarts
    assert count(demo_map) == before + 1
    page = response.get_data(as_text=True)
    assert email not in page and password_hash not in page and "password_hash" not in page
    assert refusal(response)


@pytest.mark.parametrize(("data", "name"), [(hostile.deeply_nested_geojson(), "profond.geojson"),
                                            (hostile.deeply_nested_geojson(), "profond.json"),
                                            (hostile.deeply_nested_umap(), "profond.umap")])
def test_json_nested_too_deep_is_refused_in_french(client, csrf, empty_map, data, name):
    assert "imbriqu" in refusal(upload(client, csrf, empty_map, data, name))
    assert count(empty_map) == 0


def test_a_kmz_lying_about_its_sizes_is_refused_in_french(client, csrf, empty_map):
    response = client.post(f"/cartes/{empty_map.id}/import", headers=HX, content_type="multipart/form-data",
                           data={"csrf_token": csrf,
                                 "fichier": (io.BytesIO(hostile.kmz_lying_about_sizes()), "menteur.kmz")})
    assert "KMZ" in refusal(response)
    assert count(empty_map) == 0


def test_gdal_keeps_only_the_readers_of_the_formats_imported_and_exported():
    """Every other driver (VRT, SQLite, the network ones…) is a way for a file to reach something else."""
    assert set(pyogrio.list_drivers()) <= {"GeoJSON", "TopoJSON", "ESRIJSON", "KML", "LIBKML", "GPX", "GPKG", "CSV"}


@pytest.mark.parametrize(("features", "status"), [(b"[[2.89, 50.44]]", 200), (b'[{"properties": [1]}]', 200),
                                                  (b'"texte"', 422), (b"42", 422)])
def test_a_umap_backup_whose_features_are_no_objects_is_answered_not_a_500(client, csrf, empty_map, features, status):
    """What is no feature is an item left out (the preview says so); no feature at all, a file refused."""
    data = b'{"type": "umap", "layers": [{"features": ' + features + b"}]}"
    response = upload(client, csrf, empty_map, data, "bizarre.umap")
    assert response.status_code == status
    assert "1 élément laissé de côté" in response.get_data(as_text=True) if status == 200 else refusal(response)
    assert count(empty_map) == 0
