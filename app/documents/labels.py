"""Where each item's number goes on a document's map, so that no number hides another, the scale bar, the north
arrow, or falls off the frame.

The smallest version of what QGIS's label engine (PAL) does for point labels, for numbered discs: each item has
candidate positions, from its anchor outwards (on it, then around it on rings further and further away, the
positions of one ring in order of preference, top right first as cartographers do); the items are placed one after
the other in the order of their numbers, so that the legend's first entries get the best positions, each on its first
candidate that is free. A free candidate overlaps no disc already placed, no obstacle, stays inside the frame, and,
when it can, covers no other item's anchor (a number set down on another item's point would hide it). A disc moved
off its anchor is joined to it by a leader line, drawn by the figure.

Placed discs are kept in a grid of squares one disc wide, so that checking a candidate looks at nine squares, not at
every disc placed: a 200-item map is placed in milliseconds.
"""
import functools
import math
from typing import NamedTuple

GAP = 3  # SVG units between two discs, so that their white outlines do not touch
RINGS = 24  # rings of candidates around an anchor before giving up on keeping other anchors clear
PREFERRED = -math.pi / 4  # top right, in SVG's y-down angles


class Box(NamedTuple):
    """A rectangle no disc may overlap (the scale bar, the north arrow), in SVG units."""
    left: float
    top: float
    right: float
    bottom: float

    def distance(self, x, y):
        """From a point to the nearest point of the box, 0 inside."""
        return math.hypot(max(self.left - x, 0, x - self.right), max(self.top - y, 0, y - self.bottom))


def place(anchors, size, radius, obstacles=(), outside=None):
    """The centre of each anchor's disc of `radius`, in the anchors' order, inside `size` (width, height), clear of
    the other discs and of `obstacles` (Box). `outside` ({index: test(x, y) -> bool}) says, for some anchors, where
    their disc may not go besides (a zone's number kept off its own plots)."""
    width, height = size
    placed, all_anchors = _Grid(2 * radius + GAP), _Grid(2 * radius + GAP)
    for index, anchor in enumerate(anchors):
        all_anchors.add(anchor, index)
    centres = []
    for index, anchor in enumerate(anchors):
        forbidden = (outside or {}).get(index)

        def free(x, y, strict, index=index, forbidden=forbidden):
            return (radius <= x <= width - radius and radius <= y <= height - radius
                    and not placed.near(x, y, 2 * radius + GAP)
                    and all(box.distance(x, y) >= radius + GAP for box in obstacles)
                    and not (forbidden and forbidden(x, y))
                    and not (strict and all_anchors.near(x, y, radius, skip=index)))

        centre = _first_free(anchor, radius, free, width, height)
        placed.add(centre)
        centres.append(centre)
    return centres


def _first_free(anchor, radius, free, width, height):
    """The first free candidate: keeping other anchors clear within RINGS rings, else anywhere free, else the
    anchor itself (a frame too small for its numbers)."""
    x, y = anchor
    for strict in (True, False):
        rings = RINGS if strict else math.ceil(math.hypot(width, height) / _step(radius))
        for dx, dy in _offsets(radius, rings):
            if free(x + dx, y + dy, strict):
                return x + dx, y + dy
    return anchor


def _step(radius):
    return radius + GAP / 2


@functools.cache
def _offsets(radius, rings):
    """The candidates' offsets from an anchor: none, then positions on rings one `_step` apart, as many on each as
    fit a radius apart, from top right round both ways (made once: every anchor has the same)."""
    offsets = [(0.0, 0.0)]
    for ring in range(1, rings + 1):
        distance = ring * _step(radius)
        count = max(8, math.floor(2 * math.pi * distance / radius))
        turns = sorted(range(count), key=lambda k, count=count: min(k, count - k))  # 0, 1, -1, 2, -2…
        offsets += [(distance * math.cos(PREFERRED + 2 * math.pi * k / count),
                     distance * math.sin(PREFERRED + 2 * math.pi * k / count)) for k in turns]
    return tuple(offsets)


class _Grid:
    """Points in squares of `cell` units: whether one lies within `distance` ≤ `cell` of a point, looking at nine
    squares; a point added with a tag can be skipped by it."""

    def __init__(self, cell):
        self.cell, self.squares = cell, {}

    def add(self, point, tag=None):  # tags are the anchors' indexes, never -1
        self.squares.setdefault(self._square(*point), []).append((point, tag))

    def near(self, x, y, distance, skip=-1):
        column, row = self._square(x, y)
        return any(tag != skip and math.hypot(px - x, py - y) < distance
                   for dc in (-1, 0, 1) for dr in (-1, 0, 1)
                   for (px, py), tag in self.squares.get((column + dc, row + dr), ()))

    def _square(self, x, y):
        return math.floor(x / self.cell), math.floor(y / self.cell)
