"""Views of a Doc computed once and kept on it (in ``doc.user_data``) for the claim components,
which ask them per token or per sentence.

spaCy recomputes these on every access: ``doc.text`` joins every token, ``token.sent`` walks
the sentence and checks the whole Doc's annotation. The
claim components run after every step that changes tokens or sentence starts, so the views
cannot go stale while they read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token


def doc_text(doc: Doc) -> str:
    """``doc.text`` (a Doc's text never changes)."""
    text = doc.user_data.get("tv_text")
    if text is None:
        text = doc.user_data["tv_text"] = doc.text
    return text


# Per-word strings: ``doc[i]`` makes a new Token object on every access and each string
# attribute is looked up anew, so a rule that scans every word reads these lists and makes a
# Token only for the words that pass its cheap test. (A kept list of Tokens would cost more:
# Token objects that stay alive are slow to allocate and burden the garbage collector.)


def _per_token(doc: Doc, key: str, make: Callable[[Doc], list]) -> list:
    values = doc.user_data.get(key)
    if values is None or len(values) != len(doc):
        values = doc.user_data[key] = make(doc)
    return values


def _strings(doc: Doc, attr: int) -> list[str]:
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attr).tolist()]


def doc_texts(doc: Doc) -> list[str]:
    """``[t.text for t in doc]``, kept."""
    return _per_token(doc, "tv_texts", lambda d: _strings(d, ORTH))


def doc_lowers(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]``, kept."""
    return _per_token(doc, "tv_lowers", lambda d: _strings(d, LOWER))


def doc_lemmas(doc: Doc) -> list[str]:
    """``[t.lemma_ for t in doc]``, kept (the claim components run after the lemmatizer)."""
    return _per_token(doc, "tv_lemmas", lambda d: _strings(d, LEMMA))


def is_punct_at(doc: Doc, i: int) -> bool:
    """``doc[i].is_punct``, with no Token made for a word that starts with a letter or digit
    (spaCy's ``is_punct`` wants every character to be punctuation)."""
    text = doc_texts(doc)[i]
    return not text[:1].isalnum() and doc[i].is_punct


def tokens_with(doc: Doc, *, lower: Iterable[str] = (), orth: Iterable[str] = ()) -> list[int]:
    """Indices of the tokens whose lower-case form is in ``lower`` or whose exact text is in
    ``orth``."""
    lower, orth = _as_set(lower), _as_set(orth)
    return [
        i
        for i, (text, low) in enumerate(zip(doc_texts(doc), doc_lowers(doc), strict=True))
        if low in lower or text in orth
    ]


def _as_set(words: Iterable[str]) -> frozenset[str] | set[str] | dict:
    return words if isinstance(words, (frozenset, set, dict)) else frozenset(words)


def capitalised_mid_sentence(doc: Doc) -> dict[str, bool]:
    """Words the article capitalises somewhere other than at a sentence start: a name or title
    word, not just a sentence opener (a dict used as a set: ``word in ...``)."""
    found = doc.user_data.get("tv_capitalised_mid_sentence")
    if found is None:
        starts = doc.to_array(SENT_START).tolist()
        found = dict.fromkeys(
            text
            for text, start in zip(doc_texts(doc), starts, strict=True)
            if text[:1].isupper() and start != 1
        )
        doc.user_data["tv_capitalised_mid_sentence"] = found
    return found


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, as last set by :func:`set_entities`, or from spaCy for a Doc whose entities
    were never set that way. The claim components ask for them a dozen times per Doc and spaCy
    makes every Span anew each time; they are the only writers of entities after the model and
    write through :func:`set_entities`, so the kept tuple cannot go stale in the pipeline."""
    kept = doc.user_data.get("tv_ents")
    return kept if kept is not None else doc.ents


def set_entities(doc: Doc, spans: Iterable[Span]) -> None:
    """``doc.ents = spans``, kept for :func:`doc_entities`."""
    doc.ents = list(spans)
    doc.user_data["tv_ents"] = doc.ents


def span_text(span: Span) -> str:
    """``span.text``, cut from the Doc's text instead of joined token by token."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def per_sentence(sent: Span, name: str, compute: Callable[[Span], bool]) -> bool:
    """``compute(sent)``, kept on the Doc under ``name`` for that sentence: for tests of a
    sentence that several rules ask of every sentence or every name in it."""
    known = sent.doc.user_data.setdefault(name, {})
    key = (sent.start, sent.end)
    if key not in known:
        known[key] = compute(sent)
    return known[key]


def doc_sentences(doc: Doc) -> tuple[Span, ...]:
    """``tuple(doc.sents)``, made once (spaCy makes a new Span per sentence on every pass, and
    a Span costs two Token objects)."""
    return _sentence_bounds(doc)[3]


def _sentence_bounds(doc: Doc) -> tuple[list[int], list[int], dict, tuple[Span, ...]]:
    """Per token, the start and end of its sentence; the sentence Spans by (start, end) and in
    order."""
    bounds = doc.user_data.get("tv_sentence_bounds")
    if bounds is None or len(bounds[0]) != len(doc):
        starts = [0] * len(doc)
        ends = [0] * len(doc)
        sents = tuple(doc.sents)
        for sent in sents:
            width = sent.end - sent.start
            starts[sent.start : sent.end] = [sent.start] * width
            ends[sent.start : sent.end] = [sent.end] * width
        spans = {(sent.start, sent.end): sent for sent in sents}
        bounds = doc.user_data["tv_sentence_bounds"] = (starts, ends, spans, sents)
    return bounds


def sentence_of(item: Token | Span) -> Span:
    """``item.sent``, from sentence bounds computed once per Doc."""
    doc = item.doc
    bounds = _sentence_bounds(doc)
    if isinstance(item, Token):
        start, end = bounds[0][item.i], bounds[1][item.i]
    else:
        first, last = item.start, max(item.start, item.end - 1)
        start, end = bounds[0][first], bounds[1][last]
    spans = bounds[2]
    span = spans.get((start, end))
    if span is None:
        span = spans[(start, end)] = doc[start:end]
    return span
