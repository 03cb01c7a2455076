"""Review of issue 8: known articles that cannot be read keep their claims in every kind of run,
the output never overwrites an input or a foreign file, operating-system and model errors are
one line and exit 2, English cast lists with role notes pass, every leading date line that is
not YYYY-MM-DD warns, the length limit counts the cleaned text. Every case runs in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.run import manifest_path, run

ARTICLE_A = """Netflix Renews 'Harbor Lights' for Season 3
Netflix has renewed Harbor Lights for a third season. Priya Raman plays Dr. Lena Ortiz.
"""
ARTICLE_B = """HBO has renewed "Salt Road" for Season 2. Oscar Isaac stars as Tom Vale.
"""
ARTICLE_C = """The drama "Glass City" has not been renewed yet at Hulu. Diane Keaton plays Ruth.
"""


def quiet(msg: str) -> None:
    pass


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out" / "claims.parquet"


def do_run(inputs, out: Path, **kw):
    inputs = inputs if isinstance(inputs, list) else [inputs]
    return run(inputs, out, model="rules", progress=False, log=kw.pop("log", quiet), **kw)


def cli(*args: str) -> int:
    return main(["run", "--model", "rules", *args])


def one_error_line(err: str, *needles: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# --- finding 5: every leading date line that is not YYYY-MM-DD warns -------------------------


@pytest.mark.parametrize(
    ("line", "value"), [(" date October 7, 2025 ", "October 7, 2025"), (" date 2025 ", "2025")]
)
def test_non_iso_date_line_warns_on_stderr_and_in_manifest(
    articles: Path, out: Path, capsys: pytest.CaptureFixture[str], line: str, value: str
) -> None:
    text = f"{line}\n{ARTICLE_C}"
    (articles / "dated.txt").write_text(text, encoding="utf-8")
    assert cli("-i", str(articles), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert f"warning: {articles / 'dated.txt'}: date line {value!r} is not a valid date" in err
    manifest = json.loads(manifest_path(out).read_text())
    assert any(value in w for w in manifest["articles"]["dated"]["warnings"])
    assert any("dated.txt" in w and value in w for w in manifest["warnings"])
    rows = pd.read_parquet(out).query("article_id == 'dated'")
    assert len(rows) and (rows["char_start"] >= len(line)).all()  # the line is no text
