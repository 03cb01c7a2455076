"""The ``run`` command: articles in, claims table + manifest out, incrementally and safely.

* Incremental: an article is processed again only when its content hash, the pipeline
  fingerprint (version + rules + data files) or the model changed; the claims of unchanged
  articles are kept; those of removed or changed articles are dropped. ``full=True`` redoes all.
* Idempotent: claims rows hold no run timestamps; run metadata lives in the manifest beside the
  table (``<table>.manifest.json``).
* No lost data: the table and the manifest are replaced atomically (temp file + rename) under
  an exclusive lock; a crash or Ctrl-C leaves the previous table intact.
* Bad input is skipped with a one-line reason; the other articles are still processed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.clean import ArticleError, check_size

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_PACKAGE_DIR = Path(__file__).parent


class RunError(RuntimeError):
    """A problem that stops the whole run (bad arguments, table locked); message is one line."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    sha256: str | None = None  # content hash, so an unchanged bad file is not retried


@dataclass
class RunSummary:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    claims: int = 0
    seconds: float = 0.0
    output: Path | None = None
    wrote_table: bool = False

    def line(self) -> str:
        return (
            f"{len(self.unchanged)} unchanged, {len(self.new)} new, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; {self.claims} claims in "
            f"{self.output} ({self.seconds:.2f} s)"
        )


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name + ".manifest.json")


def pipeline_fingerprint(model_label: str) -> str:
    """Changes whenever the code, the rule data files, the bundled model or the model choice do."""
    digest = hashlib.sha256(f"{__version__}\0{model_label}".encode())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if (
            path.suffix in {".py", ".tsv", ".txt", ".json", ".cfg"}
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(_PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def collect_inputs(inputs: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Article files named directly or found (non-recursively) in the given folders."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for item in inputs:
        if item.is_dir():
            found = sorted(
                p for p in item.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                skipped.append(
                    Skipped(str(item), f"folder has no {'/'.join(ARTICLE_SUFFIXES)} articles")
                )
            files.extend(found)
        elif item.is_file():
            files.append(item)
        else:
            raise RunError(f"input not found: {item}")
    seen: dict[str, Path] = {}
    unique = []
    for path in files:
        if path.stem in seen and seen[path.stem].resolve() != path.resolve():
            skipped.append(
                Skipped(str(path), f"article id {path.stem!r} already taken by {seen[path.stem]}")
            )
            continue
        if path.stem not in seen:
            seen[path.stem] = path
            unique.append(path)
    return unique, skipped


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def table_lock(output: Path) -> Iterator[None]:
    """Exclusive lock on the output table; a second concurrent run fails with a clear message."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.with_name(output.name + ".lock")
    handle = lock_path.open("a+")
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - non-POSIX: best effort, no lock
            pass
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunError(
                f"another run is writing {output} (lock {lock_path} held by pid {holder}); "
                "wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _load_manifest(output: Path) -> dict:
    path = manifest_path(output)
    if not path.exists() or not output.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    # A manifest that does not describe the table on disk cannot be trusted for reuse.
    if manifest.get("table_sha256") != _sha256(output):
        return {}
    return manifest


def _write_json_atomic(data: dict, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)


def _looks_english(text: str) -> bool:
    """Rules are English; a page with almost no English function words is not for them."""
    words = [w.lower() for w in text.split()[:2000]]
    if len(words) < 20:
        return True
    common = {
        "the",
        "a",
        "of",
        "and",
        "to",
        "in",
        "is",
        "for",
        "on",
        "that",
        "with",
        "as",
        "has",
        "was",
        "by",
    }
    return sum(w in common for w in words) / len(words) >= 0.04


def run(
    inputs: list[Path],
    output: Path,
    model: str = "default",
    full: bool = False,
    progress: bool = True,
    log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary(output=output)
    files, skipped = collect_inputs(inputs)
    summary.skipped.extend(skipped)
    from pipeline.model_info import model_label

    label = model_label(model)
    fingerprint = pipeline_fingerprint(label)
    with table_lock(output):
        manifest = {} if full else _load_manifest(output)
        previous = (
            manifest.get("articles", {}) if manifest.get("fingerprint") == fingerprint else {}
        )
        # A file skipped before with the same content and rules would be skipped again.
        known_skips = {
            (item["path"], item.get("sha256")): item["reason"]
            for item in manifest.get("skipped", [])
            if manifest.get("fingerprint") == fingerprint
        }
        hashes: dict[str, str] = {}
        todo: list[Path] = []
        for path in files:
            try:
                check_size(path)
                hashes[path.stem] = _sha256(path)
            except ArticleError as exc:
                summary.skipped.append(Skipped(str(path), exc.reason))
                continue
            except OSError as exc:
                summary.skipped.append(
                    Skipped(str(path), f"cannot read file ({exc.strerror or exc})")
                )
                continue
            reason = known_skips.get((str(path), hashes[path.stem]))
            if reason is not None:
                summary.skipped.append(Skipped(str(path), reason, hashes[path.stem]))
                continue
            before = previous.get(path.stem)
            if (
                before
                and before.get("sha256") == hashes[path.stem]
                and before.get("status") == "ok"
            ):
                summary.unchanged.append(path.stem)
            else:
                (
                    summary.changed if path.stem in manifest.get("articles", {}) else summary.new
                ).append(path.stem)
                todo.append(path)
        current = set(hashes)
        summary.removed = sorted(set(manifest.get("articles", {})) - current)
        for item in summary.skipped:
            log(f"skipped {item.path}: {item.reason}")
        table_changed = bool(todo or summary.removed or not output.exists())
        if not table_changed:
            summary.claims = sum(previous[a].get("claims", 0) for a in summary.unchanged)
            summary.seconds = time.perf_counter() - started
            return summary
        articles_meta, new_rows = _process(
            todo, hashes, model, label, fingerprint, progress, summary, log
        )
        for article_id in summary.unchanged:
            articles_meta[article_id] = previous[article_id]
        _write(output, new_rows, set(summary.unchanged), articles_meta, summary, fingerprint, label)
    summary.seconds = time.perf_counter() - started
    return summary


def _process(todo, hashes, model, label, fingerprint, progress, summary, log):  # noqa: ANN001, ANN202
    from pipeline.clean import read_article
    from pipeline.extract import extract_claims
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline(model) if todo else None
    articles_meta: dict[str, dict] = {}
    rows: list[dict] = []
    iterator = todo
    if progress and len(todo) > 3:
        from tqdm import tqdm

        iterator = tqdm(todo, desc="articles", unit="article", file=sys.stderr)
    for path in iterator:
        try:
            cleaned = read_article(path)
            if not _looks_english(cleaned.text):
                raise ArticleError(
                    str(path), "does not look like English text (rules are English-only)"
                )
            claims = extract_claims(path.stem, cleaned, nlp, label)
        except ArticleError as exc:
            summary.skipped.append(Skipped(str(path), exc.reason, hashes[path.stem]))
            log(f"skipped {path}: {exc.reason}")
            _forget(summary, path.stem)
            continue
        except Exception as exc:  # one broken article must not cost the others their claims
            reason = f"internal error: {type(exc).__name__}: {exc}"
            summary.skipped.append(Skipped(str(path), reason, hashes[path.stem]))
            log(f"skipped {path}: {reason}")
            _forget(summary, path.stem)
            continue
        rows.extend(c.row() for c in claims)
        articles_meta[path.stem] = {
            "path": str(path),
            "sha256": hashes[path.stem],
            "status": "ok",
            "claims": len(claims),
            "pipeline_version": __version__,
            "fingerprint": fingerprint,
            "model": label,
            "processed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    return articles_meta, rows


def _forget(summary: RunSummary, article_id: str) -> None:
    for bucket in (summary.new, summary.changed):
        if article_id in bucket:
            bucket.remove(article_id)


def _write(output, new_rows, keep_ids, articles_meta, summary, fingerprint, label) -> None:  # noqa: ANN001
    import pyarrow.parquet as pq

    from pipeline.claims import claims_frame, to_table, write_atomic

    kept: list[dict] = []
    if keep_ids and output.exists():
        old = pq.read_table(output).to_pylist()
        kept = [row for row in old if row["article_id"] in keep_ids]
    frame = claims_frame(kept + new_rows)
    write_atomic(to_table(frame), output)
    summary.claims = len(frame)
    summary.wrote_table = True
    manifest = {
        "pipeline_version": __version__,
        "fingerprint": fingerprint,
        "model": label,
        "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "table": str(output),
        "table_sha256": _sha256(output),
        "claims": len(frame),
        "articles": dict(sorted(articles_meta.items())),
        "skipped": [
            {"path": s.path, "reason": s.reason, "sha256": s.sha256} for s in summary.skipped
        ],
        "removed": summary.removed,
    }
    _write_json_atomic(manifest, manifest_path(output))
