#!/usr/bin/env python
"""Throughput and memory of the pipeline against its own model, in one run.

    python benchmarks/throughput.py            # N = 1,000 (about 15 minutes on 2 cores)
    python benchmarks/throughput.py --quick    # a tenth of every size, to try it out
    python benchmarks/throughput.py --engine dask [--articles N]   # local vs Dask engine

Prints, for a corpus of N articles:

(a) the bundled model alone (``spacy.load(pipeline/models/tv_core)``, ``nlp.pipe`` with batch
    64) with ``n_process`` = 1 and 2;
(b) the full ``run`` (read, clean, model, rules, claims, Parquet, manifest) with 1 and 2
    workers;
(c) (b)/(a) per process count, articles/s, words/s, CPU-seconds, peak RSS of the whole process
    tree; scaling of the full run (2 workers) at N = 250 / 1,000 / 4,000 (cost per article and
    peak RSS); the time to add one article to a 3,000-article table (``python -m pipeline
    run``, end to end, a new interpreter) and of a rerun with nothing to do.

The corpus is made from texts the repository ships (``seeds/`` and ``tests/unseen/``): each
article mixes paragraphs of two of them, with its own date line and season numbers, about 590
words long. It is written under ``--workdir`` (default: a temp folder) and reused.

``--engine dask`` measures only the engines: the full run of N articles (default 300) with the
local engine (2 worker processes) and with the Dask engine on a LocalCluster of 2 single-threaded
worker processes, twice each in the order local, Dask, Dask, local; it prints the best time of
each, their ratio, the Dask overhead per article and whether the tables are identical.

Every measurement runs in a fresh process; a sampler reads the RSS of that process and all its
children from /proc every 0.2 s (Linux). Timings on a shared machine are noisy: compare the
ratios within one run. The pipeline's modules are byte-compiled first, as ``pip install``
does: where ``PYTHONDONTWRITEBYTECODE`` is set, an editable checkout would otherwise compile
them again in every process (about 0.1-0.3 s of a one-article run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # measure this checkout, not another installed copy
    sys.path.insert(0, str(REPO_ROOT))
SOURCES = [
    *sorted((REPO_ROOT / "seeds").glob("*.txt")),
    *sorted((REPO_ROOT / "tests" / "unseen").glob("*.txt")),
]
TARGET_WORDS = 590
SIZES = (250, 1000, 4000)


# --- corpus --------------------------------------------------------------------------------


def _paragraphs(path: Path) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return paragraphs[0], paragraphs[1:]


def make_article(index: int, rng: random.Random) -> str:
    """A headline and body paragraphs of one source, topped up from another to ~590 words."""
    first, second = rng.sample(range(len(SOURCES)), 2)
    headline, body = _paragraphs(SOURCES[first])
    _, extra = _paragraphs(SOURCES[second])
    chosen: list[str] = []
    words = len(headline.split())
    for paragraph in [*body, *rng.sample(extra, len(extra))]:
        if words >= TARGET_WORDS:
            break
        chosen.append(paragraph)
        words += len(paragraph.split())
    text = "\n\n".join([headline, *chosen])
    season = str(rng.randint(2, 9))
    text = re.sub(r"(?<=Season )\d+", season, text)
    date = f"date 20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"{date}\n{text}\n"


def build_corpus(workdir: Path, sizes: list[int]) -> dict[int, Path]:
    """One folder per size; the articles of a smaller size are the first of a larger one."""
    rng = random.Random(20261122)
    articles = [make_article(i, rng) for i in range(max(sizes))]
    folders = {}
    for size in sizes:
        folder = workdir / f"corpus-{size}"
        if not folder.is_dir() or len(list(folder.glob("*.txt"))) != size:
            folder.mkdir(parents=True, exist_ok=True)
            for i, text in enumerate(articles[:size]):
                (folder / f"bench_{i:05d}.txt").write_text(text, encoding="utf-8")
        folders[size] = folder
    return folders


# --- one measurement, in its own process --------------------------------------------------


def _cleaned_texts(folder: Path) -> list[str]:
    from pipeline.clean import read_article

    return [read_article(p).text for p in sorted(folder.glob("*.txt"))]


def measure_model(folder: Path, processes: int) -> dict:
    import spacy

    from pipeline.model_info import BUNDLED_MODEL

    texts = _cleaned_texts(folder)
    started = time.perf_counter()
    nlp = spacy.load(BUNDLED_MODEL)
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - started, "articles": len(texts),
            "words": sum(len(t.split()) for t in texts)}  # fmt: skip


def measure_run(folder: Path, output: Path, workers: int, engine: str = "local") -> dict:
    from pipeline.run import run

    started = time.perf_counter()
    summary = run(
        [folder], output, workers=workers, progress=False, log=lambda msg: None, engine=engine
    )
    done = len(summary.new) + len(summary.reprocessed) + len(summary.changed)
    return {"seconds": time.perf_counter() - started, "claims": summary.claims, "articles": done}


def _child_main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "model":
        result = measure_model(Path(argv[1]), int(argv[2]))
    else:
        result = measure_run(Path(argv[1]), Path(argv[2]), int(argv[3]), *argv[4:])
    times = os.times()
    result["cpu_seconds"] = times.user + times.system + times.children_user + times.children_system
    result["own_cpu_seconds"] = times.user + times.system  # this process: the engine's client
    print("RESULT " + json.dumps(result), flush=True)


# --- the sampler ---------------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """RSS in bytes of ``root`` and every process below it (a few /proc reads, so sampling does
    not take CPU from the run it measures)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return total


def run_measured(args: list[str], env: dict | None = None) -> dict:
    """Run a command; its JSON result plus wall seconds and peak RSS of its process tree."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {proc.returncode}")
    lines = [line for line in out.splitlines() if line.startswith("RESULT ")]
    result = json.loads(lines[-1][len("RESULT ") :]) if lines else {}
    result.setdefault("seconds", wall)
    result["wall_with_startup"] = wall
    # CPU of the command and the processes it waited for (workers included)
    result.setdefault(
        "cpu_seconds",
        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
    )
    result["cpu_with_startup"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    result["peak_rss_mb"] = peak / 2**20
    return result


def child(*args: object) -> dict:
    return run_measured([sys.executable, __file__, "--child", *map(str, args)])


# --- the report ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of every size")
    parser.add_argument("--workdir", type=Path, help="where the corpus and tables go")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="dask: compare the local and the Dask engine only")  # fmt: skip
    parser.add_argument("--articles", type=int, default=300, help="corpus size for --engine dask")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_main(args.child)
        return
    if args.engine == "dask":
        compare_engines(args.workdir or Path(tempfile.mkdtemp(prefix="tv-claims-bench-")),
                        args.articles)  # fmt: skip
        return
    import compileall

    compileall.compile_dir(REPO_ROOT / "pipeline", quiet=1)
    scale = 10 if args.quick else 1
    sizes = [size // scale for size in SIZES]
    base = sizes[1]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tv-claims-bench-"))
    folders = build_corpus(workdir, sizes)
    words = sum(len(t.split()) for t in _cleaned_texts(folders[base]))
    print(f"corpus: {workdir} ({base} articles, {words} words, {words / base:.0f} per article)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")

    def line(name: str, r: dict, articles: int) -> str:
        return (
            f"{name:32s} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} "
            f"{articles / r['seconds']:8.2f} {words / r['seconds']:9.0f} {r['peak_rss_mb']:8.0f}"
        )

    print(f"{'':32s} {'wall s':>8s} {'CPU s':>8s} {'art/s':>8s} {'words/s':>9s} {'RSS MB':>8s}")
    # Each full run is measured right next to the model run it is compared with (order a1 b1
    # b2 a2): on a shared machine the speed drifts over minutes.
    model, full = {}, {}

    def time_full_run(w: int) -> None:
        output = workdir / f"claims-{base}-w{w}.parquet"
        _remove_table(output)
        full[w] = child("run", folders[base], output, w)

    model[1] = child("model", folders[base], 1)
    time_full_run(1)
    time_full_run(2)
    model[2] = child("model", folders[base], 2)
    for p in (1, 2):
        print(line(f"(a) model alone, n_process={p}", model[p], base))
    for w in (1, 2):
        print(line(f"(b) full run, workers={w}", full[w], base))
    same = (workdir / f"claims-{base}-w1.parquet").read_bytes() == (
        workdir / f"claims-{base}-w2.parquet"
    ).read_bytes()
    print("\n(c) full run / model alone, same process count (speed ratio):")
    for p in (1, 2):
        print(f"    {p} process(es): {model[p]['seconds'] / full[p]['seconds']:.2f}x (wall)")
    # With one process, CPU-seconds measure the same work without the time a shared machine
    # takes the CPU away (steal), so they vary less from run to run than wall time.
    print(f"    1 process, by CPU-seconds: {model[1]['cpu_seconds'] / full[1]['cpu_seconds']:.2f}x")
    print(f"    2 workers / 1 worker: {full[1]['seconds'] / full[2]['seconds']:.2f}x faster")
    print(f"    model alone, 2 / 1 processes: {model[1]['seconds'] / model[2]['seconds']:.2f}x")
    print(f"    tables of 1 and 2 workers identical (bytes): {same}")

    print("\nscaling, full run with 2 workers:")
    print(
        f"{'articles':>10s} {'wall s':>8s} {'CPU s':>8s} {'ms/article':>11s} "
        f"{'CPU ms/art':>11s} {'RSS MB':>8s}"
    )
    scaling = {}
    for size in sizes:
        if size == base:
            scaling[size] = full[2]
        else:
            output = workdir / f"claims-{size}.parquet"
            _remove_table(output)
            scaling[size] = child("run", folders[size], output, 2)
        r = scaling[size]
        print(
            f"{size:10d} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} "
            f"{1000 * r['seconds'] / size:11.1f} {1000 * r['cpu_seconds'] / size:11.1f} "
            f"{r['peak_rss_mb']:8.0f}"
        )
    small, large = scaling[sizes[0]], scaling[sizes[-1]]
    per_article = (large["seconds"] / sizes[-1]) / (small["seconds"] / sizes[0])
    print(f"    cost per article, {sizes[-1]} vs {sizes[0]}: {per_article:.2f}x")
    # the fixed part of a run (process start, workers starting and loading the model, the last
    # batch) weighs on small runs; the cost of each further article is the slope
    for low, high in zip(sizes, sizes[1:], strict=False):
        slope = (scaling[high]["seconds"] - scaling[low]["seconds"]) / (high - low)
        print(f"    each further article, {low} -> {high}: {1000 * slope:.1f} ms")
    print(
        f"    peak RSS, {sizes[-1]} vs {sizes[0]}: "
        f"{large['peak_rss_mb'] / small['peak_rss_mb']:.2f}x"
    )

    # Incremental: a table of 3,000 articles (the largest one, its extra articles pruned: no
    # parsing), one new article added, then a rerun with nothing to do.
    incremental(workdir, folders[sizes[-1]], workdir / f"claims-{sizes[-1]}.parquet", 3 * base)


def _remove_table(output: Path) -> None:
    """So that the next run processes every article."""
    from pipeline.manifest import legacy_manifest_path, manifest_path

    for stale in (output, manifest_path(output), legacy_manifest_path(output)):
        stale.unlink(missing_ok=True)


def compare_engines(workdir: Path, size: int) -> None:
    folder = build_corpus(workdir, [size])[size]
    print(f"corpus: {folder} ({size} articles); python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    results: dict[str, list[dict]] = {"local": [], "dask": []}
    for engine in ("local", "dask", "dask", "local"):  # drift over minutes hits both alike
        output = workdir / f"claims-{size}-{engine}.parquet"
        _remove_table(output)
        results[engine].append(child("run", folder, output, 2, engine))
    print(f"{'':34s} {'wall s':>8s} {'CPU s':>8s} {'client CPU s':>13s} {'art/s':>8s} "
          f"{'RSS MB':>8s}")  # fmt: skip
    best = {}
    for engine, name in (("local", "local engine, 2 workers"),
                         ("dask", "Dask engine, LocalCluster(2 x 1)")):  # fmt: skip
        best[engine] = min(results[engine], key=lambda r: r["seconds"])
        r = best[engine]
        print(f"{name:34s} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} "
              f"{r['own_cpu_seconds']:13.1f} {size / r['seconds']:8.2f} "
              f"{r['peak_rss_mb']:8.0f}")  # fmt: skip
    ratio = best["local"]["seconds"] / best["dask"]["seconds"]
    overhead = (best["dask"]["seconds"] - best["local"]["seconds"]) / size
    same = (workdir / f"claims-{size}-local.parquet").read_bytes() == (
        workdir / f"claims-{size}-dask.parquet"
    ).read_bytes()
    print(f"\nDask engine speed / local engine speed: {ratio:.2f}x")
    print(f"Dask overhead per article: {1000 * overhead:+.1f} ms (wall, cluster start included)")
    client = best["dask"]["own_cpu_seconds"] / size
    print(f"client CPU per article, Dask (client and scheduler): {1000 * client:.1f} ms")
    print(f"tables identical (bytes): {same}")


def incremental(workdir: Path, largest: Path, largest_table: Path, size: int) -> None:
    folder = workdir / f"corpus-{size}"
    folder.mkdir(exist_ok=True)
    wanted = sorted(largest.glob("*.txt"))[:size]
    for stale in set(folder.glob("*.txt")) - {folder / p.name for p in wanted}:
        stale.unlink()
    for path in wanted:
        if not (folder / path.name).exists():
            os.link(path, folder / path.name)
    table = workdir / f"claims-{size}.parquet"
    for suffix in ("", ".manifest.parquet"):
        source = largest_table.with_name(largest_table.name + suffix)
        target = table.with_name(table.name + suffix)
        target.write_bytes(source.read_bytes())
    base = [sys.executable, "-m", "pipeline", "run", "-q", "-i", str(folder), "-o", str(table)]
    prune = run_measured([*base, "--prune"])  # drops the other articles: no model is loaded
    from pipeline.facts import facts_path
    from pipeline.manifest import manifest_path

    # The table, its manifest and its facts at 3,000 articles: each addition starts from them.
    kept = {path: path.read_bytes() for path in (table, manifest_path(table), facts_path(table))}
    extra = folder / "bench_new_article.txt"
    adds = []
    try:
        for _ in range(3):  # a shared machine: the median of three
            for path, data in kept.items():
                path.write_bytes(data)
            extra.write_text(make_article(0, random.Random(7)), encoding="utf-8")
            adds.append(run_measured(base))
        noop = run_measured(base)
    finally:
        extra.unlink(missing_ok=True)
    add = sorted(adds, key=lambda r: r["wall_with_startup"])[1]
    print(f"\nincremental, {size}-article table (python -m pipeline run, a new interpreter):")
    for name, r in (("prune to this size", prune), ("add 1 article (median of 3)", add),
                    ("nothing to do", noop)):  # fmt: skip
        print(
            f"    {name}: {r['wall_with_startup']:.2f} s wall, {r['cpu_with_startup']:.2f} CPU s, "
            f"peak RSS {r['peak_rss_mb']:.0f} MB"
        )
    walls = ", ".join(f"{r['wall_with_startup']:.2f}" for r in adds)
    print(f"    the three additions: {walls} s wall")


if __name__ == "__main__":
    main()
