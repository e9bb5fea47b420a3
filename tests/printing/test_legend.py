"""The printed legend's layout, line by line: columns filled in order, a carried-over category headed again, no
heading alone at a column's foot, and long titles counted on as many lines as they wrap to."""
from types import SimpleNamespace

from app.printing import legend


def category(label):
    return SimpleNamespace(label=label, colour="#c0392b")


def item(number, title="Arbre"):
    return SimpleNamespace(number=number, title=title)


def test_a_category_carried_into_the_next_column_is_headed_again_as_continued():
    trees = category("Arbres fruitiers")
    pages = legend.paged([(trees, [item(n) for n in range(1, 8)])], legend.Box(116, 4 * legend.LINE_MM),
                         legend.Box(116, 40 * legend.LINE_MM))
    first, second = pages[0]
    assert [line.item.number for line in first[1:]] == [1, 2, 3]
    assert second[0] == legend.Line(trees, continued=True)
    assert [line.item.number for line in second[1:]] == [4, 5, 6]
    assert [line.item.number for line in pages[1][0][1:]] == [7]


def test_a_heading_never_ends_a_column():
    trees, loft = category("Arbres"), category("Pigeonnier")
    pages = legend.paged([(trees, [item(1), item(2)]), (loft, [item(3)])], legend.Box(55, 4 * legend.LINE_MM),
                         legend.Box(55, 40 * legend.LINE_MM))
    assert pages[0] == [[legend.Line(trees), legend.Line(trees, item(1)), legend.Line(trees, item(2))]]
    assert pages[1][0][0] == legend.Line(loft)


def test_a_long_title_takes_the_lines_it_wraps_to():
    short, long = item(1, "Compost"), item(2, "Jardin partagé de la rue des Écoles, derrière la salle des fêtes")
    assert legend.Line(None, short).rows(55) == 1
    assert legend.Line(None, long).rows(55) == 3
    assert legend.Line(None, long).rows(180) == 1
    assert legend.wrapped_rows("x" * 400, 55) > 4  # a word longer than the column breaks where it overflows
