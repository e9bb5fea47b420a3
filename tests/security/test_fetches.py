"""What the server fetches by itself comes from its configuration, never from a request.

An attacker who names the host of a request (`Host: 127.0.0.1:PORT`) must not make the print fetch from there, and
whatever a document rendered by WeasyPrint names (an image, a stylesheet) must not be fetched from the network or
read from the server's disk."""
import base64

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from app.documents import render
from tests.printing.test_print import png_tile
from tests.support.hostile import disk_full, listening


@pytest.fixture
def listener():
    """An internal service on loopback: it counts what it is asked and answers a red tile."""
    with listening(png_tile((200, 30, 30))) as (host, asked):
        yield host, asked


@pytest.fixture
def basemap_at(app):
    """Configure one basemap at an address, for the test's length."""
    saved = app.config["BASEMAPS"]

    def configure(host, key="bleu"):
        app.config["BASEMAPS"] = [{"key": key, "name": "Fond de test", "attribution": "Tuiles de test",
                                   "url": f"http://{host}/{key}/{{z}}/{{x}}/{{y}}.png", "max_zoom": 19}]
    yield configure
    app.config["BASEMAPS"] = saved


def text_of(pdf_bytes):
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    return " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))


def images_in(pdf_bytes):
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    return sum(1 for i in range(len(pdf)) for _ in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


def print_pdf(client, map_, basemap, host=None):
    return client.get(f"/cartes/{map_.id}/impression/fichier", base_url=f"http://{host or 'localhost'}",
                      query_string={"fond": basemap, "sortie": "pdf"})


@pytest.mark.parametrize("basemap", ["local", "local-dark"])
def test_a_print_on_local_tiles_fetches_nothing_from_the_host_the_request_names(client, demo_map, listener,
                                                                                basemap):
    host, asked = listener
    response = print_pdf(client, demo_map, basemap, host=host)
    assert response.status_code == 200
    assert asked == []
    text = text_of(response.data)
    assert "Le fond de carte n'a pas pu être chargé" not in text  # the local tiles are drawn all the same
    assert "hors ligne" in text  # and credited


def test_a_print_on_a_configured_basemap_asks_only_its_configured_address(client, demo_map, listener, basemap_at):
    """The request names one listener as its host, the configuration another: only the configured one is asked."""
    named, asked_by_host = listener
    with listening(png_tile((40, 90, 200))) as (configured, asked_by_configuration):
        basemap_at(configured)
        response = print_pdf(client, demo_map, "bleu", host=named)
    assert response.status_code == 200 and asked_by_configuration and asked_by_host == []


def test_a_print_does_not_follow_its_basemap_where_it_redirects(client, demo_map, listener, basemap_at):
    """The configured tile server answers with a redirect to an internal address: it is not followed."""
    internal, asked = listener
    redirect = [("Location", f"http://{internal}/interne.png")]
    with listening(b"", status=302, headers=redirect) as (configured, asked_by_configuration):
        basemap_at(configured)
        response = print_pdf(client, demo_map, "bleu")
    assert response.status_code == 200 and asked_by_configuration and asked == []
    assert "Le fond de carte n'a pas pu être chargé" in text_of(response.data)


def test_a_print_is_made_when_the_tile_cache_cannot_be_written(client, demo_map, listener, basemap_at):
    """The disk of the tile cache is full: the tiles fetched are drawn all the same, the cache is only skipped."""
    host, asked = listener
    basemap_at(host, key="cache-plein")
    with disk_full(room=100):
        response = print_pdf(client, demo_map, "cache-plein")
    assert response.status_code == 200 and asked
    assert "Le fond de carte n'a pas pu être chargé" not in text_of(response.data)


def test_a_document_fetches_no_address_it_names(listener, tmp_path):
    """Images and stylesheets named by the HTML, whether on the network or on the server's disk, are not loaded."""
    host, asked = listener
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_tile((0, 0, 0)))
    html = (f'<link rel="stylesheet" href="http://{host}/feuille.css">'
            f'<style>@import url("http://{host}/import.css"); p {{ background: url("http://{host}/fond.png") }}</style>'
            f'<p>Texte</p><img src="http://{host}/image.png"><img src="file://{secret}"><img src="{secret}">'
            f'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://{host}/dans-le-svg.png"/></svg>')
    made = render.pdf(html)
    assert asked == []
    assert images_in(made) == 0 and "Texte" in text_of(made)
    render.png(f'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://{host}/figure.png" width="10" '
               f'height="10"/></svg>', 20, 20)
    assert asked == []


def test_a_document_still_draws_the_images_it_carries_and_its_own_stylesheets():
    """What the documents need keeps working: data: images (the print's tiles) and the app's static stylesheets."""
    href = "data:image/png;base64," + base64.b64encode(png_tile((40, 90, 200))).decode()
    made = render.pdf(f'<link rel="stylesheet" href="css/documents.css"><p>Texte</p><img src="{href}">')
    assert images_in(made) == 1 and "Texte" in text_of(made)
