"""What a browser sends when it submits a form as a page shows it: its fields' names and values, read from HTML."""
from html.parser import HTMLParser


class _Fields(HTMLParser):
    """The first form's fields as a browser submits them: inputs (a checkbox or radio when ticked), the selected
    option of each select (its first when none is), the text of each textarea."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self._select, self._first, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select, self._first = name, None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = attrs.get("value", "")
            if "selected" in attrs:
                self.values.append((self._select, attrs.get("value", "")))
                self._first = False
        elif tag == "textarea":
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._first not in (None, False):
                self.values.append((self._select, self._first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def submitted(html, **changes):
    """The form's data as the browser would send it, with `changes` typed over it (a list of values for a field
    sent several times, such as ticked checkboxes)."""
    parser = _Fields()
    parser.feed(html)
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    data.update({name: value if isinstance(value, list) else [value] for name, value in changes.items()})
    return data
