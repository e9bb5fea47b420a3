"""Text as the app keeps and writes it, whoever typed or imported it."""
import re
from html.parser import HTMLParser

# XML 1.0 has no place for the C0 controls but tab, newline and carriage return, nor for U+FFFE, U+FFFF and lone
# surrogates. No one means to type them (they come pasted from other software, or from a file), and python-docx and
# openpyxl refuse them: one in a title would break the collective's annex and financing plan.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """The text without the characters XML cannot hold."""
    return _NOT_IN_XML.sub("", text)


class _TextOfHtml(HTMLParser):
    """The text an HTML fragment shows: its tags dropped (a line break for those that make one), its entities
    decoded; a script's or a style's content is no text."""
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
    HIDDEN = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of_html(fragment):
    """The plain text of an HTML fragment (a KML description is HTML), blank lines and spaces around it tidied:
    the app keeps text, and shows it escaped, never as markup."""
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
