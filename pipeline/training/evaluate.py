"""Scores a spaCy pipeline's PERSON / ORG entities against GUM gold documents.

Shared by the training command (scores recorded in the bundled model's ``meta.json``) and
``benchmarks/ner_benchmark.py``, so both report the same numbers:

* mention level: exact character spans with the label, P/R/F1 per label and micro-averaged;
* document level: per document, the set of distinct entity strings per label against the gold
  set (what a claims table that lists "who / which organisation is mentioned" needs);
* throughput: words (gold, non-space tokens) per second over the whole set.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

EVAL_LABELS: tuple[str, ...] = ("PERSON", "ORG")
MICRO = "ALL"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _spans(doc: Doc, label: str) -> set[tuple[int, int]]:
    return {(e.start_char, e.end_char) for e in doc.ents if e.label_ == label}


def _strings(doc: Doc, label: str) -> set[str]:
    return {" ".join(e.text.split()) for e in doc.ents if e.label_ == label}


def mention_scores(
    gold: Sequence[Doc], pred: Sequence[Doc], labels: Sequence[str] = EVAL_LABELS
) -> dict[str, Counts]:
    """Exact-span (character offsets + label) counts per label and micro-averaged (``ALL``)."""
    scores = {label: Counts() for label in (*labels, MICRO)}
    for g, p in zip(gold, pred, strict=True):
        if g.text != p.text:
            raise ValueError("predicted and gold documents have different texts")
        for label in labels:
            gold_set, pred_set = _spans(g, label), _spans(p, label)
            scores[label].add(gold_set, pred_set)
            scores[MICRO].add({(label, *s) for s in gold_set}, {(label, *s) for s in pred_set})
    return scores


def document_scores(
    gold: Sequence[Doc], pred: Sequence[Doc], labels: Sequence[str] = EVAL_LABELS
) -> dict[str, Counts]:
    """Per document, distinct entity strings per label vs. the gold strings; summed over docs."""
    scores = {label: Counts() for label in (*labels, MICRO)}
    for g, p in zip(gold, pred, strict=True):
        for label in labels:
            gold_set, pred_set = _strings(g, label), _strings(p, label)
            scores[label].add(gold_set, pred_set)
            scores[MICRO].add({(label, s) for s in gold_set}, {(label, s) for s in pred_set})
    return scores


def predict(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    return list(nlp.pipe(texts, batch_size=16))


def words_per_second(nlp: Language, gold: Sequence[Doc], repeat: int = 3) -> float:
    """Median throughput over ``repeat`` timed passes (after the caller's warm-up pass)."""
    texts = [doc.text for doc in gold]
    words = sum(1 for doc in gold for token in doc if not token.is_space)
    timings = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        predict(nlp, texts)
        timings.append(time.perf_counter() - start)
    return words / statistics.median(timings)


def evaluate(
    nlp: Language,
    gold: Sequence[Doc],
    doc_level_gold: Sequence[Doc] | None = None,
    repeat: int = 3,
) -> dict[str, Any]:
    """Mention-level scores on ``gold``, document-level on ``doc_level_gold`` (default: all),
    and throughput. Returns plain dicts, ready for JSON."""
    pred = predict(nlp, [doc.text for doc in gold])  # also the warm-up pass for the timing
    by_text = {g.text: p for g, p in zip(gold, pred, strict=True)}
    doc_gold = list(gold if doc_level_gold is None else doc_level_gold)
    doc_pred = [by_text[g.text] if g.text in by_text else nlp(g.text) for g in doc_gold]
    return {
        "mention": {k: v.as_dict() for k, v in mention_scores(gold, pred).items()},
        "document": {k: v.as_dict() for k, v in document_scores(doc_gold, doc_pred).items()},
        "words": sum(1 for doc in gold for token in doc if not token.is_space),
        "documents": len(gold),
        "words_per_second": round(words_per_second(nlp, gold, repeat), 1),
    }


# ---------------------------------------------------------------------------------------------
# Syntax: tags, UD POS, features, lemmas, dependencies (per treebank)

SYNTAX_KEYS: tuple[str, ...] = ("uas", "las", "upos", "xpos", "morph", "lemma")


def _gold_tokens(gold: Doc) -> list[int]:
    return [t.i for t in gold if not t.is_space]


def syntax_scores(nlp: Language, gold: Sequence[Doc], *, gold_tokens: bool) -> dict[str, Any]:
    """UAS, LAS, UPOS, XPOS, morphology and lemma accuracy over the gold (non-space) words.

    ``gold_tokens=False``: the pipeline reads the raw text (its own tokenizer and sentence
    split, as on an article); a gold word counts as correct only if one predicted token
    matches it exactly (so tokenization errors count against every score), and an arc is
    right when the predicted head is the token aligned to the gold head. ``gold_tokens=True``:
    the pipeline gets the treebank's words and sentence starts preset (as the project's own
    sentence splitter presets them), the usual UD "gold tokenization" setting. Paragraph-break
    whitespace tokens are not words and are not scored. Labels are compared as strings, UD
    ``root`` being spaCy's ``ROOT``.
    """
    from spacy.training import Example

    correct = dict.fromkeys(SYNTAX_KEYS, 0)
    lemma_total = 0
    total = 0
    for g in gold:
        if gold_tokens:
            x = Doc(
                nlp.vocab,
                words=[t.text for t in g],
                spaces=[bool(t.whitespace_) for t in g],
                sent_starts=[bool(t.is_sent_start) for t in g],
            )
            pred = nlp(x)
            g2p = {i: i for i in range(len(g))}
        else:
            pred = nlp(g.text)
            align = Example(pred, g).alignment
            g2p = {}
            for i in range(len(g)):
                xs = align.y2x[i]
                if len(xs) == 1 and len(align.x2y[int(xs[0])]) == 1:
                    g2p[i] = int(xs[0])
        for i in _gold_tokens(g):
            gt = g[i]
            total += 1
            if gt.lemma_:
                lemma_total += 1
            p = g2p.get(i)
            if p is None:
                continue
            pt = pred[p]
            head_ok = g2p.get(gt.head.i) == pt.head.i
            correct["uas"] += head_ok
            correct["las"] += head_ok and pt.dep_.lower() == gt.dep_.lower()
            correct["upos"] += pt.pos_ == gt.pos_
            correct["xpos"] += pt.tag_ == gt.tag_
            correct["morph"] += str(pt.morph) == str(gt.morph)
            correct["lemma"] += bool(gt.lemma_) and pt.lemma_ == gt.lemma_
    scores: dict[str, Any] = {
        key: round(correct[key] / (lemma_total if key == "lemma" else total), 4) if total else 0.0
        for key in SYNTAX_KEYS
    }
    scores["words"] = total
    scores["documents"] = len(gold)
    return scores


def throughput(nlp: Language, texts: Sequence[str], repeat: int = 3) -> dict[str, float]:
    """Words (whitespace-split) per wall second and CPU seconds per pass: medians over
    ``repeat`` timed passes after one warm-up pass."""
    words = sum(len(text.split()) for text in texts)
    predict(nlp, texts)
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        predict(nlp, texts)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall_s, cpu_s = statistics.median(walls), statistics.median(cpus)
    return {
        "words": words,
        "wall_s": round(wall_s, 3),
        "cpu_s": round(cpu_s, 3),
        "words_per_second": round(words / wall_s, 1),
        "words_per_cpu_second": round(words / cpu_s, 1),
    }
