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
    "HTML_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_CHARS",
    "ArticleError",
    "CleanText",
    "check_length",
    "clean_article",
    "clean_html",
    "clean_text",
    "decode_article",
    "looks_like_html",
    "read_article",
    "read_raw",
]

# Two limits, both checked by :func:`read_article`:
# * MAX_ARTICLE_CHARS applies to the CLEANED text, the text the NLP pipeline sees (spaCy's own
#   ``max_length``; a news article is a few thousand characters). A saved HTML page of a few MB
#   with one visible paragraph is within it: markup, scripts and styles do not count.
# * MAX_ARTICLE_BYTES is a guard against reading truly huge files into memory at all: a file
#   over it is refused from its size alone, before it is read. It is far above any article
#   page (a long article saved as HTML with inline images is a few MB).
MAX_ARTICLE_CHARS = 1_000_000
MAX_ARTICLE_BYTES = 16_000_000
HTML_SUFFIXES = (".html", ".htm")

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
# "date 2025-10-07"; other numeric spellings ("date 2025-13-45", "date 10/7/2025") are caught
# too, so that a malformed date line is reported instead of read as article text.
_DECLARED_DATE = re.compile(
    r"^\s*date\s*[:=]?\s*([0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4})\b[ \t]*", re.IGNORECASE
)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Any other leading date marker (" date October 7, 2025 ", " date 2025 ", "Date: tomorrow") is
# metadata that cannot be used: reported, not read as text. A lower-case "date" needs a value
# with a digit; "Date"/"DATE" a colon or a value made only of date words and numbers, so that a
# headline such as "Date Set for 'Bosch' Season 2" stays text.
_DATE_MARKER = re.compile(r"^[ \t]*(date|Date|DATE)[ \t]*([:=])?[ \t]*(\S(?:.{0,38}\S)?)[ \t]*$")
_WEEKDAY = r"(?:Mon|Tue(?:s)?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_DATEISH = re.compile(
    rf"(?:{_MONTH}|{_WEEKDAY}|[0-9]{{1,4}}(?:st|nd|rd|th)?|[\s,./-])+", re.IGNORECASE
)
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
    # One-line problems with the article that did not stop it being processed (a malformed
    # ``date`` line); reported on stderr and in the manifest.
    warnings: tuple[str, ...] = ()

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
        path,
        f"file is {size:,} bytes ({size / 1e6:.1f} MB), over the {MAX_ARTICLE_BYTES:,}-byte "
        "limit on article files; it was not read",
    )


def check_length(text: str, path: str = "<text>") -> None:
    """Refuse an article whose cleaned text is over the character limit (MAX_ARTICLE_CHARS)."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            path,
            f"article text is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character "
            "limit",
        )


# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_TO_UTF8 = "save it as UTF-8, e.g. 'iconv -f WINDOWS-1252 -t UTF-8 IN > OUT' for a Latin-1 file"


def _looks_utf16_without_bom(head: bytes) -> bool:
    """Mostly-ASCII UTF-16 text: every other byte is NUL."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd)


def decode_article(data: bytes, path: str = "<bytes>") -> str:
    """Decode an article's bytes: UTF-8 (with or without a BOM), or UTF-16/UTF-32 with a BOM.

    Bytes over MAX_ARTICLE_BYTES are refused; the character limit applies to the cleaned text
    (:func:`read_article`). Raises :class:`ArticleError` with a one-line reason for input that
    is not an article.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_large(path, len(data))
    encoding, name = "utf-8-sig", "UTF-8"
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            encoding, name = codec, label
            break
    if name == "UTF-8" and b"\x00" in data[:8192]:
        if _looks_utf16_without_bom(data[:8192]):
            raise ArticleError(
                path, "looks like UTF-16 without a byte-order mark; save it as UTF-8"
            )
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        if name == "UTF-8":
            raise ArticleError(path, f"not valid UTF-8 ({where}); {_TO_UTF8}") from None
        raise ArticleError(
            path, f"not valid {name} despite its byte-order mark ({where})"
        ) from None
    if "\x00" in text[:8192]:
        raise ArticleError(path, "binary file (contains NUL characters), not text")
    if text.startswith("\ufeff"):  # UTF-16/32 codecs keep nothing, but be sure
        text = text[1:]
    if not text.strip():
        raise ArticleError(path, "empty file")
    return text


# Characters that are kept as they are, in runs joined by single spaces: copied a run at a time
# (``\s`` is ``str.isspace``). Every other character goes through the character-by-character
# rules of ``_Builder.add_segment``.
_KEPT = "[^\\s" + re.escape("".join(sorted(_DROP_CHARS | _CHAR_MAP.keys()))) + "]+"
_PLAIN_RUN = re.compile(f"{_KEPT}(?: {_KEPT})*")


class _Builder:
    """Accumulates cleaned text together with each character's raw offset."""

    def __init__(self) -> None:
        self.chars: list[str] = []  # pieces of text; a line break is always a piece of its own
        self.offsets = array("l")

    def add_segment(self, raw: str, start: int, end: int) -> None:
        """Append ``raw[start:end]``: characters dropped or mapped, each run of whitespace one
        space (none at the segment's edges or after a line break)."""
        pending_space = -1
        i = start
        while i < end:
            plain = _PLAIN_RUN.match(raw, i, end)
            if plain is not None:  # most of the text: copied as it is, in one piece
                run_end = plain.end()
                if pending_space >= 0 and self.chars and self.chars[-1] != "\n":
                    self.chars.append(" ")
                    self.offsets.append(pending_space)
                pending_space = -1
                self.chars.append(raw[i:run_end])
                self.offsets.extend(range(i, run_end))
                i = run_end
                continue
            ch = raw[i]
            i += 1
            if ch in _DROP_CHARS:
                continue
            ch = _CHAR_MAP.get(ch, ch)
            if ch.isspace():
                if pending_space < 0:
                    pending_space = i - 1
                continue
            if pending_space >= 0 and self.chars and self.chars[-1] != "\n":
                self.chars.append(" ")
                self.offsets.append(pending_space)
            pending_space = -1
            self.chars.append(ch)
            self.offsets.append(i - 1)

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


def _date_marker_value(line: str) -> str | None:
    """The value of a leading ``date ...`` marker line that is not ``date YYYY-MM-DD``."""
    match = _DATE_MARKER.match(line)
    if not match:
        return None
    word, separator, value = match.groups()
    has_digit = any(ch.isdigit() for ch in value)
    if separator or (word == "date" and has_digit):
        return value
    if has_digit and _DATEISH.fullmatch(value):
        return value
    return None


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
    bad_date = False
    warnings: list[str] = []

    for index, (start, end) in enumerate(_iter_lines(raw)):
        line = raw[start:end]
        if not line.strip():
            continue
        keep_start, keep_end = start, end
        if not seen_text_line and declared is None and not bad_date:
            match = _DECLARED_DATE.match(line)
            if match:
                # The marker is metadata either way; a malformed one is reported, not guessed.
                try:
                    if not _ISO_DAY.fullmatch(match.group(1)):
                        raise ValueError(match.group(1))
                    declared = date.fromisoformat(match.group(1))
                except ValueError:
                    bad_date = True
                    warnings.append(
                        f"date line {match.group(1)!r} is not a valid date (YYYY-MM-DD); "
                        "the article has no date anchor"
                    )
                removed.append((start, start + match.end()))
                keep_start = start + match.end()
            else:
                value = _date_marker_value(line)
                if value is not None:
                    bad_date = True
                    warnings.append(
                        f"date line {value!r} is not a valid date (YYYY-MM-DD); "
                        "the article has no date anchor"
                    )
                    removed.append((start, end))
                    continue
        header = index < _HEADER_LINES
        line_text = raw[keep_start:keep_end]
        if header and byline is None and declared is None and not bad_date:
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
        warnings=tuple(warnings),
    )


# What may precede the first tag of an HTML page: a BOM, white space, comments, an XML prolog.
_HTML_PREAMBLE = re.compile(r"(?:\ufeff|\s+|<!--.*?-->|<\?xml\b[^>]*>)*", re.DOTALL)
_HTML_TAGS = (
    "html|head|body|meta|title|link|script|style|div|p|span|article|section|main|header|footer"
    "|nav|aside|h[1-6]|ul|ol|li|table|figure|img|a|br|hr|blockquote|em|strong|b|i"
)
_HTML_START = re.compile(rf"(?:<!doctype\s+html\b|<(?:{_HTML_TAGS})\b[^<>]*>)", re.IGNORECASE)
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
    """Content test: the text starts (after comments, an XML prolog, white space) with a
    doctype or an HTML tag - a whole page or a fragment such as ``<div>...``."""
    head = raw[:4000]
    preamble = _HTML_PREAMBLE.match(head)
    return bool(_HTML_START.match(head, preamble.end() if preamble else 0))


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
        warnings=inner.warnings,
    )


def clean_article(raw: str, html: bool | None = None) -> CleanText:
    """Clean decoded file content, plain text or HTML.

    ``html``: True for a file named ``.html``/``.htm`` (parsed as HTML whatever it starts with),
    None to decide by content (:func:`looks_like_html`), False for plain text.
    """
    if html is None:
        html = looks_like_html(raw)
    return clean_html(raw) if html else clean_text(raw)


def is_html_path(path: Path | str) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES


def check_size(path: Path, size: int | None = None) -> None:
    """Refuse a file over the size limit before reading it into memory (``size``: already
    known from a ``stat``)."""
    size = path.stat().st_size if size is None else size
    if size > MAX_ARTICLE_BYTES:
        raise _too_large(str(path), size)


def read_bytes(path: Path | str) -> bytes:
    """An article file's bytes (refused, with the reason, when over the size limit or
    unreadable)."""
    path = Path(path)
    try:
        check_size(path)
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read file ({exc.strerror or exc})") from None


def read_raw(path: Path | str) -> str:
    """The decoded text of an article file exactly as the pipeline reads it: the text that
    ``char_start``/``char_end`` index (UTF-8/16/32 by BOM, line endings kept as in the file)."""
    return decode_article(read_bytes(path), str(path))


def read_article(path: Path, data: bytes | None = None) -> CleanText:
    """Read and clean one article file; raises :class:`ArticleError` with a one-line reason
    (file over MAX_ARTICLE_BYTES, undecodable, empty, cleaned text over MAX_ARTICLE_CHARS).
    ``data``: the file's bytes, already read (the Dask engine ships them to its workers).

    A ``.html``/``.htm`` file is HTML; any other file is HTML when its content starts like HTML.
    """
    raw = read_raw(path) if data is None else decode_article(data, str(path))
    cleaned = clean_article(raw, html=True if is_html_path(path) else None)
    if not cleaned.text.strip():
        raise ArticleError(str(path), "no article text left after removing markup and boilerplate")
    check_length(cleaned.text, str(path))
    return cleaned


# --- language check ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_ENGLISH_FUNCTION_WORDS = frozenset(
    """the a an of and to in is are was were for on that with as has have had by at from it its
    his her their this will be been who said not but or which""".split()
)
# Function words of the other languages news text most often comes in, minus any that are also
# English words ("a", "die", "son", "also", ...), which prove nothing either way.
_OTHER_FUNCTION_WORDS = (
    frozenset(
        """le la les des du un une et est sont dans pour par sur avec qui que ne pas au aux ce cette
    il elle ils elles été être ont selon leur leurs mais comme plus où
    der das und ist nicht mit von zu den dem des ein eine einer einem auf für sich auch wird
    wurde werden hat haben sind bei nach oder aber wie noch
    el los las del y en es que por para con una se su sus fue como más pero al lo este esta
    il gli della di che è per non sono nel alla anche
    os da do das dos em um uma não é com
    het een van en dat niet op te zijn voor met""".split()
    )
    - _ENGLISH_FUNCTION_WORDS
    - frozenset({"a", "die", "son", "also", "so", "was", "in", "is"})
)


def _is_latin(word: str) -> bool:
    return word.isascii() or all(ch < "\u0250" for ch in word)


def looks_english(text: str) -> bool:
    """Rules are English; a page is refused only when another language clearly outnumbers
    English in its running text: the function words of French, German, Spanish, Italian,
    Portuguese or Dutch (or words in another script) outnumber English function words more than
    two to one. Only lower-case words count: names are no language. Text with few function words
    of any language (a cast list with role notes: "A - Harry Bosch, retired homicide detective")
    passes."""
    lower = [w for w in _WORD.findall(text[:50_000]) if w.islower()][:2000]
    english = sum(w in _ENGLISH_FUNCTION_WORDS for w in lower)
    other = sum(w in _OTHER_FUNCTION_WORDS or not _is_latin(w) for w in lower)
    return other < 5 or other <= 2 * english
