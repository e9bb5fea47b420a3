"""The templates written once: a panel link or form written by its macro (one URL for both attributes), the panel's
target inherited rather than repeated, lines that a reader sees whole; and what the macros write stays text."""
import json
import re
from pathlib import Path

import lxml.html
from flask import render_template_string

from app.models import Feature
from tests.conftest import HX

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MACROS = TEMPLATES / "_panel.html"  # the one place that writes both attributes from one URL
LONGEST_LINE = 160
# Rewritten by their own change: their lines are broken there.
# An element's tag with its attributes, Jinja expressions and tags inside it included.
TAG = re.compile(r"<([a-zA-Z]+)((?:[^>{]|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})*)>", re.S)
BOTH = [("href=", "hx-get="), ("action=", "hx-post="), ("formaction=", "hx-post=")]


def templates():
    """Every template, by its name under templates/."""
    return {path.relative_to(TEMPLATES).as_posix(): path.read_text() for path in sorted(TEMPLATES.rglob("*.html"))}


def test_no_template_line_is_over_160_characters():
    long = [f"{name}:{number}" for name, text in templates().items()
            for number, line in enumerate(text.splitlines(), 1) if len(line) > LONGEST_LINE]
    assert long == []


def test_no_element_writes_a_url_twice_by_hand():
    twice = [f"{name}:{text.count(chr(10), 0, tag.start()) + 1}"
             for name, text in templates().items() if TEMPLATES / name != MACROS
             for tag in TAG.finditer(text)
             if any(plain in tag.group(2) and htmx in tag.group(2) for plain, htmx in BOTH)]
    assert twice == []


def test_the_panel_s_target_is_said_once_and_only_where_inheritance_stops():
    text = "".join(templates().values())
    assert len(re.findall(r'hx[-_]target="#detail"', text)) <= 4
    assert "hx-boost" not in text


def test_a_panel_link_writes_one_url_twice_and_its_label_as_text(app):
    with app.test_request_context():
        html = render_template_string(
            '{% from "_panel.html" import panel_link %}'
            '{{ panel_link("/a?b=1&c=2", label, push=True, class="button", title=label, data_cancel=True) }}',
            label="<script>alert(1)</script>")
    link = lxml.html.fragment_fromstring(html)
    assert link.get("href") == link.get("hx-get") == "/a?b=1&c=2" and link.get("hx-push-url") == "true"
    assert link.text == link.get("title") == "<script>alert(1)</script>" and link.findall(".//script") == []
    assert "data-cancel" in link.attrib and link.get("class") == "button"


def test_a_title_with_a_script_is_text_in_the_list_s_link_and_the_history_s(client, csrf, demo_map):
    category = demo_map.categories[0]
    point = {"type": "Point", "coordinates": [2.8901, 50.4417]}
    client.post(f"/cartes/{demo_map.id}/elements", headers=HX,
                data={"csrf_token": csrf, "category": category.id, "title": "<script>alert(1)</script>",
                      "description": "", "geometry": json.dumps(point)})
    feature = next(f for f in Feature.listed(demo_map.id)[0] if f.title.startswith("<script>"))
    url = f"/cartes/{demo_map.id}/elements/{feature.id}"
    for page in (f"/cartes/{demo_map.id}", f"/cartes/{demo_map.id}/historique"):
        document = lxml.html.document_fromstring(client.get(page).get_data(as_text=True))
        links = [a for a in document.iter("a") if a.get("href") == url]
        assert links and all(a.get("hx-get") == url for a in links)
        assert all("<script>alert(1)</script>" in a.text_content() for a in links)
        assert document.findall(".//a//script") == []
