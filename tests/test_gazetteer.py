import pytest
from spacy.tokens import Doc

from pipeline.gazetteer import gazetteer_spans, repair_entities


def _ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


# fmt: off
@pytest.mark.parametrize("words,ents,expected", [
    # a news agency the model missed
    (["Keystone-SDA", "Die", "Schweizer", "Nachrichtenagentur"], ["O", "O", "O", "O"],
     [("Keystone-SDA", "ORG")]),
    # a place inside a PER span whose other token is a place noun
    (["besetzte", "Kernkraftwerk", "Saporischschja", "."], ["O", "B-PER", "I-PER", "O"],
     [("Saporischschja", "LOC")]),
    # the same span mislabelled
    (["Gespräche", "in", "Abu", "Dhabi", "."], ["O", "O", "B-PER", "I-PER", "O"],
     [("Abu Dhabi", "LOC")]),
    # a person whose surname is also a city stays a person
    (["Die", "Schauspielerin", "Uta", "Hagen", "lehrte", "."], ["O", "O", "B-PER", "I-PER", "O", "O"],
     [("Uta Hagen", "PER")]),
    # an organisation named after its city stays an organisation
    (["die", "Universität", "Moskau", "teilte", "mit"], ["O", "B-ORG", "I-ORG", "O", "O"],
     [("Universität Moskau", "ORG")]),
    # the tagger's lone surname after the full name is the person
    (["Wladimir", "Putin", "und", "Selenski", ";", "Putin", "in", "Moskau"],
     ["B-PER", "I-PER", "O", "B-PER", "O", "B-LOC", "O", "B-LOC"],
     [("Wladimir Putin", "PER"), ("Selenski", "PER"), ("Putin", "PER"), ("Moskau", "LOC")]),
])
# fmt: on
def test_repair_entities(de_vocab, words, ents, expected):
    doc = repair_entities(Doc(de_vocab, words=words, ents=ents))
    assert _ents(doc) == expected


def test_gazetteer_prefers_the_longest_name(de_vocab):
    doc = Doc(de_vocab, words=["nach", "Abu", "Dhabi", "und", "Kiew"])
    assert [(s.text, s.label_) for s in gazetteer_spans(doc)] == [("Abu Dhabi", "LOC"), ("Kiew", "LOC")]


def test_names_match_in_their_own_spelling_only(de_vocab):
    doc = Doc(de_vocab, words=["die", "dpa", "meldet", "aus", "berlin", "und", "DPA"])
    assert [(s.text, s.label_) for s in gazetteer_spans(doc)] == [("dpa", "ORG")]


def test_doc_without_entity_annotation_is_left_alone(de_vocab):
    doc = repair_entities(Doc(de_vocab, words=["Keystone-SDA", "meldet"]))
    assert not doc.has_annotation("ENT_IOB")
