"""Issue 8: mistaken inputs never drop claims, operational errors are one line + exit 2, the
table keeps a sane mode, bad input is reported clearly. Every case runs in tmp_path."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import ARTICLE_A, ARTICLE_B, ARTICLE_C, cli, do_run, one_error_line

import pipeline.run as run_module
from pipeline import claims as claims_module
from pipeline.clean import read_raw
from pipeline.cli import main
from pipeline.manifest import legacy_manifest_path, read_manifest
from pipeline.run import RunError, manifest_path, pipeline_fingerprint

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def state(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), manifest_path(out).read_bytes()


# --- case 1: a mistaken input never drops claims -------------------------------------------


def test_empty_input_folder_is_refused_and_table_kept(
    articles: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    do_run(articles, out)
    before = state(out)
    for path in articles.iterdir():
        path.unlink()  # an unmounted share looks just like this
    with pytest.raises(RunError, match="has no articles, but the table holds claims of 2"):
        do_run(articles, out)
    assert state(out) == before
    assert cli("-i", str(articles), "-o", str(out)) == 2
    one_error_line(capsys.readouterr().err, "--prune")
    assert state(out) == before
    # Meant it: --prune empties the table.
    pruned = do_run(articles, out, prune=True)
    assert sorted(pruned.removed) == ["a", "b"] and len(pd.read_parquet(out)) == 0


def test_file_given_where_folder_was_meant_is_refused(articles: Path, out: Path) -> None:
    do_run(articles, out)
    before = state(out)
    with pytest.raises(RunError, match=r"1 article\(s\) with claims in the table are not in"):
        do_run(articles / "a.txt", out)
    assert state(out) == before
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}


def test_different_input_root_is_refused_unless_prune(
    articles: Path, out: Path, tmp_path: Path
) -> None:
    do_run(articles, out)
    before = state(out)
    other = tmp_path / "typo"
    other.mkdir()
    (other / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    with pytest.raises(RunError, match="read from .*in\\)"):
        do_run(other, out)
    with pytest.raises(RunError):
        do_run(other, out, full=True)  # --full is no licence to drop articles
    assert state(out) == before
    # Both folders together: nothing is missing, nothing is refused.
    both = do_run([articles, other], out)
    assert both.new == ["c"] and not both.removed
    pruned = do_run(other, out, prune=True)
    assert sorted(pruned.removed) == ["a", "b"]
    assert set(pd.read_parquet(out)["article_id"]) == {"c"}


def test_article_deleted_from_the_same_folder_is_removed(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    do_run(articles, out)
    (articles / "b.txt").unlink()
    monkeypatch.chdir(articles.parent)  # same folder, spelled relative this time
    again = do_run(Path("in"), out)
    assert again.removed == ["b"] and again.unchanged == ["a"]


def test_without_manifest_the_table_still_protects_its_articles(
    articles: Path, out: Path, tmp_path: Path
) -> None:
    do_run(articles, out)
    manifest_path(out).unlink()
    before = out.read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RunError, match="has no articles"):
        do_run(empty, out)
    assert out.read_bytes() == before


# --- case 2: operational errors: one line, exit 2, checked before processing -----------------


def test_output_is_a_folder(articles: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "table_dir"
    folder.mkdir()
    assert cli("-i", str(articles), "-o", str(folder)) == 2
    one_error_line(capsys.readouterr().err, "is a folder")


def test_output_parent_is_a_file(articles: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "notadir"
    blocker.write_text("x")
    assert cli("-i", str(articles), "-o", str(blocker / "sub" / "claims.parquet")) == 2
    one_error_line(capsys.readouterr().err, "is a file, not a folder")


@pytest.mark.parametrize("existing", [False, True])
def test_unwritable_output_folder_fails_before_processing(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys, existing: bool
) -> None:
    """The read-only folder case below, without needing a non-root user: the folder refuses new
    files (the probe fails as it would on a read-only folder), and the run must stop before any
    article is hashed, read or processed and before any model is loaded, leaving an existing
    table and manifest as they were."""
    if existing:
        do_run(articles, out)
        before = state(out)
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")

    def forbidden(what: str):
        def fail(*args, **kwargs):
            raise AssertionError(f"{what} before the output was checked")

        return fail

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    import pipeline.clean as clean_module
    import pipeline.nlp as nlp_module

    monkeypatch.setattr(run_module, "_sha256", forbidden("an input was hashed"))
    monkeypatch.setattr(run_module, "check_size", forbidden("an input was examined"))
    monkeypatch.setattr(run_module, "_process", forbidden("articles were processed"))
    monkeypatch.setattr(clean_module, "read_article", forbidden("an article was read"))
    monkeypatch.setattr(nlp_module, "load_pipeline", forbidden("a model was loaded"))
    monkeypatch.setattr(run_module.tempfile, "TemporaryFile", denied)
    started = time.perf_counter()
    assert cli("-i", str(articles), "-o", str(out)) == 2
    assert time.perf_counter() - started < 5
    one_error_line(capsys.readouterr().err, "cannot write to", "Permission denied")
    if existing:
        assert state(out) == before
    else:
        assert not out.exists() and not manifest_path(out).exists()
    assert not [p for p in out.parent.iterdir() if p.name.endswith((".tmp", ".probe"))]


@pytest.mark.skipif(IS_ROOT, reason="root can write to a read-only folder")
def test_read_only_output_folder(articles: Path, out: Path, capsys) -> None:
    out.parent.mkdir(parents=True)
    out.parent.chmod(0o555)
    try:
        started = time.perf_counter()
        assert cli("-i", str(articles), "-o", str(out)) == 2
        assert time.perf_counter() - started < 5
        one_error_line(capsys.readouterr().err, "cannot write to")
    finally:
        out.parent.chmod(0o755)


def test_disk_full_keeps_previous_table(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    do_run(articles, out)
    before = state(out)
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")

    def full_disk(writer, table, *args, **kwargs):
        Path(writer.where).write_bytes(b"PAR1 partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(claims_module.pq.ParquetWriter, "write_table", full_disk)
    assert cli("-i", str(articles), "-o", str(out)) == 2
    one_error_line(capsys.readouterr().err, "No space left on device", "left as it was")
    assert state(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_disk_full_while_merging_keeps_previous_table_and_facts(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The merged table is written on a thread of its own while the facts are built: its
    failure is still one error line, with the table, manifest and facts left as they were."""
    from pipeline.facts import facts_path

    do_run(articles, out)
    before = (*state(out), facts_path(out).read_bytes())
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    real_commit = claims_module.commit

    def full_disk_on_the_table(tmp: Path, path: Path) -> None:
        if path == out:  # the new claims streamed to their temp file; the merged table fails
            raise OSError(errno.ENOSPC, "No space left on device")
        real_commit(tmp, path)

    monkeypatch.setattr(claims_module, "commit", full_disk_on_the_table)
    assert cli("-i", str(articles), "-o", str(out)) == 2
    one_error_line(capsys.readouterr().err, "No space left on device", "left as it was")
    assert (*state(out), facts_path(out).read_bytes()) == before
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(claims_module, "commit", real_commit)
    assert cli("-i", str(articles), "-o", str(out)) == 0
    assert "c" in set(pd.read_parquet(out)["article_id"])


@pytest.mark.parametrize(
    "content", ["[]", '{"articles": []}', '{"articles": {"a": "x"}}', "{not json", ""]
)
def test_json_manifest_of_the_wrong_shape(
    articles: Path, out: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON manifest of an earlier version is checked as it was before the migration."""
    do_run(articles, out)
    manifest_path(out).unlink()
    legacy_manifest_path(out).write_text(content, encoding="utf-8")
    table = out.read_bytes()
    assert cli("-i", str(articles), "-o", str(out)) == 2
    one_error_line(capsys.readouterr().err, "manifest", "--full")
    assert out.read_bytes() == table
    # --full rebuilds it, after which plain runs work again.
    assert cli("-q", "--full", "-i", str(articles), "-o", str(out)) == 0
    assert cli("-q", "-i", str(articles), "-o", str(out)) == 0
    assert read_manifest(out)["articles"].keys() == {"a", "b"}


def test_summary_of_a_corrupt_table(tmp_path: Path, capsys) -> None:
    table = tmp_path / "claims.parquet"
    table.write_bytes(b"PAR1 this is not parquet")
    assert main(["summary", str(table)]) == 2
    one_error_line(capsys.readouterr().err, "not a readable claims table")


def test_run_on_a_corrupt_table_is_refused_unless_full(articles: Path, out: Path, capsys) -> None:
    do_run(articles, out)
    manifest_path(out).unlink()
    out.write_bytes(b"PAR1 damaged")  # a damaged Parquet file: --full may rebuild it
    assert cli("-i", str(articles), "-o", str(out)) == 2
    one_error_line(capsys.readouterr().err, "cannot be read", "--full")
    assert cli("-q", "--full", "-i", str(articles), "-o", str(out)) == 0
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}


# --- case 3: table file mode -----------------------------------------------------------------


def test_table_mode_follows_umask_and_keeps_existing_mode(articles: Path, out: Path) -> None:
    old = os.umask(0o022)
    try:
        do_run(articles, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        manifest_path(out).chmod(0o640)
        (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
        do_run(articles, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
        assert stat.S_IMODE(manifest_path(out).stat().st_mode) == 0o640
        os.umask(0o077)
        other = out.with_name("private.parquet")
        do_run(articles, other)
        assert stat.S_IMODE(other.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# --- cases 5-10 through a run ----------------------------------------------------------------


def test_over_long_article_is_skipped_with_an_honest_reason(articles: Path, out: Path) -> None:
    (articles / "long.txt").write_text("Word " * 200_001, encoding="utf-8")  # 1,000,005 chars
    summary = do_run(articles, out)
    assert [s.reason for s in summary.skipped] == [  # cleaned: the last space is stripped
        "article text is 1,000,004 characters, over the 1,000,000-character limit"
    ]
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}


def test_html_file_with_leading_comment_gives_no_claims_from_script(
    articles: Path, out: Path
) -> None:
    page = (
        "<!-- saved from url=(0042)https://example.com/news -->\n<html><head><script>\n"
        "var credits = 'Zed Quill plays Vic Marsh in Fake Show';</script></head><body>"
        "<p>Starz has renewed &ldquo;Iron Coast&rdquo; for Season 2.</p></body></html>"
    )
    (articles / "page.html").write_text(page, encoding="utf-8")
    do_run(articles, out)
    rows = pd.read_parquet(out).query("article_id == 'page'")
    assert "Iron Coast" in set(rows["subject"])
    assert not rows["evidence"].str.contains("Zed|Vic|credits").any()


CAST_LIST = """Bosch: Legacy Season 3 Cast Announced
Starring: Titus Welliver, Mimi Rogers, Madison Lintz, Stephen A. Chang, Denise G. Sanchez
Guest stars: Maggie Q, Michael Rose, Paul Calderon, Scott Klace, Troy Evans
Recurring: Abraham Benrubi, Chelsea Alden, Mark Rolston, Steven Flynn, DaJuan Johnson,
Gregory Scott Cummins, Jacqueline Obradors, Dale Dickey, Anthony Gonzalez, Ryan Hurst
"""


def test_english_cast_list_is_not_rejected(articles: Path, out: Path) -> None:
    (articles / "cast.txt").write_text(CAST_LIST, encoding="utf-8")
    summary = do_run(articles, out)
    assert not summary.skipped and "cast" in summary.new


def test_utf16_file_is_processed_and_offsets_index_the_decoded_text(
    articles: Path, out: Path
) -> None:
    path = articles / "wide.txt"
    path.write_bytes(ARTICLE_C.replace("\n", "\r\n").encode("utf-16"))  # BOM + UTF-16 LE
    summary = do_run(articles, out)
    assert not summary.skipped
    raw = read_raw(path)
    rows = pd.read_parquet(out).query("article_id == 'wide'")
    assert len(rows)
    for row in rows.itertuples():
        assert raw[row.char_start : row.char_end] == row.evidence


def test_latin1_file_message_says_how_to_fix(articles: Path, out: Path) -> None:
    (articles / "latin.txt").write_bytes("Caf\u00e9 news about a show.".encode("latin-1"))
    summary = do_run(articles, out)
    assert "save it as UTF-8" in summary.skipped[0].reason


def test_malformed_date_line_warns_on_stderr_and_in_manifest(
    articles: Path, out: Path, capsys
) -> None:
    (articles / "dated.txt").write_text(" date 2025-13-45 \n" + ARTICLE_C, encoding="utf-8")
    assert cli("-i", str(articles), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "dated.txt" in err and "'2025-13-45' is not a valid date" in err
    manifest = read_manifest(out)
    assert any("2025-13-45" in w for w in manifest["articles"]["dated"]["warnings"])
    assert manifest["articles"]["a"]["warnings"] == []


@pytest.mark.parametrize("line", [" date 0001-01-01 ", " date 9999-12-31 "])
def test_extreme_date_lines_keep_the_article(articles: Path, out: Path, line: str) -> None:
    text = f"{line}\nIt was announced Thursday. Filming will begin in February. {ARTICLE_C}"
    (articles / "edge.txt").write_text(text, encoding="utf-8")
    summary = do_run(articles, out)
    assert not summary.skipped
    values = pd.read_parquet(out).query("article_id == 'edge'")["date_value"].dropna()
    assert values.str.fullmatch(r"[0-9]{4}(-([0-9]{2}(-[0-9]{2})?|SP|SU|FA|WI))?").all()


def test_offset_recipe_works_on_crlf_files(articles: Path, out: Path) -> None:
    path = articles / "crlf.txt"
    path.write_bytes((ARTICLE_A + ARTICLE_B).replace("\n", "\r\n").encode("utf-8-sig"))
    do_run(articles, out)
    rows = pd.read_parquet(out).query("article_id == 'crlf'")
    assert len(rows) > 3
    # The README's recipe, both forms: the helper, and open() with newline="".
    raw = read_raw(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert handle.read() == raw
    for row in rows.itertuples():
        assert raw[row.char_start : row.char_end] == row.evidence
        assert raw[row.sentence_start : row.sentence_end].strip()
    import pipeline

    assert pipeline.read_raw(path) == raw


# --- smaller items ---------------------------------------------------------------------------


def test_stale_temp_files_are_removed(articles: Path, out: Path) -> None:
    do_run(articles, out)
    stale = [
        out.with_name(f".{out.name}.abc123.tmp"),
        out.with_name(f".{manifest_path(out).name}.4242.tmp"),
    ]
    for path in stale:
        path.write_bytes(b"half written")
    unrelated = out.with_name(".other.parquet.x.tmp")
    unrelated.write_bytes(b"not ours")
    messages: list[str] = []
    do_run(articles, out, log=messages.append)
    assert not any(p.exists() for p in stale) and unrelated.exists()
    assert sum("left by an interrupted run" in m for m in messages) == 2


def test_sigterm_behaves_like_ctrl_c(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    do_run(articles, out)
    before = state(out)
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")

    def terminated(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
        raise AssertionError("SIGTERM was not handled")

    monkeypatch.setattr(run_module, "_process", terminated)
    handler = signal.getsignal(signal.SIGTERM)
    assert cli("-i", str(articles), "-o", str(out)) == 143
    assert "terminated: " in capsys.readouterr().err
    assert state(out) == before
    assert signal.getsignal(signal.SIGTERM) == handler  # restored


def test_sigterm_to_a_real_run_leaves_the_table(articles: Path, out: Path) -> None:
    do_run(articles, out)
    before = state(out)
    for i in range(40):
        (articles / f"more{i:02d}.txt").write_text(ARTICLE_C * 30, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "-q", "-i", str(articles), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = out.with_name(out.name + ".lock")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 143, err
    assert "terminated:" in err and "Traceback" not in err
    assert state(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_reprocessed_not_new(articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    do_run(articles, out)
    full = do_run(articles, out, full=True)
    assert sorted(full.reprocessed) == ["a", "b"] and not full.new
    assert "2 reprocessed" in full.line()
    # Killed between the table and the manifest: the manifest no longer matches the table.
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "write_manifest", killed)
        with pytest.raises(KeyboardInterrupt):
            do_run(articles, out)
    after_kill = do_run(articles, out)
    assert sorted(after_kill.reprocessed) == ["a", "b", "c"] and not after_kill.new
    # New rules or model: everything is reprocessed, nothing is "new".
    monkeypatch.setattr(run_module, "pipeline_fingerprint", lambda *a: "0" * 16)
    new_rules = do_run(articles, out)
    assert sorted(new_rules.reprocessed) == ["a", "b", "c"] and not new_rules.new


def test_skipped_file_is_remembered_by_content_not_by_spelling(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (articles / "french.txt").write_text(
        "La série a été renouvelée pour une deuxième saison par la chaîne, selon les "
        "informations du journal. Les acteurs sont ravis et les fans attendent la suite "
        "avec impatience depuis des mois.",
        encoding="utf-8",
    )
    first = do_run(articles.resolve(), out)
    assert "English" in first.skipped[0].reason
    import pipeline.clean as clean_module

    calls: list[Path] = []
    real = clean_module.read_article
    monkeypatch.setattr(clean_module, "read_article", lambda p: calls.append(p) or real(p))
    monkeypatch.chdir(articles.parent)
    again = do_run(Path("in"), out)
    assert calls == [] and "English" in again.skipped[0].reason


def test_dangling_symlink_is_reported(articles: Path, out: Path) -> None:
    (articles / "gone.txt").symlink_to(articles / "nowhere.txt")
    summary = do_run(articles, out)
    assert [(Path(s.path).name, "broken symbolic link" in s.reason) for s in summary.skipped] == [
        ("gone.txt", True)
    ]
    assert set(pd.read_parquet(out)["article_id"]) == {"a", "b"}


def test_fingerprint_covers_weights_without_suffix_and_model_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    weights = package / "models" / "ner_gum" / "ner" / "model"
    weights.parent.mkdir(parents=True)
    weights.write_bytes(b"weights v1")
    monkeypatch.setattr(run_module, "_PACKAGE_DIR", package)
    first = pipeline_fingerprint("ner_gum-1")
    weights.write_bytes(b"weights v2")
    assert pipeline_fingerprint("ner_gum-1") != first

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "3.8.0")
    old = pipeline_fingerprint("en_fake_sm", "en_fake_sm")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "3.8.1")
    assert pipeline_fingerprint("en_fake_sm", "en_fake_sm") != old


def test_default_paths_outside_the_project_say_where_they_are_relative_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    one_error_line(capsys.readouterr().err, "relative to the current folder", str(tmp_path))
    assert main(["summary"]) == 2
    err = capsys.readouterr().err
    one_error_line(err, "relative to the current folder", "give the table's path")


def test_console_script_usage_line() -> None:
    script = Path(sys.executable).with_name("tv-claims")
    if not script.exists():
        found = shutil.which("tv-claims")
        if not found:
            pytest.skip("tv-claims is not installed in this environment")
        script = Path(found)
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: tv-claims")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("usage: python -m pipeline")


def _readme() -> str:
    return (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_tables_match_the_code(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's bad-input table quotes every reason the code gives."""
    readme = _readme()
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)),
        "nulchars.txt": "news\x00text".encode("utf-16"),
        "wide.txt": "Plain ASCII text".encode("utf-16-le"),
        "latin.txt": "Caf\u00e9 news".encode("latin-1"),
        "badbom.txt": b"\xff\xfe" + b"a\x00" + b"\x00\xdc" + b"b\x00",  # a lone surrogate
        "long.txt": b"word " * 200_001,
        "markup.html": b"<html><script>var x = 1;</script></html>",
        "french.txt": (
            "La s\u00e9rie a \u00e9t\u00e9 renouvel\u00e9e pour une deuxi\u00e8me saison par la "
            "cha\u00eene, selon les informations du journal. Les acteurs sont ravis et les fans "
            "attendent la suite avec impatience depuis des mois."
        ).encode(),
        "denied.txt": ARTICLE_C.encode(),
    }
    for name, data in bad.items():
        (articles / name).write_bytes(data)
    with (articles / "huge.txt").open("wb") as handle:
        handle.truncate(20_000_000)  # sparse
    (articles / "gone.txt").symlink_to(articles / "nowhere.txt")
    real_sha256 = run_module._sha256

    def sha256(path: Path) -> str:
        if path.name == "denied.txt":  # root reads anything: simulate a file it may not read
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_sha256(path)

    monkeypatch.setattr(run_module, "_sha256", sha256)
    summary = do_run(articles, out)
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert set(reasons) == set(bad) | {"gone.txt", "huge.txt"}
    for name, reason in reasons.items():
        fixed = re.split(r"0x[0-9a-f]{2}|[0-9][0-9,.]* |\(target", reason)[0].strip()
        assert fixed and fixed in readme, (name, reason)
    assert "cannot read file (Permission denied)" in readme
    assert "over the 16,000,000-byte limit on article files; it was not read" in readme
    assert "over the 1,000,000-character limit" in readme


def _exit_code_rows(readme: str) -> dict[int, str]:
    rows = {int(c): text for c, text in re.findall(r"^\| `([0-9]+)` \| (.*)$", readme, re.M)}
    for code, text in re.findall(r"`([0-9]{3})`: (stopped by SIGTERM[^|]*)", readme):
        rows[int(code)] = text
    return rows


def test_readme_exit_codes_match_what_the_cli_returns(
    articles: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """For the main cases: the README row that names the case is the row of the code the CLI
    returns for it."""
    from pipeline import cli as cli_module

    rows = _exit_code_rows(_readme())
    assert set(rows) == {
        cli_module.EXIT_OK,
        cli_module.EXIT_SKIPPED,
        cli_module.EXIT_ERROR,
        cli_module.EXIT_INTERRUPTED,
        cli_module.EXIT_TERMINATED,
    }

    def check(code: int, phrase: str, *args: str, argv: list[str] | None = None) -> None:
        assert phrase in rows[code], (code, phrase)
        got = main(argv) if argv is not None else cli("-q", *args)
        capsys.readouterr()
        assert got == code, (phrase, got)

    folder = tmp_path / "a_folder"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    check(0, "every input processed", "-i", str(articles), "-o", str(out))
    check(2, "input not found", "-i", str(tmp_path / "missing"), "-o", str(out))
    check(2, "output path is a folder", "-i", str(articles), "-o", str(folder))
    check(2, "output is one of the input files", "-i", str(articles), "-o", str(articles / "a.txt"))
    check(2, "not Parquet and has no manifest", "--full", "-i", str(articles), "-o", str(notes))
    check(2, "File name too long", "-i", str(articles), "-o", str(tmp_path / ("x" * 300)))
    check(
        2,
        "unknown model",
        argv=["run", "--model", "no_such_model_xyz", "-i", str(articles), "-o", str(out)],
    )
    check(
        2,
        "not a spaCy pipeline",
        argv=["run", "--model", "pandas", "-i", str(articles), "-o", str(out)],
    )
    check(2, "without `--prune`", "-i", str(articles / "a.txt"), "-o", str(out))
    check(2, "`summary` of a missing", argv=["summary", str(tmp_path / "none.parquet")])
    manifest_path(out).write_text("[]", encoding="utf-8")
    check(2, "a manifest or table that cannot be read", "-i", str(articles), "-o", str(out))
    check(0, "every input processed", "--full", "-i", str(articles), "-o", str(out))
    (articles / "empty.txt").write_bytes(b"")
    check(1, "some inputs were skipped", "-i", str(articles), "-o", str(out))
    (articles / "empty.txt").unlink()
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    with run_module.table_lock(out):
        check(2, "table locked by another run", "-i", str(articles), "-o", str(out))

    def manifest_write_fails(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "write_manifest", manifest_write_fails)
        check(
            2,
            "the NEW table was written but the manifest was not",
            "-i",
            str(articles),
            "-o",
            str(out),
        )
    assert "c" in set(pd.read_parquet(out)["article_id"])  # as the README says
    check(0, "every input processed", "-i", str(articles), "-o", str(out))  # reprocessed
    (articles / "d.txt").write_text(ARTICLE_B, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "_process", interrupted)
    check(130, "interrupted by Ctrl-C", "-i", str(articles), "-o", str(out))

    def terminated(*args, **kwargs):
        raise cli_module._Terminated

    monkeypatch.setattr(run_module, "_process", terminated)
    check(143, "stopped by SIGTERM", "-i", str(articles), "-o", str(out))
