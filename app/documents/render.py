"""HTML to PDF (WeasyPrint), and an SVG figure to PNG for the documents that cannot hold SVG (DOCX)."""
import io
from pathlib import Path

import pypdfium2
from flask import current_app
from PIL import ImageFile
from weasyprint import CSS, HTML

# Importing WeasyPrint makes Pillow accept truncated images in the whole process; a damaged photo must still be
# refused (app/photos/images.py), and these documents hold no raster image of anyone's, so it goes back off.
ImageFile.LOAD_TRUNCATED_IMAGES = False

STYLESHEETS = ("css/planning.css", "css/documents.css")


def pdf(html, page_css=""):
    """PDF bytes of a document rendered by a template, laid out by STYLESHEETS (A4) then `page_css` (another size)."""
    folder = Path(current_app.static_folder)
    sheets = [CSS(filename=str(folder / name)) for name in STYLESHEETS] + ([CSS(string=page_css)] if page_css else [])
    return HTML(string=html, base_url=str(folder)).write_pdf(stylesheets=sheets)


def first_page_png(pdf_bytes, dpi):
    """The first page of a PDF as PNG bytes at `dpi`."""
    image = pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=dpi / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png(svg, width_mm, height_mm, dpi=200):
    """PNG bytes of an SVG drawn `width_mm` × `height_mm` at `dpi`: a one-page PDF of that size, rasterised."""
    page = (f'<style>@page {{ size: {width_mm}mm {height_mm}mm; margin: 0 }} svg {{ display: block; '
            f'width: {width_mm}mm; height: {height_mm}mm }}</style>{svg}')
    return first_page_png(HTML(string=page).write_pdf(), dpi)
