"""The kept answers stay within their bytes, the least recently used leaving first; pieces gzipped apart make one
gzip stream of their texts."""
import gzip
import zlib

from app.answers import Answers, crc32_combine, gzip_parts, piece
from app.formats.geojson import collection


def test_the_least_recently_used_answer_leaves_first_and_the_bytes_stay_bounded():
    kept = Answers(max_bytes=10)
    kept.put("a", b"1234")
    kept.put("b", b"1234")
    assert kept.get("a") == b"1234"  # now the most recently used
    kept.put("c", b"1234")
    assert kept.get("b") is None and kept.get("a") == kept.get("c") == b"1234"
    assert kept.size == 8
    kept.put("a", b"12")  # the same key again: its bytes replace the old ones
    assert kept.size == 6
    kept.put("huge", b"x" * 11)  # larger than the whole cache: never kept, nothing evicted for it
    assert kept.get("huge") is None and kept.size == 6


def test_a_deleted_map_s_answers_are_forgotten_and_their_bytes_freed():
    kept = Answers(max_bytes=100)
    kept.put("layer-1-a", b"x" * 10)
    kept.put("layer-12-a", b"y" * 20)
    kept.put("layer-1-b", b"z" * 30)
    kept.forget("layer-1-")
    assert kept.kept_keys() == ["layer-12-a"] and kept.size == 20
    kept.put("layer-3-a", b"w" * 80)  # room for it: the forgotten bytes count no more
    assert kept.kept_keys() == ["layer-12-a", "layer-3-a"]


def test_pieces_gzipped_apart_are_one_gzip_stream_of_their_texts(app_context):
    texts = ['{"a":[', "é" * 40_000, ",", "", "x" * 70_000, "]}"]
    body = b"".join(gzip_parts([piece(text) for text in texts]))
    assert gzip.decompress(body) == "".join(texts).encode()
    assert collection(["1", "2"]) == '{"type":"FeatureCollection","features":[1,2]}'


def test_crc32_of_two_texts_from_each_ones():
    for first, second in [(b"", b""), (b"a", b""), (b"", b"bc"), (b"Voyette", b"x" * 100_003)]:
        assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)
