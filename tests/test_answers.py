"""The kept answers stay within their bytes, the least recently used leaving first."""
from app.answers import Answers


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
