"""One payload that would become markup, a template or a format string wherever user text is not kept as text, and
the checks that it came back as text only: in HTML (pages, fragments), in XML (DOCX, KML, GPX) and in PDFs."""
import io
import zipfile

import lxml.etree
import lxml.html
import pypdfium2

# An element htmx would act on at once (with the page's CSRF token), an inline handler, a Jinja expression and a
# %-format field. At most 60 characters, so that it fits the shortest text fields (pseudonym, display name).
PAYLOAD = "<b id=pwn hx-post=/x hx-trigger=load onerror=a>{{7*7}}%(x)s"
assert len(PAYLOAD) <= 60


def html_markup(html):
    """What the payload became in this HTML: its element, its htmx attributes, an inline handler; [] when none."""
    document = lxml.html.document_fromstring(html or "<p></p>")
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or a processing instruction
        if element.get("id") == "pwn":
            found.append(f"<{element.tag} id=pwn>")
        for name, value in element.attrib.items():
            if name.startswith("on") or (name.startswith("hx-") and value == "/x"):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def html_shows_payload(html):
    """True when the payload is there as text: in the text of an element or whole in an attribute's value."""
    document = lxml.html.document_fromstring(html or "<p></p>")
    if PAYLOAD in document.text_content():
        return True
    return any(PAYLOAD in value for element in document.iter() if isinstance(element.tag, str)
               for value in element.attrib.values())


def xml_markup(data):
    """Elements of this XML that the payload made (with its id or its attributes); [] when none. (Raw, the payload
    is not even well-formed XML: the parse fails.)"""
    root = lxml.etree.fromstring(data)
    return [element.tag for element in root.iter() if isinstance(element.tag, str)
            and (element.get("id") == "pwn" or {"hx-post", "onerror"} & set(element.attrib))]


def xml_texts(data):
    """Every text of this XML, as its reader gets it once the XML is parsed."""
    root = lxml.etree.fromstring(data)
    return [element.text for element in root.iter() if isinstance(element.tag, str) and element.text]


def docx_document(data):
    """The body of a DOCX: word/document.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def pdf_text(data):
    """The text a PDF shows, every page."""
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
