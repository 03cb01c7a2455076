"""Command line: ``python -m pipeline run`` (and ``summary``, ``facts``, ``show``); also
installed as ``tv-claims``. Each command is a thin shell over the library (``pipeline.run``,
``pipeline.facts``, ``pipeline.evidence``).

Exit codes: 0 all articles processed; 1 some inputs were skipped (see the messages and the
manifest); 2 the run could not start or could not write its output, and the table was left as
it was (bad arguments, missing input, an input that would drop known articles without
``--prune``, output not writable or not a table that may be overwritten, disk full, unusable
manifest or table, table locked by another run, unknown model, a path the system refuses such
as a name too long) - except when only the manifest could not be written: then the new table
was written and the next run reprocesses every article; 130 interrupted by Ctrl-C, 143 by
SIGTERM (the previous table is left as it was).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from pipeline import __version__
from pipeline.claims import DEFAULT_TABLE
from pipeline.facts import FACT_TYPES
from pipeline.workers import ENGINES

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUTPUT = DEFAULT_TABLE
EXIT_OK, EXIT_SKIPPED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


def _prog() -> str:
    """``tv-claims`` when run as the console script, ``python -m pipeline`` otherwise."""
    name = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return "tv-claims" if name == "tv-claims" else "python -m pipeline"


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or _prog(),
        description="Extract claims (cast, renewals, people, organisations, dates) from "
        "entertainment news articles into a Parquet claims table. Default paths are relative "
        "to the current folder.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="extract claims from articles and write the claims table",
        description="Read articles (.txt or .html), extract claims, and write the claims table "
        "atomically. Only new or changed articles are processed; claims of articles deleted "
        "from an input folder are dropped. An input that would drop other known articles (an "
        "empty or different folder) is refused unless --prune is given. A manifest "
        "(<output>.manifest.json) records what was processed.",
    )
    run.add_argument(
        "--input",
        "-i",
        nargs="+",
        type=Path,
        default=[DEFAULT_INPUT],
        metavar="DIR_OR_FILE",
        help=f"article files and/or folders of them (default: {DEFAULT_INPUT}/, relative to the "
        "current folder)",
    )
    run.add_argument(
        "--output",
        "-o",
        default=str(DEFAULT_OUTPUT),
        metavar="PATH",
        help=f"claims table to write (default: {DEFAULT_OUTPUT}, relative to the current folder); "
        "a path ending in '/' (or a dataset folder written before) is a partitioned dataset: a "
        "folder of part-NNNNN.parquet files, replaced atomically",
    )
    run.add_argument(
        "--model",
        default="default",
        metavar="NAME",
        help="'default' (bundled tv_core model + rules), 'rules' (rules only), or an installed "
        "spaCy pipeline such as en_core_web_sm (+ rules)",
    )
    run.add_argument(
        "--full", action="store_true", help="reprocess every article, ignoring the manifest"
    )
    run.add_argument(
        "--prune",
        action="store_true",
        help="drop the claims of every known article that is not in the given input (needed "
        "when the input is a different or empty folder, or single files)",
    )
    run.add_argument(
        "--workers",
        "-w",
        type=_workers,
        default=None,
        metavar="N",
        help="processes that parse articles (default: every core, here "
        f"{_cores()}); the table is the same, byte for byte, for any N",
    )
    run.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where articles are parsed: 'local' (processes on this machine, the default) or "
        "'dask' (a Dask cluster; needs pip install 'tv-claims-pipeline[dask]'); the table is "
        "the same, byte for byte",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="with --engine dask: the address of a running Dask scheduler (such as "
        "tcp://10.0.0.5:8786); without it a LocalCluster of --workers processes is started here",
    )
    run.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no summary line"
    )

    summary = commands.add_parser(
        "summary", help="print claim counts per type (and per article) of a claims table"
    )
    summary.add_argument(
        "table",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"claims table (default: {DEFAULT_OUTPUT}, relative to the current folder)",
    )

    facts = commands.add_parser(
        "facts",
        help="print the facts table: what the articles say together, one line per fact",
        description="Print the facts written beside a claims table (facts.parquet): one line "
        "per fact with its resolved status, how many articles state it and how firmly, and "
        "any conflict between them.",
    )
    facts.add_argument(
        "table",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"claims table whose facts to print, or a facts file (default: {DEFAULT_OUTPUT}, "
        "relative to the current folder)",
    )
    facts.add_argument(
        "--type",
        "-t",
        dest="fact_type",
        choices=FACT_TYPES,
        help="only facts of this type",
    )
    facts.add_argument(
        "--series",
        "-s",
        metavar="NAME",
        help="only facts about this series (case, quotes, punctuation and a leading 'The' "
        "ignored; a part of a title matches every series that contains it)",
    )
    facts.add_argument(
        "--conflicts", action="store_true", help="only facts on which the articles disagree"
    )

    show = commands.add_parser(
        "show",
        help="write an HTML page of an article with every claim's evidence highlighted",
        description="Write one self-contained HTML page: the article's text with the evidence "
        "of every claim highlighted and coloured by claim type (hover for the claims), a "
        "table of its claims and the facts they support. --all writes a page per article and "
        "an index page linking them.",
    )
    show.add_argument("article_id", nargs="?", metavar="ARTICLE_ID", help="the article to show")
    show.add_argument(
        "--all", action="store_true", help="every article, plus index.html linking them"
    )
    show.add_argument(
        "--table",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help=f"claims table (default: {DEFAULT_OUTPUT}, relative to the current folder)",
    )
    show.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="PATH",
        help="the HTML file to write ('-' for standard output), or with --all the folder "
        "(default: an 'evidence' folder beside the table, ARTICLE_ID.html in it)",
    )
    return parser


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _cores() -> int:
    from pipeline.workers import default_workers

    return default_workers()


def _os_error(exc: OSError) -> str:
    """One line for an operating-system error: what failed, on which path (shortened)."""
    what = exc.strerror or str(exc).splitlines()[0] or type(exc).__name__
    name = exc.filename
    if name is None:
        return what
    name = str(name)
    if len(name) > 120:
        name = f"{name[:60]}...{name[-40:]} ({len(name)} characters)"
    return f"{what}: {name}"


def _where(path: Path) -> str:
    return "" if path.is_absolute() else f" (relative to the current folder {Path.cwd()})"


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, leave the table as it was."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def _cmd_run(args: argparse.Namespace, prog: str) -> int:
    from pipeline.model_info import ModelNotFoundError
    from pipeline.run import RunError, run

    log = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    if args.input == [DEFAULT_INPUT] and not DEFAULT_INPUT.exists():
        print(
            f"error: input not found: {DEFAULT_INPUT}{_where(DEFAULT_INPUT)}; the default paths "
            f"({DEFAULT_INPUT}/, {DEFAULT_OUTPUT}) are relative to the current folder: run "
            f"from the project folder or give --input and --output",
            file=sys.stderr,
        )
        return EXIT_ERROR
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        result = run(
            inputs=args.input,
            output=Path(args.output),
            dataset=args.output.endswith(("/", os.sep)) or None,
            model=args.model,
            full=args.full,
            progress=not args.quiet,
            log=lambda msg: print(msg, file=sys.stderr),
            prune=args.prune,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
        )
    except (RunError, ModelNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # e.g. a path whose name is too long: one line, not a traceback
        print(f"error: {_os_error(exc)}; the table was left as it was", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        how = "terminated" if isinstance(exc, _Terminated) else "interrupted"
        print(f"{how}: {args.output} was left as it was", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not (result.wrote_table or result.wrote_facts) and not (
        result.new or result.changed or result.reprocessed
    ):
        log(f"nothing to do: {result.line()}")
    else:
        log(result.line())
    return EXIT_SKIPPED if result.skipped else EXIT_OK


def _cmd_summary(args: argparse.Namespace, prog: str) -> int:
    table = args.table
    if not table.exists():
        hint = (
            f"give the table's path, or run this from the folder where '{prog} run' was run"
            if table == DEFAULT_OUTPUT
            else "check the path"
        )
        print(f"error: no claims table at {table}{_where(table)}; {hint}", file=sys.stderr)
        return EXIT_ERROR
    from pipeline.dataset import written

    if table.is_dir() and not written(table):
        print(f"error: {table} is a folder, not a claims table", file=sys.stderr)
        return EXIT_ERROR
    import pandas as pd

    try:
        frame = pd.read_parquet(table, columns=["claim_type", "article_id"])
    except Exception as exc:  # pyarrow raises several types for a damaged or foreign file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"error: {table} is not a readable claims table ({first}); rebuild it with "
            f"'{prog} run --full'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    print(frame.groupby("claim_type").size().rename("claims").to_string())
    print()
    print(frame.groupby("article_id").size().rename("claims").to_string())
    return EXIT_OK


def _cmd_facts(args: argparse.Namespace, prog: str) -> int:
    from pipeline.facts import describe_fact, facts_path, read_facts, select_facts

    given = args.table
    path = given if given.name.endswith("facts.parquet") else facts_path(given)
    if not path.is_file():
        if given is path or not given.exists():
            where = f"{path}{_where(path)}"
            print(f"error: no facts table at {where}; run '{prog} run' first", file=sys.stderr)
        else:
            print(
                f"error: no facts table beside {given} (expected {path}); run '{prog} run' with "
                f"--output {given} to write it",
                file=sys.stderr,
            )
        return EXIT_ERROR
    try:
        facts = read_facts(path)
    except Exception as exc:  # pyarrow raises several types for a damaged or foreign file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"error: {path} is not a readable facts table ({first})", file=sys.stderr)
        return EXIT_ERROR
    chosen = select_facts(facts, args.fact_type, args.series, args.conflicts)
    if chosen.empty:
        print(f"no facts match ({len(facts)} facts in {path})", file=sys.stderr)
        return EXIT_OK
    for fact_type, group in chosen.groupby("fact_type", sort=False):
        print(f"{fact_type} ({len(group)})")
        for fact in group.itertuples(index=False):
            print("  " + describe_fact(fact).replace("\n", "\n  "))
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, prog: str) -> int:
    from pipeline.evidence import EvidenceError, article_page, page_name, write_all, write_article

    if args.all == bool(args.article_id):
        print("error: give one ARTICLE_ID, or --all", file=sys.stderr)
        return EXIT_ERROR
    table = args.table
    if not table.is_file():
        print(f"error: no claims table at {table}{_where(table)}", file=sys.stderr)
        return EXIT_ERROR
    folder = table.parent / "evidence"
    try:
        if args.all:
            index, problems = write_all(table, args.output or folder)
            for article_id, problem in problems.items():
                print(f"skipped {article_id}: {problem}", file=sys.stderr)
            print(index)
            return EXIT_SKIPPED if problems else EXIT_OK
        if args.output == Path("-"):
            sys.stdout.write(article_page(table, args.article_id))
            return EXIT_OK
        target = args.output or folder / page_name(args.article_id)
        print(write_article(table, args.article_id, target))
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def exit_fast(code: int) -> NoReturn:
    """End the process with ``code`` once a command is done, without the interpreter's teardown
    of every module it loaded: spaCy and its dependencies take about 0.3 s to tear down, a
    tenth of a run that adds one article to a large table. The command has closed what it
    wrote by then (tables and manifest are renamed into place, the lock is released); exit
    handlers still run and the standard streams are flushed."""
    import atexit

    try:
        atexit._run_exitfuncs()  # what a normal exit runs first (logging, worker cleanup)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe ("| head") or stream
                stream.flush()
        os._exit(code)


def entry_point() -> NoReturn:
    """The ``tv-claims`` console script."""
    exit_fast(main())


def main(argv: list[str] | None = None) -> int:
    prog = _prog()
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.command == "run":
        return _cmd_run(args, prog)
    if args.command in {"summary", "facts", "show"}:
        command = {"summary": _cmd_summary, "facts": _cmd_facts, "show": _cmd_show}[args.command]
        try:
            return command(args, prog)
        except BrokenPipeError:  # "| head" closed the pipe: not an error worth a traceback
            # Point stdout at devnull so that the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        except OSError as exc:  # e.g. a table path whose name is too long
            print(f"error: {_os_error(exc)}", file=sys.stderr)
            return EXIT_ERROR
    parser.print_help()
    return EXIT_ERROR
