#!/usr/bin/env python
"""PERSON / ORG recognition on the GUM test documents: model vs. rules vs. model+rules.

For each system it reports

* mention level, on all GUM test documents: exact character span + label, P/R/F1 per label
  (PERSON, ORG) and micro-averaged over both;
* document level, on the GUM *news* test documents: per document, the set of distinct entity
  strings per label against the gold set, P/R/F1 summed over documents;
* throughput: gold words per second (median of ``--repeat`` passes over all test texts).

Gold spans come from :mod:`pipeline.training.gum` (the same policy the model was trained on);
other labels a system emits are ignored. Systems:

* ``model``       - ``spacy.load(--model)`` alone (default: the bundled pipeline/models/tv_core);
* ``rules``       - ``pipeline.nlp.load_pipeline("rules")``;
* ``model+rules`` - ``pipeline.nlp.load_pipeline("default")`` (the bundled model plus rules).

The two rule systems are skipped, with a message, if ``pipeline.nlp`` cannot be imported.

    python benchmarks/ner_benchmark.py                      # markdown table
    python benchmarks/ner_benchmark.py --json scores.json   # and JSON
    python benchmarks/ner_benchmark.py --systems model --split dev
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from pipeline.training.evaluate import EVAL_LABELS, MICRO, evaluate  # noqa: E402
from pipeline.training.gum import document_to_doc, split_corpus  # noqa: E402

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "gum"
DEFAULT_MODEL = REPO_ROOT / "pipeline" / "models" / "tv_core"
SYSTEMS = ("model", "rules", "model+rules")


def _rules_loader(name: str) -> Callable[[], Language]:
    def load() -> Language:
        # Imported lazily: the rules live in the pipeline package, which may be mid-change.
        from pipeline.nlp import load_pipeline

        return load_pipeline(name)

    return load


def loaders(model_path: Path) -> dict[str, Callable[[], Language]]:
    return {
        "model": lambda: spacy.load(model_path),
        "rules": _rules_loader("rules"),
        "model+rules": _rules_loader("default"),
    }


def run(
    corpus: Path, model_path: Path, systems: list[str], split: str = "test", repeat: int = 3
) -> dict[str, Any]:
    vocab = spacy.blank("en").vocab
    gum_docs = split_corpus(corpus)[split]
    if not gum_docs:
        raise SystemExit(f"no {split} documents in {corpus}")
    gold = [document_to_doc(vocab, d) for d in gum_docs]
    news = [doc for doc, d in zip(gold, gum_docs, strict=True) if d.genre == "news"]
    results: dict[str, Any] = {
        "split": split,
        "documents": len(gold),
        "news_documents": [d.doc_id for d in gum_docs if d.genre == "news"],
        "gold_spans": {
            label: sum(1 for doc in gold for e in doc.ents if e.label_ == label)
            for label in EVAL_LABELS
        },
        "systems": {},
        "skipped": {},
    }
    available = loaders(model_path)
    for name in systems:
        try:
            nlp = available[name]()
        except Exception as exc:  # noqa: BLE001 - any failure to build a system means "skip it"
            message = f"{type(exc).__name__}: {exc}"
            print(f"skipping {name!r}: cannot load it ({message})", file=sys.stderr)
            results["skipped"][name] = message
            continue
        print(f"scoring {name!r} ({', '.join(nlp.pipe_names)}) ...", file=sys.stderr, flush=True)
        results["systems"][name] = evaluate(nlp, gold, doc_level_gold=news, repeat=repeat)
    return results


def markdown(results: dict[str, Any]) -> str:
    labels = [*EVAL_LABELS, MICRO]
    head = ["system"]
    head += [f"{label} {m}" for label in EVAL_LABELS for m in ("P", "R", "F1")]
    head += [f"{MICRO} F1"] + [f"news doc {label} F1" for label in labels] + ["words/s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, r in results["systems"].items():
        cells = [name]
        for label in EVAL_LABELS:
            s = r["mention"][label]
            cells += [f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}"]
        cells.append(f"{r['mention'][MICRO]['f']:.3f}")
        cells += [f"{r['document'][label]['f']:.3f}" for label in labels]
        cells.append(f"{r['words_per_second']:,.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    gold = ", ".join(f"{k} {v}" for k, v in results["gold_spans"].items())
    news = ", ".join(results["news_documents"])
    lines.append("")
    lines.append(
        f"GUM {results['split']}: {results['documents']} documents, gold spans {gold}; "
        f"document level on {news}."
    )
    for name, why in results["skipped"].items():
        lines.append(f"Skipped {name}: {why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="GUM folder")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model for 'model'")
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated subset of {', '.join(SYSTEMS)} (default: all)",
    )
    parser.add_argument("--split", default="test", choices=["train", "dev", "test"])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes for throughput")
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = sorted(set(systems) - set(SYSTEMS))
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)}")
    results = run(args.corpus, args.model, systems, args.split, args.repeat)
    print(markdown(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
