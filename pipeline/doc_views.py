"""Views of a Doc computed once and kept on it (in ``doc.user_data``) for the claim components,
which ask them per token or per sentence.

spaCy recomputes these on every access: ``doc.text`` joins every token, ``token.sent`` walks
the sentence and checks the whole Doc's annotation. The
claim components run after every step that changes tokens or sentence starts, so the views
cannot go stale while they read them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def doc_text(doc: Doc) -> str:
    """``doc.text`` (a Doc's text never changes)."""
    text = doc.user_data.get("tv_text")
    if text is None:
        text = doc.user_data["tv_text"] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, cut from the Doc's text instead of joined token by token."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def sentence_of(item: Token | Span) -> Span:
    """``item.sent``, from sentence bounds computed once per Doc."""
    doc = item.doc
    bounds = doc.user_data.get("tv_sentence_bounds")
    if bounds is None or len(bounds[0]) != len(doc):
        starts = [0] * len(doc)
        ends = [0] * len(doc)
        for sent in doc.sents:
            width = sent.end - sent.start
            starts[sent.start : sent.end] = [sent.start] * width
            ends[sent.start : sent.end] = [sent.end] * width
        bounds = doc.user_data["tv_sentence_bounds"] = (starts, ends)
    if isinstance(item, Token):
        return doc[bounds[0][item.i] : bounds[1][item.i]]
    first, last = item.start, max(item.start, item.end - 1)
    return doc[bounds[0][first] : bounds[1][last]]
