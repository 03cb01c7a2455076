#!/usr/bin/env python
"""Does the bundled parser keep the sentence starts that ``tv_sentences`` presets?

``pipeline.nlp.load_pipeline("default")`` runs ``tv_sentences`` first; it sets
``token.is_sent_start`` to True or False on every token. spaCy's parser treats those values as
constraints. This script checks it on real text: for every document it compares the sentence
starts after the whole pipeline with those ``tv_sentences`` alone sets, and counts dependency
arcs that cross a preset boundary and sentences without exactly one root.

    python benchmarks/sentence_boundaries.py                 # seeds/*.txt + GUM test texts
    python benchmarks/sentence_boundaries.py --input a.txt b.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from pipeline.clean import read_article  # noqa: E402
from pipeline.nlp import load_pipeline  # noqa: E402

GUM = REPO_ROOT.parent / "shared" / "corpora" / "gum"


def texts(inputs: list[Path]) -> dict[str, str]:
    found = {p.stem: read_article(p).text for p in inputs}
    if not inputs:
        found = {p.stem: read_article(p).text for p in sorted((REPO_ROOT / "seeds").glob("*.txt"))}
        if (GUM / "splits.md").exists():
            from spacy.vocab import Vocab

            from pipeline.training.gum import document_to_doc, split_corpus

            for d in split_corpus(GUM)["test"]:
                found[d.doc_id] = document_to_doc(Vocab(), d, syntax=False, entities=False).text
    return found


def check(name_texts: dict[str, str]) -> dict[str, int]:
    nlp = load_pipeline("default")
    totals = dict.fromkeys(
        ["documents", "tokens", "preset_starts", "starts_lost", "starts_added", "arcs_crossing",
         "sentences_not_one_root"], 0)  # fmt: skip
    for text in name_texts.values():
        with nlp.select_pipes(enable=["tv_sentences"]):
            preset = [t.is_sent_start for t in nlp(text)]
        doc = nlp(text)
        after = [t.is_sent_start for t in doc]
        sent_id = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for t in sent:
                sent_id[t.i] = k
            roots = sum(1 for t in sent if t.head.i == t.i)
            totals["sentences_not_one_root"] += roots != 1
        preset_id, k = [], -1
        for start in preset:
            k += bool(start)
            preset_id.append(k)
        totals["documents"] += 1
        totals["tokens"] += len(doc)
        totals["preset_starts"] += sum(bool(s) for s in preset)
        totals["starts_lost"] += sum(1 for p, a in zip(preset, after, strict=True) if p and not a)
        totals["starts_added"] += sum(1 for p, a in zip(preset, after, strict=True) if a and not p)
        totals["arcs_crossing"] += sum(1 for t in doc if preset_id[t.i] != preset_id[t.head.i])
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", nargs="*", type=Path, default=[])
    args = parser.parse_args(argv)
    totals = check(texts(args.input))
    for key, value in totals.items():
        print(f"{key:>24}: {value}")
    ok = not (totals["starts_lost"] or totals["starts_added"] or totals["arcs_crossing"])
    print("preset sentence starts kept" if ok else "the parser changed preset sentence starts")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
