"""Command line: ``python -m pipeline run`` (and ``summary``).

Exit codes: 0 all articles processed; 1 some inputs were skipped (see the messages and the
manifest); 2 the run could not start (bad arguments, missing input, table locked by another run,
unknown model); 130 interrupted (the previous table is left as it was).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUTPUT = Path("data/extracted/claims.parquet")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract claims (cast, renewals, people, organisations, dates) from "
        "entertainment news articles into a Parquet claims table.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="extract claims from articles and write the claims table",
        description="Read articles (.txt or .html), extract claims, and write the claims table "
        "atomically. Only new or changed articles are processed; claims of removed articles "
        "are dropped. A manifest (<output>.manifest.json) records what was processed.",
    )
    run.add_argument(
        "--input",
        "-i",
        nargs="+",
        type=Path,
        default=[DEFAULT_INPUT],
        metavar="DIR_OR_FILE",
        help=f"article files and/or folders of them (default: {DEFAULT_INPUT}/)",
    )
    run.add_argument(
        "--output",
        "-o",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help=f"claims table to write (default: {DEFAULT_OUTPUT})",
    )
    run.add_argument(
        "--model",
        default="default",
        metavar="NAME",
        help="'default' (bundled NER model + rules), 'rules' (rules only), or an installed spaCy "
        "pipeline such as en_core_web_sm (+ rules)",
    )
    run.add_argument(
        "--full", action="store_true", help="reprocess every article, ignoring the manifest"
    )
    run.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no summary line"
    )

    summary = commands.add_parser(
        "summary", help="print claim counts per type (and per article) of a claims table"
    )
    summary.add_argument("table", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="claims table")
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    from pipeline.model_info import ModelNotFoundError
    from pipeline.run import RunError, run

    log = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    try:
        result = run(
            inputs=args.input,
            output=args.output,
            model=args.model,
            full=args.full,
            progress=not args.quiet,
            log=lambda msg: print(msg, file=sys.stderr),
        )
    except (RunError, ModelNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: {args.output} was left as it was", file=sys.stderr)
        return 130
    if not result.wrote_table and not result.new and not result.changed:
        log(f"nothing to do: {result.line()}")
    else:
        log(result.line())
    return 1 if result.skipped else 0


def _cmd_summary(args: argparse.Namespace) -> int:
    import pandas as pd

    if not args.table.exists():
        print(
            f"error: no claims table at {args.table} (run 'python -m pipeline run' first)",
            file=sys.stderr,
        )
        return 2
    frame = pd.read_parquet(args.table)
    print(frame.groupby("claim_type").size().rename("claims").to_string())
    print()
    print(frame.groupby("article_id").size().rename("claims").to_string())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return _cmd_run(args)
    if args.command == "summary":
        try:
            return _cmd_summary(args)
        except BrokenPipeError:  # "| head" closed the pipe: not an error worth a traceback
            sys.stderr.close()
            return 0
    parser.print_help()
    return 2
