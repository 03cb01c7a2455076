"""Stage 1 - clean: read an article, normalise it, and keep a map back to the original file.

The cleaned text is what every later stage sees. It differs from the raw file in three ways:

* typographic quotes and exotic spaces become ASCII, runs of spaces collapse, lines are stripped;
* article metadata (a leading ``date YYYY-MM-DD`` marker, a byline date such as ``- Oct 4``) is
  recognised and removed from the text;
* boilerplate that is not article text (author/byline lines, "2 min read", "Comments",
  "Popular on Variety", photo credits such as ``Tyler Golden/Prime Video`` or
  ``(Photo by ... )``) is removed, so no claim can ever come from it.

``CleanText.offsets[i]`` is the index in the raw text of cleaned character ``i``, so any span of
the cleaned text maps back to the raw file with :meth:`CleanText.to_raw`.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "MAX_ARTICLE_BYTES",
    "ArticleError",
    "CleanText",
    "clean_article",
    "clean_html",
    "clean_text",
    "decode_article",
    "read_article",
]

# A news article is a few KB; anything this large is a dump, not an article, and would make
# the per-character offset map expensive.
MAX_ARTICLE_BYTES = 5_000_000

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\t": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u3000": " ",
}
# Zero-width characters carry no text and confuse the tokenizer.
_DROP_CHARS = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DECLARED_DATE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_BYLINE_DATE = re.compile(
    rf"^\s*(?:[-\u2013\u2014\u2022*]\s*)?(?:Published:?\s*|Updated:?\s*)?"
    rf"((?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)|(?:\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))"
    rf"\s*$",
    re.IGNORECASE,
)
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:[-\u2013\u2022*]\s*)?(?:"
    r"\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read"
    r"|comments?|\d+\s+comments?|share(?:\s+this(?:\s+article)?)?|advertisement|ad"
    r"|popular\s+on\s+.{1,40}|related(?:\s+stories|\s+articles)?:?.*|read\s+more:?.*"
    r"|must\s+read:?.*|sign\s+up\b.*|subscribe\b.*|follow\s+us\b.*|stay\s+tuned\s+for\s+more.*"
    r"|(?:photo|image|credit|courtesy)s?\s*:.*|\(?\s*photo\s+by\b.*"
    r")\s*$",
    re.IGNORECASE,
)
_AUTHOR_LINE = re.compile(
    r"^\s*(?:(?:[Bb]y|[Ww]ritten\s+by|[Aa]uthor:?)\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"
    r"|[-\u2013\u2022*]\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2})\s*$"
)
# Inline credits: "(Photo by Jane Doe/Getty Images)", "(L-R)", and a caption's trailing
# "Jane Doe/Network" after the caption sentence.
_INLINE_BOILERPLATE = re.compile(
    r"\((?:photo|image|credit|pictured|courtesy)\b[^()]*\)|\((?:L|R)\s*-\s*(?:R|L)\)|\(from\s+left\)",
    re.IGNORECASE,
)
_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?)\]\"'])\s+((?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*"
    r"\s*/\s*[A-Z][\w&.'\u2019+ -]{1,40}?)\s*$"
)
# Only the first lines of a file can be a header (title, author, date, reading time).
_HEADER_LINES = 8


class ArticleError(ValueError):
    """An input that cannot be processed as an article; ``reason`` is a one-line explanation."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class CleanText:
    raw: str
    text: str
    offsets: array = field(repr=False)
    declared_date: date | None = None
    byline_date: str | None = None
    removed: tuple[tuple[int, int], ...] = ()  # raw spans dropped as metadata or boilerplate
    # Raw end offset of each character, only where one character stands for several raw ones
    # (an HTML entity such as "&amp;"); otherwise the end is the start + 1.
    offset_ends: array | None = field(default=None, repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned-text span ``[start, end)`` to the raw span covering the same characters."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        last = end - 1
        raw_end = self.offset_ends[last] if self.offset_ends is not None else self.offsets[last] + 1
        return self.offsets[start], raw_end


def _too_large(path: str, size: int) -> ArticleError:
    return ArticleError(
        path, f"file is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit"
    )


def decode_article(data: bytes, path: str = "<bytes>") -> str:
    """Decode bytes as UTF-8 text, with one-line errors for input that is not an article."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_large(path, len(data))
    if b"\x00" in data[:8192]:
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ArticleError(path, "empty file")
    return text


class _Builder:
    """Accumulates cleaned text together with each character's raw offset."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets = array("l")

    def add_segment(self, raw: str, start: int, end: int) -> None:
        pending_space = -1
        for i in range(start, end):
            ch = raw[i]
            if ch in _DROP_CHARS:
                continue
            ch = _CHAR_MAP.get(ch, ch)
            if ch.isspace():
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0 and self.chars and self.chars[-1] != "\n":
                self.chars.append(" ")
                self.offsets.append(pending_space)
            pending_space = -1
            self.chars.append(ch)
            self.offsets.append(i)

    def newline(self, raw_pos: int) -> None:
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.offsets.append(raw_pos)

    def finish(self) -> tuple[str, array]:
        while self.chars and self.chars[-1] == "\n":
            self.chars.pop()
            self.offsets.pop()
        return "".join(self.chars), self.offsets


def _iter_lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break."""
    spans = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", raw):
        if match.start() == match.end():
            continue
        line_end = match.end()
        while line_end > match.start() and raw[line_end - 1] in "\r\n":
            line_end -= 1
        spans.append((match.start(), line_end))
    return spans


def _is_header_author_line(line: str, line_index: int) -> bool:
    """An author line: "By Jane Doe", or a short "- Name" bullet in the header block."""
    return line_index < _HEADER_LINES and bool(_AUTHOR_LINE.match(line)) and len(line) < 60


def clean_text(raw: str) -> CleanText:
    """Clean one decoded article. Pure: no I/O, never raises on text input."""
    builder = _Builder()
    removed: list[tuple[int, int]] = []
    declared: date | None = None
    byline: str | None = None
    seen_text_line = False

    for index, (start, end) in enumerate(_iter_lines(raw)):
        line = raw[start:end]
        if not line.strip():
            continue
        keep_start, keep_end = start, end
        if not seen_text_line and declared is None:
            match = _DECLARED_DATE.match(line)
            if match:
                try:
                    declared = date.fromisoformat(match.group(1))
                except ValueError:
                    declared = None
                else:
                    removed.append((start, start + match.end()))
                    keep_start = start + match.end()
        header = index < _HEADER_LINES
        line_text = raw[keep_start:keep_end]
        if header and byline is None and declared is None:
            match = _BYLINE_DATE.match(line_text)
            if match:
                byline = match.group(1)
                removed.append((keep_start, keep_end))
                continue
        if _BOILERPLATE_LINE.match(line_text) or _is_header_author_line(line_text, index):
            removed.append((keep_start, keep_end))
            continue
        # Inline credits are cut out of the line; the caption text around them is kept.
        pieces: list[tuple[int, int]] = []
        cursor = keep_start
        credit = _TRAILING_CREDIT.search(line_text)
        line_stop = keep_start + credit.start(1) if credit else keep_end
        if credit:
            removed.append((line_stop, keep_end))
        for inline in _INLINE_BOILERPLATE.finditer(raw, keep_start, line_stop):
            pieces.append((cursor, inline.start()))
            removed.append((inline.start(), inline.end()))
            cursor = inline.end()
        pieces.append((cursor, line_stop))
        for piece_start, piece_end in pieces:
            builder.add_segment(raw, piece_start, piece_end)
        builder.newline(keep_end)
        seen_text_line = True

    text, offsets = builder.finish()
    return CleanText(
        raw=raw,
        text=text,
        offsets=offsets,
        declared_date=declared,
        byline_date=byline,
        removed=tuple(sorted(removed)),
    )


_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "figcaption",
    "title",
    "ul",
    "ol",
    "table",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "aside", "form"}


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_START.match(raw[:1000]))


class _HtmlText(HTMLParser):
    """Visible text of an HTML page, each character mapped to its offset in the page source."""

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        self.chars: list[str] = []
        self.offsets = array("l")
        self.ends = array("l")
        self.skip_depth = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, start: int, exact: bool, width: int = 1) -> None:
        if self.skip_depth:
            return
        for k, ch in enumerate(text):
            self.chars.append(ch)
            self.offsets.append(start + k if exact else start)
            self.ends.append(start + k + 1 if exact else start + width)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self._emit("\n", self._pos(), exact=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._emit("\n", self._pos(), exact=False)

    def handle_data(self, data: str) -> None:
        self._emit(data, self._pos(), exact=True)

    def handle_entityref(self, name: str) -> None:
        import html

        start = self._pos()
        width = self.raw.find(";", start) + 1 - start
        self._emit(html.unescape(f"&{name};"), start, exact=False, width=max(1, width))

    def handle_charref(self, name: str) -> None:
        import html

        start = self._pos()
        width = self.raw.find(";", start) + 1 - start
        self._emit(html.unescape(f"&#{name};"), start, exact=False, width=max(1, width))


def clean_html(raw: str) -> CleanText:
    """Clean an HTML page: extract its visible text, clean that, and map offsets to the page."""
    parser = _HtmlText(raw)
    parser.feed(raw)
    parser.close()
    plain = "".join(parser.chars)
    inner = clean_text(plain)
    offsets = array("l", (parser.offsets[i] for i in inner.offsets))
    ends = array("l", (parser.ends[i] for i in inner.offsets))
    removed = tuple((parser.offsets[a], parser.ends[b - 1]) for a, b in inner.removed if b > a)
    return CleanText(
        raw=raw,
        text=inner.text,
        offsets=offsets,
        declared_date=inner.declared_date,
        byline_date=inner.byline_date,
        removed=removed,
        offset_ends=ends,
    )


def clean_article(raw: str) -> CleanText:
    """Clean decoded file content, plain text or HTML."""
    return clean_html(raw) if looks_like_html(raw) else clean_text(raw)


def check_size(path: Path) -> None:
    """Refuse a file over the size limit before reading it into memory."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise _too_large(str(path), size)


def read_article(path: Path) -> CleanText:
    """Read and clean one article file; raises :class:`ArticleError` with a one-line reason."""
    try:
        check_size(path)
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    cleaned = clean_article(decode_article(data, str(path)))
    if not cleaned.text.strip():
        raise ArticleError(str(path), "no article text left after removing markup and boilerplate")
    return cleaned
