"""The public API: ``pipeline.extract`` / ``pipeline.extract_frame``, and a fuzz test over it."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.claims import PANDAS_DTYPES, Claim

ISO_VALUE = re.compile(r"[0-9]{4}(?:-(?:[0-9]{2}(?:-[0-9]{2})?|SP|SU|FA|WI))?")
ARTICLE = (
    " date 2025-10-07 \r\n"
    "Netflix has renewed \u201cWayfarers\u201d for Season 2.\r\n"
    "Ann Lee plays Dr. Mira Tan. Filming will begin in January; it premiered Thursday.\r\n"
)


def test_import_pipeline_stays_light() -> None:
    code = "import sys, pipeline; print('spacy' in sys.modules, 'pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def test_extract_gives_claims_with_offsets_into_the_text() -> None:
    claims = pipeline.extract(ARTICLE, article_id="wayfarers", model="rules")
    assert claims and all(isinstance(c, Claim) for c in claims)
    assert {c.article_id for c in claims} == {"wayfarers"}
    kinds = {c.claim_type for c in claims}
    assert {"renewal", "cast", "date"} <= kinds
    for claim in claims:
        assert ARTICLE[claim.char_start : claim.char_end] == claim.evidence
    dates = {c.date_text: c.date_value for c in claims if c.claim_type == "date"}
    assert dates["January"] == "2026-01"  # anchored on the date line, future sentence
    assert pipeline.extract is pipeline.api.extract  # the stage module did not replace it


def test_published_overrides_the_date_line_and_accepts_dates() -> None:
    text = "It premiered Thursday. Filming begins in March."
    by_str = pipeline.extract(text, published="2024-03-14", model="rules")
    by_date = pipeline.extract(text, published=date(2024, 3, 14), model="rules")
    assert by_str == by_date
    values = {c.date_text: c.date_value for c in by_str if c.claim_type == "date"}
    assert values == {"Thursday": "2024-03-14", "March": "2024-03"}
    overridden = pipeline.extract(
        " date 2020-01-01\n" + text, published="2024-03-14", model="rules"
    )
    assert {c.date_value for c in overridden if c.claim_type == "date"} == set(values.values())
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        pipeline.extract(text, published="March 2024", model="rules")


def test_extract_frame_has_the_table_schema() -> None:
    frame = pipeline.extract_frame(ARTICLE, model="rules")
    assert list(frame.columns) == list(PANDAS_DTYPES)
    assert {c: str(t) for c, t in frame.dtypes.items()} == PANDAS_DTYPES
    empty = pipeline.extract_frame("   ", model="rules")
    assert len(empty) == 0 and list(empty.columns) == list(PANDAS_DTYPES)


def test_same_claims_as_a_run(tmp_path) -> None:
    from pipeline.article import extract_claims
    from pipeline.clean import read_article
    from pipeline.nlp import load_pipeline

    path = tmp_path / "wayfarers.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    from_file = extract_claims("wayfarers", read_article(path), load_pipeline("rules"), "rules")
    assert pipeline.extract(ARTICLE, article_id="wayfarers", model="rules") == from_file


def test_over_long_text_raises_one_line() -> None:
    from pipeline.clean import ArticleError

    with pytest.raises(ArticleError, match="over the 1,000,000-character limit"):
        pipeline.extract("a" * 1_000_001, model="rules")


FRAGMENTS = [
    " date 2025-10-07 \n",
    " date 0001-01-01 \n",
    " date 9999-12-31 \n",
    " date 2025-13-45 \n",
    "Netflix",
    " has renewed ",
    '"Wayfarers"',
    " for Season 2.",
    " Ann Lee plays Dr. Mira Tan.",
    " Starring: Ann Lee, Bo Park, Cy Dunn.",
    " (Photo by Kim Lee/Getty Images)",
    "\u201cQuoted,\u201d said Jo Park.",
    " on July 9, 2025",
    " next year",
    " announced Thursday",
    " will begin in February",
    " last week",
    "\r\n",
    "\n\n",
    "\u00a0",
    "<p>",
    "&amp;",
    "<!-- c -->",
    "<script>x = 'Al Roe plays Sy';</script>",
    "\ufeff",
    "\u200b",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30).map("".join),
)
published = st.one_of(st.none(), st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]))


@settings(max_examples=60, deadline=None)
@given(texts, published)
def test_fuzz_extract(text: str, when: date | None) -> None:
    for claim in pipeline.extract(text, published=when, model="rules"):
        assert 0 <= claim.char_start <= claim.char_end <= len(text)
        assert text[claim.char_start : claim.char_end] == claim.evidence
        assert claim.sentence_start <= claim.char_start
        assert claim.char_end <= claim.sentence_end
        assert claim.date_value is None or ISO_VALUE.fullmatch(claim.date_value), claim
