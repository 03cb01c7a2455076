"""``match_near`` finds exactly what the whole-Doc ``Matcher`` finds, for the two matchers that
use it: the reach each declares around its anchor words must cover every pattern."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import entity_rules
from pipeline.doc_views import tokens_with
from pipeline.matching import anchor_windows, match_near
from pipeline.patterns import seasons

_NLP = spacy.blank("en")
_ENTITY_RULES = entity_rules.EntityRules(_NLP)
# Words that fill every pattern of both matchers, and words that break them.
_WORDS = (
    "season seasons series Series outing S3 S12 2 two 10 third 4th fourth and final last - more "
    "additional to Dana Holt Lee Sol Entertainment Studios Pictures of Ann The said says plays "
    "played portrayed stars returns as by was the a show"
).split()


def _doc(words: list[str]):
    return spacy.tokens.Doc(_NLP.vocab, words=words or ["x"])


def _season_matches(doc) -> tuple[list, list]:
    matcher = seasons._matcher(doc.vocab)
    anchors = tokens_with(doc, lower=seasons._ANCHOR_WORDS, orth=seasons._short_forms())
    near = match_near(matcher, doc, anchors, seasons._BEFORE_ANCHOR, seasons._AFTER_ANCHOR)
    return sorted(near), sorted(matcher(doc))


def _entity_matches(doc) -> tuple[list, list]:
    rules = _ENTITY_RULES
    anchors = tokens_with(doc, orth=rules.suffix_words, lower=rules.context_words)
    near = match_near(
        rules.matcher, doc, anchors, entity_rules._BEFORE_ANCHOR, entity_rules._AFTER_ANCHOR
    )
    return sorted(near), sorted(rules.matcher(doc))


def test_windows_merge_and_stay_inside_the_doc() -> None:
    doc = _doc("a b c d e f g h i j".split())
    assert [(w.start, w.end) for w in anchor_windows(doc, [1, 3, 8], 2, 1)] == [(0, 5), (6, 10)]
    assert anchor_windows(doc, [], 2, 1) == []


def test_the_longest_patterns_are_found_whole() -> None:
    season = _doc("it is the fourth and final season now and seasons 2 and 3 too".split())
    near, whole = _season_matches(season)
    assert near == whole and len(whole) >= 2
    entity = _doc("x Ann Lee Dana Holt Studios of Sol Dana y was played by Ann Dana Lee".split())
    near, whole = _entity_matches(entity)
    assert near == whole
    assert any(end - start == 8 for _, start, end in whole)  # four words, suffix, of, two


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_near_anchors_equals_the_whole_doc(words: list[str]) -> None:
    doc = _doc(words)
    near, whole = _season_matches(doc)
    assert near == whole
    near, whole = _entity_matches(doc)
    assert near == whole
