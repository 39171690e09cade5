"""Verbless source frames, found lexically when the Doc has tags but no parse."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.quotes import extract_quotes
from pipeline.quotes.institutions import institution_entities, institution_id

# Coarse STTS tags for the words of the frame sentences (only what the rules look at).
TAGS = {
    "laut": ("APPR", "ADP"), "zufolge": ("APPO", "ADP"), "nach": ("APPR", "ADP"), "so": ("ADV", "ADV"),
    "der": ("ART", "DET"), "die": ("ART", "DET"), "dem": ("ART", "DET"), "des": ("ART", "DET"),
    "in": ("APPR", "ADP"), "es": ("PPER", "PRON"), "wonach": ("PWAV", "ADV"), "demnach": ("PAV", "ADV"),
    "wurde": ("VAFIN", "AUX"), "gab": ("VVFIN", "VERB"), "sei": ("VAFIN", "AUX"), "heißt": ("VVFIN", "VERB"),
    "gibt": ("VVFIN", "VERB"), "niemand": ("PIS", "PRON"), "verletzt": ("VVPP", "VERB"), "zwei": ("CARD", "NUM"),
    "ernst": ("ADJD", "ADJ"), "betrunken": ("ADJD", "ADJ"), "gewesen": ("VAPP", "AUX"), ",": ("$,", "PUNCT"),
    ".": ("$.", "PUNCT"),
}


def tagged(vocab, text: str) -> Doc:
    """A Doc with STTS tags and UPOS but no parse; a capitalised unknown word is a noun."""
    words = text.replace(",", " ,").replace(".", " .").split()
    tags, pos = [], []
    for word in words:
        tag, upos = TAGS.get(word.lower(), ("NN", "NOUN") if word[:1].isupper() else ("ADV", "ADV"))
        tags.append(tag)
        pos.append(upos)
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=[w.lower() for w in words], sent_starts=starts)


@pytest.mark.parametrize(
    "text,quote,speaker,cue,rule",
    [
        ("Laut Polizei wurde niemand verletzt.", "wurde niemand verletzt", "Polizei", "Laut", "frame_laut"),
        ("Dem Bericht zufolge sei die Lage ernst.", "sei die Lage ernst", "Dem Bericht", "zufolge", "frame_zufolge"),
        ("Nach Angaben der Polizei gab es zwei Tote.", "gab es zwei Tote", "Angaben der Polizei", "Nach", "frame_nach"),
        ("Die Lage sei ernst, so der Minister.", "Die Lage sei ernst", "der Minister", "so", "frame_so"),
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
