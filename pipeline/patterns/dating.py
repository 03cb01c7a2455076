"""The date stage as a spaCy component: ``tv_dates`` finds and normalises the Doc's dates.

The article's date context (publication date, byline year) is not in the text the pipeline
sees, so the caller sets ``doc._.tv_date_context`` (a :class:`pipeline.dates.DateContext`) on
the Doc before running the pipeline over it; without one, year-less dates stay unresolved.
The expressions are written to ``doc._.tv_dates`` (offsets into ``doc.text``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.dates import DateContext, find_dates
from pipeline.doc_views import doc_text

Doc.set_extension("tv_date_context", default=None, force=True)
Doc.set_extension("tv_dates", default=None, force=True)


@Language.component("tv_dates", assigns=["doc._.tv_dates"])
def mark_dates(doc: Doc) -> Doc:
    context = doc._.tv_date_context or DateContext(anchor=None, default_year=None)
    doc._.tv_dates = find_dates(doc_text(doc), context)
    return doc
