"""The printed map, read back: the PDF's text has every number of its legend and the ERBM mention; the PNG shows the
items where they are, over the tiles of a local tile server; an unreachable basemap gives a print and a notice."""
import io
import struct
import zlib

import numpy
import pypdfium2
import pytest
from PIL import Image

from app.models import Category, Feature
from tests.support.hostile import listening

TILE_RGB = (40, 90, 200)  # a blue no category of the legend uses


def png_tile(rgb):
    row = b"\x00" + bytes(rgb) * 256

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * 256)) + chunk(b"IEND", b""))


@pytest.fixture
def tile_server():
    """A local tile server on loopback: every tile a plain blue PNG."""
    with listening(png_tile(TILE_RGB)) as (address, _asked):
        yield f"http://{address}"


@pytest.fixture
def basemap(app, tile_server):
    saved = app.config["BASEMAPS"]
    app.config["BASEMAPS"] = [{"key": "bleu", "name": "Fond bleu", "url": tile_server + "/{z}/{x}/{y}.png",
                               "attribution": "Tuiles bleues de test", "max_zoom": 19}]
    yield app.config["BASEMAPS"][0]
    app.config["BASEMAPS"] = saved


def print_of(client, map_, **args):
    response = client.get(f"/cartes/{map_.id}/impression/fichier", query_string={"fond": "bleu", **args})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def test_the_pdf_has_every_number_of_its_legend_the_attribution_and_the_mention(client, demo_map, basemap):
    response = print_of(client, demo_map, sortie="pdf", papier="A4", sens="portrait")
    assert response.headers["Content-Disposition"].endswith('_A4_portrait.pdf"')
    pdf = pypdfium2.PdfDocument(response.data)
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    for item in Feature.listed(demo_map.id)[0]:
        assert f"{item.number:02d} {item.title}" in text, item.title
    assert "Avec le soutien de l'État dans le cadre de l'ERBM" in text and "Tuiles bleues de test" in text
    width, height = pdf[0].get_size()
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297


def test_the_png_shows_the_items_in_their_colours_over_the_basemap(client, demo_map, basemap):
    response = print_of(client, demo_map, sortie="png", papier="A3", sens="paysage")
    image = numpy.asarray(Image.open(io.BytesIO(response.data)).convert("RGB"))
    height, width, _ = image.shape
    assert width > height  # landscape
    colours = numpy.unique(image.reshape(-1, 3), axis=0)

    def near(rgb):
        return numpy.any(numpy.all(numpy.abs(colours.astype(int) - rgb) < 6, axis=1))

    assert near(TILE_RGB)  # the basemap is there
    for category in Category.of_map(demo_map.id):
        if any(item.category_id == category.id for item in Feature.listed(demo_map.id)[0]):
            assert near([int(category.colour[i:i + 2], 16) for i in (1, 3, 5)]), category.label


def test_a_view_prints_only_what_it_shows_in_its_legend(client, demo_map, basemap):
    items = Feature.listed(demo_map.id)[0]
    point = next(item for item in items if item.kind == "point")
    x, y = point.shape.x, point.shape.y
    bbox = f"{x - 0.0002},{y - 0.0002},{x + 0.0002},{y + 0.0002}"
    pdf = pypdfium2.PdfDocument(print_of(client, demo_map, sortie="pdf", etendue="vue", bbox=bbox).data)
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert f"{point.number:02d} {point.title}" in text
    assert sum(f"{item.number:02d} {item.title}" in text for item in items) < len(items)


def test_an_unreachable_basemap_gives_a_print_and_a_notice(app, client, demo_map):
    saved = app.config["BASEMAPS"]
    app.config["BASEMAPS"] = [{"key": "bleu", "name": "Injoignable", "url": "http://127.0.0.1:9/{z}/{x}/{y}.png",
                               "attribution": "Personne", "max_zoom": 19}]
    try:
        pdf = pypdfium2.PdfDocument(print_of(client, demo_map, sortie="pdf").data)
    finally:
        app.config["BASEMAPS"] = saved
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert "Le fond de carte n'a pas pu être chargé" in text and "Personne" not in text


def test_wrong_choices_come_back_with_their_reason(client, demo_map):
    response = client.get(f"/cartes/{demo_map.id}/impression/fichier",
                          query_string={"papier": "A0", "etendue": "vue", "bbox": "n'importe", "sortie": "pdf"})
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 422 and "Choisissez A4 ou A3." in page and "Toute la carte" in page


def test_an_item_is_printed_where_it_is(client, demo_map, basemap):
    """A view centred on a point: the map's frame is the blue of the tiles, and the point's colour is at its centre."""
    point = next(item for item in Feature.listed(demo_map.id)[0] if item.kind == "point")
    x, y = point.shape.x, point.shape.y
    bbox = f"{x - 0.001},{y - 0.0007},{x + 0.001},{y + 0.0007}"
    response = print_of(client, demo_map, sortie="png", etendue="vue", bbox=bbox, categorie=point.category_id)
    image = numpy.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")).astype(int)
    blue = numpy.all(numpy.abs(image - TILE_RGB) < 6, axis=2)
    rows, columns = numpy.nonzero(blue)
    centre_y, centre_x = (rows.min() + rows.max()) // 2, (columns.min() + columns.max()) // 2
    colour = [int(point.category.colour[i:i + 2], 16) for i in (1, 3, 5)]
    around = image[centre_y - 12:centre_y + 13, centre_x - 12:centre_x + 13]
    assert numpy.any(numpy.all(numpy.abs(around - colour) < 8, axis=2))  # the point's circle, where the point is
    corner = image[rows.min() + 5:rows.min() + 30, columns.min() + 5:columns.min() + 30]
    assert not numpy.any(numpy.all(numpy.abs(corner - colour) < 8, axis=2))  # and not elsewhere


def test_a_failing_tile_server_is_asked_once_not_for_every_tile(app, client, demo_map):
    saved = app.config["BASEMAPS"]
    with listening(b"", status=503) as (address, asked):
        app.config["BASEMAPS"] = [{"key": "bleu", "name": "En panne", "url": f"http://{address}/{{z}}/{{x}}/{{y}}.png",
                                   "attribution": "En panne", "max_zoom": 19}]
        try:
            pdf = pypdfium2.PdfDocument(print_of(client, demo_map, sortie="pdf", papier="A3").data)
        finally:
            app.config["BASEMAPS"] = saved
    assert len(asked) == 1 and "Le fond de carte n'a pas pu être chargé" in pdf[0].get_textpage().get_text_range()
