"""Series status: which series was renewed, cancelled or ordered, for which season, by whom.

Rules over the dependency parse (Universal Dependencies labels, as the bundled model predicts):

* a **trigger** is a verb or noun from the word lists in ``pipeline/data/words/``: renewal
  ("renew", "pick up", "bring back", "renewal"), return ("return", "come back" - a renewal only
  with a next season), cancellation ("cancel", "axe", "pull the plug", "cancellation"), ending
  ("end", "conclude" - only with a season or run stated), order ("order", "greenlight",
  "commission", "a series/pilot order"), a "final season" of a series, and pending words
  ("fate", "on the bubble");
* the **series** is the trigger's patient: the object of an active verb ("NBC renewed X"), the
  subject of a passive or intransitive one ("X was cancelled", "X returns for a fifth season"),
  the noun a participle modifies ("X, renewed for season 5"), the subject a controlled verb
  shares ("X is becoming ..., getting renewed"), or a noun trigger's possessor or "of/for"
  phrase ("the cancellation of X", "X's renewal"). Coordination multiplies it (``conjuncts``:
  "renewed A, B and C"), and so does a surface list of titles around it. A generic head ("the
  drama See") gives the titles in its subtree; "which" gives the noun it modifies; "it"/"the
  show" gives the series last named in a series slot;
* the **season**: an ordinal season in the trigger's clause ("for a 15th season", "Season 2
  renewal"); for a cancellation the last season ("fourth and final season", "after two
  seasons");
* the **network**: the agent (the subject of an active verb, "by X" of a passive) when it is a
  network or streamer, else one named in the sentence, else in the sentence before;
* **polarity**: ``negated`` when a negator governs the trigger ("hasn't been renewed") or the
  decision is pending ("awaiting its fate", "yet to be renewed"); ``hedged`` with attribution
  or uncertainty ("reportedly", ", per Deadline"); else ``asserted``. A negated cancellation
  ("isn't officially canceled") is a renewal not (yet) made; a negated return ("will not
  return") is a cancellation.

Roundup headings ("Teen Wolf (MTV) -- RENEWED", "X (CW) -- CANCELLATION LIKELY") state a status
by their label. Questions are not claims. Component ``tv_status`` writes the mentions to
``doc._.tv_status`` and the article's claims (:func:`article_status`) to
``doc._.tv_status_claims``; titles come from ``doc.spans["tv_titles"]`` (``patterns/titles.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.doc_views import (
    doc_entities,
    doc_lemmas,
    doc_lowers,
    doc_sentences,
    doc_texts,
    sentence_of,
    span_text,
)
from pipeline.gazetteers import canonical_organisation
from pipeline.lexicon import word_forms, word_list
from pipeline.patterns.common import annotated
from pipeline.patterns.seasons import SeasonRef, season_refs
from pipeline.patterns.series import normalise_title
from pipeline.patterns.titles import TitleIndex, is_headline, series_spans

_NETWORK_KINDS = {"streamer", "network"}
_SUBJECTS = {"nsubj", "nsubj:pass", "nsubj:outer"}
_CLAUSE_LINKS = {"xcomp", "advcl", "conj", "ccomp", "parataxis"}
_PRONOUNS = {"it", "they", "them", "which", "that", "who", "this", "these", "both", "all"}
_DETERMINERS = {"det", "nmod:poss", "poss"}
_FINAL_NOUNS = {"season", "series", "run", "outing"}  # "its fourth and final season"
_FLOATING = {"all", "both", "each"}
_PLURAL_PRONOUNS = {"they", "them", "both", "these", "all", "their"}
# Verbs that take a status noun as object and the series as subject ("X got a renewal").
_RECEIVE = {"get", "receive", "earn", "land", "score", "nab", "snag", "secure", "win", "grab"}
# Verbs that hand a status noun to the series ("gave X a series order", "handed a renewal to X").
_GIVE = {"give", "hand", "award", "grant"}


@dataclass(frozen=True)
class StatusMention:
    kind: str  # "renewal", "cancellation" or "order"
    series: Span
    season: int | None
    network: str | None
    polarity: str
    trigger: Token
    evidence: Span  # the sentence
    explicitness: int = field(default=0, compare=False)


# --- word lists --------------------------------------------------------------------------------


@cache
def _entries(name: str) -> tuple[frozenset[str], dict[str, set[str]]]:
    """Single words, and multi-word entries as first word -> the rest ("pick" -> {"up"})."""
    single, multi = set(), {}
    for entry in word_list(name):
        head, *rest = entry.split()
        if rest:
            multi.setdefault(head, set()).add(" ".join(rest))
        else:
            single.add(entry)
    return frozenset(single), multi


def _matches(token: Token, name: str) -> bool:
    single, _ = _entries(name)
    return bool(word_forms(token.lower_, token.lemma_) & single) or _matches_phrase(token, name)


def _matches_phrase(token: Token, name: str) -> bool:
    """A multi-word entry: "pull the plug", "say goodbye", "pick up"."""
    _, multi = _entries(name)
    for head in word_forms(token.lower_, token.lemma_) & multi.keys():
        for rest in multi[head]:
            words = rest.split()
            # the particle/object follows within a few words: "picked X up", "pull the plug"
            window = [t.lower_ for t in token.doc[token.i + 1 : token.i + 4 + len(words)]]
            if all(w in window for w in words):
                return True
    return False


def _headline_verb(token: Token) -> bool:
    """ "Hulu Renews X": a title-case verb a tagger may call a proper noun."""
    return token.is_title and token.pos_ == "PROPN" and token.lower_.endswith(("s", "ed"))


def _particle_up(token: Token) -> bool:
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.lower_ == "up"


def _is_verb(token: Token) -> bool:
    if annotated(token.doc, "TAG"):
        # participles tagged as adjectives still act as verbs: "X was greenlit"
        participle = token.pos_ == "ADJ" and token.lower_.endswith(("ed", "lit"))
        return token.pos_ in {"VERB", "AUX"} or token.tag_.startswith("VB") or participle
    return not token.is_title


# --- triggers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    token: Token
    family: str  # renewal, return, cancellation, ending, order, final, pending
    verbal: bool


@cache
def _trigger_heads() -> frozenset[str]:
    """First words of every trigger entry: a token none of whose forms is one is no trigger."""
    names = (
        "renewal_verbs cancellation_verbs order_verbs return_verbs ending_verbs renewal_nouns "
        "cancellation_nouns order_nouns pending_words"
    ).split()
    return frozenset(entry.split()[0] for name in names for entry in word_list(name))


@lru_cache(maxsize=1 << 16)
def _may_trigger(low: str, lemma: str) -> bool:
    """Whether a word with these forms can be a trigger at all (asked of every word)."""
    return bool(word_forms(low, lemma) & _trigger_heads()) or low in _FINAL_NOUNS


def _trigger_candidates(sent: Span) -> list[Token]:
    """The words of ``sent`` that can be a trigger at all (alphabetic, ``_may_trigger``): read
    from the Doc's word lists, so a Token is made only for these, the only words that
    ``_trigger`` is asked about."""
    doc = sent.doc
    texts, lowers, lemmas = doc_texts(doc), doc_lowers(doc), doc_lemmas(doc)
    return [
        doc[i]
        for i in range(sent.start, sent.end)
        if texts[i].isalpha() and _may_trigger(lowers[i], lemmas[i])
    ]


def _trigger(token: Token) -> _Trigger | None:
    """The trigger a candidate word (``_trigger_candidates``) makes, if any."""
    low = token.lower_
    verbal = _is_verb(token) or _headline_verb(token)
    if verbal:
        for family, words in (
            ("renewal", "renewal_verbs"),
            ("cancellation", "cancellation_verbs"),
            ("order", "order_verbs"),
            ("return", "return_verbs"),
            ("ending", "ending_verbs"),
        ):
            if not _matches(token, words):
                continue
            if _particle_up(token) and family != "renewal":
                continue  # "ended up working", "ordered up": not an ending or an order
            if family == "order" and _children(token, {"xcomp"}):
                continue  # "ordered to dissolve its program": a command, not a series order
            # modal "can" ("can't" -> "ca") is no "canned"
            if family == "cancellation" and (token.tag_ == "MD" or low in {"can", "ca"}):
                continue
            # "end", "drop", "cut" and the one-word ending verbs end a series only with a season
            # or run stated; "ran for five seasons" ended, "is running" has not
            # (with an object the series is named: "Netflix ended X" needs no run)
            ambiguous = (
                (family == "ending" and not _matches_phrase(token, words))
                or low.startswith(("end", "cut"))
            ) and not _children(token, {"obj"})
            if family in {"cancellation", "ending"} and ambiguous and not _has_run(token):
                continue
            is_run = "run" in word_forms(low, token.lemma_) or low == "ran"
            if family == "ending" and is_run and token.tag_ != "VBD":
                continue
            return _Trigger(token, family, True)
        return None
    if token.pos_ not in {"NOUN", "PROPN", "ADJ"} and annotated(token.doc, "TAG"):
        return None
    if token.ent_type_ == "ORG":
        return None  # "the California Film Commission" names a body, not an order
    modifiers = token.children if _parsed(token) else token.doc[token.i - 1 : token.i]
    if low in _FINAL_NOUNS and any(c.lower_ in {"final", "last"} for c in modifiers):
        return _Trigger(token, "final", False)
    if _matches(token, "order_nouns") and _is_series_order(token):
        return _Trigger(token, "order", False)  # "a straight-to-series order", "pilot order"
    for family, words in (
        ("renewal", "renewal_nouns"),  # also "the greenlight" for a series that exists
        ("cancellation", "cancellation_nouns"),
        ("pending", "pending_words"),
    ):
        if _matches(token, words):
            return _Trigger(token, family, False)
    return None


def _has_run(token: Token) -> bool:
    """An ending verb names a series' end only with a season or run: "ends after five seasons"."""
    clause = list(token.subtree) if _parsed(token) else list(sentence_of(token))
    if season_refs(token.doc[min(t.i for t in clause) : max(t.i for t in clause) + 1]):
        return True
    return any(t.lower_ in {"run", "series", "final", "finale"} for t in clause)


def _is_series_order(token: Token) -> bool:
    """ "a series order", "straight-to-series order", "pilot order", "Season 2 orders", "an
    eight-episode order", "the first new commission"."""
    doc = token.doc
    if token.lemma_.lower() == "commission" or token.lower_.startswith("commission"):
        return True  # in TV news a commission is an order
    before = doc[max(sentence_of(token).start, token.i - 5) : token.i]
    words = {t.lower_ for t in before}
    return bool(words & {"series", "pilot", "season", "seasons", "episode"}) or any(
        r.end == token.i or r.end == token.i - 1 for r in season_refs(before)
    )


# --- patients: which tokens name the series ----------------------------------------------------


def _parsed(token: Token) -> bool:
    # token.children on a Doc without a parse is unsafe in spaCy: check first
    return annotated(token.doc, "DEP")


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps] if _parsed(token) else []


# Words between a title and its verb in a passive or perfect clause: "X has not yet been renewed".
_AUXILIARY_GAP = frozenset(
    """has have had been was is are were be being will would got gets get officially already
    finally just now reportedly also not n't yet still never quietly both all""".split()
)


def _surface_patients(trigger: _Trigger, titles: TitleIndex) -> list[Token]:
    """Without a parse: the title right after an active verb ("renewed X"), else the title right
    before the auxiliaries of a passive one ("X has been renewed")."""
    token = trigger.token
    doc = token.doc
    j = token.i + 1
    while j < sentence_of(token).end and (doc[j].lower_ in {"up", "back"} or doc[j].is_quote):
        j += 1
    after = titles.at.get(j)
    if after is not None and after.start == j and trigger.family not in {"return", "ending"}:
        return [doc[after.start]]
    k = token.i - 1
    while k >= sentence_of(token).start and (doc[k].lower_ in _AUXILIARY_GAP or doc[k].is_quote):
        k -= 1
    if k > sentence_of(token).start and doc[k].text == "," and k == token.i - 1:
        k -= 1  # "X, renewed for season 4, ...": a participle after its noun
    elif k > sentence_of(token).start and doc[k].text == ",":
        # "X, starring A, has received ...": step over the parenthetical between commas
        opening = next(
            (
                m
                for m in range(k - 1, max(sentence_of(token).start, k - 15) - 1, -1)
                if doc[m].text == ","
            ),
            None,
        )
        if opening is not None:
            k = opening - 1
    before = titles.at.get(k)
    return [doc[before.start]] if before is not None and before.end == k + 1 else []


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in {"nsubj:pass", "aux:pass"} for c in token.children)


def _verb_patients(trigger: _Trigger) -> list[Token]:
    token = trigger.token
    subjects = _children(token, _SUBJECTS)
    objects = _children(token, {"obj"})
    if trigger.family in {"return", "ending"}:
        found = subjects
    elif _is_passive(token):
        found = _children(token, {"nsubj:pass"}) or subjects
        if found and all(t.lower_ in _FLOATING for t in found):
            # "A, B and C have all been renewed": the quantifier floats off the real subject
            found = [t for t in subjects if t.lower_ not in _FLOATING] or found
    else:
        found = objects
    if found:
        return found
    if _inverted(token):
        return [token.head]  # "Returning for a special is the drama X"
    if token.dep_ in {"acl", "acl:relcl", "amod"}:
        head = token.head
        # "X and Y are among the cancelled shows": the subject the predicate describes
        subjects = _children(head, _SUBJECTS) or (
            _children(head.head, _SUBJECTS) if head.dep_ in {"obl", "nmod"} else []
        )
        own_subject = bool(_children(token, {"nsubj"}))  # "the shows Hulu cancelled"
        subjects = [t for t in subjects if t.pos_ != "PRON"]
        if head.lemma_.lower() in word_list("show_nouns") and subjects and not own_subject:
            return subjects
        return [head]
    head = token
    for _ in range(3):  # controlled or coordinated clauses share the subject
        if head.dep_ not in _CLAUSE_LINKS or head.head == head:
            break
        head = head.head
        found = _children(head, _SUBJECTS)
        if found:
            return found
    return []


# Determiners that make a plural noun mean things in general: "all Netflix originals".
_QUANTIFIERS = {"all", "most", "many", "some", "few", "several", "every", "any", "no"}


def _quantified_plural(token: Token) -> bool:
    """ "all Netflix Originals get renewed": a class of shows, whatever the capitals say."""
    return _plural(token) and any(
        c.dep_ == "det" and c.lower_ in _QUANTIFIERS for c in token.children
    )


def _inverted(token: Token) -> bool:
    """A clause that is the subject of "is" with the series as predicate, the inverted order of
    "X is returning ...": "Returning to ITV for a special is the drama X"."""
    head = token.head
    return token.dep_ == "csubj" and head != token and bool(_children(head, {"cop"}))


def _inverted_subject(noun: Token) -> bool:
    """A common-noun subject of "is" whose predicate names the series: "one more series awaiting
    word is X"."""
    return _common_noun(noun) and noun.head != noun and bool(_children(noun.head, {"cop"}))


def _noun_patients(trigger: _Trigger) -> list[Token]:
    token = trigger.token
    # a possessor names the series ("X's renewal"), not a lower-case owner ("the network's")
    found = [c for c in _children(token, {"nmod:poss", "poss"}) if not _common_noun(c)]
    found += [
        c
        for c in token.children
        if c.dep_ in {"nmod", "compound", "appos", "flat"}
        and (c.dep_ != "nmod" or any(g.lower_ in {"of", "for"} for g in c.children))
        and not c.is_lower  # "an eight-episode order": a modifier, not the series
        and c.lower_ not in {"season", "series"}  # "the Season 2 pickup": the season
    ]
    if found:
        return found
    if _hyphen_joined(token):
        # "the go-ahead" split by the tokenizer: the phrase's head is the last word, whatever
        # the parse called it ("gotten the Season 2 go-ahead")
        token = token.head
        if token.dep_ in {"xcomp", "advmod"} and token.head.lemma_.lower() in _RECEIVE:
            return _children(token.head, _SUBJECTS)
    head = token.head
    if token.dep_ in {"obj", "nsubj", "obl"} and head != token:
        if head.lemma_.lower() in _GIVE:  # "gave X a series order", "X was given an order"
            recipients = {"iobj", "obj", "nsubj:pass"}
            return [c for c in _children(head, recipients) if c != token] + [
                c for c in _children(head, {"obl"}) if any(g.lower_ == "to" for g in c.children)
            ]
        if head.lemma_.lower() in _RECEIVE or token.dep_ == "obl":
            return _children(head, _SUBJECTS)
        if token.dep_ == "nsubj" and _children(head, {"cop"}):
            return [head]  # "the first new commission is a drama series X": the predicate
        if token.dep_ == "nsubj":
            return _children(head, {"obj", "nsubj:pass"})
    if token.dep_ == "obl" or token.dep_ == "nmod":
        return [head] if head.pos_ in {"PROPN", "NOUN"} else []
    return []


def _pending_patients(trigger: _Trigger) -> list[Token]:
    """ "X is still on the bubble", "X awaits its fate", "awaiting word on X's fate"."""
    token = trigger.token
    found = _children(token, {"nmod:poss", "poss"})
    if found and found[0].lower_ not in _PRONOUNS | {"its", "their"}:
        return found
    head = token
    for _ in range(4):
        subjects = _children(head, _SUBJECTS)
        if subjects:
            return subjects
        if head.head == head:
            break
        if _inverted(head):
            return [head.head]  # "Still awaiting word on its fate is X"
        if head.dep_ in {"acl", "acl:relcl"}:
            return [head.head]
        head = head.head
    return []


# --- seasons, network, polarity ----------------------------------------------------------------


def _clause_refs(token: Token) -> list[SeasonRef]:
    sent = sentence_of(token)
    refs = season_refs(sent)
    if not refs:
        return []
    if _parsed(token):
        clause = {t.i for t in token.subtree}
        if token.dep_ in {"acl", "acl:relcl", "amod", "compound"} or not _is_verb(token):
            clause |= {t.i for t in token.head.subtree} if token.head != token else set()
        inside = [r for r in refs if r.start in clause or (r.end - 1) in clause]
        if inside and _is_verb(token):
            # not a season of a clause with its own subject under the trigger's ("X ran for
            # six seasons, though Y was brought back for a third")
            return [r for r in inside if not _in_own_clause(token.doc[r.end - 1], token)]
        if inside:
            return inside
    # parse fallback: the nearest reference within a few words
    near = [r for r in refs if min(abs(r.start - token.i), abs(r.end - 1 - token.i)) <= 6]
    return sorted(near, key=lambda r: abs(r.start - token.i))


def _in_own_clause(word: Token, trigger: Token) -> bool:
    """Whether ``word`` sits in a clause below ``trigger`` that has a subject of its own."""
    node = word
    for _ in range(12):
        if node.i == trigger.i or node.head.i == node.i:
            return False
        if node.pos_ in {"VERB", "AUX"} and _children(node, _SUBJECTS):
            return True
        node = node.head
    return False


def _networks_by_sentence(doc: Doc) -> dict[int, list[tuple[int, str]]]:
    """Sentence start -> (token, name) of the networks and streamers named in it."""
    out: dict[int, list[tuple[int, str]]] = {}
    for ent in doc_entities(doc):
        org = canonical_organisation(ent.text) if ent.label_ == "ORG" else None
        if org is not None and org.kind in _NETWORK_KINDS:
            # as written ("HBO Max" in 2022 is not yet "Max"); see entities.resolve_mentions
            out.setdefault(sentence_of(ent).start, []).append(
                (ent.start, " ".join(ent.text.split()))
            )
    return out


def _network_of(
    token: Token, sentences: list[Span], index: int, networks: dict[int, list[tuple[int, str]]]
) -> tuple[str | None, bool]:
    """The network that acts, and whether the sentence itself names it."""
    agents = _children(token, {"nsubj"}) if _parsed(token) and not _is_passive(token) else []
    agents += [
        c
        for c in _children(token, {"obl", "obl:agent"})
        if any(g.lower_ == "by" for g in c.children)
    ]
    here = networks.get(sentences[index].start, [])
    for agent in agents:
        named = [n for i, n in here if agent.left_edge.i <= i <= agent.right_edge.i]
        if named:
            return named[0], True
    if here:
        return here[0][1], True
    before = networks.get(sentences[index - 1].start, []) if index > 0 else []
    return (before[0][1] if before else None), False


def _negated(token: Token) -> bool:
    negators = word_list("negation_words")
    if not _parsed(token):  # a negator earlier in the clause: "has not yet been renewed"
        k = token.i - 1
        while k >= sentence_of(token).start and k >= token.i - 6 and not token.doc[k].is_punct:
            if token.doc[k].lower_ in negators:
                return True
            k -= 1
        return False
    scope = [token]
    head = token
    if not _is_verb(token) and token.dep_ in {"obj", "nsubj:pass", "obl"}:
        head = token.head  # "hasn't dropped the greenlight": the verb carries the negation
        scope.append(head)
    while head.dep_ in {"xcomp", "ccomp"} and head.head != head:
        head = head.head
        scope.append(head)
    for node in scope:
        for child in node.children:
            if child.lower_ in negators and child.dep_ in {"advmod", "neg", "det", "cc:preconj"}:
                return True
    return False


def _yet_to(token: Token) -> bool:
    """ "has yet to be renewed", "is yet to decide whether X returns": still pending."""
    node = token
    for _ in range(4):
        if any(c.lower_ == "yet" for c in node.children) and node.lemma_.lower() in {"have", "be"}:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _pending(sent: Span) -> bool:
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    pending = word_list("pending_words")
    text = span_text(sent).lower()
    return bool(words & pending) or any(" " in p and p in text for p in pending)


def _attributed(sent: Span) -> bool:
    """ "according to", ", per Deadline", "reportedly", "sources say": the whole sentence."""
    words = word_list("attribution_words")
    lower = {t.lower_ for t in sent}
    text = " " + span_text(sent).lower() + " "
    if any(" " in w and f" {w} " in text for w in words):
        return True
    if "per" in lower and (
        ", per " in text or any(t.lower_ == "per" and t.dep_ == "case" for t in sent)
    ):
        return True
    return bool(lower & (words - {"per"}))


_CLAUSE_BREAKS = {",", ";", ":", "\u2014", "\u2013", "--", "(", ")", "but", "while", "although"}


def _clause(token: Token) -> Span:
    """The words around ``token`` between clause breaks (commas, dashes, "but", ...)."""
    doc, sent = token.doc, sentence_of(token)
    start = token.i
    while start > sent.start and doc[start - 1].lower_ not in _CLAUSE_BREAKS:
        start -= 1
    end = token.i + 1
    while end < sent.end and doc[end].lower_ not in _CLAUSE_BREAKS:
        end += 1
    return doc[start:end]


def _uncertain(token: Token) -> bool:
    """An uncertainty word in the trigger's own clause."""
    # "in May" is a month, not the modal
    words = {t.lower_ for t in _clause(token) if not (t.text == "May" and t.tag_ == "NNP")}
    return bool(words & word_list("uncertainty_words"))


# --- mentions ----------------------------------------------------------------------------------


def _refers_to_a_show(trigger: _Trigger, patients: list[Token]) -> bool:
    """ "the renewal", "its cancellation", "it was renewed", "the zombie drama was cancelled":
    the series is the one the text is talking about, not named here."""
    definite = {"the", "its", "this", "their"}
    token = trigger.token
    if not trigger.verbal and not patients:
        return any(c.lower_ in definite for c in token.children if c.dep_ in _DETERMINERS)
    show_nouns = word_list("show_nouns")
    for patient in patients:
        if patient.lower_ in _PRONOUNS | {"its", "their"}:
            return True
        # "the drama", "the Maggie Q-led procedural" (whatever the parse made its head)
        phrase = list(patient.subtree) + ([patient.head] if patient.dep_ == "compound" else [])
        # one show ("the drama"), not shows in general ("their freshman shows")
        has_show_noun = any(t.lemma_.lower() in show_nouns and not _plural(t) for t in phrase)
        # "the drama", "its drama", "Shawn Ryan's time-traveling drama"
        determined = any(
            t.dep_ in _DETERMINERS and (t.lower_ in definite or t.dep_ == "nmod:poss")
            for t in phrase
        )
        if has_show_noun and determined:
            return True
    return False


# Status labels of roundup headings, "Title (Network) -- LABEL"; "likely" and "bubble" leave the
# decision open.
_HEADING_LABELS = {
    "renewed": ("renewal", "asserted"),
    "canceled": ("cancellation", "asserted"),
    "cancelled": ("cancellation", "asserted"),
    "ending": ("cancellation", "asserted"),
    "ended": ("cancellation", "asserted"),
    "ordered": ("order", "asserted"),
}
_OPEN_LABELS = {"likely", "possible", "bubble", "undecided", "pending", "tbd"}


def _status_heading(
    sent: Span, titles: TitleIndex, networks: dict[int, list[tuple[int, str]]]
) -> StatusMention | None:
    """A roundup heading: a title, a network in brackets or after a dash, then a status label
    after a dash ("Teen Wolf (MTV) -- RENEWED", "Timeless - NBC - CANCELLATION LIKELY")."""
    in_sent = titles.in_sentence.get(sent.start, [])
    if not in_sent:
        return None
    texts = doc_texts(sent.doc)
    words = [i for i in range(sent.start, sent.end) if not texts[i].isspace()]
    if not words or len(words) > 12 or in_sent[0].start != words[0]:
        return None
    tokens = [sent.doc[i] for i in words]
    dashes = [t for t in tokens if t.text in {"-", "--", "\u2013", "\u2014"}]
    if not dashes:
        return None
    label = [t.lower_ for t in tokens if t.i > dashes[-1].i]
    words = set(label)
    kind_polarity = next((_HEADING_LABELS[w] for w in label if w in _HEADING_LABELS), None)
    if kind_polarity is None and words & {"cancellation", "renewal"}:
        kind_polarity = ("cancellation" if "cancellation" in words else "renewal", "asserted")
    if kind_polarity is None:
        return None
    kind, polarity = kind_polarity
    if words & _OPEN_LABELS:  # "CANCELLATION LIKELY": nothing decided yet
        kind, polarity = "renewal", "negated"
    named = networks.get(sent.start, [])
    network = named[0][1] if named else None
    return StatusMention(kind, in_sent[0], None, network, polarity, tokens[-1], sent, 1)


def _hyphen_joined(token: Token) -> bool:
    """ "go" of "go - ahead": the first part of a hyphenated word, hanging on its last part."""
    doc = token.doc
    return (
        token.dep_ == "compound"
        and token.head.i == token.i + 2
        and doc[token.i + 1].text == "-"
        and not token.whitespace_
    )


def _hands_over(token: Token) -> bool:
    """A status noun that a verb of giving or getting governs ("gave X an order")."""
    return token.head != token and token.head.lemma_.lower() in _GIVE | _RECEIVE


def _common_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.is_lower


def _plural(token: Token) -> bool:
    """A plural noun, also where the tagger took it for a verb ("renewed their shows")."""
    if token.tag_ in {"NNS", "NNPS"} or "Plur" in token.morph.get("Number"):
        return True
    return token.lower_.endswith("s") and token.lemma_.lower() == token.lower_[:-1]


def _examples(sent: Span, patients: list[Token], titles: TitleIndex) -> list[Span]:
    """ "the shows Netflix cancelled, including A, B and C": a plural show noun's examples."""
    # a plural noun anywhere in the patient: "the shows", "all of Netflix's entries"
    if not any(_plural(t) and t.pos_ != "PRON" for p in patients for t in p.subtree):
        return []
    for token in sent:
        if token.lower_ == "including" or (
            token.lower_ == "such" and token.i + 1 < sent.end and token.nbor().lower_ == "as"
        ):
            first = next(
                (t for t in titles.spans if t.start > token.i and sentence_of(t) == sent), None
            )
            return titles.listed_with(first) if first is not None else []
    return []


def _subject_titles(sent: Span, titles: TitleIndex) -> list[Span]:
    """Titles a sentence is about (its subject): antecedents for "they" in the next one. A short
    heading line ("Timeless - NBC") is about every title it names."""
    if sum(not w.isspace() for w in doc_texts(sent.doc)[sent.start : sent.end]) <= 8:
        return titles.in_sentence.get(sent.start, [])
    if not annotated(sent.doc, "DEP"):
        return []
    roots = [t for t in sent if t.dep_ == "ROOT"]
    subjects = [c for r in roots for c in r.children if c.dep_ in _SUBJECTS]
    return series_spans(subjects, titles)


def _main_title(titles: TitleIndex) -> Span | None:
    """The article's topic: the title candidate written most often (at least twice)."""
    counts: dict[str, list[Span]] = {}
    for span in titles.spans:
        counts.setdefault(series_name(span).lower(), []).append(span)
    best = max(counts.values(), key=lambda spans: (len(spans), -spans[0].start), default=[])
    return best[0] if len(best) >= 2 else None


def find_status_mentions(doc: Doc) -> list[StatusMention]:
    titles = TitleIndex(doc)
    networks = _networks_by_sentence(doc)
    parsed = annotated(doc, "DEP")
    sentences = list(doc_sentences(doc))
    out: list[StatusMention] = []
    orphans: set[int] = set()  # seasons stated in status clauses that name no series
    main = _main_title(titles)
    # the series named in a series slot in the sentence before, or that sentence (its subject
    # titles are looked up only if a later trigger needs them)
    previous: list[Span] | Span = []
    for index, sent in enumerate(sentences):
        current: list[Span] = []
        text = span_text(sent).strip()
        if not text or text.endswith("?"):
            continue
        heading = _status_heading(sent, titles, networks)
        if heading is not None:  # "Teen Wolf (MTV) -- RENEWED"
            out.append(heading)
            previous = [heading.series]
            continue
        headline = attributed = None  # asked once a trigger is found: most sentences have none
        for token in _trigger_candidates(sent):
            trigger = _trigger(token)
            if trigger is None or token.i in titles.at:
                continue  # "Order" in "Law & Order" is a title word, not a trigger
            if _in_question(token) or _talked_about(token):
                continue
            if not parsed:
                patients = _surface_patients(trigger, titles)
            elif trigger.family == "pending":
                patients = _pending_patients(trigger)
            elif trigger.verbal:
                patients = _verb_patients(trigger)
            else:
                patients = _noun_patients(trigger)
            if trigger.family == "final" and not patients:
                patients = _pending_patients(trigger)
            if trigger.token.dep_ == "acl:relcl" and patients and patients[0].lower_ in _PRONOUNS:
                patients = [trigger.token.head]
            if any(_quantified_plural(p) for p in patients):
                continue
            series = series_spans(patients, titles)
            if not series and parsed:
                # "One more series awaiting its fate is the thriller X": the copula's predicate
                for p in patients:
                    if p.dep_ == "nsubj" and _inverted_subject(p):
                        predicate = p.head  # its own words, after the subject and the copula
                        series += titles.under(doc[predicate.i : predicate.right_edge.i + 1])
            if not series and parsed and trigger.verbal:
                # the parse found no title where one should be: the surface order decides
                surface = _surface_patients(trigger, titles)
                if not any(_quantified_plural(p) for p in surface):
                    series = series_spans(surface, titles)
            if not series and parsed and not trigger.verbal:
                head = trigger.token.head
                if head.i in titles.at:  # a parse that hangs "an order" on the title itself
                    series = titles.listed_with(titles.at[head.i])
                elif _hands_over(trigger.token):
                    # "Amazon gave X a two-season order", "X has received a series order"
                    verb = _Trigger(head, trigger.family, True)
                    series = series_spans(_surface_patients(verb, titles), titles)
            if not series:
                series = _examples(sent, patients, titles)
            if not series and parsed and _refers_to_a_show(trigger, patients):
                # the series this sentence, the one before, or the article is about; "they",
                # "both of them" take all of that sentence's series
                plural = any(p.lower_ in _PLURAL_PRONOUNS for p in patients)
                if isinstance(previous, Span):
                    previous = _subject_titles(previous, titles)
                if plural:
                    here = [t for t in _subject_titles(sent, titles) if t.start < trigger.token.i]
                    nearest = current or here or previous
                else:
                    # "it", "the drama": the title named last before it in its own sentence
                    anaphor = min([trigger.token.i, *(p.left_edge.i for p in patients)])
                    here = [t for t in titles.in_sentence.get(sent.start, []) if t.end <= anaphor]
                    nearest = here[-1:] or current or previous
                nearest = nearest or ([main] if main is not None else [])
                series = list(nearest if plural else nearest[-1:])
            if not series:
                # "handing out Season 2 orders for a handful of shows": a season, no series
                if trigger.family in {"renewal", "order"}:
                    orphans.update(
                        r.number for r in _clause_refs(trigger.token) if (r.number or 0) >= 2
                    )
                continue
            refs = _clause_refs(trigger.token)
            if not trigger.verbal:
                refs = [r for r in refs if _next_to_noun(r, trigger.token)]
            network, named = _network_of(trigger.token, sentences, index, networks)
            # pending ("has yet to decide whether X will return") is not denial ("X will not
            # return"): a pending return or cancellation is a renewal not made yet
            # (for a cancellation only in its own clause: "on the bubble, ... when the show was
            # cancelled the first time" still reports that cancellation)
            if trigger.family == "cancellation":
                pending = _yet_to(trigger.token) or _pending(_clause(trigger.token))
            else:
                pending = trigger.family in {"renewal", "return", "order"} and (
                    _pending(_clause(trigger.token)) or _yet_to(trigger.token)
                )
            negated = _negated(trigger.token)
            if attributed is None:
                headline, attributed = is_headline(sent), _attributed(sent)
            hedged = attributed or _uncertain(trigger.token)
            undecided = negated or pending
            polarity = "negated" if undecided else "hedged" if hedged else "asserted"
            explicitness = 2 * bool(refs) + named + trigger.verbal - headline
            for span in series:
                claims = _claims_for(trigger, refs, negated and not pending, polarity, pending)
                for kind, season, pol in claims:
                    out.append(
                        StatusMention(
                            kind, span, season, network, pol, trigger.token, sent, explicitness
                        )
                    )
            current.extend(series)
        if parsed:
            for mention in _season_work(sent, titles, sentences, index, networks):
                out.append(mention)
                current.append(mention.series)
        previous = current or sent
    out = _with_attached_seasons(out, _attached_seasons(doc, titles))
    return _with_shared_seasons(out, orphans)


def _season_work(
    sent: Span,
    titles: TitleIndex,
    sentences: list[Span],
    index: int,
    networks: dict[int, list[tuple[int, str]]],
) -> list[StatusMention]:
    """A later season being made or made known: "filming on the second season of X has begun",
    "production is underway on X Season 2", "Season 2 of X begins filming", "Netflix has
    confirmed a fourth season of X". The series was renewed for that season."""
    out = []
    for ref in season_refs(sent):
        if ref.kind != "ordinal" or not ref.number or ref.number < 2:
            continue
        noun = sent.doc[ref.start : ref.end].root
        while noun.dep_ in {"compound", "flat"} and noun.head != noun:
            noun = noun.head  # "X season 3" parsed as a compound on the title
        words = [noun, *sent.doc[ref.start : ref.end]]
        governor = _season_work_governor(noun) or next(
            (c for w in words for c in w.children if c.dep_.endswith("relcl") and _announces(c)),
            None,
        )  # "It's X season 3 that has been confirmed": a relative clause on the season
        if governor is None or _in_question(governor):
            continue
        names = [
            c
            for c in noun.children
            if c.dep_ in {"compound", "flat", "nmod:poss"}
            or (c.dep_ == "nmod" and c.left_edge.lower_ == "of")
        ]
        series = series_spans(names + ([noun] if noun.i in titles.at else []), titles)
        series = series or _title_after_of(sent.doc, ref, titles)
        if not series:
            continue
        network, named = _network_of(governor, sentences, index, networks)
        polarity = "negated" if _negated(governor) else "asserted"
        if polarity == "asserted" and (_attributed(sent) or _uncertain(governor)):
            polarity = "hedged"
        for span in series:
            out.append(
                StatusMention(
                    "renewal", span, ref.number, network, polarity, governor, sent, 2 + named
                )
            )
    return out


def _title_after_of(doc: Doc, ref: SeasonRef, titles: TitleIndex) -> list[Span]:
    """ "the third series of the BBC's crime drama X": the title ending the "of" phrase, where the
    parse hung it elsewhere."""
    if ref.end >= len(doc) or doc[ref.end].lower_ != "of":
        return []
    for token in doc[ref.end + 1 : min(len(doc), ref.end + 8)]:
        title = titles.at.get(token.i)
        if title is not None:
            return [title]
        if token.pos_ not in {"DET", "PROPN", "NOUN", "ADJ", "PART"}:
            return []
    return []


def _season_work_governor(noun: Token) -> Token | None:
    """The word that makes or announces the season ``noun`` heads, if one does."""
    head = noun.head
    if noun.dep_ in {"obj", "obl", "nmod"} and _makes(head):
        return head  # "filming on the second season", "making a second season of X"
    if noun.dep_ in {"obj", "nsubj:pass"} and _announces(head):
        return head  # "confirmed a fourth season of X", "Season 3 has been announced"
    if noun.dep_ == "obl" and any(_makes(c) for c in _children(head, _SUBJECTS)):
        return head  # "production is underway on X Season 2"
    # "Season 2 of X begins filming", "Season 2 is in production"
    made = _makes(head) or any(_makes(c) for c in _children(head, {"xcomp", "obj"}))
    if noun.dep_ in {"nsubj", "nsubj:pass"} and made:
        return head
    return None


def _makes(token: Token) -> bool:
    return _matches(token, "production_words")


def _announces(token: Token) -> bool:
    return _matches(token, "announcement_verbs") and _is_verb(token)


def _with_shared_seasons(mentions: list[StatusMention], orphans: set[int]) -> list[StatusMention]:
    """A renewal that states no season takes one the text gives it indirectly:
    * the season of another renewal in the same sentence ("A will return for a second season,
      and B will also return");
    * the one season the article's status sentences state without naming a series ("Apple is
      handing out Season 2 orders ... A and B have been renewed"), when no renewal with a season
      says otherwise."""
    stated = {m.season for m in mentions if m.kind == "renewal" and m.season is not None}
    article_season = next(iter(orphans)) if len(orphans) == 1 and stated <= orphans else None
    by_sentence: dict[int, set[int]] = {}
    for m in mentions:
        if m.kind == "renewal" and m.season is not None:
            by_sentence.setdefault(m.evidence.start, set()).add(m.season)
    out = []
    for m in mentions:
        if m.kind == "renewal" and m.season is None:
            same = by_sentence.get(m.evidence.start, set())
            # the article's season is for the renewals it hands out, not one still pending
            shared = article_season if m.polarity != "negated" else None
            season = next(iter(same)) if len(same) == 1 else shared
            if season is not None:
                m = dataclasses.replace(m, season=season)
        out.append(m)
    return out


def _attached_seasons(doc: Doc, titles: TitleIndex) -> dict[str, set[int]]:
    """Series name -> the seasons >= 2 the article attaches to it anywhere, headlines included:
    "X Season 2", "X's second season", "season 2 of X"."""
    names = {series_name(t).lower(): len(t) for t in titles.spans}
    by_size: dict[int, set[str]] = {}
    for name, size in names.items():
        by_size.setdefault(size, set()).add(name)
    out: dict[str, set[int]] = {}
    texts, lowers = doc_texts(doc), doc_lowers(doc)
    for ref in season_refs(doc):
        if ref.kind != "ordinal" or not ref.number or ref.number < 2:
            continue
        end = ref.start - (ref.start > 0 and texts[ref.start - 1] in {"'s", "\u2019s"})
        after = ref.end + 1 if ref.end < len(doc) and lowers[ref.end] == "of" else None
        for size, sized in by_size.items():  # the words before and after depend on size only
            before = span_text(doc[max(0, end - size) : end]).lower().strip("\"'\u2018\u2019")
            following = span_text(doc[after : after + size]).lower() if after is not None else ""
            for name in sized & {before, following}:
                out.setdefault(name, set()).add(ref.number)
    return out


def _with_attached_seasons(
    mentions: list[StatusMention], attached: dict[str, set[int]]
) -> list[StatusMention]:
    """A renewal whose sentence names no season takes the one season the article attaches to
    that series elsewhere ("renewed" + "Stranger Things Season 2")."""
    out = []
    for mention in mentions:
        seasons = attached.get(series_name(mention.series).lower(), set())
        if mention.kind == "renewal" and mention.season is None and len(seasons) == 1:
            mention = dataclasses.replace(mention, season=next(iter(seasons)))
        out.append(mention)
    return out


def _to_series(token: Token) -> bool:
    doc = token.doc
    window = [t.lower_ for t in doc[token.i + 1 : min(sentence_of(token).end, token.i + 10)]]
    before = [t.lower_ for t in doc[max(sentence_of(token).start, token.i - 4) : token.i]]
    pairs = list(zip(window, window[1:], strict=False))
    return ("to", "series") in pairs or ("series", "order") in pairs or "straight" in before


def _talked_about(token: Token) -> bool:
    """ "in talks about bringing the show back", "discussions about a renewal": speculation."""
    if not annotated(token.doc, "DEP"):
        return False
    return any(c.lower_ == "about" and c.dep_ in {"mark", "case"} for c in token.children)


def _next_to_noun(ref: SeasonRef, noun: Token) -> bool:
    """A noun trigger takes only a season next to it: "Season 3 renewal", "renewal for a third
    season" - not "the renewal follows a third season that ...". The show's current season
    ("as the series approaches its season 2 finale") counts anywhere: the renewal is for the
    next one."""
    doc = noun.doc
    if ref.start > 0 and doc[ref.start - 1].lower_ in {"its", "their"}:
        return True
    if ref.end <= noun.i:
        return noun.i - ref.end <= 1
    between = {t.lower_ for t in noun.doc[noun.i + 1 : ref.start]}
    return ref.start - noun.i <= 5 and bool(between & {"for", "of"})


def _in_question(token: Token) -> bool:
    """A trigger inside a question quoted in a statement: "wasn't X already renewed?" """
    doc = token.doc
    for t in doc[token.i + 1 : min(sentence_of(token).end, token.i + 10)]:
        if t.text in {".", "!", ";"}:
            return False
        if "?" in t.text:
            return True
    return False


def _ordinal(refs: list[SeasonRef]) -> SeasonRef | None:
    return next((r for r in refs if r.kind == "ordinal" and r.number is not None), None)


def _new_season(refs: list[SeasonRef], doc: Doc) -> int | None:
    """The season a renewal is for: "for a third season", "Season 3 renewal"; a season the show
    is in ("its second season", "after two seasons") makes the new one the next."""
    ordinals = [r for r in refs if r.kind == "ordinal" and r.number is not None]
    for ref in ordinals:
        before = {t.lower_ for t in doc[max(0, ref.start - 3) : ref.start]}
        if not before & {"its", "their", "current", "now"} or before & {"for", "to"}:
            return ref.number
    if ordinals:
        return ordinals[0].number + 1
    count = next((r for r in refs if r.kind == "count" and r.number), None)
    if count is not None:
        words = {t.lower_ for t in doc[max(0, count.start - 2) : count.start]}
        if "after" in words:
            return count.number + 1  # "renewed after two seasons": for a third
    return None


def _claims_for(
    trigger: _Trigger,
    refs: list[SeasonRef],
    negated: bool,
    polarity: str,
    pending: bool = False,
) -> list[tuple[str, int | None, str]]:
    """(kind, season, polarity) claims one trigger makes about one series."""
    family = trigger.family
    ordinal = _ordinal(refs)
    count = next((r for r in refs if r.kind == "count" and r.number), None)
    final = any(r.final for r in refs)
    if family == "pending":
        return [("renewal", ordinal.number if ordinal else None, "negated")]
    if family == "final":
        return [("cancellation", ordinal.number if ordinal else None, "asserted")]
    if pending and family in {"return", "cancellation"}:
        # "has yet to decide whether X will return for Season 3", "isn't canceled yet"
        season = _new_season(refs, trigger.token.doc) if family == "return" else None
        return [("renewal", season, "negated")]
    if family == "cancellation":
        if negated:
            return [("renewal", None, "negated")]
        last = ordinal.number if ordinal else count.number if count else None
        return [("cancellation", last, polarity)]
    if family == "ending":
        if negated:
            return []
        last = ordinal.number if ordinal else count.number if count else None
        return [("cancellation", last, polarity)]
    if family == "return":
        if negated:
            return [("cancellation", None, "asserted" if polarity == "negated" else polarity)]
        if trigger.token.tag_ in {"VBD"} or not _returns_for_a_season(trigger, ordinal):
            # "returned with its second season", "returns on Sunday": airing, not renewal
            return []
    if family == "renewal" and _to_series(trigger.token):
        family = "order"  # "picked up X to series", "a straight-to-series pickup"
    if family == "renewal" and ordinal is None and count is not None and count.number >= 2:
        first_order = not _words_near(trigger) & {"more", "additional", "another"}
        if first_order and _matches(trigger.token, "order_verbs"):
            family = "order"  # "picked up for two seasons": a two-season order
    if family == "order":
        if negated:
            return []
        if ordinal is not None and ordinal.number and ordinal.number >= 2:
            out = [("renewal", ordinal.number, polarity)]
        elif count is not None and count.number >= 2:
            out = [("order", None, polarity), ("renewal", 2, polarity)]
        else:
            out = [("order", None, polarity)]
        return out
    # renewal (and return with a next season)
    season = _new_season(refs, trigger.token.doc)
    out = [("renewal", season, polarity)]
    if final and season is not None and not negated:
        out.append(("cancellation", season, polarity))
    return out


def _words_near(trigger: _Trigger) -> set[str]:
    doc = trigger.token.doc
    return {t.lower_ for t in doc[trigger.token.i : min(len(doc), trigger.token.i + 8)]}


# What a series comes back for, besides a season: a special or a revival renews it too.
_RETURN_EVENTS = {"special", "specials", "revival"}


def _returns_for_a_season(trigger: _Trigger, ordinal: SeasonRef | None) -> bool:
    """ "back for a fifth season", "returning for another season": "for" before the season."""
    doc = trigger.token.doc
    after = doc[trigger.token.i + 1 : min(sentence_of(trigger.token).end, trigger.token.i + 12)]
    words = [t.lower_ for t in after]
    if "for" not in words[:7]:
        return False
    rest = words[words.index("for") + 1 :]
    if ordinal is not None:
        return ordinal.start - (after.start + words.index("for")) <= 3
    if set(rest[:6]) & _RETURN_EVENTS:
        return True  # "back for a two-part special"
    return bool(set(rest[:3]) & {"another", "more", "new"}) and "season" in rest[:4]


Doc.set_extension("tv_status", default=None, force=True)
Doc.set_extension("tv_status_claims", default=None, force=True)


@Language.component(
    "tv_status",
    assigns=["doc._.tv_status", "doc._.tv_status_claims"],
    requires=["doc.spans", "token.dep", "token.pos"],
)
def mark_status(doc: Doc) -> Doc:
    """Every mention (``doc._.tv_status``) and the article's claims, one per series and season
    (``doc._.tv_status_claims``), which the series, premiere and claims steps read."""
    doc._.tv_status = find_status_mentions(doc)
    doc._.tv_status_claims = article_status(doc._.tv_status)
    return doc


# --- article level -----------------------------------------------------------------------------


def series_name(span: Span) -> str:
    """The title as a claim reports it: quotes dropped, an all-caps title in title case."""
    return normalise_title(span_text(span).strip("\"'\u201c\u201d\u2018\u2019 "))


@dataclass(frozen=True)
class StatusClaim:
    kind: str
    series: str
    season: int | None
    network: str | None
    polarity: str
    mention: StatusMention  # the mention whose sentence is the evidence


def article_status(mentions: list[StatusMention]) -> list[StatusClaim]:
    """One claim per (kind, series, season, renewed-or-not): the most explicit mention decides.

    A claim without a season is dropped when the article states the same kind for the same series
    with a season ("picked up" + "renewed for a 15th season"); a claim whose sentence names no
    network takes the one another mention of the same kind and series names.
    """
    best: dict[tuple, StatusMention] = {}
    for mention in mentions:
        status = "not" if mention.polarity == "negated" else "yes"
        season = None if mention.kind == "order" else mention.season
        key = (mention.kind, series_name(mention.series).lower(), season, status)
        current = best.get(key)
        if current is None or mention.explicitness > current.explicitness:
            best[key] = mention
    numbered = {(k[0], k[1]) for k in best if k[2] is not None}
    # the network any mention of the series names, for a claim whose own sentence does not
    networks: dict[tuple[str, str], str] = {}
    for mention in mentions:
        if mention.network is not None:
            networks.setdefault(
                (mention.kind, series_name(mention.series).lower()), mention.network
            )
    claims = []
    for (kind, name, season, _), mention in best.items():
        if season is None and (kind, name) in numbered:
            continue  # the article says which season elsewhere: that claim is the one
        network = mention.network or networks.get((kind, name))
        claims.append(
            StatusClaim(
                kind, series_name(mention.series), season, network, mention.polarity, mention
            )
        )
    return sorted(claims, key=lambda c: (c.mention.evidence.start, c.kind, c.series))
