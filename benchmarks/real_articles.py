"""Score the pipeline on the real-article dev set (../shared/eval/dev) and print the scorer's table.

    python benchmarks/real_articles.py [--dev DIR] [--model default] [--show-errors]

Runs ``python -m pipeline run --full`` over ``DIR/articles`` into a temporary table, then the
set's own scorer (``DIR/../score.py``) against ``DIR/gold.json``. Prints the per-category table,
core and full macro-F1, and the run's wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO.parent / "shared" / "eval" / "dev"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def score(dev: Path, model: str = "default", extra: tuple[str, ...] = ()) -> str:
    """The scorer's output for a fresh run over ``dev``."""
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "claims.parquet"
        cmd = [sys.executable, "-m", "pipeline", "run", "--full", "-q", "--model", model]
        cmd += ["--input", str(dev / "articles"), "--output", str(table)]
        subprocess.run(cmd, cwd=REPO, check=False)
        if not table.exists():
            raise SystemExit("the run wrote no table")
        scorer = [sys.executable, str(dev.parent / "score.py"), str(table), str(dev / "gold.json")]
        done = subprocess.run([*scorer, *extra], capture_output=True, text=True, check=True)
        return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set folder")
    parser.add_argument("--model", default="default")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    if not (args.dev / "gold.json").exists():
        print(f"error: no dev set at {args.dev}", file=sys.stderr)
        return 2
    wall, cpu = time.perf_counter(), _child_cpu()
    extra = ("--show-errors",) if args.show_errors else ()
    print(score(args.dev, args.model, extra), end="")
    print(f"run + score: {time.perf_counter() - wall:.1f} s wall, {_child_cpu() - cpu:.1f} CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
