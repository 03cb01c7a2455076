"""Review of issue 8: known articles that cannot be read keep their claims in every kind of run,
the output never overwrites an input or a foreign file, operating-system and model errors are
one line and exit 2, English cast lists with role notes pass, every leading date line that is
not YYYY-MM-DD warns, the length limit counts the cleaned text. Every case runs in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import ARTICLE_A, ARTICLE_C, cli, do_run, one_error_line, quiet

import pipeline.run as run_module
from pipeline.cli import main
from pipeline.manifest import legacy_manifest_path, read_manifest, write_manifest
from pipeline.run import manifest_path, run

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
    manifest = read_manifest(out)
    assert any(value in w for w in manifest["articles"]["dated"]["warnings"])
    assert any("dated.txt" in w and value in w for w in manifest["warnings"])
    rows = pd.read_parquet(out).query("article_id == 'dated'")
    assert len(rows) and (rows["char_start"] >= len(line)).all()  # the line is no text


# --- finding 4: the language check rejects only text where another language clearly wins ------

CAST_WITH_ROLES = """Bosch: Legacy Season 3 Cast and Characters
Titus Welliver – Harry Bosch, retired homicide detective turned private investigator
Mimi Rogers – Honey "Money" Chandler, defense attorney who hires him for her cases
Madison Lintz – Maddie Bosch, rookie patrol officer at the Hollywood station
Stephen A. Chang – Maurice "Mo" Bassi, hacker and surveillance expert
Denise G. Sanchez – Reina Vasquez, patrol officer and training partner
Scott Klace – Sergeant John Mankiewicz, watch commander at Hollywood station
Max Martini – Preston Borders, convicted murderer seeking release from prison
Anthony Gonzalez – Rico Perez, retired soldier and private security guard
"""
# The review's case: role notes with no function words at all.
CAST_ROLE_NOTES_ONLY = "Bosch: Legacy Season 3 Cast\n" + "".join(
    f"{actor} – {role}, retired homicide detective turned private investigator\n"
    for actor, role in [
        ("Titus Welliver", "Harry Bosch"),
        ("Mimi Rogers", "Honey Chandler"),
        ("Madison Lintz", "Maddie Bosch"),
        ("Stephen Chang", "Mo Bassi"),
        ("Denise Sanchez", "Reina Vasquez"),
        ("Scott Klace", "John Mankiewicz"),
        ("Max Martini", "Preston Borders"),
        ("Anthony Gonzalez", "Rico Perez"),
    ]
)
GERMAN = (
    "Die Serie wurde für eine dritte Staffel verlängert, wie der Sender am Montag mitteilte. "
    "Die Dreharbeiten sollen im Frühjahr beginnen und die Fans freuen sich auf die Rückkehr "
    "der Figuren, die auch in der neuen Staffel dabei sind."
)
SPANISH = (
    "La serie ha sido renovada para una tercera temporada, según informó la cadena el lunes. "
    "El rodaje comenzará en primavera y los fans esperan con ansias el regreso de los "
    "personajes, que también estarán en la nueva temporada."
)


@pytest.mark.parametrize("text", [CAST_ROLE_NOTES_ONLY, CAST_WITH_ROLES])
def test_english_cast_list_with_role_notes_is_processed(
    articles: Path, out: Path, text: str
) -> None:
    from pipeline.run import looks_english

    assert looks_english(text)
    (articles / "cast.txt").write_text(text, encoding="utf-8")
    summary = do_run(articles, out)
    assert not summary.skipped and "cast" in summary.new


@pytest.mark.parametrize("text", [GERMAN, SPANISH])
def test_german_and_spanish_are_still_rejected(articles: Path, out: Path, text: str) -> None:
    (articles / "foreign.txt").write_text(text, encoding="utf-8")
    summary = do_run(articles, out)
    assert [s.reason for s in summary.skipped] == [
        "does not look like English text (rules are English-only)"
    ]


def test_english_with_a_foreign_quote_is_english() -> None:
    from pipeline.run import looks_english

    english = (
        "Netflix has renewed the drama for a third season, the streamer said on Monday. "
        "Filming will begin in the spring and the cast is expected to return for the new "
        "episodes of the show, which was the most watched series of the year in France."
    )
    assert looks_english(f"{english} Its star told Le Monde: la série est un succès.")
    assert not looks_english("Сериал продлили на третий сезон, сообщил канал в понедельник. " * 3)


# --- finding 1: a known article that cannot be read keeps its claims in every kind of run -----


def grow_past_the_size_limit(path: Path) -> None:
    from pipeline.clean import MAX_ARTICLE_BYTES

    with path.open("r+b") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: nothing is written to disk


def rows_of(out: Path, article_id: str) -> pd.DataFrame:
    rows = pd.read_parquet(out).query(f"article_id == '{article_id}'")
    return rows.sort_values("claim_id").reset_index(drop=True)


@pytest.mark.parametrize("how", ["full", "new rules", "manifest mismatch", "no manifest"])
def test_unreadable_known_article_keeps_its_claims(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    do_run(articles, out)
    a_rows = rows_of(out, "a")
    a_entry = read_manifest(out)["articles"]["a"]
    assert len(a_rows) > 2
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")  # so that the table is written
    grow_past_the_size_limit(articles / "a.txt")
    if how == "new rules":
        monkeypatch.setattr(run_module, "pipeline_fingerprint", lambda *a: "0" * 16)
    elif how == "manifest mismatch":
        manifest = read_manifest(out)
        manifest["table_sha256"] = "0" * 64  # e.g. killed between the table and the manifest
        del manifest["table_signature"]
        write_manifest(out, manifest)
    elif how == "no manifest":
        manifest_path(out).unlink()
    summary = do_run(articles, out, full=how == "full")
    assert summary.wrote_table and not summary.removed and "0 removed" in summary.line()
    assert [Path(s.path).name for s in summary.skipped] == ["a.txt"]
    assert "16,000,000-byte limit" in summary.skipped[0].reason
    pd.testing.assert_frame_equal(rows_of(out, "a"), a_rows)
    entry = read_manifest(out)["articles"]["a"]
    assert entry["claims"] == len(a_rows) and entry["status"] == "kept-unreadable"
    if how != "no manifest":
        assert entry["sha256"] == a_entry["sha256"]  # taken from the manifest
    # Still unreadable: still kept, by a plain run too.
    again = do_run(articles, out)
    assert not again.removed
    pd.testing.assert_frame_equal(rows_of(out, "a"), a_rows)
    # Readable again: processed again (its claims may come from other rules), not "new".
    (articles / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    fixed = do_run(articles, out)
    assert fixed.reprocessed == ["a"] and not fixed.new and not fixed.skipped
    pd.testing.assert_frame_equal(rows_of(out, "a"), a_rows)
    assert read_manifest(out)["articles"]["a"]["status"] == "ok"


def test_unreadable_known_article_in_a_nothing_to_do_full_run(articles: Path, out: Path) -> None:
    do_run(articles, out)
    before = out.read_bytes()
    grow_past_the_size_limit(articles / "a.txt")
    grow_past_the_size_limit(articles / "b.txt")
    summary = do_run(articles, out, full=True)
    assert not summary.removed and not summary.wrote_table
    assert out.read_bytes() == before and summary.claims == len(pd.read_parquet(out))


def test_unreadable_unknown_article_is_only_skipped(articles: Path, out: Path) -> None:
    do_run(articles, out)
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    grow_past_the_size_limit(articles / "c.txt")
    summary = do_run(articles, out, full=True)
    assert [Path(s.path).name for s in summary.skipped] == ["c.txt"]
    assert "c" not in read_manifest(out)["articles"]


# --- finding 2: the output never overwrites an input or a file that is no claims table --------


@pytest.mark.parametrize("full", [False, True])
def test_output_that_is_an_input_article_is_refused(
    articles: Path, capsys: pytest.CaptureFixture[str], full: bool
) -> None:
    target = articles / "a.txt"
    flags = ["--full"] if full else []
    assert cli(*flags, "-i", str(articles), "-o", str(target)) == 2
    line = one_error_line(capsys.readouterr().err, "is one of the input articles")
    assert "--full" not in line
    assert target.read_text(encoding="utf-8") == ARTICLE_A
    # Named as a file input, or through a hard link: the same.
    assert cli(*flags, "-i", str(target), "-o", str(target)) == 2
    one_error_line(capsys.readouterr().err, "is one of the input articles")
    link = articles.parent / "link.parquet"
    link.hardlink_to(target)
    assert cli(*flags, "-i", str(articles), "-o", str(link)) == 2
    one_error_line(capsys.readouterr().err, "is one of the input articles")
    assert target.read_text(encoding="utf-8") == ARTICLE_A


@pytest.mark.parametrize("full", [False, True])
def test_existing_file_that_is_not_parquet_is_never_overwritten(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], full: bool
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    flags = ["--full"] if full else []
    assert cli(*flags, "-i", str(articles), "-o", str(notes)) == 2
    one_error_line(capsys.readouterr().err, "is not a Parquet file", "move the file away")
    assert notes.read_text(encoding="utf-8") == "my notes"
    empty = tmp_path / "empty.parquet"
    empty.touch()
    assert cli(*flags, "-i", str(articles), "-o", str(empty)) == 2
    one_error_line(capsys.readouterr().err, "is not a Parquet file")


def test_output_that_is_not_a_regular_file_is_refused(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    fifo = tmp_path / "pipe.parquet"
    os.mkfifo(fifo)
    assert cli("--full", "-i", str(articles), "-o", str(fifo)) == 2  # and does not hang
    one_error_line(capsys.readouterr().err, "not a regular file")
    assert cli("-i", str(articles), "-o", os.devnull) == 2
    one_error_line(capsys.readouterr().err, "not a regular file")


# --- finding 3: operating-system, manifest and model errors: one line, exit 2 -----------------


def test_too_long_output_or_input_name_is_one_line(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "x" * 300
    assert cli("-i", str(articles), "-o", str(tmp_path / f"{long}.parquet")) == 2
    one_error_line(capsys.readouterr().err, "File name too long")
    assert cli("-i", str(tmp_path / long), "-o", str(tmp_path / "claims.parquet")) == 2
    one_error_line(capsys.readouterr().err, "File name too long")
    assert main(["summary", str(tmp_path / f"{long}.parquet")]) == 2
    one_error_line(capsys.readouterr().err, "File name too long")


@pytest.mark.parametrize("count", ["many", None, 1.5, -1, True])
def test_manifest_with_a_claim_count_that_is_no_number(
    articles: Path, out: Path, capsys: pytest.CaptureFixture[str], count: object
) -> None:
    do_run(articles, out)
    manifest = read_manifest(out)
    manifest["articles"]["a"]["claims"] = count
    # Parquet types its columns; a JSON manifest of an earlier version is checked by hand.
    manifest_path(out).unlink()
    legacy_manifest_path(out).write_text(json.dumps(manifest), encoding="utf-8")
    table = out.read_bytes()
    assert cli("-i", str(articles), "-o", str(out)) == 2  # a nothing-to-do run
    one_error_line(capsys.readouterr().err, "manifest", "'claims'", "--full")
    assert out.read_bytes() == table
    assert cli("-q", "--full", "-i", str(articles), "-o", str(out)) == 0
    assert cli("-q", "-i", str(articles), "-o", str(out)) == 0


def test_module_that_is_not_a_spacy_pipeline_is_refused_before_hashing(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_hashing(*args, **kwargs):
        raise AssertionError("inputs were hashed before the model was checked")

    monkeypatch.setattr(run_module, "_sha256", no_hashing)
    for model in ("pandas", "no_such_model_xyz", str(articles)):
        assert main(["run", "--model", model, "-i", str(articles), "-o", str(out)]) == 2
        one_error_line(capsys.readouterr().err, "spaCy pipeline")
    assert not out.exists()


def test_load_pipeline_turns_any_failure_into_model_not_found() -> None:
    from pipeline.nlp import ModelNotFoundError, load_pipeline

    with pytest.raises(ModelNotFoundError, match="cannot load 'pandas' as a spaCy pipeline"):
        load_pipeline("pandas")
    with pytest.raises(ModelNotFoundError, match="not installed"):
        load_pipeline("no_such_model_xyz")


def test_model_check_accepts_spacy_pipelines_without_loading_them(
    articles: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy

    from pipeline.run import check_model

    folder = tmp_path / "my_model"
    spacy.blank("en").to_disk(folder)
    check_model(str(folder))
    summary = run([articles], out, model=str(folder), progress=False, log=quiet)
    assert sorted(summary.new) == ["a", "b"]
    # An installed package with a spaCy meta.json: accepted, and not imported by the check.
    site = tmp_path / "site"
    package = site / "en_fake_pipeline"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("raise AssertionError('imported')\n")
    (package / "meta.json").write_text('{"lang": "en", "name": "fake_pipeline"}')
    monkeypatch.syspath_prepend(str(site))
    check_model("en_fake_pipeline")
