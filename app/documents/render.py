"""HTML to PDF (WeasyPrint), and an SVG figure to PNG for the documents that cannot hold SVG (DOCX)."""
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdfium2
from flask import current_app
from PIL import ImageFile
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

# Importing WeasyPrint makes Pillow accept truncated images in the whole process; a damaged photo must still be
# refused (app/photos/images.py), and these documents hold no raster image of anyone's, so it goes back off.
ImageFile.LOAD_TRUNCATED_IMAGES = False

STYLESHEETS = ("css/planning.css", "css/documents.css")


class OwnFilesOnly(URLFetcher):
    """What WeasyPrint may load for a document: data: URIs (the print's tiles) and the app's static files. Never the
    network nor another file of the server: what people typed ends up in these documents, and an address in it
    must not make the server fetch anything."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(Path(current_app.static_folder).resolve()):
                raise ValueError("only the application's static files are read")
        return super().fetch(url, headers)


def pdf(html, page_css=""):
    """PDF bytes of a document rendered by a template, laid out by STYLESHEETS (A4) then `page_css` (another size)."""
    folder, fetcher = Path(current_app.static_folder), OwnFilesOnly()
    sheets = [CSS(filename=str(folder / name), url_fetcher=fetcher) for name in STYLESHEETS]
    sheets += [CSS(string=page_css, url_fetcher=fetcher)] if page_css else []
    return HTML(string=html, base_url=str(folder), url_fetcher=fetcher).write_pdf(stylesheets=sheets)


def first_page_png(pdf_bytes, dpi):
    """The first page of a PDF as PNG bytes at `dpi`."""
    image = pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=dpi / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png(svg, width_mm, height_mm, dpi=200):
    """PNG bytes of an SVG drawn `width_mm` × `height_mm` at `dpi`: a one-page PDF of that size, rasterised."""
    # No margin on the body either: its default 8 px would shift the figure and cut its right and bottom edges.
    page = (f'<style>@page {{ size: {width_mm}mm {height_mm}mm; margin: 0 }} html, body {{ margin: 0 }} '
            f'svg {{ display: block; width: {width_mm}mm; height: {height_mm}mm }}</style>{svg}')
    return first_page_png(HTML(string=page, url_fetcher=OwnFilesOnly()).write_pdf(), dpi)
