"""Evidence view: one self-contained HTML page per article, its text with every claim's evidence
highlighted at its offsets, and an index page of all articles.

The article is read from the path the manifest recorded, and checked against the hash the
manifest recorded (offsets index that exact content). Plain-text articles are shown as the file
is; an HTML article is shown as the text the pipeline read from it, with each claim's offsets
(which index the HTML source) mapped onto that text.

Overlapping evidence (a name inside a cast sentence inside a renewal) is cut into segments at
every claim boundary; each segment is underlined once per claim type covering it, innermost
first, in the style of displaCy's span view, and its tooltip lists those claims. Everything
taken from the article or the table goes through ``html.escape``. No script or style is loaded
from elsewhere: the page works offline and as a single file.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.claims import CREW_ROLES, atomic_file
from pipeline.facts import describe_fact, facts_path, read_facts

# Colour per claim type; the crew roles share one. Chosen to stay apart for common colour
# blindness (a blue/orange axis for the status types) and readable as thin underlines.
TYPE_COLOURS = {
    "renewal": "#e8710a",
    "cancellation": "#c5221f",
    "order": "#b38600",
    "premiere": "#d01884",
    "cast": "#188038",
    "cast_member": "#5bb974",
    "character": "#12b5cb",
    "person": "#1a73e8",
    "organisation": "#9334e6",
    "series": "#795548",
    "date": "#5f6368",
    "crew": "#007b83",
}
CREW_TYPES = frozenset(CREW_ROLES)
_LAYER_PX = 3  # thickness of one underline


class EvidenceError(RuntimeError):
    """The page cannot be made (unknown article, source missing or changed); one line."""


def colour_of(claim_type: str) -> str:
    return TYPE_COLOURS["crew" if claim_type in CREW_TYPES else claim_type]


@dataclass(frozen=True)
class Source:
    path: Path
    raw: str
    shown: str  # the text on the page: ``raw``, or for HTML the text the pipeline read
    is_html: bool
    offsets: tuple | None  # for HTML: raw offset of each character of ``shown``

    def to_shown(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return bisect.bisect_left(self.offsets, start), bisect.bisect_left(self.offsets, end)


# --- inputs --------------------------------------------------------------------------------------


def _manifest(table: Path) -> dict:
    from pipeline.manifest import ManifestError, existing_manifest, manifest_path, read_manifest

    path = existing_manifest(table)
    if path is None:
        raise EvidenceError(
            f"no manifest beside {table} ({manifest_path(table)}): the article files cannot be "
            "found; rerun 'python -m pipeline run'"
        )
    try:
        return read_manifest(table)
    except ManifestError as exc:
        raise EvidenceError(f"cannot read {path}: {exc}") from None


def read_claims(table: Path, article_id: str | None = None) -> pa.Table:
    """The claims table (or one article's rows) as Arrow."""
    from pipeline.dataset import DatasetError
    from pipeline.dataset import read as read_table

    try:
        claims = read_table(table)
    except FileNotFoundError:
        raise EvidenceError(f"no claims table at {table}") from None
    except (OSError, pa.ArrowException, DatasetError) as exc:
        raise EvidenceError(f"{table} is not a readable claims table ({exc})") from None
    if article_id is not None:
        claims = claims.filter(pc.equal(claims["article_id"], article_id))
    return claims


def load_source(table: Path, article_id: str, manifest: dict | None = None) -> Source:
    """The article file the claims of ``article_id`` came from, as the pipeline read it; raises
    :class:`EvidenceError` when it is gone or its content changed since the run."""
    from pipeline.clean import (
        ArticleError,
        check_size,
        clean_article,
        decode_article,
        is_html_path,
        looks_like_html,
    )

    manifest = manifest if manifest is not None else _manifest(table)
    entry = manifest.get("articles", {}).get(article_id)
    if not isinstance(entry, dict) or not entry.get("source"):
        raise EvidenceError(f"the manifest of {table} does not say where {article_id!r} was read")
    path = Path(entry["source"])
    try:
        check_size(path)  # as read_raw does, but the bytes are read once: hashed, then decoded
        data = path.read_bytes()
    except ArticleError as exc:
        raise EvidenceError(f"cannot read {path}: {exc.reason}") from None
    except OSError as exc:
        raise EvidenceError(
            f"cannot read the article {article_id!r} at {path} ({exc.strerror or exc})"
        ) from None
    if entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise EvidenceError(
            f"{path} changed since the claims were extracted, so their offsets no longer fit "
            "it; rerun 'python -m pipeline run' first"
        )
    try:
        raw = decode_article(data, str(path))
    except ArticleError as exc:
        raise EvidenceError(f"cannot read {path}: {exc.reason}") from None
    is_html = is_html_path(path) or looks_like_html(raw)
    if not is_html:
        return Source(path, raw, raw, False, None)
    cleaned = clean_article(raw, html=True)
    return Source(path, raw, cleaned.text, True, tuple(cleaned.offsets))


def _unknown_article(article_id: str, known: Iterable[str], table: Path) -> EvidenceError:
    close = difflib.get_close_matches(article_id, list(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return EvidenceError(f"no article {article_id!r} in {table}{hint}")


def _all_facts(table: Path) -> list:
    """Every fact beside ``table`` (rows of the facts table); none without a facts file."""
    path = facts_path(table)
    if not path.is_file():
        return []
    try:
        return list(read_facts(path).itertuples(index=False))
    except (OSError, pa.ArrowException):
        return []


def _facts_of(facts: list, claim_ids: set[str]) -> list[tuple[str, object]]:
    """(line, fact) of the facts that cite any of ``claim_ids``."""
    return [(describe_fact(f), f) for f in facts if claim_ids.intersection(f.claim_ids)]


# --- the article page ----------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#202124}
header{padding:12px 20px;border-bottom:1px solid #dadce0;background:#f8f9fa}
header h1{font-size:18px;margin:0 0 4px}
header p{margin:2px 0;color:#5f6368}
.legend span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border-radius:3px;
  border-bottom:3px solid var(--c);font-size:13px}
.layout{display:flex;gap:20px;padding:16px 20px;align-items:flex-start}
.text{flex:1 1 55%;white-space:pre-wrap;line-height:2.3;font-family:Georgia,serif;
  font-size:16px;max-width:80ch}
aside{flex:1 1 45%;position:sticky;top:0;max-height:100vh;overflow:auto;font-size:13px}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e8eaed;padding:3px 6px;text-align:left;vertical-align:top;
  overflow-wrap:anywhere}
th{background:#f1f3f4;position:sticky;top:0}
tr.claim{cursor:pointer}
tr.claim td:first-child{border-left:4px solid var(--c)}
tr.focus{background:#fef7e0}
.ev{cursor:pointer;border-radius:2px}
.ev.focus{background:#fde293!important}
.conflict{color:#c5221f;font-weight:600}
.muted{color:#80868b}
a{color:#1a0dab}
"""

_JS = """
document.addEventListener('click', function (event) {
  var row = event.target.closest('tr.claim'), seg = event.target.closest('.ev'), ids = [];
  if (row) ids = [row.dataset.claim];
  else if (seg) ids = seg.dataset.claims.split(' ');
  else return;
  document.querySelectorAll('.focus').forEach(function (el) { el.classList.remove('focus'); });
  var first = null;
  ids.forEach(function (id) {
    document.querySelectorAll('.ev').forEach(function (el) {
      if (el.dataset.claims.split(' ').indexOf(id) >= 0) {
        el.classList.add('focus'); if (!first) first = el;
      }
    });
    var r = document.getElementById('claim-' + id); if (r) r.classList.add('focus');
  });
  if (row && first) first.scrollIntoView({block: 'center', behavior: 'smooth'});
  if (seg) { var r0 = document.getElementById('claim-' + ids[0]);
    if (r0) r0.scrollIntoView({block: 'nearest'}); }
});
"""


def _esc(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def _claim_summary(claim: dict) -> str:
    parts = [f"{claim['claim_type']}: {claim['subject']}"]
    if claim.get("object"):
        parts.append(f"-> {claim['object']}")
    if claim.get("season") is not None:
        parts.append(f"season {claim['season']}")
    if claim.get("date_value"):
        parts.append(f"date {claim['date_value']}")
    parts.append(f"[{claim['polarity']}; {claim['extractor']}; {claim['confidence']:.2f}]")
    return " ".join(parts)


def _segments(length: int, spans: list[tuple[int, int, dict]]) -> list[tuple[int, int, list]]:
    """The text cut at every span boundary: (start, end, spans covering it), in order."""
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end > start:
            covering = [span for span in spans if span[0] <= start and span[1] >= end]
            out.append((start, end, covering))
    return out


def _text_html(source: Source, claims: list[dict]) -> str:
    spans = []
    for claim in claims:
        start, end = source.to_shown(claim["char_start"], claim["char_end"])
        if end > start:
            spans.append((start, end, claim))
    anchors: dict[int, list[str]] = {}
    for start, _, claim in spans:
        anchors.setdefault(start, []).append(claim["claim_id"])
    out = []
    for start, end, covering in _segments(len(source.shown), spans):
        for claim_id in anchors.pop(start, []):
            out.append(f'<a id="at-{claim_id}"></a>')
        text = _esc(source.shown[start:end])
        if not covering:
            out.append(text)
            continue
        # Innermost (shortest) claim first: its colour is the tint and the underline nearest
        # the text; one underline per distinct type.
        covering = sorted(covering, key=lambda s: (s[1] - s[0], s[2]["claim_type"]))
        layers: list[str] = []
        for _, _, claim in covering:
            colour = colour_of(claim["claim_type"])
            if colour not in layers:
                layers.append(colour)
        shadow = ",".join(f"inset 0 -{_LAYER_PX * (i + 1)}px 0 {c}" for i, c in enumerate(layers))
        style = (
            f"box-shadow:{shadow};padding-bottom:{_LAYER_PX * len(layers)}px;"
            f"background:{layers[0]}1a"
        )
        ids = " ".join(s[2]["claim_id"] for s in covering)
        tip = "\n".join(_claim_summary(s[2]) for s in covering)
        out.append(
            f'<span class="ev" data-claims="{ids}" data-start="{start}" data-end="{end}" '
            f'title="{_esc(tip)}" style="{style}">{text}</span>'
        )
    return "".join(out)


def _claims_table(claims: list[dict]) -> str:
    head = (
        "<tr><th>type</th><th>subject</th><th>object</th><th>season</th><th>polarity</th>"
        "<th>extractor</th><th>conf.</th><th>evidence</th></tr>"
    )
    rows = []
    for c in claims:
        season = c["season"] if c.get("season") is not None else ""
        rows.append(
            f'<tr class="claim" id="claim-{_esc(c["claim_id"])}" '
            f'data-claim="{_esc(c["claim_id"])}" style="--c:{colour_of(c["claim_type"])}">'
            f"<td>{_esc(c['claim_type'])}</td><td>{_esc(c['subject'])}</td>"
            f"<td>{_esc(c.get('object'))}</td><td>{_esc(season)}</td>"
            f"<td>{_esc(c['polarity'])}</td><td>{_esc(c['extractor'])}</td>"
            f"<td>{c['confidence']:.2f}</td>"
            f'<td><a href="#at-{_esc(c["claim_id"])}">{_esc(c["evidence"])}</a></td></tr>'
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _facts_html(facts: list[tuple[str, object]]) -> str:
    if not facts:
        return '<p class="muted">No facts cite this article (or no facts file).</p>'
    items = []
    for line, fact in facts:
        first, _, conflict = line.partition("\n")
        others = fact.n_articles - 1
        extra = f" - also in {others} other article{'s' if others != 1 else ''}" if others else ""
        text = f"<b>{_esc(fact.fact_type)}</b> {_esc(first)}{_esc(extra)}"
        if conflict:
            text += f'<br><span class="conflict">{_esc(conflict.strip())}</span>'
        items.append(f"<li>{text}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _legend(types: Iterable[str]) -> str:
    seen = sorted({"crew" if t in CREW_TYPES else t for t in types})
    return "".join(
        f'<span style="--c:{TYPE_COLOURS[t]}">{_esc(t.replace("_", " "))}</span>' for t in seen
    )


def _page(title: str, body: str, script: bool = True) -> str:
    js = f"<script>{_JS}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}{js}</body></html>\n"
    )


def article_page(
    table: Path,
    article_id: str,
    manifest: dict | None = None,
    rows: list[dict] | None = None,
    facts: list | None = None,
) -> str:
    """The evidence page of one article of the claims table ``table``, as HTML text.
    (``manifest``, ``rows``: the article's claims, and ``facts`` when already read.)"""
    table = Path(table)
    manifest = manifest if manifest is not None else _manifest(table)
    rows = rows if rows is not None else read_claims(table, article_id).to_pylist()
    if not rows and article_id not in manifest.get("articles", {}):
        known = set(manifest.get("articles", {}))
        raise _unknown_article(article_id, known, table)
    source = load_source(table, article_id, manifest)
    for row in rows:
        if source.raw[row["char_start"] : row["char_end"]] != row["evidence"]:
            raise EvidenceError(
                f"claim {row['claim_id']} of {article_id!r} does not match {source.path} at "
                f"{row['char_start']}:{row['char_end']}; rerun 'python -m pipeline run --full'"
            )
    facts = _facts_of(
        facts if facts is not None else _all_facts(table), {r["claim_id"] for r in rows}
    )
    date = rows[0]["article_date"] if rows and rows[0].get("article_date") else "unknown"
    shown = (
        "the text the pipeline read from this HTML page (offsets in the table index the HTML "
        "source)"
        if source.is_html
        else "the file as it is"
    )
    header = (
        f"<header><h1>{_esc(article_id)}</h1>"
        f"<p>{_esc(source.path)} &middot; article date {_esc(date)} &middot; {len(rows)} "
        f"claims &middot; {len(facts)} facts &middot; shown: {_esc(shown)}</p>"
        f'<p class="legend">{_legend(r["claim_type"] for r in rows)}</p>'
        '<p class="muted">Hover a highlight for its claims; click a highlight or a row to '
        "find the other.</p></header>"
    )
    body = (
        f'{header}<div class="layout"><article class="text">{_text_html(source, rows)}</article>'
        f"<aside><h2>Facts</h2>{_facts_html(facts)}<h2>Claims</h2>{_claims_table(rows)}"
        "</aside></div>"
    )
    return _page(f"Evidence: {article_id}", body)


def page_name(article_id: str) -> str:
    return f"{article_id}.html"


def index_page(
    table: Path,
    manifest: dict | None = None,
    claims: list[dict] | None = None,
    problems: dict[str, str] | None = None,
) -> str:
    """An index of every article in the claims table, each linking to its page (written by
    :func:`write_all` into the same folder), with its claim counts per type; an article in
    ``problems`` is listed with its problem instead of a link."""
    table = Path(table)
    manifest = manifest if manifest is not None else _manifest(table)
    if claims is None:
        claims = read_claims(table).to_pylist()
    problems = problems or {}
    counts: dict[str, Counter] = {}
    dates: dict[str, str | None] = {}
    for row in claims:
        counts.setdefault(row["article_id"], Counter())[row["claim_type"]] += 1
        dates.setdefault(row["article_id"], row["article_date"])
    for article_id in manifest.get("articles", {}):
        counts.setdefault(article_id, Counter())
    columns = ["renewal", "cancellation", "order", "premiere", "cast", "crew", "person"]
    head = "".join(f"<th>{c}</th>" for c in ["article", "date", "claims", *columns])
    rows = []
    for article_id in sorted(counts):
        count = counts[article_id]
        crew = sum(n for t, n in count.items() if t in CREW_TYPES)
        cells = [count.get(c, 0) if c != "crew" else crew for c in columns]
        link = (
            f'{_esc(article_id)}<br><span class="conflict">{_esc(problems[article_id])}</span>'
            if article_id in problems
            else f'<a href="{quote(page_name(article_id))}">{_esc(article_id)}</a>'
        )
        rows.append(
            f"<tr><td>{link}</td>"
            f"<td>{_esc(dates.get(article_id) or '')}</td><td>{sum(count.values())}</td>"
            + "".join(f"<td>{n or ''}</td>" for n in cells)
            + "</tr>"
        )
    body = (
        f"<header><h1>Evidence: {_esc(table)}</h1><p>{len(counts)} articles, {len(claims)} "
        "claims</p></header>"
        f'<div class="layout"><table><tr>{head}</tr>{"".join(rows)}</table></div>'
    )
    return _page(f"Evidence: {table.name}", body, script=False)


def _write_text(path: Path, text: str) -> None:
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_article(table: Path, article_id: str, output: Path) -> Path:
    _write_text(output, article_page(table, article_id))
    return output


def write_all(table: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """The index page and one page per article into ``folder``; returns the index path and
    the problem of each article whose page could not be made (listed so in the index)."""
    table = Path(table)
    manifest = _manifest(table)
    claims = read_claims(table).to_pylist()
    facts = _all_facts(table)
    by_article: dict[str, list[dict]] = {a: [] for a in manifest.get("articles", {})}
    for row in claims:
        by_article.setdefault(row["article_id"], []).append(row)
    problems: dict[str, str] = {}
    for article_id in sorted(by_article):
        try:
            page = article_page(table, article_id, manifest, by_article[article_id], facts)
        except EvidenceError as exc:
            problems[article_id] = str(exc)
            continue
        _write_text(folder / page_name(article_id), page)
    index = folder / "index.html"
    _write_text(index, index_page(table, manifest, claims, problems))
    return index, problems
