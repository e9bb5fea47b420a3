"""Walking the XML trees that defusedxml parses (KML, TCX, GeoRSS), namespaces aside: tools write the same elements
under several namespaces (KML 2.1 and 2.2, TCX v1 and v2, GML 3.1 and 3.2)."""
import defusedxml.ElementTree


def root_of(data, tree=None):
    """The root element a reader starts from: `tree`, as `imports.checking.check` parsed it (so that an upload is
    parsed once), or the bytes parsed by defusedxml (no DTD, no entity) when the reader is called on its own."""
    return tree if tree is not None else defusedxml.ElementTree.fromstring(data, forbid_dtd=True)


def local(element):
    """The element's name without its namespace ("" for a comment or a processing instruction)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def child(element, name):
    """Its first child of that local name, or None."""
    return next((found for found in element if local(found) == name), None)


def text(element, name):
    """The text of its first child of that local name, stripped; "" without one."""
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""
