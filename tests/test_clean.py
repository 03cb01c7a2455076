from __future__ import annotations

from datetime import date

import pytest

from pipeline.clean import ArticleError, clean_article, clean_text, decode_article


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
