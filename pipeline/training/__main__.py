"""``python -m pipeline.training``: convert GUM + UD English-EWT, train the joint model, bundle it.

Examples::

    python -m pipeline.training                      # full run -> pipeline/models/tv_core
    python -m pipeline.training --max-steps 50 --no-bundle    # quick check, bundle untouched
    python -m pipeline.training --convert-only --output /tmp/gum   # DocBins only
"""

from __future__ import annotations

import os

# Keep BLAS/OpenMP to two threads (set before numpy loads); the environment can still override.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from pipeline.training.train import (  # noqa: E402
    BUNDLED_MODEL,
    DEFAULT_CONFIG,
    DEFAULT_CORPUS,
    DEFAULT_EWT,
    DEFAULT_OUTPUT,
    format_scores,
    run_training,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.training",
        description=(
            "Convert GUM (CoNLL-U: UD trees + gold PERSON/ORG spans) and UD English-EWT (UD "
            "trees; entities left missing) to spaCy DocBins, train training/tv_core.cfg (tagger, "
            "morphologizer, parser, lemmatizer, NER on one tok2vec) on both train splits "
            "(checkpoint chosen on both dev splits), score dev and test, and copy the best model "
            "to pipeline/models/tv_core with its scores in meta.json."
        ),
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="GUM folder with *.conllu and splits.md (default: %(default)s)",
    )
    parser.add_argument(
        "--ewt",
        type=Path,
        default=DEFAULT_EWT,
        help="UD English-EWT folder with en_ewt-ud-{train,dev,test}.conllu (default: %(default)s)",
    )
    parser.add_argument("--no-ewt", action="store_true", help="train on GUM alone")
    parser.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, help="spaCy config (default: %(default)s)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="work folder: corpus/<split>/*.spacy and model/model-{best,last} "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--model-dir",
        type=Path,
        default=BUNDLED_MODEL,
        help="where the best model is bundled (default: %(default)s)",
    )
    parser.add_argument(
        "--no-bundle", action="store_true", help="train and score, but leave --model-dir alone"
    )
    parser.add_argument(
        "--ner-from",
        type=Path,
        default=BUNDLED_MODEL,
        help="model whose NER is kept frozen (with its own tok2vec) in place of the jointly "
        "trained NER head (default: the bundled model, i.e. the NER stays as it is: "
        "%(default)s)",
    )
    parser.add_argument(
        "--joint-ner",
        action="store_true",
        help="bundle the jointly trained NER head instead (one tok2vec for everything: faster, "
        "but worse PERSON/ORG, see training/MODEL_CARD.md)",
    )
    parser.add_argument(
        "--max-steps", type=int, default=None, help="override training.max_steps (quick runs)"
    )
    parser.add_argument("--seed", type=int, default=None, help="override system.seed")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes for the throughput figure"
    )
    parser.add_argument(
        "--convert-only", action="store_true", help="only write train/dev/test.spacy"
    )
    parser.add_argument("--scores-json", type=Path, default=None, help="also write scores here")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not (args.corpus / "splits.md").exists():
        print(f"error: {args.corpus} holds no GUM splits.md", file=sys.stderr)
        return 2
    ewt = None if args.no_ewt else args.ewt
    if ewt is not None and not (ewt / "en_ewt-ud-train.conllu").exists():
        print(f"error: {ewt} holds no en_ewt-ud-train.conllu (or pass --no-ewt)", file=sys.stderr)
        return 2
    if not args.joint_ner and not (args.ner_from / "ner").is_dir():
        print(f"error: {args.ner_from} has no ner component (or pass --joint-ner)", file=sys.stderr)
        return 2
    if args.convert_only:
        from pipeline.training.gum import convert

        counts = convert(args.corpus, args.output / "corpus", ewt_dir=ewt)
        print(f"wrote {counts} documents to {args.output / 'corpus'}")
        return 0
    result = run_training(
        args.corpus,
        args.output,
        args.config,
        ewt_dir=ewt,
        ner_from=None if args.joint_ner else args.ner_from,
        model_dir=None if args.no_bundle else args.model_dir,
        max_steps=args.max_steps,
        seed=args.seed,
        repeat=args.repeat,
    )
    print(f"\ntraining took {result.seconds:.0f} s; best checkpoint: {result.best_model}")
    if result.bundled is not None:
        print(f"bundled model: {result.bundled}")
    print(format_scores(result.scores))
    if args.scores_json is not None:
        args.scores_json.write_text(json.dumps(result.scores, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
