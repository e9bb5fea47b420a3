"""QR codes, drawn by segno (pure Python, no network)."""
import segno


def data_uri(url):
    """The QR code of `url` as an SVG data: URI, for an <img> of a page or of a PDF (WeasyPrint reads data: URIs
    only, `documents/render.OwnFilesOnly`). Error correction Q (a quarter of the code may be soiled or torn: it
    hangs on a wall), the standard quiet zone of four modules around it."""
    return segno.make(url, error="q", micro=False, boost_error=False).svg_data_uri(border=4, dark="#000", light="#fff")
