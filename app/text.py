"""Text as the app keeps and writes it, whoever typed or imported it."""
import re

# XML 1.0 has no place for the C0 controls but tab, newline and carriage return, nor for U+FFFE, U+FFFF and lone
# surrogates. No one means to type them (they come pasted from other software, or from a file), and python-docx and
# openpyxl refuse them: one in a title would break the collective's annex and financing plan.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """The text without the characters XML cannot hold."""
    return _NOT_IN_XML.sub("", text)
