"""Run a spaCy ``Matcher`` only where a match can be.

The ``Matcher`` pays for its predicates (a regex among them) at every token of the Doc. When
every pattern of a matcher holds an anchor word (a season word, a speech verb, a company
suffix) with at most ``before`` tokens before it and ``after`` tokens after it, a match always
lies within that reach of an anchor: matching those stretches only gives the same matches, in
the same order, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span


def anchor_windows(doc: Doc, anchors: Iterable[int], before: int, after: int) -> list[Span]:
    """Disjoint stretches of ``doc`` covering ``before`` tokens before and ``after`` tokens after
    each anchor (token index), in text order; touching stretches are merged so no match is cut
    or found twice."""
    windows: list[tuple[int, int]] = []
    for i in sorted(anchors):
        start, end = max(0, i - before), min(len(doc), i + after + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return [doc[start:end] for start, end in windows]


def match_near(
    matcher: Matcher, doc: Doc, anchors: Iterable[int], before: int, after: int
) -> list[tuple[int, int, int]]:
    """``matcher(doc)`` (match id, start, end: Doc token indices) for a matcher whose every
    pattern holds an anchor with at most ``before`` tokens before it and ``after`` after it."""
    found = []
    for window in anchor_windows(doc, anchors, before, after):
        found.extend(
            (match_id, window.start + start, window.start + end)
            for match_id, start, end in matcher(window)
        )
    return found
