"""The server log: one record is one line, whatever text a person put into it.

The log is where an administrator reads the secret links to relay by hand (app/mail.py): a name or a path with a
line break in it must not be able to write a line of its own there, that looks like one of them.
"""
import logging

# Every control character (line breaks first), and the line separators of Unicode, shown as Python writes them.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(32), 0x7F, 0x85)}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"})


class OneLinePerRecord(logging.Filter):
    """Escapes what could end the line in a record's message, its arguments merged in (the traceback of an error,
    formatted later by the handler, keeps its own lines)."""

    def filter(self, record):
        message = record.getMessage()
        escaped = message.translate(_ESCAPES)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True


def configure(app):
    """Every record of the app's logger goes through the filter, whichever handler then writes it."""
    app.logger.addFilter(OneLinePerRecord())
