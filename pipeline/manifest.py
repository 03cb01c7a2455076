"""The manifest: what a run processed, beside the claims table, as a Parquet table.

``<table>.manifest.parquet`` holds one row per article (``MANIFEST_SCHEMA``: where it was read,
its content hash and file signature, its status, claim count, pipeline version, fingerprint,
model, time and warnings); the run itself (fingerprint, the table's hash and file signature,
inputs, skipped files, removed ids, warnings) is JSON in the file's key-value metadata under
``tv_manifest``. Parquet, not JSON: a rerun reads a million rows in a fraction of a second and
compares them column by column.

In memory a manifest is one dict, ``{"articles": {article_id: {...}}, "skipped": [...], ...}``:
:func:`read_manifest` gives it, :func:`write_manifest` stores it. A table whose manifest is
still the JSON file of earlier versions (``<table>.manifest.json``) is read from it, and the
next run that writes migrates it (the Parquet manifest is written, then the JSON one removed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import arrays

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("path", pa.string()),  # as given on the command line
        pa.field("source", pa.string()),  # absolute, folder links resolved
        pa.field("sha256", pa.string(), nullable=False),  # "": unknown (kept unreadable)
        # The file's signature when hashed; a rerun that finds the same one does not hash the
        # file again. Null when the file was changed too recently to be sure (see run.py).
        pa.field("size", pa.int64()),
        pa.field("mtime_ns", pa.int64()),
        pa.field("ctime_ns", pa.int64()),
        pa.field("status", pa.string()),  # "ok" or "kept-unreadable"
        pa.field("claims", pa.int64()),
        pa.field("pipeline_version", pa.string()),
        pa.field("fingerprint", pa.string()),
        pa.field("model", pa.string()),
        pa.field("processed_at", pa.string()),
        pa.field("warnings", pa.list_(pa.string())),
        pa.field("note", pa.string()),
    ]
)
_ARTICLE_FIELDS = MANIFEST_SCHEMA.names[1:]
METADATA_KEY = b"tv_manifest"
MANIFEST_FORMAT = 2  # 1: the JSON manifest of earlier versions


class ManifestError(ValueError):
    """A manifest that cannot be read or is not one this pipeline wrote; one-line reason."""


def manifest_path(table: Path) -> Path:
    return table.with_name(table.name + ".manifest.parquet")


def legacy_manifest_path(table: Path) -> Path:
    """The JSON manifest that versions before the Parquet manifest wrote."""
    return table.with_name(table.name + ".manifest.json")


def existing_manifest(table: Path) -> Path | None:
    """The manifest file beside ``table``: the Parquet one, else a JSON one not migrated yet."""
    for path in (manifest_path(table), legacy_manifest_path(table)):
        if path.exists():
            return path
    return None


def read_manifest(table: Path) -> dict:
    """The manifest beside ``table`` as one dict ({} when there is none). Raises
    :class:`ManifestError` when it is unreadable or of the wrong shape."""
    path = existing_manifest(table)
    if path is None:
        return {}
    if path.suffix == ".json":
        data = _read_json(path)
        problem = manifest_problem(data)
    else:  # the columns' types are checked as a whole; the run's metadata one by one
        data = _read_parquet(path)
        problem = manifest_problem({**data, "articles": {}})
    if problem is not None:
        raise ManifestError(problem)
    return data


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ManifestError(f"not valid JSON: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise ManifestError(exc.strerror or str(exc)) from None


def _read_parquet(path: Path) -> dict:
    try:
        parquet = pq.ParquetFile(path)
        table = parquet.read()
    except OSError as exc:
        raise ManifestError(exc.strerror or str(exc).splitlines()[0]) from None
    except pa.ArrowException as exc:
        raise ManifestError(f"not a readable Parquet file: {str(exc).splitlines()[0]}") from None
    raw = (table.schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        raise ManifestError(f"no '{METADATA_KEY.decode()}' metadata: not a manifest")
    try:
        data = json.loads(raw)
    except ValueError:
        raise ManifestError(f"its '{METADATA_KEY.decode()}' metadata is not JSON") from None
    if not isinstance(data, dict):
        raise ManifestError(f"its '{METADATA_KEY.decode()}' metadata is not a JSON object")
    missing = [name for name in MANIFEST_SCHEMA.names if name not in table.schema.names]
    if missing:
        raise ManifestError(f"column(s) {', '.join(missing)} missing")
    try:
        table = table.select(MANIFEST_SCHEMA.names).cast(MANIFEST_SCHEMA)
    except (pa.ArrowException, ValueError) as exc:
        raise ManifestError(f"columns of the wrong type ({str(exc).splitlines()[0]})") from None
    if table.column("sha256").null_count or table.column("article_id").null_count:
        raise ManifestError("an article has no 'article_id' or no 'sha256'")
    ids = table.column("article_id").to_pylist()
    columns = [table.column(name).to_pylist() for name in _ARTICLE_FIELDS]
    if any(count < 0 for count in columns[_ARTICLE_FIELDS.index("claims")] if count is not None):
        raise ManifestError("an article has a negative 'claims' count")
    # One dict per article, without the nulls (an absent key reads as the JSON manifest's).
    data["articles"] = {
        article_id: {k: v for k, v in zip(_ARTICLE_FIELDS, values, strict=True) if v is not None}
        for article_id, *values in zip(ids, *columns, strict=True)
    }
    return data


def manifest_problem(data: object) -> str | None:
    """Why ``data`` is not a manifest this pipeline wrote; None if it is one."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    for key, kind in (("articles", dict), ("skipped", list), ("removed", list)):
        if key in data and not isinstance(data[key], kind):
            return f"'{key}' is not a JSON {'object' if kind is dict else 'array'}"
    for key in ("fingerprint", "table_sha256"):
        if key in data and not isinstance(data[key], str):
            return f"'{key}' is not a string"
    for article_id, meta in data.get("articles", {}).items():
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
            return f"article {article_id!r} has no 'sha256'"
        count = meta.get("claims", 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            return f"article {article_id!r} has a 'claims' count that is not a whole number"
    for item in data.get("skipped", []):
        if not isinstance(item, dict) or not isinstance(item.get("reason"), str):
            return "a 'skipped' entry has no 'reason'"
    return None


def manifest_table(data: dict) -> pa.Table:
    """The Parquet form of a manifest dict: articles as rows (in id order), the rest as
    metadata."""
    articles = data.get("articles", {})
    ids = sorted(articles)
    columns = {"article_id": ids}
    for name in _ARTICLE_FIELDS:
        columns[name] = [articles[a].get(name) for a in ids]
    run = {key: value for key, value in data.items() if key != "articles"}
    run["manifest_format"] = MANIFEST_FORMAT
    schema = MANIFEST_SCHEMA.with_metadata({METADATA_KEY: json.dumps(run, ensure_ascii=False)})
    return arrays.table(columns, schema)  # not pa.table: see pipeline.arrays


def write_manifest(table: Path, data: dict) -> Path:
    """Store ``data`` atomically as the manifest of ``table``; a JSON manifest left by an
    earlier version is removed once the Parquet one is in place (the migration)."""
    from pipeline.claims import atomic_file

    path = manifest_path(table)
    with atomic_file(path) as tmp:
        pq.write_table(manifest_table(data), tmp, compression="zstd")
    legacy = legacy_manifest_path(table)
    if legacy.exists():
        os.unlink(legacy)
    return path
