"""The CoNLL-U -> spaCy converter (GUM and UD English-EWT): parsing, syntax, the named-mention
policy, exact offsets, missing entities for EWT, splits."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from pipeline.training.gum import (
    SPLITS,
    GumDocument,
    convert,
    document_to_doc,
    gold_spans,
    parse_conllu,
    read_splits,
    split_corpus,
)

GUM_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "gum"
HEADER = "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity"

Row = tuple[str, str, str, str, str, str, str]  # id, form, upos, xpos, head, deprel, misc


def sentence(*rows: Row, newpar: bool = True) -> str:
    # CoNLL-U's ten columns; lemma, feats and deps are irrelevant to the converter.
    lines = ["# newpar"] if newpar else []
    for tok_id, form, upos, xpos, head, deprel, misc in rows:
        lines.append("\t".join([tok_id, form, "_", upos, xpos, "_", head, deprel, "_", misc]))
    return "\n".join(lines) + "\n\n"


def document(doc_id: str, *sentences: str, genre: str = "news") -> str:
    return f"# newdoc id = {doc_id}\n{HEADER}\n# meta::genre = {genre}\n" + "".join(sentences)


def ents(text: str, paragraph_break: str = "\n") -> list[tuple[str, str]]:
    [gum_doc] = parse_conllu(text)
    doc = document_to_doc(spacy.blank("en").vocab, gum_doc, paragraph_break)
    return [(e.text, e.label_) for e in doc.ents]


OBAMA_YONHAP = document(
    "GUM_news_demo",
    sentence(
        ("1", "President", "PROPN", "NNP", "2", "compound",
         "Entity=(1-person-new-sssss-cf1-2,3-coref-Barack_Obama"),
        ("2", "Barack", "PROPN", "NNP", "4", "nsubj", "_"),
        ("3", "Obama", "PROPN", "NNP", "2", "flat", "Entity=1)"),
        ("4", "met", "VERB", "VBD", "0", "root", "_"),
        ("5", "the", "DET", "DT", "8", "det",
         "Entity=(3-person-new-nnnnn-cf3-1-sgl"
         "(2-organization-new-nnnnn-cf2-3-coref-Yonhap_News_Agency"),
        ("6", "Yonhap", "PROPN", "NNP", "8", "compound", "_"),
        ("7", "news", "NOUN", "NN", "8", "compound", "_"),
        ("8", "agency", "NOUN", "NN", "10", "nmod:poss", "SpaceAfter=No"),
        ("9", "'s", "PART", "POS", "8", "case", "Entity=2)"),
        ("10", "chief", "NOUN", "NN", "4", "obj", "Entity=3)|SpaceAfter=No"),
        ("11", ".", "PUNCT", ".", "4", "punct", "_"),
    ),
)  # fmt: skip

GATES = document(
    "GUM_bio_demo",
    sentence(
        ("1", "He", "PRON", "PRP", "2", "nsubj", "Entity=(1-person-giv:act-sssss-cf1-1-ana-Bill_Gates)"),
        ("2", "founded", "VERB", "VBD", "0", "root", "_"),
        ("3", "the", "DET", "DT", "8", "det",
         "Entity=(2-organization-new-sssss-cf2-5-coref-Bill_%26_Melinda_Gates_Foundation"),
        ("4", "Bill", "PROPN", "NNP", "7", "compound", "Entity=(3-person-new-nnnnn-cf3-4-sgl"),
        ("5", "&", "CCONJ", "CC", "6", "cc", "_"),
        ("6", "Melinda", "PROPN", "NNP", "4", "conj", "_"),
        ("7", "Gates", "PROPN", "NNP", "8", "compound", "Entity=3)"),
        ("8", "Foundation", "PROPN", "NNP", "2", "obj", "Entity=2)|SpaceAfter=No"),
        ("9", ".", "PUNCT", ".", "2", "punct", "_"),
    ),
    sentence(
        ("1-2", "Microsoft’s", "_", "_", "_", "_", "_"),
        ("1", "Microsoft", "PROPN", "NNP", "3", "nmod:poss",
         "Entity=(5-organization-new-nnnnn-cf4-3-sgl(4-organization-new-nnnnn-cf4-1-coref-Microsoft"),
        ("2", "’s", "PART", "POS", "1", "case", "Entity=4)"),
        ("3", "rivals", "NOUN", "NNS", "7", "nsubj", "Entity=5)"),
        ("4", "and", "CCONJ", "CC", "6", "cc", "_"),
        ("5", "the", "DET", "DT", "6", "det", "Entity=(6-person-new-nnnnn-cf5-2-sgl"),
        ("6", "Democrats", "PROPN", "NNPS", "3", "conj", "Entity=6)"),
        ("7", "met", "VERB", "VBD", "0", "root", "_"),
        ("8", "Apple", "PROPN", "NNP", "7", "obj",
         "Entity=(7-organization-new-nnnnn-cf6-1-sgl(8-organization-new-nnnnn-cf7-1-coref-Apple_Inc.)"),
        ("9", "and", "CCONJ", "CC", "10", "cc", "_"),
        ("10", "Google", "PROPN", "NNP", "8", "conj",
         "Entity=(9-organization-new-nnnnn-cf8-1-coref-Google)7)|SpaceAfter=No"),
        ("11", ".", "PUNCT", ".", "7", "punct", "_"),
    ),
    genre="bio",
)  # fmt: skip


def test_parses_documents_tokens_and_bracket_mentions() -> None:
    docs = parse_conllu(OBAMA_YONHAP + GATES)
    assert [d.doc_id for d in docs] == ["GUM_news_demo", "GUM_bio_demo"]
    assert [d.genre for d in docs] == ["news", "bio"]
    news = docs[0]
    # Outer mention 3 opens before nested mention 2 on the same token; each closes separately.
    spans = {(m.entity_id, m.etype): (m.start, m.end) for m in news.mentions}
    assert spans[("1", "person")] == (0, 3)
    assert spans[("2", "organization")] == (4, 9)
    assert spans[("3", "person")] == (4, 10)
    assert {m.entity_id: m.identity for m in news.mentions} == {
        "1": "Barack_Obama",
        "2": "Yonhap_News_Agency",
        "3": None,
    }
    # Syntactic heads become document-level indices.
    assert news.tokens[2].head == 1 and news.tokens[3].head is None


def test_open_and_close_on_one_token_and_percent_decoded_identity() -> None:
    [doc] = parse_conllu(GATES)
    by_id = {m.entity_id: m for m in doc.mentions}
    # "(9-...-Google)7)" opens and closes 9, then closes group mention 7 opened on "Apple".
    assert (by_id["9"].start, by_id["9"].end) == (18, 19)
    assert (by_id["7"].start, by_id["7"].end) == (16, 19)
    assert by_id["2"].identity == "Bill_&_Melinda_Gates_Foundation"


def test_space_after_no_and_multiword_tokens_give_exact_text_and_offsets() -> None:
    [gum_doc] = parse_conllu(OBAMA_YONHAP)
    doc = document_to_doc(spacy.blank("en").vocab, gum_doc)
    assert doc.text == "President Barack Obama met the Yonhap news agency's chief."
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (10, 22, "PERSON"),
        (31, 37, "ORG"),
    ]
    [gates] = parse_conllu(GATES)
    text = document_to_doc(spacy.blank("en").vocab, gates).text
    # The multi-word token "Microsoft’s" is rebuilt without a space; paragraphs get a newline.
    assert text == (
        "He founded the Bill & Melinda Gates Foundation.\n"
        "Microsoft’s rivals and the Democrats met Apple and Google."
    )


def test_paragraph_break_can_be_a_plain_space() -> None:
    [gates] = parse_conllu(GATES)
    doc = document_to_doc(spacy.blank("en").vocab, gates, paragraph_break="")
    assert "Foundation. Microsoft’s" in doc.text
    assert not any(token.is_space for token in doc)


def test_named_policy_on_titles_descriptors_and_linked_name_without_propn_head() -> None:
    # "President" is dropped; "Yonhap" is the linked org's own name though its head is "agency";
    # "the Yonhap news agency's chief" is a description (no name of its own), so nothing.
    assert ents(OBAMA_YONHAP) == [("Barack Obama", "PERSON"), ("Yonhap", "ORG")]


def test_nesting_keeps_outermost_and_excludes_pronouns_groups_and_descriptions() -> None:
    # The foundation wins over the nested people; "He" has an identity but is no name; "the
    # Democrats" (NNPS) is a group; "Microsoft's rivals" is a description; the group mention
    # "Apple and Google" yields its conjuncts, not one span.
    assert ents(GATES) == [
        ("Bill & Melinda Gates Foundation", "ORG"),
        ("Microsoft", "ORG"),
        ("Apple", "ORG"),
        ("Google", "ORG"),
    ]


def _single(form_rows: list[Row]) -> str:
    return document("GUM_news_single", sentence(*form_rows))


def test_linked_mention_without_any_propn_is_named_when_its_head_is_a_capitalised_name() -> None:
    united = [
        ("1", "United", "VERB", "VBN", "2", "nsubj",
         "Entity=(1-organization-new-sssss-cf1-1-coref-United_Airlines)"),
        ("2", "flies", "VERB", "VBZ", "0", "root", "_"),
    ]  # fmt: skip
    assert ents(_single(united)) == [("United", "ORG")]
    unlinked = [row[:6] + ("Entity=(1-organization-new-sssss-cf1-1-coref)",) for row in united[:1]]
    assert ents(_single(unlinked + united[1:])) == []


def test_linked_descriptions_and_roles_are_not_names() -> None:
    rows = [
        ("1", "the", "DET", "DT", "3", "det", "Entity=(1-person-giv-sssss-cf1-3-coref-Pierre_L'Enfant"),
        ("2", "eldest", "ADJ", "JJS", "3", "amod", "_"),
        ("3", "son", "NOUN", "NN", "4", "nsubj", "Entity=1)"),
        ("4", "met", "VERB", "VBD", "0", "root", "_"),
        ("5", "the", "DET", "DT", "6", "det", "Entity=(2-person-new-nnnnn-cf2-2-coref"),
        ("6", "Sheriff", "PROPN", "NNP", "4", "obj", "Entity=2)"),
        ("7", "and", "CCONJ", "CC", "9", "cc", "_"),
        ("8", "the", "DET", "DT", "9", "det", "Entity=(3-organization-new-nnnnn-cf3-2-sgl"),
        ("9", "company", "NOUN", "NN", "6", "conj", "Entity=3)"),
    ]  # fmt: skip
    assert ents(_single(rows)) == []


def test_descriptor_before_a_name_is_trimmed_and_hyphenated_names_stay_whole() -> None:
    rows = [
        ("1", "spokeswoman", "NOUN", "NN", "4", "nsubj", "Entity=(1-person-new-nnnnn-cf1-1-sgl"),
        ("2", "Lam", "PROPN", "NNP", "1", "flat", "_"),
        ("3", "Cheuk", "PROPN", "NNP", "2", "flat", "SpaceAfter=No"),
        ("4", "-", "PUNCT", "HYPH", "5", "punct", "SpaceAfter=No"),
        ("5", "ting", "PROPN", "NNP", "2", "flat", "Entity=1)"),
        ("6", "joined", "VERB", "VBD", "0", "root", "_"),
        ("7", "the", "DET", "DT", "8", "det",
         "Entity=(2-organization-new-nnnnn-cf2-2-coref-Comédie%2DFrançaise"),
        ("8", "Comédie", "NOUN", "NN", "6", "obj", "SpaceAfter=No"),
        ("9", "-", "PUNCT", "HYPH", "10", "punct", "SpaceAfter=No"),
        ("10", "Française", "PROPN", "NNP", "8", "flat", "Entity=2)"),
    ]  # fmt: skip
    assert ents(_single(rows)) == [("Lam Cheuk-ting", "PERSON"), ("Comédie-Française", "ORG")]


def test_gold_spans_never_overlap() -> None:
    for doc in parse_conllu(OBAMA_YONHAP + GATES):
        spans = gold_spans(doc)
        covered = [i for s in spans for i in range(s.start, s.end)]
        assert len(covered) == len(set(covered))


def test_read_splits(tmp_path: Path) -> None:
    path = tmp_path / "splits.md"
    path.write_text(
        "# Splits\n\nSome prose.\n\n## dev\n\n  * GUM_a\n  * GUM_b\n\n## test\n\n  * GUM_c\n\n"
        "## test2\n\n  * GENTLE_x\n\n## train\n\n  * GUM_d\n",
        encoding="utf-8",
    )
    assert read_splits(path) == {
        "GUM_a": "dev",
        "GUM_b": "dev",
        "GUM_c": "test",
        "GENTLE_x": "test2",
        "GUM_d": "train",
    }


def test_convert_writes_one_docbin_per_split(tmp_path: Path) -> None:
    corpus = tmp_path / "gum"
    corpus.mkdir()
    (corpus / "GUM_news_demo.conllu").write_text(OBAMA_YONHAP, encoding="utf-8")
    (corpus / "GUM_bio_demo.conllu").write_text(GATES, encoding="utf-8")
    (corpus / "splits.md").write_text(
        "## train\n\n  * GUM_bio_demo\n\n## dev\n\n  * GUM_news_demo\n\n## test\n\n",
        encoding="utf-8",
    )
    ewt = tmp_path / "ewt"
    ewt.mkdir()
    for split in ("train", "dev", "test"):
        (ewt / f"en_ewt-ud-{split}.conllu").write_text(EWT_SAMPLE, encoding="utf-8")
    counts = convert(corpus, tmp_path / "out", ewt_dir=ewt)
    assert counts == {"gum": {"train": 1, "dev": 1, "test": 0}, "ewt": dict.fromkeys(SPLITS, 1)}
    nlp = spacy.blank("en")
    [train_doc] = DocBin().from_disk(tmp_path / "out" / "train" / "gum.spacy").get_docs(nlp.vocab)
    assert [e.text for e in train_doc.ents][0] == "Bill & Melinda Gates Foundation"
    assert train_doc.user_data["gum_id"] == "GUM_bio_demo"
    assert train_doc.has_annotation("DEP") and train_doc.has_annotation("TAG")
    [ewt_doc] = DocBin().from_disk(tmp_path / "out" / "train" / "ewt.spacy").get_docs(nlp.vocab)
    assert ewt_doc.has_annotation("DEP") and not ewt_doc.has_annotation("ENT_IOB")


# UD English-EWT style: "# newpar id", a multi-word token (3-4 "don't"), an empty node (5.1,
# an ellipsis copy), lemmas and features, no entity annotation at all.
EWT_SAMPLE = """# newdoc id = email-demo
# sent_id = email-demo-0001
# newpar id = email-demo-p0001
# text = Sam Lee don't know, Acme did.
1	Sam	Sam	PROPN	NNP	Number=Sing	5	nsubj	5:nsubj	_
2	Lee	Lee	PROPN	NNP	Number=Sing	1	flat	1:flat	_
3-4	don't	_	_	_	_	_	_	_	_
3	do	do	AUX	VBP	Mood=Ind|Tense=Pres|VerbForm=Fin	5	aux	5:aux	_
4	n't	not	PART	RB	_	5	advmod	5:advmod	_
5	know	know	VERB	VB	VerbForm=Inf	0	root	0:root	SpaceAfter=No
5.1	know	know	VERB	VB	_	_	_	5:conj	CopyOf=5
6	,	,	PUNCT	,	_	8	punct	5.1:punct	_
7	Acme	Acme	PROPN	NNP	Number=Sing	8	nsubj	5.1:nsubj	_
8	did	do	AUX	VBD	Mood=Ind|Tense=Past|VerbForm=Fin	5	conj	5:conj	SpaceAfter=No
9	.	.	PUNCT	.	_	5	punct	5:punct	_

# sent_id = email-demo-0002
# text = Thanks!
1	Thanks	thanks	NOUN	NNS	Number=Plur	0	root	0:root	SpaceAfter=No
2	!	!	PUNCT	.	_	1	punct	1:punct	_

# newpar id = email-demo-p0002
# sent_id = email-demo-0003
# text = Bye
1	Bye	bye	INTJ	UH	_	0	root	0:root	_

"""


def test_ewt_document_carries_syntax_and_leaves_entities_missing() -> None:
    [ud_doc] = parse_conllu(EWT_SAMPLE)
    assert ud_doc.doc_id == "email-demo" and not ud_doc.mentions
    doc = document_to_doc(spacy.blank("en").vocab, ud_doc, entities=False)
    # The empty node is no token; the multi-word token's words are, glued as in the text.
    assert doc.text == "Sam Lee don't know, Acme did. Thanks!\nBye"
    words = [t.text for t in doc]
    assert words == "Sam Lee do n't know , Acme did . Thanks ! \n Bye".split(" ")
    # Entities are missing (not "O"): EWT must not teach the NER that names are non-entities.
    assert not doc.has_annotation("ENT_IOB")
    assert all(t.ent_iob_ == "" for t in doc) and not doc.ents
    rows = [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.text) for t in doc]
    assert rows[:9] == [
        ("Sam", "NNP", "PROPN", "Sam", "nsubj", "know"),
        ("Lee", "NNP", "PROPN", "Lee", "flat", "Sam"),
        ("do", "VBP", "AUX", "do", "aux", "know"),
        ("n't", "RB", "PART", "not", "advmod", "know"),
        ("know", "VB", "VERB", "know", "ROOT", "know"),  # UD root is spaCy's ROOT
        (",", ",", "PUNCT", ",", "punct", "did"),
        ("Acme", "NNP", "PROPN", "Acme", "nsubj", "did"),
        ("did", "VBD", "AUX", "do", "conj", "know"),
        (".", ".", "PUNCT", ".", "punct", "know"),
    ]
    assert str(doc[2].morph) == "Mood=Ind|Tense=Pres|VerbForm=Fin"
    # The paragraph break is a space token hanging on the token before it.
    assert rows[11] == ("\n", "_SP", "SPACE", "\n", "dep", "!")
    # Sentences follow the trees: three, the break inside the second.
    assert [s.text for s in doc.sents] == ["Sam Lee don't know, Acme did.", "Thanks!\n", "Bye"]


def test_gum_document_carries_subtyped_relations_and_gold_entities() -> None:
    doc = document_to_doc(spacy.blank("en").vocab, parse_conllu(GATES)[0])
    assert doc.has_annotation("ENT_IOB") and doc.has_annotation("DEP")
    microsoft = next(t for t in doc if t.text == "Microsoft")
    assert (microsoft.dep_, microsoft.head.text, microsoft.tag_) == ("nmod:poss", "rivals", "NNP")
    assert [t.ent_iob_ for t in doc[:4]] == ["O", "O", "O", "B"]


needs_gum = pytest.mark.skipif(not (GUM_DIR / "splits.md").exists(), reason="no GUM corpus")


@needs_gum
def test_real_gum_document_rebuilds_every_sentence_and_finds_its_names() -> None:
    text = (GUM_DIR / "GUM_news_korea.conllu").read_text(encoding="utf-8")
    [doc] = parse_conllu(text)
    assert isinstance(doc, GumDocument) and doc.genre == "news"
    expected = [
        line[len("# text = ") :] for line in text.splitlines() if line.startswith("# text = ")
    ]
    starts = [i for i, t in enumerate(doc.tokens) if t.sent_start] + [len(doc.tokens)]
    assert [doc.text_of(a, b) for a, b in zip(starts, starts[1:], strict=False)] == expected

    spacy_doc = document_to_doc(spacy.blank("en").vocab, doc)
    found = {(e.text, e.label_) for e in spacy_doc.ents}
    assert {
        ("North Korea", "ORG"),
        ("Yonhap", "ORG"),
        ("Korean Central News Agency", "ORG"),
        ("Kim Jong-un", "PERSON"),
        ("Korean People's Army", "ORG"),
    } <= found
    assert spacy_doc.ents[0].start_char == 0 and spacy_doc.ents[0].text == "North Korea"
    assert not {"military", "the country", "it", "they"} & {text for text, _ in found}


@needs_gum
def test_real_gum_splits_hold_the_present_documents() -> None:
    grouped = split_corpus(GUM_DIR)
    assert {k: len(v) for k, v in grouped.items()} == {"train": 84, "dev": 12, "test": 12}
    train_ids = {d.doc_id for d in grouped["train"]}
    assert not train_ids & {d.doc_id for d in grouped["test"] + grouped["dev"]}
