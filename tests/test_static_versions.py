"""A page names each static file by its content (`map.<hash>.js`): that name is kept a year by browsers and never
asked again, and a deploy that changes the file changes the name. The plain name still answers, kept an hour."""
import hashlib
import re
from pathlib import Path

from flask import url_for

LONG = "public, max-age=31536000, immutable"
ASSET = re.compile(r'(?:src|href)="/static/([^"]+)"')


def hash_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def named(filename, digest):
    stem, _, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}"


def test_every_asset_of_the_map_page_is_named_by_its_content(app, client, demo_map):
    page = client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    names = ASSET.findall(page)
    assert {"js/map.js", "css/app.css", "vendor/leaflet/leaflet.js", "vendor/htmx/htmx.min.js"} <= {
        re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", name) for name in names}
    for name in names:
        plain = re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", name)
        assert name == named(plain, hash_of(Path(app.static_folder) / plain)), name
    editor = re.search(r'"editor": \[([^\]]*)\]', page.replace("&#34;", '"')).group(1)
    geoman = "vendor/geoman/leaflet-geoman.js"  # loaded by draw.js when someone draws
    assert named(geoman, hash_of(Path(app.static_folder) / geoman)) in editor


def test_a_named_version_is_kept_a_year_the_plain_name_an_hour(app, anonymous):
    versioned = "/static/" + named("js/map.js", hash_of(Path(app.static_folder) / "js/map.js"))
    for encoding in ("gzip", "identity"):
        response = anonymous.get(versioned, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200 and response.headers["Cache-Control"] == LONG
        assert response.mimetype == "text/javascript"
    assert anonymous.get(versioned, headers={"Accept-Encoding": "identity"}).data == (
        Path(app.static_folder) / "js/map.js").read_bytes()
    plain = anonymous.get("/static/js/map.js")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "public, max-age=3600"
    # A page older than the deploy asks for the version it knew: it gets today's file, kept an hour only.
    stale = anonymous.get("/static/" + named("js/map.js", "0123456789"))
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "public, max-age=3600"
    assert anonymous.get("/static/" + named("js/nothing.js", "0123456789")).status_code == 404


def test_a_changed_file_gets_a_new_name(app, anonymous, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    script = tmp_path / "js" / "tool.js"
    script.parent.mkdir()
    script.write_text("var a = 1;\n")
    with app.test_request_context():
        before = url_for("static", filename="js/tool.js")
    script.write_text("var a = 2; // after a deploy\n")
    with app.test_request_context():
        after = url_for("static", filename="js/tool.js")
    assert before != after and after == "/static/" + named("js/tool.js", hash_of(script))
    answer = anonymous.get(after)
    assert answer.data == script.read_bytes() and answer.headers["Cache-Control"] == LONG
    assert anonymous.get(before).headers["Cache-Control"] == "public, max-age=3600"
