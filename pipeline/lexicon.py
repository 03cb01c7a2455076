"""Word lists shared by several stages: calendar and number words here, the rule vocabularies
as data files in ``pipeline/data/words/`` (one concept per file)."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

# Spelled out: calendar.month_name follows the process locale; the articles are English.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Generational suffixes that belong to a personal name: "James Pickens Jr.", "Percy Daggs IV".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@cache
def word_list(name: str) -> frozenset[str]:
    """The entries of ``pipeline/data/words/<name>.txt`` (see the README there), lower case."""
    return frozenset(entry.lower() for entry in _raw_entries(name))


@cache
def word_table(name: str) -> dict[str, str]:
    """A two-column word list (``word<TAB>value``) as a dict."""
    return dict(entry.split("\t", 1) for entry in _raw_entries(name))


def _raw_entries(name: str) -> list[str]:
    text = resources.files("pipeline.data").joinpath("words", f"{name}.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1 << 16)
def word_forms(lower: str, lemma: str) -> frozenset[str]:
    """Every base form a word may stand for: its lemma (from a lemmatizer, if any) and the
    base forms its inflection may come from. Cached: the rules ask it of every word."""
    return inflections(lower) | {lemma.lower()}


@lru_cache(maxsize=1 << 16)
def inflections(word: str) -> frozenset[str]:
    """Base forms ``word`` may be an inflection of, for pipelines without a lemmatizer:
    "cancelled" -> {"cancel", ...}, "axed" -> {"axe", ...}, "greenlit" -> {"greenlight", ...}.
    Cached: every rule asks it of every word."""
    forms = {word}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            forms.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:  # "cancelling" -> "cancel"
                forms.add(stem[:-1])
    if word.endswith("lit"):  # "greenlit"
        forms.add(word[:-3] + "light")
    return frozenset(forms)
