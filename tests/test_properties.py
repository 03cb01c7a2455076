"""Property tests: arbitrary text never crashes a stage, and every offset slices the original."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.article import extract_claims
from pipeline.clean import clean_article, clean_text

FRAGMENTS = [
    " date 2025-10-07 ",
    "- Oct 4\n",
    "Netflix",
    " has renewed ",
    '"Wayfarers"',
    " for Season 2.",
    " Ann Lee plays Dr. Mira Tan.",
    " (Photo by Kim Lee/Getty Images)",
    " Kim Lee/Netflix\n",
    " Comments\n",
    "\u201cQuoted,\u201d said Jo Park.",
    " on July 9, 2025",
    " next year",
    " may ",
    "\n\n",
    "  ",
    "\u00a0",
    "\u2019s",
    " (A) ",
    "Ana (B)",
    " - ",
    "<p>",
    "&amp;",
    "<!DOCTYPE html>",
    " HBO\u2019s ",
    "Season",
    " as ",
    " played by ",
    " S1.",
    "\r\n",
    "\u200b",
    "\ufeff",
]
article_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_clean_offsets_always_map_into_raw(raw: str) -> None:
    for cleaned in (clean_text(raw), clean_article(raw)):
        assert len(cleaned.offsets) == len(cleaned.text)
        for start in range(0, len(cleaned.text), 7):
            end = min(len(cleaned.text), start + 5)
            a, b = cleaned.to_raw(start, end)
            assert 0 <= a <= b <= len(raw)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(article_text)
def test_extraction_never_crashes_and_offsets_slice_the_original(nlp, raw: str) -> None:
    cleaned = clean_article(raw)
    for claim in extract_claims("prop", cleaned, nlp, "rules"):
        assert 0 <= claim.char_start <= claim.char_end <= len(raw)
        assert raw[claim.char_start : claim.char_end] == claim.evidence
        assert 0 <= claim.sentence_start <= claim.sentence_end <= len(raw)
        assert claim.subject
        assert claim.polarity in {"asserted", "negated", "hedged"}
