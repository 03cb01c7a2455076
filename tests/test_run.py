"""The ``run`` command end to end: incremental, idempotent, atomic, locked, safe with bad input."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import ARTICLE_A, ARTICLE_C, do_run

from pipeline import claims as claims_module
from pipeline.cli import main
from pipeline.manifest import read_manifest
from pipeline.run import RunError, manifest_path, run, table_lock

REPO = Path(__file__).resolve().parents[1]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_incremental_add_change_remove(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "claims.parquet"
    first = do_run(articles, out)
    assert sorted(first.new) == ["a", "b"] and first.wrote_table
    table = pd.read_parquet(out)
    assert set(table["article_id"]) == {"a", "b"}
    b_rows = table[table["article_id"] == "b"].reset_index(drop=True)

    write(articles, "c.txt", ARTICLE_C)
    second = do_run(articles, out)
    assert second.new == ["c"] and sorted(second.unchanged) == ["a", "b"]
    table = pd.read_parquet(out)
    assert set(table["article_id"]) == {"a", "b", "c"}
    pd.testing.assert_frame_equal(table[table["article_id"] == "b"].reset_index(drop=True), b_rows)

    write(articles, "a.txt", ARTICLE_A.replace("Priya Raman", "Sarah Chen"))
    third = do_run(articles, out)
    assert third.changed == ["a"]
    cast = pd.read_parquet(out).query("claim_type == 'cast'")
    assert "Sarah Chen" in set(cast["subject"]) and "Priya Raman" not in set(cast["subject"])

    (articles / "b.txt").unlink()
    fourth = do_run(articles, out)
    assert fourth.removed == ["b"]
    assert "b" not in set(pd.read_parquet(out)["article_id"])
    manifest = read_manifest(out)
    assert sorted(manifest["articles"]) == ["a", "c"]
    assert manifest["articles"]["a"]["model"] == "rules"


def test_noop_rerun_is_fast_and_says_so(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    do_run(articles, out)
    before = out.read_bytes()
    started = time.perf_counter()
    again = do_run(articles, out)
    elapsed = time.perf_counter() - started
    assert again.line().startswith("2 unchanged, 0 new")
    assert not again.wrote_table
    assert out.read_bytes() == before
    assert elapsed < 1.0


def test_full_rerun_is_byte_identical(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    do_run(articles, out)
    first = out.read_bytes()
    do_run(articles, out, full=True)
    assert out.read_bytes() == first
    other = tmp_path / "other.parquet"
    do_run(articles, other)
    assert other.read_bytes() == first


def test_interrupted_write_keeps_previous_table(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "claims.parquet"
    do_run(articles, out)
    before = out.read_bytes()
    manifest_before = manifest_path(out).read_bytes()
    write(articles, "c.txt", ARTICLE_C)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(claims_module.pq.ParquetWriter, "write_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        do_run(articles, out)
    assert out.read_bytes() == before
    assert manifest_path(out).read_bytes() == manifest_before
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_concurrent_run_is_refused(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    with table_lock(out), pytest.raises(RunError, match="another run is writing"):
        do_run(articles, out)


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (bytes(range(256)) * 4, "binary"),
    "latin1.txt": ("Caf\u00e9 news about a show renewed.".encode("latin-1"), "not valid UTF-8"),
    "french.txt": (
        "La série a été renouvelée pour une deuxième saison par la chaîne, selon les "
        "informations du journal. Les acteurs sont ravis et les fans attendent la suite "
        "avec impatience depuis des mois.".encode(),
        "does not look like English",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_skipped_others_processed(articles: Path, tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    write(articles, name, data)
    out = tmp_path / "claims.parquet"
    messages: list[str] = []
    summary = run([articles], out, model="rules", progress=False, log=messages.append)
    assert [s.path for s in summary.skipped] == [str(articles / name)]
    assert reason in summary.skipped[0].reason
    assert any(name in m and reason in m for m in messages)
    assert all("\n" not in m for m in messages)
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}
    manifest = read_manifest(out)
    assert manifest["skipped"][0]["path"].endswith(name)


def test_huge_file_is_skipped_without_reading(articles: Path, tmp_path: Path) -> None:
    big = articles / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    summary = do_run(articles, tmp_path / "claims.parquet")
    assert summary.skipped and "MB" in summary.skipped[0].reason


def test_html_and_unicode_names_are_processed(articles: Path, tmp_path: Path) -> None:
    html = "<!DOCTYPE html><html><body><p>Starz has renewed &ldquo;Iron Coast&rdquo; for Season 2.</p></body></html>"
    write(articles, "page one.html", html)
    write(articles, "séries ünïcode.txt", ARTICLE_C)
    out = tmp_path / "claims.parquet"
    summary = do_run(articles, out)
    assert not summary.skipped
    table = pd.read_parquet(out)
    assert {"page one", "séries ünïcode"} <= set(table["article_id"])
    renewal = table.query("article_id == 'page one' and claim_type == 'renewal'").iloc[0]
    assert (renewal["subject"], renewal["season"], renewal["object"]) == ("Iron Coast", 2, "Starz")
    raw = html
    assert raw[renewal["char_start"] : renewal["char_end"]] == renewal["evidence"]


def test_folder_without_articles(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article")
    summary = do_run(empty, tmp_path / "claims.parquet")
    assert summary.skipped and "has no" in summary.skipped[0].reason


def test_cli_exit_codes_and_messages(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "claims.parquet"
    assert main(["run", "--input", str(articles), "--output", str(out), "--model", "rules"]) == 0
    assert "0 unchanged, 2 new" in capsys.readouterr().err
    write(articles, "empty.txt", b"")
    assert main(["run", "-i", str(articles), "-o", str(out), "--model", "rules"]) == 1
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err
    assert main(["run", "-i", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert "input not found" in capsys.readouterr().err
    assert main(["run", "-i", str(articles), "-o", str(out), "--model", "no_such_model_xyz"]) == 2
    assert "not installed" in capsys.readouterr().err
    assert main(["run", "-q", "-i", str(articles), "-o", str(out), "--model", "rules"]) == 1
    assert capsys.readouterr().err.count("\n") == 1  # only the skip message


def test_module_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    )
    assert "run" in result.stdout and "summary" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--input", "--output", "--model", "--full", "--quiet"):
        assert option in result.stdout


def test_the_command_line_ends_fast_but_keeps_its_exit_code_output_and_exit_handlers(
    tmp_path: Path,
) -> None:
    code = (
        "import atexit; atexit.register(lambda: print('handler ran'))\n"
        "from pipeline.cli import exit_fast\n"
        "print('unflushed', end=' '); exit_fast(3)"
    )
    ended = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (ended.returncode, ended.stdout) == (3, "unflushed handler ran\n")
    missing = tmp_path / "missing"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "-i", str(missing), "-o", str(tmp_path / "t")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "input not found" in result.stderr


def test_unchanged_bad_file_is_not_retried_but_still_reported(
    articles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.parquet"
    write(articles, "empty.txt", b"")
    first = do_run(articles, out)
    assert [s.reason for s in first.skipped] == ["empty file"]
    again = do_run(articles, out)
    assert not again.wrote_table and again.line().startswith("2 unchanged, 0 new")
    assert [s.reason for s in again.skipped] == ["empty file"]
    write(articles, "empty.txt", ARTICLE_C)  # fixed: now processed
    fixed = do_run(articles, out)
    assert fixed.new == ["empty"] and not fixed.skipped
    assert "empty" in set(pd.read_parquet(out)["article_id"])


def test_a_merge_joins_pieces_that_follow_one_another_into_one_slice() -> None:
    from pipeline.run import _spans

    # (article, source: 0 the current table / 1 the new claims, first row, end row)
    pieces = [("a", 0, 0, 3), ("b", 0, 3, 5), ("c", 1, 0, 2), ("d", 0, 5, 9), ("e", 0, 10, 12)]
    assert _spans(pieces) == [(0, 0, 5), (1, 0, 2), (0, 5, 9), (0, 10, 12)]
