"""Cost grows linearly with article length (issue 8, case 4).

Times are CPU times (``time.process_time``) of the same text repeated 1x and 20x; a linear step
costs about 20x, a quadratic one about 400x. The bound (< 40x) leaves room for noise without
absolute thresholds. The best of a few repeats is taken so that one slow run cannot fail it.
"""

from __future__ import annotations

import time

from pipeline.sentences import sentence_spans

PARAGRAPH = (
    "Netflix has renewed Harbor Lights for a third season. Priya Raman plays Dr. Lena Ortiz, "
    'and Det. Harry Holt returns. "We are thrilled," she said. The show premiered on July 9, '
    "2025, according to Deadline.\nA Headline Without A Period\n"
)


def _cost(func, arg, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        func(arg)
        best = min(best, time.process_time() - started)
    return max(best, 1e-4)


def _ratio(func, unit: str, times: int = 20, repeats: int = 3, copies: int = 10) -> float:
    base = unit * copies
    func(base)  # warm caches
    return _cost(func, base * times, repeats) / _cost(func, base, repeats)


def test_sentence_and_entity_pipeline_is_linear(nlp) -> None:
    def run(text: str) -> None:
        sentence_spans(nlp(text))

    assert _ratio(run, PARAGRAPH) < 40


def test_many_short_lines_are_linear(nlp) -> None:
    def run(text: str) -> None:
        sentence_spans(nlp(text))

    assert _ratio(run, "Short line here\n" * 20) < 40


def test_whole_extraction_is_linear() -> None:
    import pipeline

    def run(text: str) -> None:
        pipeline.extract(text, model="rules")

    # ~9 KB against ~190 KB: long enough for per-match whole-Doc work to show
    assert _ratio(run, PARAGRAPH, repeats=1, copies=40) < 40
