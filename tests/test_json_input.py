"""JSON a person sends is read within bounds: nesting is told from the text, before the parser goes down it."""
import json

import pytest

from app import json_input


def nested(depth, inner="1"):
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize(("text", "depth"), [
    (nested(64), 64), (nested(65), 65), ('{"a": ' * 64 + "1" + "}" * 64, 64), ('{"a": ' * 65 + "1" + "}" * 65, 65),
    (json.dumps({"s": "[[[[" * 100, "t": [1, [2]]}), 3),  # brackets inside a string are no levels
    (json.dumps({"s": 'a"b\\\\[[[' * 50 + '\\\\"' * 9, "t": [[[]]]}), 4),  # escaped quotes and backslashes
    (json.dumps({"é": "\u2028[", "t": "\\\"[[["}, ensure_ascii=False), 1),
    (nested(40, json.dumps("]" * 10)), 40), ("[" + "[[]]," * 10 + nested(63) + "]", 64),
])
def test_nesting_is_told_from_the_text_as_the_value_holds_it(text, depth):
    for sent in (text, text.encode()):
        if depth > json_input.MAX_DEPTH:
            with pytest.raises(json_input.TooDeep):
                json_input.loads(sent)
        else:
            assert json_input.loads(sent) == json.loads(text)


def test_a_text_nested_past_the_parsers_own_limit_is_too_deep_not_a_crash():
    with pytest.raises(json_input.TooDeep):
        json_input.loads("[" * 100_000)
    with pytest.raises(json_input.TooDeep):
        json_input.loads(b"[" * 3_000_000)  # over several of the scan's chunks


def test_what_is_not_json_is_still_refused():
    for text in ('{"a": [1, 2}', '"[[[', "[1]]]]]", ""):
        with pytest.raises(ValueError):
            json_input.loads(text)
