"""Articles and helpers shared by the run, reliability and review tests (fixtures: conftest.py)."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli import main
from pipeline.run import run

ARTICLE_A = """Netflix Renews 'Harbor Lights' for Season 3
Netflix has renewed Harbor Lights for a third season. Priya Raman plays Dr. Lena Ortiz.
"""
ARTICLE_B = """HBO has renewed "Salt Road" for Season 2. Oscar Isaac stars as Tom Vale.
"""
ARTICLE_C = """The drama "Glass City" has not been renewed yet at Hulu. Diane Keaton plays Ruth.
"""


def quiet(msg: str) -> None:
    pass


def do_run(inputs, out: Path, **kw):  # noqa: ANN001, ANN201
    """``run`` with the rules-only model, no progress bar, messages swallowed unless ``log``."""
    inputs = inputs if isinstance(inputs, list) else [inputs]
    return run(inputs, out, model="rules", progress=False, log=kw.pop("log", quiet), **kw)


def cli(*args: str) -> int:
    return main(["run", "--model", "rules", *args])


def one_error_line(err: str, *needles: str) -> str:
    """The single ``error:`` line of ``err``, with each needle in it."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]
