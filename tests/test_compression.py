"""Answers compressed for the browsers that accept it; a static file, streamed compressed, is closed once sent."""
import gc
import gzip
import warnings
from pathlib import Path

STATIC = Path(__file__).parents[1] / "static"


def test_a_static_file_is_sent_gzipped_and_its_file_closed_once_sent(anonymous):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        response = anonymous.get("/static/js/map.js", headers={"Accept-Encoding": "gzip"})
        body = response.data
        del response
        gc.collect()  # a file nobody closed is closed here, with a ResourceWarning
    assert gzip.decompress(body) == (STATIC / "js" / "map.js").read_bytes()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
