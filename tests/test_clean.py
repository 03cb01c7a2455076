from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import (
    _CHAR_MAP,
    _DROP_CHARS,
    ArticleError,
    _Builder,
    clean_article,
    clean_text,
    decode_article,
)


def _check_offsets(cleaned) -> None:
    """Every cleaned character maps to the same (or the normalised) raw character."""
    assert len(cleaned.offsets) == len(cleaned.text)
    for i, ch in enumerate(cleaned.text):
        raw = cleaned.raw[cleaned.offsets[i]]
        assert (
            ch == raw
            or (ch == " " and raw.isspace())
            or (ch == "\n" and raw in "\r\n ")
            or ch in "'\""
        )


def test_declared_date_is_metadata_and_rest_of_line_is_text() -> None:
    cleaned = clean_text(" date 2024-03-02 Netflix has renewed Hacks.\nMore text here.")
    assert cleaned.declared_date == date(2024, 3, 2)
    assert cleaned.text.startswith("Netflix has renewed Hacks.")
    _check_offsets(cleaned)


def test_invalid_declared_date_is_not_metadata() -> None:
    cleaned = clean_text("date 2024-13-45 is not a date.")
    assert cleaned.declared_date is None


@pytest.mark.parametrize("line", ["- Mar 12", "- March 12, 2024", "Published: Jan 3", "12 Feb"])
def test_byline_date_recognised_and_removed(line: str) -> None:
    cleaned = clean_text(f"Headline About A Show\n{line}\nThe article body starts here.")
    assert cleaned.byline_date is not None
    assert (
        line.strip("- ").split(":")[-1].strip() in cleaned.byline_date
        or cleaned.byline_date in line
    )
    assert "body starts" in cleaned.text
    assert line not in cleaned.text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "- 3 min read",
        "Comments",
        "Popular on Deadline",
        "By Jane Doe",
        "- Sam Rivers",
        "Related: Another Story",
        "Photo: Netflix",
        "Advertisement",
        "Share this article",
    ],
)
def test_boilerplate_lines_removed(boilerplate: str) -> None:
    cleaned = clean_text(f"Headline\n{boilerplate}\nJane Smart plays Deborah in the show.")
    assert boilerplate not in cleaned.text
    assert "Jane Smart plays Deborah" in cleaned.text


def test_boilerplate_words_inside_a_sentence_are_kept() -> None:
    cleaned = clean_text("Headline\nThe comments section was full of fans who read every line.")
    assert "comments section" in cleaned.text


def test_photo_credits_removed_caption_kept() -> None:
    raw = "Ana Ruiz (Dr. Vega) in ORBIT S2. Kim Lee/Netflix\nNext line.\nA cast photo (Photo by Lee Ho/Getty Images) here."
    cleaned = clean_text(raw)
    assert "Ana Ruiz (Dr. Vega) in ORBIT S2." in cleaned.text
    assert "Kim Lee" not in cleaned.text
    assert "Getty" not in cleaned.text
    assert "A cast photo here." in cleaned.text
    _check_offsets(cleaned)


def test_quotes_and_whitespace_normalised_with_offsets() -> None:
    raw = "\u201cIt\u2019s   great,\u201d\tsaid\u00a0Ann Lee.\r\n\r\n\r\nNew   paragraph."
    cleaned = clean_text(raw)
    assert cleaned.text == '"It\'s great," said Ann Lee.\nNew paragraph.'
    _check_offsets(cleaned)
    start = cleaned.text.index("Ann Lee")
    a, b = cleaned.to_raw(start, start + len("Ann Lee"))
    assert raw[a:b] == "Ann Lee"


def test_html_text_extracted_and_offsets_point_into_page() -> None:
    raw = (
        "<!DOCTYPE html><html><head><title>News</title><script>var x = 'Jane Doe';</script></head>"
        "<body><p>HBO renewed &ldquo;Dune&rdquo; &amp; more.</p><p>Zoe Park plays Ada.</p></body></html>"
    )
    cleaned = clean_article(raw)
    assert "var x" not in cleaned.text
    assert 'HBO renewed "Dune" & more.' in cleaned.text
    start = cleaned.text.index('"Dune"')
    a, b = cleaned.to_raw(start, start + len('"Dune"'))
    assert raw[a:b] == "&ldquo;Dune&rdquo;"
    start = cleaned.text.index("Zoe Park")
    a, b = cleaned.to_raw(start, start + 8)
    assert raw[a:b] == "Zoe Park"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t  ", "empty file"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_decode_errors_are_one_line_reasons(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError) as info:
        decode_article(data, "x.txt")
    assert reason in info.value.reason
    assert "\n" not in str(info.value)
    assert "x.txt" in str(info.value)


def test_bom_is_stripped() -> None:
    assert decode_article("\ufeffHello".encode()) == "Hello"


# --- issue 8: decoding, HTML detection, length limit, malformed date lines -------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_decoded(codec: str) -> None:
    text = "Netflix renewed \u201cCaf\u00e9 Nights\u201d.\r\nAnn Lee plays Mira."
    bom = {
        "utf-16-le": b"\xff\xfe",
        "utf-16-be": b"\xfe\xff",
        "utf-32-be": b"\x00\x00\xfe\xff",
    }.get(codec, b"")
    assert decode_article(bom + text.encode(codec), "x.txt") == text


def test_utf16_without_bom_and_latin1_say_how_to_fix() -> None:
    with pytest.raises(ArticleError, match="UTF-16 without a byte-order mark"):
        decode_article("Plain ASCII news text here".encode("utf-16-le"), "x.txt")
    with pytest.raises(ArticleError) as info:
        decode_article("Caf\u00e9 news".encode("latin-1"), "x.txt")
    assert "not valid UTF-8 (byte 0xe9 at offset 3)" in info.value.reason
    assert "save it as UTF-8" in info.value.reason and "iconv" in info.value.reason


def test_length_limit_is_characters_of_cleaned_text_and_one_line(tmp_path) -> None:
    from pipeline.clean import MAX_ARTICLE_BYTES, MAX_ARTICLE_CHARS, read_article

    assert MAX_ARTICLE_BYTES >= 4 * MAX_ARTICLE_CHARS  # no file within the limit is refused
    # Decoding has no character limit; the cleaned text has.
    assert len(decode_article(b"a" * (MAX_ARTICLE_CHARS + 1))) == MAX_ARTICLE_CHARS + 1
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_ARTICLE_CHARS + 1))
    with pytest.raises(ArticleError) as info:
        read_article(big)
    assert (
        info.value.reason
        == "article text is 1,000,001 characters, over the 1,000,000-character limit"
    )
    with pytest.raises(ArticleError) as info:
        decode_article(b"a" * (MAX_ARTICLE_BYTES + 1), "huge.txt")
    assert info.value.reason == (
        "file is 16,000,001 bytes (16.0 MB), over the 16,000,000-byte limit on article files; "
        "it was not read"
    )


def test_length_limit_ignores_markup(tmp_path) -> None:
    """A saved page of 1.2 MB (styles, scripts) with one visible paragraph is an article."""
    from pipeline.clean import MAX_ARTICLE_CHARS, read_article

    page = tmp_path / "page.html"
    style = "<style>" + ".c{color:red}\n" * 90_000 + "</style>"
    page.write_text(
        f"<html><head>{style}</head><body><p>HBO has renewed Dune Road.</p></body></html>",
        encoding="utf-8",
    )
    assert page.stat().st_size > 1_200_000 > MAX_ARTICLE_CHARS
    assert read_article(page).text == "HBO has renewed Dune Road."


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (" date October 7, 2025 ", "October 7, 2025"),
        (" date 2025 ", "2025"),
        ("date: next Tuesday", "next Tuesday"),
        ("Date: 7 Oct 2025", "7 Oct 2025"),
        ("DATE Tuesday, Oct. 7, 2025", "Tuesday, Oct. 7, 2025"),
        (" date 2025-13-45 ", "2025-13-45"),
        (" date 10/7/2025 ", "10/7/2025"),
    ],
)
def test_any_leading_date_line_that_is_not_iso_warns(line: str, value: str) -> None:
    cleaned = clean_text(f"{line}\nHBO has renewed Dune Road for Season 2.")
    assert cleaned.declared_date is None
    assert cleaned.warnings == (
        f"date line {value!r} is not a valid date (YYYY-MM-DD); the article has no date anchor",
    )
    assert cleaned.text == "HBO has renewed Dune Road for Season 2."


@pytest.mark.parametrize(
    "line",
    ["Date Set for 'Dune Road' Season 2", "date night is back on HBO", "Dates announced"],
)
def test_headlines_starting_with_date_are_text(line: str) -> None:
    cleaned = clean_text(f"{line}\nHBO has renewed Dune Road for Season 2.")
    assert cleaned.warnings == () and cleaned.text.startswith(line)


SCRIPT_PAGE_BODY = (
    "<script>var cast = 'Jane Doe plays Mira Tan'; Netflix.renew('Fake Show');</script>"
    "<p>HBO has renewed &ldquo;Dune Road&rdquo; for Season 2.</p>"
)


@pytest.mark.parametrize(
    "page",
    [
        "<!-- saved from url=(0042)https://example.com -->\n<html><body>" + SCRIPT_PAGE_BODY,
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body>' + SCRIPT_PAGE_BODY,
        "<div class='story'>" + SCRIPT_PAGE_BODY + "</div>",
        "\n  <!-- a --><!-- b -->\n<!DOCTYPE html>" + SCRIPT_PAGE_BODY,
    ],
)
def test_html_recognised_by_content_after_comments_prolog_or_fragment(page: str) -> None:
    from pipeline.clean import looks_like_html

    assert looks_like_html(page)
    cleaned = clean_article(page)
    assert "Jane Doe" not in cleaned.text and "var cast" not in cleaned.text
    assert 'HBO has renewed "Dune Road" for Season 2.' in cleaned.text


def test_html_file_is_html_by_extension(tmp_path) -> None:
    from pipeline.clean import read_article

    page = "Breaking news\n" + SCRIPT_PAGE_BODY  # starts like text: only the name says HTML
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    assert "Jane Doe" not in read_article(tmp_path / "page.html").text
    assert "Jane Doe" in read_article(tmp_path / "page.txt").text  # plain text stays text


def test_plain_text_mentioning_tags_is_not_html() -> None:
    from pipeline.clean import looks_like_html

    assert not looks_like_html("The <p> tag and <div> tags are HTML.")
    assert not looks_like_html("<Bosch> returns next year.")


@pytest.mark.parametrize("line", [" date 2025-13-45 ", "date 2025-02-30", "date: 10/7/2025"])
def test_malformed_date_line_is_reported_and_not_text(line: str) -> None:
    cleaned = clean_text(f"{line}\nNetflix has renewed Wayfarers.")
    assert cleaned.declared_date is None
    assert cleaned.text == "Netflix has renewed Wayfarers."
    assert len(cleaned.warnings) == 1 and "is not a valid date" in cleaned.warnings[0]
    assert "\n" not in cleaned.warnings[0]


def test_valid_date_line_gives_no_warning() -> None:
    cleaned = clean_text(" date 2025-10-07 \nNetflix has renewed Wayfarers.")
    assert cleaned.declared_date == date(2025, 10, 7) and cleaned.warnings == ()


def _segment_char_by_char(raw: str, start: int, end: int) -> tuple[str, list[int]]:
    """The rule of ``_Builder.add_segment`` stated one character at a time, for a fresh
    builder: dropped and mapped characters, whitespace runs as one space between kept text."""
    chars: list[str] = []
    offsets: list[int] = []
    pending = -1
    for i in range(start, end):
        ch = _CHAR_MAP.get(raw[i], raw[i])
        if raw[i] in _DROP_CHARS:
            continue
        if ch.isspace():
            pending = i if pending < 0 else pending
            continue
        if pending >= 0 and chars:
            chars.append(" ")
            offsets.append(pending)
        pending = -1
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


_SEGMENT_ALPHABET = "ab Z9.,'\"\t\n\r" + "".join(_CHAR_MAP) + "".join(_DROP_CHARS) + "\u00e9\u4e2d"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SEGMENT_ALPHABET, max_size=40), st.data())
def test_segment_copied_in_runs_equals_the_character_rule(raw: str, data) -> None:
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    builder = _Builder()
    builder.add_segment(raw, start, end)
    assert ("".join(builder.chars), list(builder.offsets)) == _segment_char_by_char(raw, start, end)
    assert all(piece == "\n" or "\n" not in piece for piece in builder.chars)
