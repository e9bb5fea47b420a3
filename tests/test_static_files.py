"""A static text file is sent as its gzipped copy, made once by `flask compress-static`, to the browsers that take
gzip; a copy older than its file is never sent."""
import gzip
import os
import shutil
from pathlib import Path

from app import static_files
from app.offline.shell import kept_files


def test_the_command_writes_a_copy_smaller_than_gzip_of_each_text_file_and_then_none(app, tmp_path):
    shutil.copytree(app.static_folder + "/js", tmp_path / "js", ignore=shutil.ignore_patterns("*.gz"))
    (tmp_path / "img.png").write_bytes(b"\x89PNG")
    made = static_files.write_copies(tmp_path)
    sources = sorted((tmp_path / "js").glob("*.js"))
    assert made == len(sources) and not (tmp_path / "img.png.gz").exists()
    for source in sources:
        copy = source.with_name(source.name + ".gz").read_bytes()
        assert gzip.decompress(copy) == source.read_bytes()
        assert len(copy) <= len(gzip.compress(source.read_bytes(), 9))
    assert static_files.write_copies(tmp_path) == 0
    later = sources[0].with_name(sources[0].name + ".gz").stat().st_mtime + 10
    os.utime(sources[0], (later, later))  # the file changed after its copy was made
    assert static_files.write_copies(tmp_path) == 1


def _copy_of_map_js(app):
    static_files.write_copies(app.static_folder)
    source = os.path.join(app.static_folder, "js", "map.js")
    return source, source + ".gz"


def test_a_browser_that_takes_gzip_gets_the_copy_the_others_the_file(app, anonymous):
    source, copy = _copy_of_map_js(app)
    response = anonymous.get("/static/js/map.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert response.mimetype == "text/javascript" and response.data == Path(copy).read_bytes()
    plain = anonymous.get("/static/js/map.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.data == Path(source).read_bytes()


def test_a_copy_older_than_its_file_is_not_sent(app, anonymous):
    source, copy = _copy_of_map_js(app)
    made = os.stat(copy).st_mtime
    os.utime(copy, (made - 3600,) * 2)  # as if the file had been changed (a pull) since its copy was made
    try:
        response = anonymous.get("/static/js/map.js", headers={"Accept-Encoding": "gzip"})
        assert gzip.decompress(response.data) == Path(source).read_bytes()
        assert response.data != Path(copy).read_bytes()  # compressed afresh, not the old copy
    finally:
        os.utime(copy, (made, made))


def test_no_name_reaches_outside_the_folder_and_the_copies_are_not_kept_offline(app, anonymous):
    _copy_of_map_js(app)
    assert anonymous.get("/static/../app/__init__.py", headers={"Accept-Encoding": "gzip"}).status_code == 404
    assert anonymous.get("/static/js/..%2F..%2Fconfig.py", headers={"Accept-Encoding": "gzip"}).status_code == 404
    kept_files.cache_clear()
    assert not [name for name in kept_files(app.static_folder) if name.endswith(".gz")]
