"""Entity resolution (``pipeline/entities.py``): which of the model's entities become person and
organisation mentions. Docs are built by hand so that each case states its entities exactly."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.entities import resolve_mentions
from pipeline.patterns.titles import SPANS_KEY


def _doc(words: list[str], ents: list[tuple[int, int, str]], titles: list[tuple[int, int]]) -> Doc:
    doc = Doc(Vocab(), words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    doc.spans[SPANS_KEY] = [Span(doc, start, end) for start, end in titles]
    return doc


def _mentions(doc: Doc) -> set[tuple[str, str]]:
    return {(m.kind, m.canonical) for m in resolve_mentions(doc, {}, set())}


@pytest.mark.parametrize(
    ("words", "ents", "titles"),
    [
        # words of a longer title: "College Girls" of "Sex Lives of College Girls"
        ("Sex Lives of College Girls star Ann Oba".split(), [(3, 5, "ORG")], [(0, 5)]),
        ("Sex Lives of College Girls star Ann Oba".split(), [(0, 2, "PERSON")], [(0, 5)]),
        # across two titles' edges: "Society and Julie"
        ("The Society and Julie & The Phantoms".split(), [(1, 4, "ORG")], [(0, 2), (3, 7)]),
    ],
)
def test_words_of_a_title_are_no_entity(words, ents, titles) -> None:
    assert _mentions(_doc(words, ents, titles)) == set()


@pytest.mark.parametrize(
    ("words", "ents", "titles", "expected"),
    [
        # the whole title as the model's entity: decided elsewhere, kept here
        (
            "Moonbeam Pictures made it".split(),
            [(0, 2, "ORG")],
            [(0, 2)],
            ("organisation", "Moonbeam Pictures"),
        ),
        # a surname the model found alone, in a full name the title finder took for a title
        ("actress Midori Oba joined".split(), [(2, 3, "PERSON")], [(1, 3)], ("person", "Oba")),
        # no title at all
        ("Netflix renewed it".split(), [(0, 1, "ORG")], [], ("organisation", "Netflix")),
    ],
)
def test_entities_kept(words, ents, titles, expected) -> None:
    assert expected in _mentions(_doc(words, ents, titles))
