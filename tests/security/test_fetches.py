"""What the server fetches by itself comes from its configuration, never from a request.

An attacker who names the host of a request (`Host: 127.0.0.1:PORT`) must not make the print fetch from there, and
whatever a document rendered by WeasyPrint names (an image, a stylesheet) must not be fetched from the network or
read from the server's disk."""
import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from app.documents import render
from tests.printing.test_print import png_tile


@pytest.fixture
def listener():
    """A server on loopback standing for an internal service: it counts what it is asked and answers a tile."""
    asked = []
    tile = png_tile((200, 30, 30))

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def text_of(pdf_bytes):
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    return " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))


def images_in(pdf_bytes):
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    return sum(1 for i in range(len(pdf)) for _ in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


@pytest.mark.parametrize("basemap", ["local", "local-dark"])
def test_a_print_on_local_tiles_fetches_nothing_from_the_host_the_request_names(client, demo_map, listener,
                                                                                basemap):
    host, asked = listener
    response = client.get(f"/cartes/{demo_map.id}/impression/fichier", base_url=f"http://{host}",
                          query_string={"fond": basemap, "sortie": "pdf"})
    assert response.status_code == 200
    assert asked == []
    text = text_of(response.data)
    assert "Le fond de carte n'a pas pu être chargé" not in text  # the local tiles are drawn all the same
    assert "hors ligne" in text  # and credited


def test_a_print_on_a_configured_basemap_asks_only_its_configured_address(app, client, demo_map, listener):
    """The request names one listener as its host, the configuration another: only the configured one is asked."""
    named, asked_by_host = listener
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Tiles", (BaseHTTPRequestHandler,), {
        "do_GET": lambda self: (configured.append(self.path), self.send_response(200), self.end_headers(),
                                self.wfile.write(png_tile((40, 90, 200)))),
        "log_message": lambda self, *args: None}))
    configured = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    saved = app.config["BASEMAPS"]
    app.config["BASEMAPS"] = [{"key": "bleu", "name": "Fond bleu", "attribution": "Tuiles bleues",
                               "url": f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png", "max_zoom": 19}]
    try:
        response = client.get(f"/cartes/{demo_map.id}/impression/fichier", base_url=f"http://{named}",
                              query_string={"fond": "bleu", "sortie": "pdf"})
    finally:
        app.config["BASEMAPS"] = saved
        server.shutdown()
        server.server_close()
    assert response.status_code == 200 and configured and asked_by_host == []


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
    tile = png_tile((40, 90, 200))
    href = "data:image/png;base64," + base64.b64encode(tile).decode()
    made = render.pdf(f'<link rel="stylesheet" href="css/documents.css"><p>Texte</p><img src="{href}">')
    assert images_in(made) == 1 and "Texte" in text_of(made)


def test_a_print_is_made_when_the_tile_cache_cannot_be_written(app, client, demo_map, listener):
    """The disk of the tile cache is full: the tiles fetched are drawn all the same, the cache is only skipped."""
    from tests.security.test_limits import disk_full
    host, asked = listener
    saved = app.config["BASEMAPS"]
    app.config["BASEMAPS"] = [{"key": "rouge", "name": "Fond rouge", "attribution": "Tuiles rouges",
                               "url": f"http://{host}/cache-plein/{{z}}/{{x}}/{{y}}.png", "max_zoom": 19}]
    try:
        with disk_full(room=100):
            response = client.get(f"/cartes/{demo_map.id}/impression/fichier",
                                  query_string={"fond": "rouge", "sortie": "pdf"})
    finally:
        app.config["BASEMAPS"] = saved
    assert response.status_code == 200 and asked
    assert "Le fond de carte n'a pas pu être chargé" not in text_of(response.data)
