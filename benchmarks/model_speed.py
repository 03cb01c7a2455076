#!/usr/bin/env python
"""Throughput of spaCy model directories on the same texts: words per second and CPU seconds.

Each model is timed alone (``spacy.load(path)``) and inside the product's default pipeline
(``tv_sentences`` + the model + ``tv_entity_rules``, as ``pipeline.nlp.load_pipeline``
builds it). Texts: the seed articles and the GUM test documents (if ``../shared`` is there).
One process, one warm-up pass, median of ``--repeat`` timed passes; BLAS threads default to 2.

    git archive <old commit> pipeline/models/ner_gum | tar -x -C /tmp/old
    python benchmarks/model_speed.py pipeline/models/tv_core /tmp/old/pipeline/models/ner_gum
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import spacy  # noqa: E402

from pipeline.training.evaluate import throughput  # noqa: E402

GUM = REPO_ROOT.parent / "shared" / "corpora" / "gum"


def load_texts() -> list[str]:
    from pipeline.clean import read_article

    texts = [read_article(p).text for p in sorted((REPO_ROOT / "seeds").glob("*.txt"))]
    if (GUM / "splits.md").exists():
        from spacy.vocab import Vocab

        from pipeline.training.gum import document_to_doc, split_corpus

        vocab = Vocab()
        texts += [
            document_to_doc(vocab, d, syntax=False, entities=False).text
            for d in split_corpus(GUM)["test"]
        ]
    return texts


def in_pipeline(model: Path):
    import pipeline.nlp as nlp_module

    nlp_module.load_pipeline.cache_clear()
    saved = nlp_module.BUNDLED_MODEL
    nlp_module.BUNDLED_MODEL = model
    try:
        return nlp_module.load_pipeline("default")
    finally:
        nlp_module.BUNDLED_MODEL = saved
        nlp_module.load_pipeline.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    texts = load_texts()
    results = {}
    print("| model | setting | words | wall s | CPU s | words/s | words/CPU-s |")
    print("|---|---|---|---|---|---|---|")
    for model in args.models:
        for setting, nlp in (("model alone", spacy.load(model)), ("pipeline", in_pipeline(model))):
            r = throughput(nlp, texts, repeat=args.repeat)
            results[f"{model.name} / {setting}"] = r
            print(
                f"| {model.name} | {setting} | {r['words']} | {r['wall_s']:.2f} | "
                f"{r['cpu_s']:.2f} | {r['words_per_second']:,.0f} | "
                f"{r['words_per_cpu_second']:,.0f} |",
                flush=True,
            )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
