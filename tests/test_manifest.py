"""The Parquet manifest (pipeline/manifest.py): round trip, migration from the JSON manifest,
problems reported in one line, and reruns that trust a file's signature instead of reading it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from run_helpers import ARTICLE_A, ARTICLE_C, do_run

import pipeline.dataset as dataset_module
import pipeline.run as run_module
from pipeline.manifest import (
    MANIFEST_SCHEMA,
    ManifestError,
    legacy_manifest_path,
    manifest_path,
    manifest_table,
    read_manifest,
    write_manifest,
)
from pipeline.run import RunError


@pytest.fixture
def old_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as changed long enough ago for their signature to be trusted (in a test they
    were all written a moment ago)."""
    monkeypatch.setattr(run_module, "RECENT_NS", 0)


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files a run reads to hash them."""
    names: list[str] = []
    real = run_module._sha256

    def counting(path: Path) -> str:
        names.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(run_module, "_sha256", counting)  # articles
    monkeypatch.setattr(dataset_module, "file_sha256", counting)  # the table
    return names


def test_a_manifest_round_trips_through_parquet(tmp_path: Path) -> None:
    table = tmp_path / "claims.parquet"
    data = {
        "fingerprint": "f" * 16,
        "table_sha256": "0" * 64,
        "inputs": ["/in"],
        "skipped": [{"path": "/in/x.txt", "reason": "empty file", "sha256": None}],
        "removed": ["gone"],
        "articles": {
            "b": {"path": "in/b.txt", "sha256": "b" * 64, "claims": 3, "warnings": ["w"]},
            "a": {"sha256": "", "status": "kept-unreadable", "note": "claims from earlier"},
        },
    }
    write_manifest(table, data)
    back = read_manifest(table)
    assert back.pop("manifest_format") == 2
    assert back == data
    stored = pq.read_table(manifest_path(table))
    assert stored.schema.remove_metadata() == MANIFEST_SCHEMA
    assert stored.column("article_id").to_pylist() == ["a", "b"]  # keyed, in id order


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"PAR1 damaged", "not a readable Parquet file"),
        (None, "no 'tv_manifest' metadata"),
    ],
)
def test_a_damaged_parquet_manifest_is_one_line(
    articles: Path, out: Path, content: bytes | None, problem: str
) -> None:
    do_run(articles, out)
    if content is None:  # a Parquet file, but not a manifest
        pq.write_table(pa.table({"x": [1]}), manifest_path(out))
    else:
        manifest_path(out).write_bytes(content)
    with pytest.raises(ManifestError, match=problem):
        read_manifest(out)
    with pytest.raises(RunError, match=f"manifest .* is unusable \\({problem}.*--full"):
        do_run(articles, out)
    assert sorted(do_run(articles, out, full=True).reprocessed) == ["a", "b"]
    assert read_manifest(out)["articles"].keys() == {"a", "b"}


def test_a_manifest_with_a_column_missing_is_refused(articles: Path, out: Path) -> None:
    do_run(articles, out)
    stored = pq.read_table(manifest_path(out))
    pq.write_table(stored.drop_columns(["sha256"]), manifest_path(out))
    with pytest.raises(ManifestError, match="column\\(s\\) sha256 missing"):
        read_manifest(out)


def as_json_manifest(out: Path) -> dict:
    """Turn the table's manifest into the JSON one an earlier version wrote."""
    data = read_manifest(out)
    for key in ("manifest_format", "table_signature"):
        data.pop(key)
    for entry in data["articles"].values():
        for key in ("size", "mtime_ns", "ctime_ns"):
            entry.pop(key, None)
    manifest_path(out).unlink()
    legacy_manifest_path(out).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def test_a_json_manifest_is_migrated_by_a_run_with_nothing_to_do(articles: Path, out: Path) -> None:
    do_run(articles, out)
    table = out.read_bytes()
    old = as_json_manifest(out)
    summary = do_run(articles, out)
    assert sorted(summary.unchanged) == ["a", "b"] and not summary.wrote_table
    assert out.read_bytes() == table
    assert not legacy_manifest_path(out).exists()
    new = read_manifest(out)
    assert new["articles"] == old["articles"] and new["fingerprint"] == old["fingerprint"]


def test_a_json_manifest_is_migrated_by_a_run_that_adds(articles: Path, out: Path) -> None:
    do_run(articles, out)
    as_json_manifest(out)
    (articles / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    summary = do_run(articles, out)
    assert summary.new == ["c"] and sorted(summary.unchanged) == ["a", "b"]
    assert not legacy_manifest_path(out).exists()
    assert read_manifest(out)["articles"].keys() == {"a", "b", "c"}


def test_a_rerun_trusts_signatures_and_reads_no_file(
    articles: Path, out: Path, old_files: None, hashed: list[str]
) -> None:
    do_run(articles, out)
    entry = read_manifest(out)["articles"]["a"]
    assert entry["size"] == (articles / "a.txt").stat().st_size and "mtime_ns" in entry
    hashed.clear()
    before = manifest_path(out).read_bytes()
    summary = do_run(articles, out)
    assert sorted(summary.unchanged) == ["a", "b"]
    assert hashed == []  # neither the articles nor the table were read
    assert manifest_path(out).read_bytes() == before  # and nothing was written


def test_a_file_rewritten_with_the_same_size_and_time_is_still_seen(
    articles: Path, out: Path, old_files: None
) -> None:
    path = articles / "a.txt"
    do_run(articles, out)
    info = path.stat()
    path.write_text(ARTICLE_A.replace("Priya", "Maria"), encoding="utf-8")  # same length
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # as cp -p or touch -r would
    assert path.stat().st_size == info.st_size
    assert do_run(articles, out).changed == ["a"]


def test_a_recently_changed_file_is_hashed_until_its_signature_is_safe(
    articles: Path, out: Path, monkeypatch: pytest.MonkeyPatch, hashed: list[str]
) -> None:
    do_run(articles, out)  # the files were written just now: no signature is trusted
    assert "mtime_ns" not in read_manifest(out)["articles"]["a"]
    hashed.clear()
    assert sorted(do_run(articles, out).unchanged) == ["a", "b"]
    assert sorted(hashed) == ["a.txt", "b.txt"]
    # Later (here: the clock tick no longer matters) a run with nothing to do records them.
    monkeypatch.setattr(run_module, "RECENT_NS", 0)
    do_run(articles, out)
    assert "mtime_ns" in read_manifest(out)["articles"]["a"]
    hashed.clear()
    assert sorted(do_run(articles, out).unchanged) == ["a", "b"]
    assert hashed == []


def test_manifest_table_needs_no_optional_field() -> None:
    table = manifest_table({"articles": {"x": {"sha256": "0" * 64}}})
    assert table.num_rows == 1 and table.column("claims").null_count == 1
