"""The ``run`` command: articles in, claims table + manifest out, incrementally and safely.

* Incremental: an article is processed again only when its content hash, the pipeline
  fingerprint (version + code, rule and data files + model weights + model version) or the
  model changed; the claims of unchanged articles are kept; those of changed articles are
  replaced. ``full=True`` redoes all.
* Never drops claims because of a mistaken input: an article known from an earlier run that is
  missing now is removed only when it was read from a folder that this run reads too and that
  folder still holds articles (it was deleted from there). Anything else (an empty or wrong
  folder, a file given where the folder was meant) stops the run with :class:`RunError` and
  leaves the table as it was, unless ``prune=True``.
* Idempotent: claims rows hold no run timestamps; run metadata lives in the manifest beside the
  table (``<table>.manifest.parquet``, see ``pipeline.manifest``).
* Cheap reruns: an article file whose signature (size, modification and change times) is the
  one the manifest recorded is not read again; its recorded hash stands. A file changed in the
  two seconds before it was hashed gets no signature (a change within the file system's clock
  tick would not show in its times) and is hashed again on the next run.
* No lost data: the output is checked for writability before any article is processed; the
  table and the manifest are replaced atomically (temp file + rename) under an exclusive lock;
  a crash, Ctrl-C or SIGTERM leaves the previous table intact, and temp files left by a killed
  run are removed by the next one.
* Bad input is skipped with a one-line reason; the other articles are still processed.
* Facts: after the table and the manifest, the facts table (``pipeline.facts``) beside the
  table is updated in the series the run's claims touched (rebuilt when it is not the old
  table's); a run with nothing to do rebuilds it only when it is missing or stale. A merge
  builds them while another thread writes the table.
* Engines: articles are parsed on this machine (``pipeline.workers``) or on a Dask cluster
  (``pipeline.dask_engine``); everything else, the table included, is the same code.
* Output: one Parquet file, or a partitioned dataset folder (``pipeline.dataset``).
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.clean import ArticleError, check_size, looks_english  # noqa: F401 (re-exported)
from pipeline.dataset import file_sha256 as _sha256
from pipeline.manifest import (  # noqa: F401 (manifest_path re-exported)
    ManifestError,
    existing_manifest,
    manifest_path,
    read_manifest,
    write_manifest,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pyarrow as pa

    from pipeline.claims import ClaimsWriter
    from pipeline.facts import FactsUpdate

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_PACKAGE_DIR = Path(__file__).parent


class RunError(RuntimeError):
    """A problem that stops the whole run (bad arguments, unsafe input, unwritable output, table
    locked); the message is one line and the table is left as it was."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    sha256: str | None = None  # content hash, so an unchanged bad file is not retried


@dataclass
class RunSummary:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # Known articles processed again with the same (or unknown) content: --full, a new
    # pipeline fingerprint or model, or a manifest that does not match the table.
    reprocessed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    claims: int = 0
    seconds: float = 0.0
    output: Path | None = None
    wrote_table: bool = False
    facts: int | None = None  # facts written by this run (None: the facts file was current)
    wrote_facts: bool = False

    def line(self) -> str:
        facts = f", {self.facts} facts" if self.facts is not None else ""
        return (
            f"{len(self.unchanged)} unchanged, {len(self.new)} new, {len(self.changed)} changed, "
            f"{len(self.reprocessed)} reprocessed, {len(self.removed)} removed, "
            f"{len(self.skipped)} skipped; {self.claims} claims in {self.output}{facts} "
            f"({self.seconds:.2f} s)"
        )


# A file whose times are this close to the moment it was hashed may change again within the same
# clock tick of the file system without its times showing it: its signature is not trusted.
RECENT_NS = 2_000_000_000


def _model_version(model: str) -> str:
    """Version of an installed spaCy pipeline (package version, or a path's meta and files)."""
    if model in {"default", "rules"}:
        return ""  # the bundled model's files are part of the package fingerprint
    path = Path(model)
    if path.is_dir():
        digest = hashlib.sha256()
        for item in sorted(path.rglob("*")):
            if item.is_file():
                stat = item.stat()
                digest.update(f"{item.relative_to(path)}\0{stat.st_size}\0".encode())
                if item.name == "meta.json":
                    digest.update(item.read_bytes())
        return f"path:{digest.hexdigest()[:16]}"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"package:{version(model)}"
    except (PackageNotFoundError, ValueError):
        return "unknown"


def pipeline_fingerprint(model_label: str, model: str = "default") -> str:
    """Changes whenever the code, the rule data files, the bundled model (every file, weights
    such as ``ner/model`` included), the model choice or an installed model's version do."""
    digest = hashlib.sha256(f"{__version__}\0{model_label}\0{_model_version(model)}".encode())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if "__pycache__" in path.parts or path.suffix in {".pyc", ".pyo"} or not path.is_file():
            continue
        digest.update(str(path.relative_to(_PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _source(path: Path, resolved: dict[str, str] | None = None) -> str:
    """Where a file is, independent of how it was typed: absolute, folder symlinks resolved.
    ``resolved`` keeps the folders already resolved (one resolution per folder, not per file).
    Strings, not Paths: a run does this for every article."""
    folder, name = os.path.split(os.fspath(path))
    if resolved is None:
        return os.path.join(str(Path(folder or ".").resolve()), name)
    if folder not in resolved:
        resolved[folder] = str(Path(folder or ".").resolve())
    return os.path.join(resolved[folder], name)


def collect_inputs(inputs: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Article files named directly or found (non-recursively) in the given folders."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for item in inputs:
        if item.is_dir():
            found = []
            # scandir: the folder's own listing says what is a file (one stat per link only)
            with os.scandir(item) as listing:
                entries = sorted(
                    (e for e in listing if os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES),
                    key=lambda e: e.name,
                )
            for entry in entries:
                if entry.is_file():
                    found.append(item / entry.name)
                elif entry.is_symlink() and not os.path.exists(entry.path):
                    target = os.readlink(entry.path)
                    skipped.append(
                        Skipped(entry.path, f"broken symbolic link (target {target} missing)")
                    )
            if not found:
                skipped.append(
                    Skipped(str(item), f"folder has no {'/'.join(ARTICLE_SUFFIXES)} articles")
                )
            files.extend(found)
        elif item.is_file():
            files.append(item)
        elif item.is_symlink():
            raise RunError(f"input {item} is a broken symbolic link (to {os.readlink(item)})")
        else:
            where = "" if item.is_absolute() else f" (relative to the current folder {Path.cwd()})"
            raise RunError(f"input not found: {item}{where}")
    seen: dict[str, Path] = {}
    unique = []
    for path in files:
        article_id = path.stem
        if article_id in seen and seen[article_id].resolve() != path.resolve():
            skipped.append(
                Skipped(str(path), f"article id {article_id!r} already taken by {seen[article_id]}")
            )
            continue
        if article_id not in seen:
            seen[article_id] = path
            unique.append(path)
    return unique, skipped


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_output(output: Path, inputs: list[Path] = (), dataset: bool = False) -> None:
    """Fail early, with one line, if the table cannot or must not be written where asked (before
    any article is processed): a folder in its place, a file in place of its folder, a read-only
    folder; a path that is one of the input files, or is not a regular file (a device, a pipe);
    an existing file that is not Parquet and has no manifest beside it (not a table this
    pipeline wrote: never overwritten, even with --full). A ``dataset`` output must be absent,
    an empty folder or a dataset this pipeline wrote."""
    if dataset:
        from pipeline.dataset import DatasetError, check_target

        try:
            check_target(output)
        except DatasetError as exc:
            raise RunError(str(exc)) from None
        _check_folder_writable(output)
        return
    if output.is_dir():
        raise RunError(
            f"output {output} is a folder; give a file path such as {output / 'claims.parquet'}, "
            f"or write a partitioned dataset there with --output {output}/"
        )
    try:
        stat = output.stat()
        identity = (stat.st_dev, stat.st_ino)
    except OSError:
        identity = None  # no such file yet: none of the (existing) inputs can be it
    # The same file under any name (a link, "./", another spelling) has the same identity.
    for item in inputs if identity is not None else ():
        try:
            item_stat = item.stat()
        except OSError:
            continue
        if (item_stat.st_dev, item_stat.st_ino) == identity:
            raise RunError(
                f"output {output} is one of the input articles ({item}); give another --output, "
                f"such as {Path('data/extracted/claims.parquet')}"
            )
    if output.exists() and not output.is_file():
        raise RunError(
            f"output {output} is not a regular file (a device, a pipe or a socket); give the "
            "path of a claims table (.parquet)"
        )
    if output.is_file() and existing_manifest(output) is None:
        try:
            with output.open("rb") as handle:
                magic = handle.read(4)
        except OSError as exc:
            raise RunError(f"cannot read existing output {output}: {_reason(exc)}") from None
        if magic != b"PAR1":
            raise RunError(
                f"output {output} exists and is not a Parquet file (nor a table this pipeline "
                "wrote: no manifest beside it); it is never overwritten, not even with --full: "
                "give another --output or move the file away"
            )
    _check_folder_writable(output)


def _check_folder_writable(output: Path) -> None:
    for parent in [output.parent, *output.parent.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise RunError(f"cannot write {output}: {parent} is a file, not a folder")
            break
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=output.parent, prefix=f".{output.name}.", suffix=".probe"):
            pass
    except OSError as exc:
        raise RunError(f"cannot write to {output.parent}: {_reason(exc)}") from None


def check_engine(engine: str, scheduler: str | None) -> None:
    """Fail early on an unknown engine, a scheduler without the Dask engine, or the Dask engine
    without its optional dependency (nothing is imported)."""
    from pipeline.workers import ENGINES

    if engine not in ENGINES:
        raise RunError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise RunError("a scheduler address is for the Dask engine: add --engine dask")
    if engine == "dask":
        from pipeline.dask_engine import INSTALL_HINT, available

        if not available():
            raise RunError(f"the Dask engine needs Dask's distributed package: {INSTALL_HINT}")


def check_model(model: str) -> None:
    """Fail early (before any input is hashed) on a model that is not a spaCy pipeline: neither
    'default' nor 'rules', nor a pipeline folder, nor an installed package with a spaCy
    ``meta.json``. Cheap: nothing is imported or loaded."""
    from pipeline.model_info import ModelNotFoundError

    if model in {"default", "rules"}:
        return
    hint = "use 'default', 'rules' or an installed spaCy pipeline such as en_core_web_sm"
    path = Path(model)
    if path.is_dir():
        if (path / "config.cfg").is_file() or (path / "meta.json").is_file():
            return
        raise ModelNotFoundError(
            f"model folder {model} is not a spaCy pipeline (no config.cfg or meta.json); {hint}"
        )
    import importlib.util

    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ModelNotFoundError(f"spaCy pipeline {model!r} is not installed ({hint})")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])]
    for root in roots:
        if (root / "meta.json").is_file() or any(
            (sub / "config.cfg").is_file() for sub in root.iterdir() if sub.is_dir()
        ):
            return
    raise ModelNotFoundError(
        f"{model!r} is an installed Python module but not a spaCy pipeline; {hint}"
    )


@contextmanager
def table_lock(output: Path) -> Iterator[None]:
    """Exclusive lock on the output table; a second concurrent run fails with a clear message."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.with_name(output.name + ".lock")
    try:
        handle = lock_path.open("a+")
    except OSError as exc:
        raise RunError(f"cannot create lock file {lock_path}: {_reason(exc)}") from None
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


def _remove_stale_temp_files(output: Path, log: Callable[[str], None]) -> None:
    """Temp files of a run that was killed mid-write (we hold the lock: none is in use)."""
    from pipeline.facts import facts_path

    stale_files = [
        stale
        for target in (output, facts_path(output), manifest_path(output))
        for stale in sorted(output.parent.glob(f".{glob.escape(target.name)}.*.tmp"))
    ]
    for stale in stale_files:
        try:
            stale.unlink()
        except OSError:
            continue
        log(f"removed {stale} (left by an interrupted run)")
    if output.is_dir():  # a dataset: the generations it does not point to
        from pipeline.dataset import remove_old_generations

        remove_old_generations(output)


def _read_manifest(output: Path, full: bool, log: Callable[[str], None]) -> dict:
    """The manifest beside the table, checked; {} if there is none. One that is unreadable or of
    the wrong shape stops the run (RunError), except with ``full``, which rebuilds it."""
    try:
        return read_manifest(output)
    except ManifestError as exc:
        problem = str(exc).splitlines()[0]
        path = existing_manifest(output)
    if full:
        log(f"warning: ignoring manifest {path} ({problem}); it is rebuilt by this --full run")
        return {}
    raise RunError(
        f"manifest {path} is unusable ({problem}); delete it or rerun with --full to rebuild it"
    )


def _file_signature(info: os.stat_result, hashed_at_ns: int) -> dict[str, int]:
    """The manifest columns of an article's signature; none for a file too recently changed."""
    if max(info.st_mtime_ns, info.st_ctime_ns) > hashed_at_ns - RECENT_NS:
        return {"size": info.st_size}
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "ctime_ns": info.st_ctime_ns}


_SIGNATURE_KEYS = ("size", "mtime_ns", "ctime_ns")


def _with_signature(entry: dict, signature: dict[str, int]) -> dict:
    return {k: v for k, v in entry.items() if k not in _SIGNATURE_KEYS} | signature


def _unchanged_file(before: dict | None, signature: dict[str, int]) -> bool:
    return (
        before is not None
        and before.get("status", "ok") == "ok"
        and "mtime_ns" in signature
        and all(before.get(key) == value for key, value in signature.items())
    )


def _table_trusted(output: Path, manifest: dict) -> bool:
    """The manifest describes the table in place: the same file signature (no read), else the
    same content hash."""
    from pipeline.dataset import content_sha256, signature

    if not manifest or not _table_exists(output):
        return False
    if manifest.get("table_signature") == signature(output):
        return True
    return manifest.get("table_sha256") == content_sha256(output)


def _table_exists(output: Path) -> bool:
    """A table is there: the file, or a dataset's link (an empty folder is no table yet)."""
    from pipeline.dataset import written

    return written(output) if output.is_dir() else output.exists()


def _table_article_ids(output: Path) -> set[str]:
    from pipeline.dataset import read as read_table

    try:
        column = read_table(output, columns=["article_id"]).column("article_id")
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise RunError(
            f"existing table {output} cannot be read ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'damaged'}); if it is a damaged claims "
            "table, rerun with --full to rebuild it from the inputs, otherwise give another "
            "--output"
        ) from None
    return {str(v) for v in column.unique().to_pylist()}


@dataclass(frozen=True)
class _Parsing:
    """How this run parses articles, and what it records of it in the manifest."""

    model: str
    label: str  # the model as the manifest names it
    fingerprint: str
    workers: int
    engine: str
    scheduler: str | None
    progress: bool


@dataclass
class _Known:
    """An article the table already holds claims of."""

    sha256: str | None  # None when only the table (no usable manifest) says it is there
    source: str | None  # where it was read from, if known


def _known_articles(output: Path, manifest: dict, trusted: bool, full: bool) -> dict[str, _Known]:
    """Articles with claims in the current table. A trusted manifest lists them; otherwise the
    table itself does (its article ids), with the locations any readable manifest recorded."""
    articles = manifest.get("articles", {})

    def source_of(article_id: str) -> str | None:
        meta = articles.get(article_id)
        if not meta:
            return None
        if isinstance(meta.get("source"), str):
            return meta["source"]
        return _source(Path(meta["path"])) if isinstance(meta.get("path"), str) else None

    if trusted:
        # An empty hash: the article was kept unreadable without a manifest entry (see run).
        return {a: _Known(m["sha256"] or None, source_of(a)) for a, m in articles.items()}
    if not _table_exists(output):
        return {}
    if full:
        try:
            ids = _table_article_ids(output)
        except RunError:
            return {}  # --full rebuilds a damaged table from the inputs
    else:
        ids = _table_article_ids(output)
    return {a: _Known(None, source_of(a)) for a in ids}


def _check_removals(
    missing: list[str],
    known: dict[str, _Known],
    inputs: list[Path],
    present_folders: dict[str, int],
    earlier_inputs: object = None,
) -> None:
    """Refuse (RunError) to drop articles unless each was deleted from a folder read now."""
    refused = [
        a
        for a in missing
        if not (
            known[a].source is not None
            and present_folders.get(str(Path(known[a].source).parent), 0) > 0
        )
    ]
    if not refused:
        return
    example = refused[0]
    where = known[example].source
    was = (
        f" (e.g. {example!r}, read from {Path(where).parent})" if where else f" (e.g. {example!r})"
    )
    given = ", ".join(str(p) for p in inputs)
    empty = [p for p in inputs if p.is_dir() and present_folders.get(str(p.resolve()), 0) == 0]
    if empty and len(empty) == len(inputs):
        head = (
            f"input {given} has no articles, but the table holds claims of {len(refused)} "
            "article(s)"
        )
    else:
        head = f"{len(refused)} article(s) with claims in the table are not in the input {given}"
    earlier = ""
    if isinstance(earlier_inputs, list) and earlier_inputs:
        earlier = f" ({', '.join(str(p) for p in earlier_inputs)})"
    raise RunError(
        f"{head}{was}; nothing was changed. Give the same input as the earlier run{earlier}, "
        "or add --prune to drop their claims"
    )


def run(
    inputs: list[Path],
    output: Path,
    model: str = "default",
    full: bool = False,
    progress: bool = True,
    log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
    prune: bool = False,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    dataset: bool | None = None,
) -> RunSummary:
    """Extract the claims of ``inputs`` (files, or folders of articles) into the table
    ``output``; see the module docstring. ``workers``: processes that parse articles (default:
    every core; with ``engine="dask"`` and no ``scheduler``, the LocalCluster's worker
    processes). ``engine``: "local" (a process pool here) or "dask" (a Dask cluster: the one at
    ``scheduler``, e.g. "tcp://10.0.0.5:8786", or a LocalCluster); the table is the same, byte
    for byte, whatever the engine and the number of workers. ``dataset``: write the table as a
    partitioned dataset folder (``pipeline.dataset``) instead of one file; None: a dataset when
    ``output`` is a dataset written before."""
    started = time.perf_counter()
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise RunError(f"workers must be a whole number of at least 1, not {workers!r}")
    check_engine(engine, scheduler)
    summary = RunSummary(output=output)
    files, skipped = collect_inputs(inputs)
    summary.skipped.extend(skipped)
    if dataset is None:  # a dataset written before, not any folder
        from pipeline.dataset import written

        dataset = written(output)
    check_output(output, [*files, *(p for p in inputs if not p.is_dir())], dataset)
    check_model(model)
    from pipeline.model_info import model_label

    label = model_label(model)
    fingerprint = pipeline_fingerprint(label, model)
    from pipeline.workers import fewer_collections

    with table_lock(output), fewer_collections():
        _remove_stale_temp_files(output, log)
        manifest = _read_manifest(output, full, log)
        trusted = _table_trusted(output, manifest)
        same_rules = trusted and manifest.get("fingerprint") == fingerprint
        previous = manifest.get("articles", {}) if same_rules and not full else {}
        known = _known_articles(output, manifest, trusted, full)
        # A file skipped before with the same content and rules would be skipped again; keyed
        # by content, so the path's spelling (relative, absolute, a link) does not matter.
        known_skips = {
            item["sha256"]: item["reason"]
            for item in (manifest.get("skipped", []) if same_rules else [])
            if isinstance(item.get("sha256"), str)
        }
        hashes: dict[str, str] = {}
        sources: dict[str, str] = {}
        unreadable: list[str] = []  # present, but not hashed (too large, cannot be read)
        resolved: dict[str, str] = {}
        by_id = {path.stem: path for path in files}  # article ids are unique (collect_inputs)
        for article_id, path in by_id.items():
            sources[article_id] = _source(path, resolved)
        # Articles found in each folder given as input (files named one by one do not count:
        # "-i folder/a.txt" is no reason to drop folder/b.txt).
        per_folder = Counter(os.path.dirname(source) for source in sources.values())
        present_folders = {
            str(item.resolve()): per_folder[str(item.resolve())] for item in inputs if item.is_dir()
        }
        todo: list[Path] = []
        signatures: dict[str, dict[str, int]] = {}
        hashed_at_ns = time.time_ns()
        for article_id, path in by_id.items():
            before = previous.get(article_id)
            try:
                info = path.stat()
                check_size(path, info.st_size)
                signature = _file_signature(info, hashed_at_ns)
                # the same file as before (by its signature) is not read again
                sha = before["sha256"] if _unchanged_file(before, signature) else _sha256(path)
            except ArticleError as exc:
                summary.skipped.append(Skipped(str(path), exc.reason))
                unreadable.append(article_id)
                continue
            except OSError as exc:
                summary.skipped.append(Skipped(str(path), f"cannot read file ({_reason(exc)})"))
                unreadable.append(article_id)
                continue
            hashes[article_id] = sha
            signatures[article_id] = signature
            reason = known_skips.get(sha)
            if reason is not None:
                summary.skipped.append(Skipped(str(path), reason, sha))
                continue
            if before and before.get("sha256") == sha and before.get("status", "ok") == "ok":
                summary.unchanged.append(article_id)
                continue
            earlier = known.get(article_id)
            if earlier is None:
                summary.new.append(article_id)
            elif earlier.sha256 is None or earlier.sha256 == sha:
                summary.reprocessed.append(article_id)
            else:
                summary.changed.append(article_id)
            todo.append(path)
        present = by_id.keys()
        missing = sorted(set(known) - present)
        if not prune:
            _check_removals(missing, known, inputs, present_folders, manifest.get("inputs"))
        summary.removed = missing
        # A known article (in the manifest, or without a usable one in the table) that is
        # present but cannot be read this time keeps its claims until it can be read: also
        # with --full, new rules or a manifest that does not match the table.
        kept_unreadable = [a for a in unreadable if a in known]
        kept_meta = {
            a: _kept_entry(a, previous, manifest, by_id[a], sources[a], fingerprint)
            for a in kept_unreadable
        }
        for item in summary.skipped:
            log(f"skipped {item.path}: {item.reason}")
        table_changed = bool(todo or summary.removed or not _table_exists(output))
        if not table_changed:
            summary.claims = _claims_in(output, {**previous, **kept_meta}, summary.unchanged)
            if trusted:
                _refresh_manifest(output, manifest, previous, signatures, summary.unchanged)
                # a facts file that is missing or stale is rebuilt from the table
                _write_facts(output, manifest["table_sha256"], summary, check=True)
            summary.seconds = time.perf_counter() - started
            return summary
        from pipeline.claims import ClaimsWriter, temp_path
        from pipeline.workers import SMALL_RUN, default_workers

        parsing = _Parsing(
            model, label, fingerprint, workers or default_workers(), engine, scheduler, progress
        )
        # New claims stream to disk as articles finish: memory does not grow with the corpus.
        new_claims = temp_path(output)
        keep = set(summary.unchanged) | set(kept_unreadable)
        current = None
        if not dataset and keep and output.exists() and len(todo) < SMALL_RUN:
            # A run that adds a few articles to a large table: the table it keeps is read on
            # another core while this one imports spaCy and parses them.
            current = _in_background(_read_table, output)
        try:
            try:
                sink = ClaimsWriter(new_claims)
                try:
                    articles_meta = _process(
                        todo, hashes, sources, signatures, parsing, summary, log, sink
                    )
                    sink.close()
                except BaseException:
                    sink.abort()
                    raise
            except OSError as exc:  # writing the new claims (a full disk)
                raise RunError(
                    f"cannot write {output}: {_reason(exc)}; the previous table was left as it was"
                ) from None
            for article_id in summary.unchanged:
                articles_meta[article_id] = _with_signature(
                    previous[article_id], signatures[article_id]
                )
            articles_meta.update(kept_meta)
            _write(
                output,
                new_claims,
                keep,
                articles_meta,
                summary,
                parsing,
                inputs,
                dataset,
                # the table the current facts file may have been built from
                manifest.get("table_sha256") if trusted else None,
                current,
            )
        finally:
            if current is not None:
                with suppress(Exception):  # an interrupted run: not needed any more
                    current.result()
            new_claims.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _refresh_manifest(
    output: Path, manifest: dict, previous: dict, signatures: dict, unchanged: list[str]
) -> None:
    """A run with nothing to do writes the manifest only to migrate a JSON one, or to record
    signatures it did not have: of files that were too recently changed to have one, or of the
    table (trusted by its hash); so that the next runs do not read them again."""
    gained = [a for a in unchanged if "mtime_ns" in signatures[a] and "mtime_ns" not in previous[a]]
    from pipeline.dataset import signature

    table_signature = signature(output)
    if (
        existing_manifest(output) == manifest_path(output)
        and not gained
        and manifest.get("table_signature") == table_signature
    ):
        return
    articles = dict(manifest.get("articles", {}))
    for article_id in gained:
        articles[article_id] = _with_signature(previous[article_id], signatures[article_id])
    _store_manifest(output, {**manifest, "articles": articles, "table_signature": table_signature})


def _store_manifest(output: Path, manifest: dict) -> None:
    try:
        write_manifest(output, manifest)
    except OSError as exc:
        raise RunError(
            f"cannot write {manifest_path(output)}: {_reason(exc)}; the table was written and "
            "the next run reprocesses every article"
        ) from None


def _kept_entry(
    article_id: str, previous: dict, manifest: dict, path: Path, source: str, fingerprint: str
) -> dict:
    """Manifest entry of a known article kept, unread, with its claims from an earlier run: the
    current one if this run trusts the manifest and its rules; else the manifest's own entry (or
    a new one) marked so that the article is processed again once it can be read."""
    if article_id in previous:
        return previous[article_id]
    entry = manifest.get("articles", {}).get(article_id)
    entry = dict(entry) if isinstance(entry, dict) else {"path": str(path), "source": source}
    entry.setdefault("sha256", "")  # unknown: "reprocessed", not "changed", once readable
    entry["status"] = "kept-unreadable"
    if entry.get("fingerprint") != fingerprint:
        entry["note"] = "claims from an earlier run (other rules, model or manifest)"
    return entry


def _claims_in(output: Path, meta: dict, unchanged: list[str]) -> int:
    """Claims in a table this run did not rewrite: from the manifest, or the table's footer."""
    counts = [meta.get(a, {}).get("claims") for a in meta.keys() | set(unchanged)]
    if all(isinstance(c, int) for c in counts):
        return sum(counts)
    from pipeline.dataset import num_rows

    try:
        return num_rows(output)
    except Exception:  # a damaged table: the count is unknown, the run changed nothing
        return 0


def _process(
    todo: list[Path],
    hashes: dict[str, str],
    sources: dict[str, str],
    signatures: dict[str, dict[str, int]],
    parsing: _Parsing,
    summary: RunSummary,
    log: Callable[[str], None],
    sink: ClaimsWriter,
) -> dict[str, dict]:
    """Extract the claims of ``todo`` (in article order, so that they stream into ``sink`` in
    table order); returns the manifest entries of the articles that were processed."""
    from pipeline.workers import ArticleJob, extract_articles

    jobs = [ArticleJob(path.stem, str(path)) for path in sorted(todo, key=lambda p: p.stem)]
    by_id = {path.stem: path for path in todo}
    articles_meta: dict[str, dict] = {}
    bar = None
    if parsing.progress and len(todo) > 3:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="articles", unit="article", file=sys.stderr)
    results = extract_articles(
        jobs,
        parsing.model,
        parsing.label,
        parsing.workers,
        engine=parsing.engine,
        scheduler=parsing.scheduler,
        fingerprint=parsing.fingerprint,
    )
    try:
        for result in _checked(results):
            if bar is not None:
                bar.update()
            path = by_id[result.article_id]
            if result.skip_reason is not None:
                summary.skipped.append(Skipped(str(path), result.skip_reason, hashes[path.stem]))
                log(f"skipped {path}: {result.skip_reason}")
                _forget(summary, path.stem)
                continue
            for warning in result.warnings:
                summary.warnings.append(f"{path}: {warning}")
                log(f"warning: {path}: {warning}")
            if result.claims is not None:
                sink.write(result.claims)
            articles_meta[path.stem] = {
                "path": str(path),
                "source": sources[path.stem],
                "sha256": hashes[path.stem],
                "status": "ok",
                "claims": result.count,
                "pipeline_version": __version__,
                "fingerprint": parsing.fingerprint,
                "model": parsing.label,
                "processed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "warnings": list(result.warnings),
                **signatures[path.stem],
            }
    finally:
        results.close()  # stops the worker processes if the run was interrupted
        if bar is not None:
            bar.close()
    return articles_meta


def _checked(results):  # noqa: ANN001, ANN202
    from pipeline.workers import WorkerError

    try:
        yield from results
    except WorkerError as exc:
        raise RunError(str(exc)) from None


def _forget(summary: RunSummary, article_id: str) -> None:
    for bucket in (summary.new, summary.changed, summary.reprocessed):
        if article_id in bucket:
            bucket.remove(article_id)


def _rows_in(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


@dataclass
class _Written:
    """A table a run wrote by merging: its row count, the table itself when it was built in
    memory, and the facts groups of the rows it dropped and added (for the facts update)."""

    rows: int
    table: pa.Table | None
    groups: set[str | None]


def _merge(
    output: Path,
    new_claims: Path,
    keep_ids: set[str],
    articles_meta: dict,
    current: Future | None = None,
) -> _Written:
    """The kept articles' rows of the current table (``current``: read already) and the new
    claims, in table order (not written yet). Both tables are in table order, so each article's
    rows are one contiguous run: the result is spliced from zero-copy slices of the two (no
    Python row per claim, no sort; a table whose articles are not in order, which this pipeline
    never writes, is sorted in Arrow)."""
    import pyarrow as pa

    from pipeline.claims import sort_table
    from pipeline.dataset import article_runs
    from pipeline.facts import fact_groups

    old = current.result() if current is not None else _read_table(output)
    new = _read_table(new_claims)
    old_runs = article_runs(old)
    in_order = [a for a, _, _ in old_runs] == sorted({a for a, _, _ in old_runs})
    kept_runs = [run for run in old_runs if run[0] in keep_ids]
    dropped = [old.slice(start, end - start) for a, start, end in old_runs if a not in keep_ids]
    counts = {article_id: end - start for article_id, start, end in kept_runs}
    for article_id in keep_ids:  # the rows really kept (a stale manifest may say otherwise)
        if article_id in articles_meta:
            articles_meta[article_id] = {
                **articles_meta[article_id],
                "claims": counts.get(article_id, 0),
            }
    pieces = sorted(
        [(article_id, 0, start, end) for article_id, start, end in kept_runs]
        + [(article_id, 1, start, end) for article_id, start, end in article_runs(new)]
    )
    sources = (old, new)
    merged = pa.concat_tables(
        [new.slice(0, 0)]
        + [sources[which].slice(start, end - start) for which, start, end in _spans(pieces)]
    ).combine_chunks()  # one copy, then written in whole row groups
    if not in_order:
        merged = sort_table(merged)
    return _Written(merged.num_rows, merged, fact_groups(pa.concat_tables([new, *dropped])))


def _in_background(function: Callable, *args: object) -> Future:
    """``function(*args)`` started on a thread of its own; its Future's ``result()`` waits for
    it. For Arrow work that releases the GIL (reading and writing Parquet, hashing a file)
    while this thread imports spaCy or builds the facts on the other core."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(function, *args)
    finally:
        pool.shutdown(wait=False)  # its thread ends once the call has


def _read_table(path: Path) -> pa.Table:
    """A claims file in the table's schema."""
    import pyarrow.parquet as pq

    from pipeline.claims import conform

    # ParquetFile, not pq.read_table: that one imports pyarrow.dataset (and pandas), which
    # costs a one-article run half a second
    return conform(pq.ParquetFile(path).read())


def _write_table(table: pa.Table, output: Path) -> str:
    """Write ``table`` atomically over ``output``; returns its content hash."""
    from pipeline.claims import write_atomic
    from pipeline.dataset import content_sha256

    write_atomic(table, output)
    return content_sha256(output)


def _spans(pieces: list[tuple[str, int, int, int]]) -> list[tuple[int, int, int]]:
    """(source, start, end) of the pieces, each run of pieces that follow one another in the same
    source joined into one: a run that adds one article to thousands of kept ones concatenates
    three slices, not thousands (each slice costs about 70 us to concatenate)."""
    spans: list[list[int]] = []
    for _, which, start, end in pieces:
        if spans and spans[-1][0] == which and spans[-1][2] == start:
            spans[-1][2] = end
        else:
            spans.append([which, start, end])
    return [(which, start, end) for which, start, end in spans]


def _write_dataset(
    output: Path, new_claims: Path, keep_ids: set[str], articles_meta: dict
) -> _Written:
    """A new generation of the dataset: the kept articles' rows of the current one and the new
    claims, streamed part by part in table order (both are in table order: a merge, no sort,
    never the whole table in memory)."""
    import heapq

    from pipeline.claims import conform
    from pipeline.dataset import DatasetWriter, remove_old_generations, runs_of, tables_of
    from pipeline.facts import fact_groups

    groups: set[str | None] = set()  # of the rows dropped and added, read as they stream by

    def kept_runs() -> Iterator[tuple]:
        for article_id, rows in runs_of(tables_of(output)):
            if article_id in keep_ids:
                yield article_id, rows
            else:
                groups.update(fact_groups(rows))

    def added(tables: Iterator[pa.Table]) -> Iterator[pa.Table]:
        for table in tables:
            groups.update(fact_groups(table))
            yield table

    kept = kept_runs() if keep_ids and _table_exists(output) else ()
    previous = os.readlink(output) if output.is_symlink() else None
    writer = DatasetWriter(output)
    try:
        new = runs_of(added(tables_of(new_claims)))
        for article_id, rows in heapq.merge(kept, new, key=_first):
            writer.write(article_id, conform(rows))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    remove_old_generations(output, keep_previous=previous)
    for article_id in keep_ids & articles_meta.keys():  # the rows really kept
        articles_meta[article_id] = {
            **articles_meta[article_id],
            "claims": writer.counts.get(article_id, 0),
        }
    return _Written(writer.rows, None, groups)


def _first(item: tuple) -> object:
    return item[0]


def _write(  # noqa: PLR0913
    output: Path,
    new_claims: Path,
    keep_ids: set[str],
    articles_meta: dict,
    summary: RunSummary,
    parsing: _Parsing,
    inputs: list[Path],
    dataset: bool,
    previous_sha256: str | None,
    current: Future | None = None,
) -> None:
    """Replace the table: the new claims alone (the streamed file becomes the table), or merged
    in Arrow with the rows of the articles kept from the current table (``current``: read
    already); or, for a dataset, a new generation of it. Then the manifest, and the facts:
    updated in the groups the run changed when the facts file is that of the table replaced
    (``previous_sha256``), else rebuilt."""
    from pipeline.claims import commit
    from pipeline.dataset import content_sha256, signature
    from pipeline.facts import FactsUpdate, claims_facts

    written = writing = None
    try:
        if dataset:
            written = _write_dataset(output, new_claims, keep_ids, articles_meta)
        elif keep_ids and output.exists():
            written = _merge(output, new_claims, keep_ids, articles_meta, current)
            writing = _in_background(_write_table, written.table, output)
        else:
            claims = _rows_in(new_claims)
            commit(new_claims, output)
    except OSError as exc:
        raise RunError(_not_written(output, exc)) from None
    update = None
    if written is not None:
        claims = written.rows
        # An update needs the facts of the table replaced and the groups of the rows dropped,
        # which only a merge that kept articles has read; otherwise the facts are rebuilt.
        if previous_sha256 is not None and keep_ids:
            update = FactsUpdate(previous_sha256, frozenset(written.groups))
    facts = table_sha256 = None
    if writing is not None:
        # The merged table is written on another thread while this one builds its facts.
        try:
            facts = claims_facts(output, update, written.table)
        except Exception:
            facts = None  # built again after the manifest, where its errors are reported
        finally:
            try:
                table_sha256 = writing.result()
            except OSError as exc:
                raise RunError(_not_written(output, exc)) from None
    summary.claims = claims
    summary.wrote_table = True
    manifest = {
        "pipeline_version": __version__,
        "fingerprint": parsing.fingerprint,
        "model": parsing.label,
        "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "table": str(output),
        "table_sha256": table_sha256 or content_sha256(output),
        "table_signature": signature(output),
        "claims": claims,
        "inputs": [str(p.resolve()) for p in inputs],
        "articles": dict(sorted(articles_meta.items())),
        "skipped": [
            {"path": s.path, "reason": s.reason, "sha256": s.sha256} for s in summary.skipped
        ],
        "removed": summary.removed,
        "warnings": summary.warnings,
    }
    _store_manifest(output, manifest)
    table = written.table if written is not None else None
    _write_facts(
        output, manifest["table_sha256"], summary, update=update, claims=table, facts=facts
    )


def _not_written(output: Path, exc: OSError) -> str:
    return f"cannot write {output}: {_reason(exc)}; the previous table was left as it was"


def _write_facts(
    output: Path,
    table_sha256: str,
    summary: RunSummary,
    check: bool = False,
    update: FactsUpdate | None = None,
    claims: pa.Table | None = None,
    facts: pa.Table | None = None,
) -> None:
    """Write the facts table beside the claims table: ``facts`` when already built, else
    updated (``update``) or rebuilt from the claims (``claims``, else read from ``output``);
    ``check``: only when it is missing, stale or unreadable."""
    from pipeline.facts import claims_facts, facts_current, facts_path, store_facts

    path = facts_path(output)
    if check and facts_current(path, table_sha256):
        return
    try:
        if facts is None:
            facts = claims_facts(output, update, claims)
        summary.facts = store_facts(output, facts, table_sha256)
    except OSError as exc:
        raise RunError(
            f"cannot write {path}: {_reason(exc)}; the claims table was written, and the next "
            "run rebuilds the facts"
        ) from None
    summary.wrote_facts = True
