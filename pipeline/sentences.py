"""Stage 2 - sentences: split cleaned text into sentences (a registered spaCy component).

spaCy's stock ``sentencizer`` ignores line breaks, but in news text a line break always ends a
sentence (headlines, captions and list items carry no final period). This component marks both:
a sentence starts after a line break, and after ``.``, ``!`` or ``?`` (plus any closing quotes or
brackets) unless the next word is lower case, which keeps "approx. ten" together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.doc_views import doc_sentences, doc_text, doc_texts

_ENDERS = {".", "!", "?", "...", "\u2026", "!?", "?!"}
_CLOSERS = {'"', "'", ")", "]", "\u201d", "\u2019"}


@dataclass(frozen=True)
class Sentence:
    start: int  # character offsets into the cleaned text
    end: int
    text: str


@Language.component("tv_sentences")
def mark_sentence_starts(doc: Doc) -> Doc:
    if len(doc) == 0:
        return doc
    # Linear in the Doc's length: the flags are collected here and written once through a Doc
    # array. (Setting ``token.is_sent_start`` token by token makes spaCy rescan the whole Doc on
    # every assignment, which is quadratic: a 200 KB article took minutes.)
    texts = doc_texts(doc)  # a token's trailing whitespace is at most one space: its text
    # alone holds any line break
    size = len(texts)
    starts = [False] * size
    starts[0] = True
    i = 0
    while i < size:
        text = texts[i]
        if "\n" in text and i + 1 < size:
            starts[i + 1] = True
        elif text in _ENDERS or (text.endswith(("!", "?")) and doc[i].is_punct):
            j = i + 1
            while j < size and texts[j] in _CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            # spaCy's is_lower and is_space are str.islower and str.isspace
            if j < size and not texts[j].islower() and not texts[j].isspace():
                starts[j] = True
            i = j - 1
        i += 1
    # SENT_START: 1 starts a sentence, -1 does not (0 would mean "unknown").
    flags = numpy.fromiter((1 if s else -1 for s in starts), dtype="int32", count=len(starts))
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
    return doc


def sentence_spans(doc: Doc) -> list[Sentence]:
    """Sentences with offsets into ``doc.text``, whitespace-only ones dropped."""
    full = doc_text(doc)
    out = []
    for sent in doc_sentences(doc):
        raw = full[sent.start_char : sent.end_char]  # sent.text, without rebuilding it
        text = raw.strip()
        if not text:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        out.append(Sentence(start, start + len(text), text))
    return out
