"""The evidence view (pipeline/evidence.py, ``python -m pipeline show``): the page is parsed back
and every claim's evidence must be highlighted at its offsets, with hostile text escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.evidence import (
    EvidenceError,
    Source,
    _text_html,
    article_page,
    index_page,
    write_all,
)
from pipeline.run import run

HOSTILE_ID = 'odd <b>&"id'
ARTICLES = {
    "plain.txt": "Netflix has renewed Glass Coast for a second season. Dana Holt plays Mara "
    "Quinn. The premiere is set for October 7, 2025.\n",
    "crlf.txt": "Netflix Renews Glass Coast\r\n\r\nNetflix has renewed Glass Coast for a third "
    "season.\r\nRita Vale plays Ann Cole.\r\n",
    # Text that only looks like markup: a file that does not start with a tag is not HTML.
    f"{HOSTILE_ID}.txt": "Breaking. <script>alert('x')</script> & Dana Holt plays Mara Quinn in "
    "</span><b>Glass Coast</b>. Netflix has renewed Glass Coast for a second season.\n",
    "page.html": "<html><head><title>x</title><script>var a = 1;</script></head><body><p>"
    "Netflix has renewed <i>Glass Coast</i> for a second season &amp; more.</p><p>Dana Holt "
    "plays Mara Quinn.</p></body></html>\n",
}


class _Page(HTMLParser):
    """Evidence segments (claim ids, offsets, text) and the script elements of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[dict] = []
        self.scripts: list[str] = []
        self.rows: set[str] = set()
        self._in: dict | None = None
        self._script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag == "span" and "ev" in (attr.get("class") or "").split():
            self._in = {
                "claims": attr["data-claims"].split(),
                "start": int(attr["data-start"]),
                "end": int(attr["data-end"]),
                "text": "",
            }
        elif tag == "script":
            self._script = True
            self.scripts.append("")
        elif tag == "tr" and "claim" in (attr.get("class") or "").split():
            self.rows.add(attr["data-claim"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in is not None:
            self.segments.append(self._in)
            self._in = None
        elif tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in["text"] += data
        if self._script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evidence")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    output = root / "out" / "claims.parquet"
    run([folder], output, model="rules", progress=False, log=lambda m: None)
    return output


def _claims(table: Path, article_id: str) -> list[dict]:
    rows = pq.read_table(table).to_pylist()
    return [r for r in rows if r["article_id"] == article_id]


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("article_id", ["plain", "crlf", HOSTILE_ID])
def test_every_claim_is_highlighted_at_its_offsets(table: Path, article_id: str) -> None:
    claims = _claims(table, article_id)
    assert claims
    raw = (table.parent.parent / "articles" / f"{article_id}.txt").read_bytes().decode()
    parsed = _parse(article_page(table, article_id))
    for segment in parsed.segments:  # plain text: the page shows the file, offsets as they are
        assert raw[segment["start"] : segment["end"]] == segment["text"]
    for claim in claims:
        mine = [s for s in parsed.segments if claim["claim_id"] in s["claims"]]
        assert mine, claim
        assert (mine[0]["start"], mine[-1]["end"]) == (claim["char_start"], claim["char_end"])
        assert "".join(s["text"] for s in mine) == claim["evidence"]
        # contiguous: no gap between the claim's segments
        assert all(a["end"] == b["start"] for a, b in zip(mine, mine[1:], strict=False))
    assert parsed.rows == {c["claim_id"] for c in claims}


def test_hostile_text_is_escaped(table: Path) -> None:
    page = article_page(table, HOSTILE_ID)
    parsed = _parse(page)
    assert len(parsed.scripts) == 1 and "alert" not in parsed.scripts[0]  # only our own script
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    assert "</span><b>Glass" not in page and "<b>&" not in page
    assert "odd &lt;b&gt;&amp;&quot;id" in page  # the article id in the title and header


def test_an_html_article_shows_the_text_the_pipeline_read(table: Path) -> None:
    claims = _claims(table, "page")
    parsed = _parse(article_page(table, "page"))
    assert "var a = 1" not in "".join(s["text"] for s in parsed.segments)
    assert len(parsed.scripts) == 1
    for claim in claims:
        mine = [s for s in parsed.segments if claim["claim_id"] in s["claims"]]
        shown = "".join(s["text"] for s in mine)
        assert shown and "<" not in shown and shown.split()[0] in claim["evidence"]
    renewal = next(c for c in claims if c["claim_type"] == "renewal")
    assert "<i>Glass Coast</i>" in renewal["evidence"]


def test_the_page_lists_the_articles_facts(table: Path) -> None:
    page = article_page(table, "plain")
    assert "Facts</h2><ul><li><b>renewal</b> Glass Coast Season 2 - Netflix: renewed" in page
    assert "also in 2 other articles" in page


def test_unknown_article(table: Path) -> None:
    with pytest.raises(EvidenceError, match=r"no article 'plian' .*did you mean plain\?"):
        article_page(table, "plian")


def test_a_changed_or_missing_source_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    article = folder / "x.txt"
    article.write_text(ARTICLES["plain.txt"], encoding="utf-8")
    output = tmp_path / "claims.parquet"
    run([folder], output, model="rules", progress=False, log=lambda m: None)
    article.write_text("Changed. " + ARTICLES["plain.txt"], encoding="utf-8")
    with pytest.raises(EvidenceError, match="changed since the claims were extracted"):
        article_page(output, "x")
    article.unlink()
    with pytest.raises(EvidenceError, match="cannot read the article 'x'"):
        article_page(output, "x")
    index, problems = write_all(output, tmp_path / "pages")
    assert list(problems) == ["x"] and not (tmp_path / "pages" / "x.html").exists()
    assert "cannot read the article" in index.read_text(encoding="utf-8")


def test_index_links_every_article(table: Path) -> None:
    page = index_page(table)
    for article_id in ("plain", "crlf", "page"):
        assert f'<a href="{article_id}.html">{article_id}</a>' in page
    assert 'href="odd%20%3Cb%3E%26%22id.html"' in page


def test_show_command(table: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "one.html"
    assert main(["show", "plain", "--table", str(table), "--output", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out) and "<!DOCTYPE html>" in out.read_text()
    assert main(["show", "plain", "--table", str(table)]) == 0
    assert capsys.readouterr().out.strip() == str(table.parent / "evidence" / "plain.html")
    assert (table.parent / "evidence" / "plain.html").is_file()
    assert main(["show", "plain", "--table", str(table), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["show", "--all", "--table", str(table), "-o", str(tmp_path / "all")]) == 0
    pages = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert pages == sorted(
        ["index.html", "crlf.html", "page.html", "plain.html", f"{HOSTILE_ID}.html"]
    )
    capsys.readouterr()
    assert main(["show", "--table", str(table)]) == 2
    assert main(["show", "nope", "--table", str(table)]) == 2
    assert main(["show", "plain", "--table", str(tmp_path / "none.parquet")]) == 2
    err = capsys.readouterr().err
    assert "give one ARTICLE_ID, or --all" in err and "no article 'nope'" in err
    assert "no claims table at" in err


_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\r\n\u00e9")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8))
def test_any_spans_on_any_text_reassemble(text: str, spans: list[tuple[int, int]]) -> None:
    """Whatever the text and however the evidence spans overlap: the page's text is the article
    text, and each claim's segments are exactly its span."""
    claims = []
    for i, (a, b) in enumerate(spans):
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        claims.append(
            {
                "claim_id": f"c{i}",
                "claim_type": ["cast", "renewal", "person", "creator"][i % 4],
                "subject": "<s>",
                "object": None,
                "season": None,
                "date_value": None,
                "polarity": "asserted",
                "extractor": "rule:x",
                "confidence": 0.5,
                "char_start": start,
                "char_end": end,
            }
        )
    source = Source(Path("x.txt"), text, text, False, None)
    markup = _text_html(source, claims)
    parser = _Page()
    parser.feed(f"<div>{markup}</div>")
    parser.close()
    shown = html.unescape(re.sub(r"<[^>]*>", "", markup))
    assert shown == text
    for claim in claims:
        mine = [s for s in parser.segments if claim["claim_id"] in s["claims"]]
        if claim["char_end"] > claim["char_start"]:
            assert "".join(s["text"] for s in mine) == text[claim["char_start"] : claim["char_end"]]
        else:
            assert not mine
