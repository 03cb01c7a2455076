"""The public Python entry point: text in, claims out, exactly as ``python -m pipeline run``
would extract them from a file with that content.

>>> import pipeline
>>> claims = pipeline.extract("Netflix has renewed Wayfarers for Season 2.", published="2025-10-07")
>>> frame = pipeline.extract_frame(text, article_id="my-article")  # claims-table dtypes

``text`` is what a file would hold once decoded; the offsets of every claim index it:
``text[claim.char_start:claim.char_end] == claim.evidence``. Differences from a ``run``: no
language check (the rules are English-only; other text gives few or no claims), and problems
are raised, not skipped (:class:`pipeline.clean.ArticleError` for an article over the length
limit, ``ValueError`` for bad arguments).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt

import pandas as pd

from pipeline.claims import Claim, claims_frame
from pipeline.clean import check_length, clean_article

__all__ = ["Claim", "extract", "extract_frame"]


def _published(value: str | _dt.date | None) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise ValueError(f"published must be a date or 'YYYY-MM-DD', not {value!r}")
    raise TypeError(f"published must be a date, a 'YYYY-MM-DD' string or None, not {value!r}")


def extract(
    text: str,
    *,
    article_id: str = "article",
    published: str | _dt.date | None = None,
    model: str = "default",
    html: bool | None = None,
) -> list[Claim]:
    """Claims of one article's text.

    * ``text`` is cleaned exactly as a file's content is (HTML when it starts like HTML, or
      when ``html=True`` as for a ``.html`` file; boilerplate, bylines and a leading
      ``date YYYY-MM-DD`` line are metadata, not text);
    * ``published`` (a date or ``"YYYY-MM-DD"``) is the article's date, the anchor for
      year-less and relative dates; without it a ``date YYYY-MM-DD`` line in the text is used;
    * ``model``: ``"default"`` (bundled tv_core model + rules), ``"rules"``, or an installed spaCy
      pipeline name, as for ``run --model``;
    * ``article_id`` fills the ``article_id`` field (and so ``claim_id``).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not article_id or not isinstance(article_id, str):
        raise ValueError("article_id must be a non-empty string")
    anchor = _published(published)
    cleaned = clean_article(text, html=html)
    check_length(cleaned.text, article_id)  # the limit counts the cleaned text, as in a run
    if anchor is not None:
        cleaned = dataclasses.replace(cleaned, declared_date=anchor)
    if not cleaned.text.strip():
        return []
    from pipeline.article import extract_claims
    from pipeline.nlp import load_pipeline, model_label

    return extract_claims(article_id, cleaned, load_pipeline(model), model_label(model))


def extract_frame(
    text: str,
    *,
    article_id: str = "article",
    published: str | _dt.date | None = None,
    model: str = "default",
    html: bool | None = None,
) -> pd.DataFrame:
    """:func:`extract` as a DataFrame with the claims table's columns, dtypes and row order."""
    claims = extract(text, article_id=article_id, published=published, model=model, html=html)
    return claims_frame(c.row() for c in claims)
