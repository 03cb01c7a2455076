from __future__ import annotations

import pytest

from pipeline.sentences import sentence_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Headline Without Period\nBody sentence one. Body two.",
            ["Headline Without Period", "Body sentence one.", "Body two."],
        ),
        (
            "He met Det. Harry Holt at dawn. Then he left.",
            ["He met Det. Harry Holt at dawn.", "Then he left."],
        ),
        (
            '"We are thrilled," she said. "Truly!" Next one?',
            ['"We are thrilled," she said.', '"Truly!"', "Next one?"],
        ),
        ("It costs approx. ten dollars. Fine.", ["It costs approx. ten dollars.", "Fine."]),
        (
            "Caption line (A) in SHOW S1\nStory text.",
            ["Caption line (A) in SHOW S1", "Story text."],
        ),
    ],
)
def test_sentence_split(parse, text: str, expected: list[str]) -> None:
    assert [s.text for s in sentence_spans(parse(text))] == expected


def test_sentence_offsets_slice_the_text(parse) -> None:
    text = "One two.\n\nThree four!  Five six?"
    for sent in sentence_spans(parse(text)):
        assert text[sent.start : sent.end] == sent.text
