"""The printed legend laid out here, line by line, rather than left to the PDF engine: every line of type has the
same height (static/css/documents.css `.legend-line`) and a long title's lines are counted from its length, wide
characters assumed, so what fits in a column is known and the page count is what this says (a column may end a
little short, never overflow).

Page 1 holds the legend in the room the map leaves (under it in portrait, beside it in landscape); what does not
fit continues on pages of its own under « Légende (suite) ». A column that begins in the middle of a category
repeats its heading, marked « (suite) »; a heading never ends a column.
"""
import functools
import math
from typing import NamedTuple

from PIL import ImageFont

LINE_MM = 3.6  # a line of the legend: 8 pt type
GAP_MM = 6  # between columns
COLUMN_MIN_MM = 55  # a number and some 30 characters of title
TYPE_MM = 8 * 25.4 / 72  # the legend's type, 8 pt
# The type the PDF is set in (Debian's fonts-dejavu-core, which make installs): a title's lines are counted from
# its words' widths in it. Bold for all: a heading is bold, and an item's line counted bold is never short.
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
NUMBER_MM = 7  # an item's number in its disc, before its title, and the indent of its next lines
CONTINUED_HEADING_MM = 9  # « Légende (suite) » on the pages after the first


class Line(NamedTuple):
    """One entry: a category's heading (item None; `continued` when the category began in a column before), or an
    item."""
    category: object
    item: object = None
    continued: bool = False

    def rows(self, width):
        """How many lines of type it takes in a column `width` mm wide."""
        text, before = (self.category.label, 5) if self.item is None else (self.item.title, NUMBER_MM)
        return wrapped_rows(str(text), width - before)


class Box(NamedTuple):
    """Room for the legend, in mm."""
    width: float
    height: float

    def columns(self):
        return max(1, math.floor((self.width + GAP_MM) / (COLUMN_MIN_MM + GAP_MM)))

    def column_width(self):
        count = self.columns()
        return (self.width - GAP_MM * (count - 1)) / count

    def lines(self):
        return max(2, math.floor(self.height / LINE_MM))  # a heading and an item at the least

    def less(self, height):
        return Box(self.width, max(self.height - height, 0))


def wrapped_rows(text, width):
    """Lines of type `text` takes wrapped at its spaces in `width` mm, as the PDF engine wraps it (a word longer than
    a line is broken where it overflows)."""
    rows, line = 1, 0.0
    space = _width(" ")
    for word in text.split():
        length = _width(word)
        if line and line + space + length > width:
            rows, line = rows + 1, 0.0
        line = line + space + length if line else length
        while line > width:  # a word wider than the column goes on over lines of its own
            rows, line = rows + 1, line - width
    return rows


@functools.cache
def _font():
    return ImageFont.truetype(FONT, 1000)


@functools.lru_cache(maxsize=4096)
def _width(word):
    """A word's width in mm in the legend's type."""
    return _font().getlength(word) / 1000 * TYPE_MM


def notice_height(notice, width):
    """The height of a notice wrapped in a column `width` mm wide, with the space under it."""
    return (wrapped_rows(str(notice), width) + 0.5) * LINE_MM


def paged(legend, first, then):
    """[[column, …] by page], each column a list of Line: `legend` ((category, items) as figure.legend gives it)
    in the `first` page's box, then in `then` boxes, as many as it takes (at least one page, maybe with no column)."""
    pages, lines = [], [line for category, items in legend
                        for line in (Line(category), *(Line(category, item) for item in items))]
    box = first
    while True:
        page, lines = _filled(lines, box)
        pages.append(page)
        if not lines:
            return pages
        box = then


def _filled(lines, box):
    """The columns of one box filled from `lines`, and the lines left over."""
    columns = []
    for _ in range(box.columns()):
        if not lines:
            break
        column, lines = _column(lines, box.lines(), box.column_width())
        columns.append(column)
    return columns, lines


def _column(lines, room, width):
    """One column of at most `room` lines of type, and the entries left: a category carried over starts with its
    heading again, a heading is never its last entry. It takes one entry at the least, even one too long for it."""
    first = lines[0]
    column = [Line(first.category, continued=True)] if first.item is not None else []
    used, taken = sum(line.rows(width) for line in column), 0
    for index, line in enumerate(lines):
        rows = line.rows(width)
        after = lines[index + 1].rows(width) if line.item is None and index + 1 < len(lines) else 0
        if taken and used + rows + after > room:
            break
        column.append(line)
        used, taken = used + rows, taken + 1
    return column, lines[taken:]
