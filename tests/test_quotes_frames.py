"""Verbless source frames, found lexically when the Doc has tags but no parse."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.quotes import extract_quotes
from pipeline.quotes.institutions import institution_entities, institution_id
from test_quotes import FIN_IND, FIN_SUB, build, run

# Coarse STTS tags for the words of the frame sentences (only what the rules look at).
TAGS = {
    "laut": ("APPR", "ADP"), "zufolge": ("APPO", "ADP"), "nach": ("APPR", "ADP"), "so": ("ADV", "ADV"),
    "der": ("ART", "DET"), "die": ("ART", "DET"), "dem": ("ART", "DET"), "des": ("ART", "DET"), "einem": ("ART", "DET"),
    "ersten": ("ADJA", "ADJ"), "und": ("KON", "CCONJ"),
    "in": ("APPR", "ADP"), "es": ("PPER", "PRON"), "wonach": ("PWAV", "ADV"), "demnach": ("PAV", "ADV"),
    "wurde": ("VAFIN", "AUX"), "gab": ("VVFIN", "VERB"), "sei": ("VAFIN", "AUX"), "heißt": ("VVFIN", "VERB"),
    "gibt": ("VVFIN", "VERB"), "niemand": ("PIS", "PRON"), "verletzt": ("VVPP", "VERB"), "zwei": ("CARD", "NUM"),
    "ernst": ("ADJD", "ADJ"), "betrunken": ("ADJD", "ADJ"), "gewesen": ("VAPP", "AUX"), ",": ("$,", "PUNCT"),
    ".": ("$.", "PUNCT"),
}


def tagged(vocab, text: str) -> Doc:
    """A Doc with STTS tags and UPOS but no parse; a capitalised unknown word is a noun."""
    words = text.replace(",", " ,").replace(".", " .").split()
    return tagged_rows(vocab, [
        (word, *TAGS.get(word.lower(), ("NN", "NOUN") if word[:1].isupper() else ("ADV", "ADV"))) for word in words
    ])


def tagged_rows(vocab, rows: list[tuple[str, str, str]]) -> Doc:
    """A Doc without a parse from (word, STTS tag, UPOS) rows, for words the tag table cannot tell apart."""
    words = [word for word, _, _ in rows]
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, tags=[t for _, t, _ in rows], pos=[p for _, _, p in rows],
               lemmas=[w.lower() for w in words], sent_starts=starts)


@pytest.mark.parametrize(
    "text,quote,speaker,cue,rule",
    [
        ("Laut Polizei wurde niemand verletzt.", "wurde niemand verletzt", "Polizei", "Laut", "frame_laut"),
        ("Dem Bericht zufolge sei die Lage ernst.", "sei die Lage ernst", "Dem Bericht", "zufolge", "frame_zufolge"),
        ("Nach Angaben der Polizei gab es zwei Tote.", "gab es zwei Tote", "Angaben der Polizei", "Nach", "frame_nach"),
        ("Nach ersten Untersuchungen gab es zwei Tote.", "gab es zwei Tote", "ersten Untersuchungen", "Nach", "frame_nach"),
        ("Nach einem Fernsehbericht gab es zwei Tote.", "gab es zwei Tote", "einem Fernsehbericht", "Nach", "frame_nach"),
        ("Die Lage sei ernst, so der Minister.", "Die Lage sei ernst", "der Minister", "so", "frame_so"),
        ("Die Lage sei ernst, so der Minister weiter.", "Die Lage sei ernst", "der Minister", "so", "frame_so"),
        ("Die Lage sei ernst, so der Minister in Berlin.", "Die Lage sei ernst", "der Minister", "so", "frame_so"),
        ("Die Lage sei ernst, so Polizei und Feuerwehr.", "Die Lage sei ernst", "Polizei und Feuerwehr", "so", "frame_so"),
        ("In der Erklärung heißt es, die Lage sei ernst.", "die Lage sei ernst", "der Erklärung", "heißt es", "frame_heisst_es"),
        ("Es gibt Berichte, wonach die Lage ernst sei.", "die Lage ernst sei", "Berichte", "wonach", "frame_wonach"),
    ],
)
def test_frames_without_a_parse(de_vocab, text, quote, speaker, cue, rule):
    doc = tagged(de_vocab, text)
    assert not doc.has_annotation("DEP")
    quotes = extract_quotes(doc, "f", [], [])
    assert [(q.quote_text, q.speaker_text, q.cue_text, q.rule, q.quote_type) for q in quotes] == [
        (quote, speaker, cue, rule, "indirect")
    ]


@pytest.mark.parametrize(
    "text,frame",
    [
        ("Der Fahrer wurde laut Polizei schwer verletzt.", "laut Polizei"),
        ("Der Fahrer wurde nach Angaben der Polizei schwer verletzt.", "nach Angaben der Polizei"),
    ],
)
def test_a_frame_inside_its_sentence_is_a_gap_in_the_quote(de_vocab, text, frame):
    doc = tagged(de_vocab, text)
    [quote] = extract_quotes(doc, "f", [], [])
    assert quote.quote_text == text.rstrip(".")
    assert doc.text[quote.gap_start:quote.gap_end] == frame


def test_a_frame_at_the_edge_leaves_no_gap(de_vocab):
    [quote] = extract_quotes(tagged(de_vocab, "Laut Polizei wurde niemand verletzt."), "f", [], [])
    assert quote.gap_start is None and quote.gap_end is None


def test_nach_needs_a_source_noun(de_vocab):
    assert extract_quotes(tagged(de_vocab, "Nach Berlin gab es zwei Tote."), "f", [], []) == []


def test_so_dass_is_not_a_frame(de_vocab):
    assert extract_quotes(tagged(de_vocab, "Es regnete, so dass die Lage ernst wurde."), "f", [], []) == []


def test_demnach_carries_the_previous_source(de_vocab):
    doc = tagged(de_vocab, "Laut Polizei gab es zwei Tote. Demnach sei der Fahrer betrunken gewesen.")
    second = extract_quotes(doc, "f", [], [])[1]
    assert second.rule == "frame_demnach" and second.quote_text == "Demnach sei der Fahrer betrunken gewesen"
    assert second.speaker_text == "Demnach" and second.sentence_index == 1


def test_demnach_links_the_previous_source_entity(de_vocab):
    doc = tagged(de_vocab, "Laut Polizei gab es zwei Tote. Demnach sei der Fahrer betrunken gewesen.")
    first, second = extract_quotes(doc, "f", [], [])
    assert first.speaker_label == "ORG"  # "Polizei" from the source lexicon
    assert (second.speaker_label, second.speaker_resolution) == ("ORG", "carried_over")


def test_a_frame_compound_of_an_institution_links_the_institution(de_vocab):
    doc = tagged(de_vocab, "Nach Polizeiangaben gab es zwei Tote.")
    [quote] = extract_quotes(doc, "f", [], [])
    assert (quote.speaker_text, quote.speaker_canonical, quote.speaker_label) == ("Polizeiangaben", "Polizei", "ORG")
    assert quote.speaker_entity_id == institution_id("Polizei")
    mentions, entities = institution_entities(doc, "f", [quote], [], [])
    assert [(m.text, m.entity_id) for m in mentions] == [("Polizeiangaben", quote.speaker_entity_id)]  # the whole word
    assert [(e.canonical_name, e.label) for e in entities] == [("Polizei", "ORG")]


def test_so_x_set_off_inside_the_sentence_is_its_source(de_vocab):
    quotes = extract_quotes(tagged(de_vocab, "Die Lage sei, so der Minister, sehr ernst."), "f", [], [])
    assert [(q.rule, q.speaker_text, q.cue_text) for q in quotes] == [("frame_so", "der Minister", "so")]
    assert quotes[0].quote_text == "Die Lage sei, so der Minister, sehr ernst"


def test_the_verbs_pronoun_is_no_part_of_a_source_before_zufolge(de_vocab):
    quotes = extract_quotes(tagged(de_vocab, "In den Pyrenäen kam es Informationen des Senders zufolge zu Schäden."), "f", [], [])
    assert [(q.rule, q.speaker_text) for q in quotes] == [("frame_zufolge", "Informationen des Senders")]


# Rows as in test_quotes: word, STTS, UPOS, lemma, morph, TIGER head, TIGER dep, UD head, UD dep, entity.
# fmt: off
# "Nach Angaben der Polizei habe Müller ein Alibi.": the parse hung the whole clause on the source
NACH_ANGABEN_HABE = [
    ("Nach", "APPR", "ADP", "nach", "", 1, "ac", 1, "case", ""),
    ("Angaben", "NN", "NOUN", "Angabe", "Case=Dat|Number=Plur", 1, "ROOT", 1, "ROOT", ""),
    ("der", "ART", "DET", "der", "Case=Gen", 3, "nk", 3, "det", ""),
    ("Polizei", "NN", "NOUN", "Polizei", "Case=Gen", 1, "ag", 1, "nmod", ""),
    ("habe", "VAFIN", "AUX", "haben", FIN_SUB, 7, "mo", 7, "cop", ""),
    ("Müller", "NE", "PROPN", "Müller", "Case=Nom", 7, "nk", 7, "nsubj", "PER"),
    ("ein", "ART", "DET", "ein", "Case=Acc", 7, "nk", 7, "det", ""),
    ("Alibi", "NN", "NOUN", "Alibi", "Case=Acc", 1, "nk", 1, "nmod", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
# "Die Täter sollen laut Angaben der Polizei die Beute Müllers versteckt haben.": a new phrase hung on the source
LAUT_ANGABEN_DIE = [
    ("Die", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det", ""),
    ("Täter", "NN", "NOUN", "Täter", "Case=Nom", 2, "sb", 12, "nsubj", ""),
    ("sollen", "VMFIN", "AUX", "sollen", FIN_IND, 2, "ROOT", 12, "aux", ""),
    ("laut", "APPR", "ADP", "laut", "", 12, "mo", 4, "case", ""),
    ("Angaben", "NN", "NOUN", "Angabe", "Case=Dat|Number=Plur", 3, "nk", 12, "obl", ""),
    ("der", "ART", "DET", "der", "Case=Gen", 6, "nk", 6, "det", ""),
    ("Polizei", "NN", "NOUN", "Polizei", "Case=Gen", 4, "ag", 4, "nmod", ""),
    ("die", "ART", "DET", "der", "Case=Acc|Number=Sing", 8, "nk", 8, "det", ""),
    ("Beute", "NN", "NOUN", "Beute", "Case=Acc|Number=Sing", 9, "nk", 9, "nmod", ""),
    ("Müllers", "NE", "PROPN", "Müller", "Case=Gen", 4, "cj", 4, "conj", "PER"),
    ("versteckt", "VVPP", "VERB", "verstecken", "VerbForm=Part", 11, "oc", 12, "ROOT", ""),
    ("haben", "VAINF", "AUX", "haben", "VerbForm=Inf", 2, "oc", 12, "aux", ""),
    (".", "$.", "PUNCT", ".", "", 2, "punct", 12, "punct", ""),
]
# fmt: on


@pytest.mark.parametrize("scheme", ["tiger", "ud"])
@pytest.mark.parametrize("rows", [NACH_ANGABEN_HABE, LAUT_ANGABEN_DIE], ids=["finite verb", "nominative article"])
def test_a_frame_source_ends_where_the_content_begins(de_vocab, scheme, rows):
    (quote,) = [q for q in run(build(de_vocab, [rows], scheme)) if q.rule.startswith("frame_")]
    assert quote.speaker_text == "Angaben der Polizei"


# fmt: off
# "Nach Angaben des Vereins sei die Lage ernst.": the parse hung the genitive on the verb as a second subject
NACH_ANGABEN_DES_VEREINS = [
    ("Nach", "APPR", "ADP", "nach", "", 4, "mo", 1, "case", ""),
    ("Angaben", "NN", "NOUN", "Angabe", "Case=Dat|Number=Plur", 0, "nk", 7, "obl", ""),
    ("des", "ART", "DET", "der", "Case=Gen", 3, "nk", 3, "det", ""),
    ("Vereins", "NN", "NOUN", "Verein", "Case=Gen", 4, "sb", 7, "nsubj", ""),
    ("sei", "VAFIN", "AUX", "sein", FIN_SUB, 4, "ROOT", 7, "cop", ""),
    ("die", "ART", "DET", "der", "Case=Nom", 6, "nk", 6, "det", ""),
    ("Lage", "NN", "NOUN", "Lage", "Case=Nom", 4, "sb", 7, "nsubj", ""),
    ("ernst", "ADJD", "ADJ", "ernst", "", 4, "pd", 7, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 4, "punct", 7, "punct", ""),
]
# fmt: on


@pytest.mark.parametrize("scheme", ["tiger", "ud"])
def test_a_frame_nouns_genitive_belongs_to_the_source_also_when_the_parse_hung_it_on_the_verb(de_vocab, scheme):
    (quote,) = run(build(de_vocab, [NACH_ANGABEN_DES_VEREINS], scheme))
    assert (quote.rule, quote.speaker_text, quote.quote_text) == ("frame_nach", "Angaben des Vereins", "sei die Lage ernst")


def test_a_relative_pronoun_before_a_postposed_frame_is_not_part_of_its_source(de_vocab):
    rows = [("Es", "PPER", "PRON"), ("kam", "VVFIN", "VERB"), ("zu", "APPR", "ADP"), ("Protesten", "NN", "NOUN"),
            (",", "$,", "PUNCT"), ("die", "PRELS", "PRON"), ("ihrer", "PPOSAT", "DET"), ("Meinung", "NN", "NOUN"),
            ("nach", "APPO", "ADP"), ("zu", "APPR", "ADP"), ("spät", "ADJD", "ADJ"), ("kamen", "VVFIN", "VERB"),
            (".", "$.", "PUNCT")]
    doc = tagged_rows(de_vocab, rows)
    assert [(q.rule, q.speaker_text) for q in extract_quotes(doc, "f", [], [])] == [("frame_nach", "ihrer Meinung")]


def test_a_doc_without_sentence_boundaries_is_one_sentence_not_an_error():
    doc = spacy.blank("de")("Laut Polizei wurde niemand verletzt.")
    assert [(q.quote_text, q.speaker_text) for q in extract_quotes(doc, "f", [], [])] == [("wurde niemand verletzt", "Polizei")]
