#!/usr/bin/env python
"""What a rerun with nothing new costs as the corpus grows (the incremental state: manifest,
file signatures, table check), on synthetic corpora of N articles with a matching table and
manifest, without parsing anything.

    python benchmarks/rerun.py                      # N = 3,000 and 100,000
    python benchmarks/rerun.py --sizes 3000 30000

For each N it writes N small distinct article files, a claims table with one row per article
and the Parquet manifest a run would have written (the current pipeline fingerprint, the files'
hashes and signatures), then times ``python -m pipeline run --model rules`` (a new interpreter,
end to end: wall and CPU seconds) and, in this process, the parts of such a run: reading the
manifest, listing the input folder, ``stat``-ing every file, hashing every file (what a run
does for a file whose signature changed, and what the JSON-manifest versions did for every
file), and reading the same manifest as JSON (the format before). Costs grow linearly with N;
the last lines extrapolate them to 1,000,000 articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

TEXT = "Network {n} has renewed Series {n} for Season 2. Actor {n} plays Role {n}.\n"


def build(workdir: Path, size: int) -> tuple[Path, Path]:
    """Articles, table and manifest for ``size`` articles (reused when already there)."""
    import pyarrow as pa

    import pipeline
    from pipeline.claims import TABLE_SCHEMA, claims_batch, write_atomic
    from pipeline.dataset import signature
    from pipeline.manifest import read_manifest, write_manifest
    from pipeline.model_info import model_label
    from pipeline.run import pipeline_fingerprint

    folder, table = workdir / f"articles-{size}", workdir / f"claims-{size}.parquet"
    label = model_label("rules")
    fingerprint = pipeline_fingerprint(label, "rules")
    ids = [f"a{n:07d}" for n in range(size)]
    if not table.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for n, article_id in enumerate(ids):
            (folder / f"{article_id}.txt").write_bytes(TEXT.format(n=n).encode())
        # one claim per article, in table order
        one = claims_batch(pipeline.extract(TEXT.format(n=0), model="rules")[:1])
        rows = pa.Table.from_batches([one] * size, schema=TABLE_SCHEMA)
        index = TABLE_SCHEMA.get_field_index("article_id")
        rows = rows.set_column(index, TABLE_SCHEMA.field("article_id"), pa.array(ids))
        write_atomic(rows, table)
        time.sleep(2.1)  # older than a clock tick of the file system: signatures are trusted
    elif read_manifest(table).get("fingerprint") == fingerprint:
        return folder, table
    # (Re)written for this checkout's fingerprint: any change to the code changes it.
    hashes = {a: hashlib.sha256((folder / f"{a}.txt").read_bytes()).hexdigest() for a in ids}
    articles = {}
    for article_id in ids:
        path = folder / f"{article_id}.txt"
        info = path.stat()
        articles[article_id] = {
            "path": str(path),
            "source": str(path.resolve()),
            "sha256": hashes[article_id],
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
            "ctime_ns": info.st_ctime_ns,
            "status": "ok",
            "claims": 1,
            "pipeline_version": pipeline.__version__,
            "fingerprint": fingerprint,
            "model": label,
            "processed_at": "2026-11-22T00:00:00+00:00",
            "warnings": [],
        }
    from pipeline.run import _sha256

    write_manifest(
        table,
        {
            "pipeline_version": pipeline.__version__,
            "fingerprint": fingerprint,
            "model": label,
            "table": str(table),
            "table_sha256": _sha256(table),
            "table_signature": signature(table),
            "claims": size,
            "inputs": [str(folder.resolve())],
            "articles": articles,
            "skipped": [],
            "removed": [],
            "warnings": [],
        },
    )
    return folder, table


def timed(fn):  # noqa: ANN001, ANN201
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def parts(folder: Path, table: Path) -> dict[str, tuple[float, float]]:
    from pipeline.manifest import manifest_path, manifest_table, read_manifest
    from pipeline.run import _sha256, collect_inputs

    out: dict[str, tuple[float, float]] = {}
    manifest, *out["read the Parquet manifest"] = timed(lambda: read_manifest(table))
    files, *out["list the input folder"] = timed(lambda: collect_inputs([folder])[0])
    _, *out["stat every file"] = timed(lambda: [p.stat() for p in files])
    _, *out["hash every file (before)"] = timed(lambda: [_sha256(p) for p in files])
    _, *out["hash the table (before)"] = timed(lambda: _sha256(table))
    with tempfile.TemporaryDirectory() as tmp:
        legacy = Path(tmp) / "manifest.json"
        legacy.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        _, *out["read it as JSON (before)"] = timed(
            lambda: json.loads(legacy.read_text(encoding="utf-8"))
        )
    _, *out["write the Parquet manifest"] = timed(lambda: manifest_table(manifest))
    out["manifest file size (MB)"] = (manifest_path(table).stat().st_size / 1e6, 0.0)
    return out


def end_to_end(folder: Path, table: Path) -> tuple[float, float, str]:
    command = [sys.executable, "-m", "pipeline", "run", "--model", "rules", "-q"]
    command += ["-i", str(folder), "-o", str(table)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"run failed ({done.returncode}): {done.stderr}")
    return wall, cpu, done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 100_000])
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tv-rerun-"))
    print(f"corpora in {workdir}")
    per_article: dict[str, float] = {}
    for size in args.sizes:
        folder, table = build(workdir, size)
        end_to_end(folder, table)  # warm the page cache and the interpreter's files
        wall, cpu, _ = min(end_to_end(folder, table) for _ in range(3))
        print(f"\nN = {size:,}: rerun with nothing new (python -m pipeline run, best of 3):")
        print(f"    {wall:.2f} s wall, {cpu:.2f} CPU s")
        for name, (seconds, cpu_s) in parts(folder, table).items():
            if name.endswith("(MB)"):
                print(f"    {name}: {seconds:.1f}")
            else:
                print(f"    {name}: {seconds:.3f} s ({cpu_s:.3f} CPU s)")
        per_article["rerun"] = wall / size
    largest = max(args.sizes)
    print(f"\nat 1,000,000 articles, scaling linearly from N = {largest:,}: a rerun with nothing ")
    print(f"new takes about {per_article['rerun'] * 1_000_000:.0f} s wall (an upper bound: the")
    print("interpreter's start-up is counted in every article's share)")


if __name__ == "__main__":
    main()
