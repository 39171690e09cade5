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
    (["besetzte", "Kernkraftwerk", "Saporischschja", "."], ["O", "B-ORG", "I-ORG", "O"],
     [("Saporischschja", "LOC")]),
    # the same span mislabelled (not as a person: see below)
    (["Gespräche", "in", "Abu", "Dhabi", "."], ["O", "O", "B-ORG", "I-ORG", "O"],
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
    # the lone surname the model missed, also in the genitive
    (["Wladimir", "Putin", "kam", ".", "Putin", "sagte", ",", "Putins", "Berater", "schwieg"],
     ["B-PER", "I-PER", "O", "O", "O", "O", "O", "O", "O", "O"],
     [("Wladimir Putin", "PER"), ("Putin", "PER"), ("Putins", "PER")]),
    # no full name in the article ends in "Kohl"
    (["Anna", "Roth", "sang", ";", "Kohl", "kam"], ["B-PER", "I-PER", "O", "O", "O", "O"],
     [("Anna Roth", "PER")]),
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


# fmt: off
@pytest.mark.parametrize("words,ents,expected", [
    # the model's person stays a person although a city district has that name
    (["Söder", "kritisierte", "den", "Plan"], ["B-PER", "O", "O", "O"], [("Söder", "PER")]),
    (["Hassan", "sagte", "das"], ["B-PER", "O", "O"], [("Hassan", "PER")]),
    # a place the model took for a person, named as a place elsewhere in the article
    (["Themen", "wie", "Saporischschja", ";", "das", "Kernkraftwerk", "Saporischschja"],
     ["O", "O", "B-PER", "O", "O", "B-PER", "I-PER"],
     [("Saporischschja", "LOC"), ("Saporischschja", "LOC")]),
    # the singer and the city of the same name in one article
    (["Nina", "Hagen", "trat", "in", "Hagen", "auf"], ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
     [("Nina Hagen", "PER"), ("Hagen", "LOC")]),
])
# fmt: on
def test_persons_and_places_of_the_same_name(de_vocab, words, ents, expected):
    assert _ents(repair_entities(Doc(de_vocab, words=words, ents=ents))) == expected


@pytest.mark.parametrize("word", ["Gerne", "Mobil", "Söder", "Essen"])
def test_words_and_names_are_not_in_the_places_list(de_vocab, word):
    doc = Doc(de_vocab, words=[word, "bleiben", "wir"])
    assert gazetteer_spans(doc) == []


# fmt: off
@pytest.mark.parametrize("words,ents,expected", [
    # the model cut the person after the first name, or before it
    (["Geschäftsführer", "Olaf", "Kramm", "erwartet", "Gewinne"], ["O", "B-PER", "O", "O", "O"],
     [("Olaf Kramm", "PER")]),
    (["Foto", ":", "Holger", "Hollemann"], ["O", "O", "O", "B-PER"], [("Holger Hollemann", "PER")]),
    # a word that belongs to another entity is not taken
    (["Olaf", "Berlin", "sagte"], ["B-PER", "B-LOC", "O"], [("Olaf", "PER"), ("Berlin", "LOC")]),
    # only after a lone first name, and only a capitalised word
    (["Olaf", "sagte", "es"], ["B-PER", "O", "O"], [("Olaf", "PER")]),
    (["Dmitri", "Peskow", "Montag"], ["B-PER", "I-PER", "O"], [("Dmitri Peskow", "PER")]),
    # a role noun in front of a person is not part of a name
    (["sagte", "Kremlsprecher", "Dmitri", "Peskow"], ["O", "B-PER", "B-PER", "I-PER"],
     [("Dmitri Peskow", "PER")]),
    # a surname that is also a role noun stays a person
    (["Richter", "bezog", "sich", "darauf"], ["B-PER", "O", "O", "O"], [("Richter", "PER")]),
    # a known place next to a lone given name stays out of the person
    (["Olaf", "Berlin", "sagte"], ["B-PER", "O", "O"], [("Olaf", "PER"), ("Berlin", "LOC")]),
    # a given name between two persons goes to the one on its right
    (["Anna", "Peter", "Müller"], ["B-PER", "O", "B-PER"], [("Anna", "PER"), ("Peter Müller", "PER")]),
    # hyphenated surnames
    (["Foto", ":", "Olaf", "Müller-Wagner"], ["O", "O", "B-PER", "O"], [("Olaf Müller-Wagner", "PER")]),
])
# fmt: on
def test_persons_are_completed_at_first_names(de_vocab, words, ents, expected):
    doc = repair_entities(Doc(de_vocab, words=words, ents=ents))
    assert _ents(doc) == expected


@pytest.mark.parametrize("tag,expected", [("NE", [("Thomas Kramm", "PER")]), ("NN", [("Thomas", "PER")])])
def test_a_tagged_doc_completes_only_with_a_proper_noun(de_vocab, tag, expected):
    # "Damit erteilte [Thomas] Forderungen eine Absage": a common noun is no surname
    doc = Doc(de_vocab, words=["erteilte", "Thomas", "Kramm"], tags=["VVFIN", "NE", tag],
              ents=["O", "B-PER", "O"])
    assert _ents(repair_entities(doc)) == expected


def test_a_surname_the_tagger_calls_a_common_noun_is_not_added(de_vocab):
    words = ["Frank", "Richter", "kam", ".", "Der", "Richter", "schwieg", ";", "Richter", "auch"]
    tags = ["NE", "NE", "VVFIN", "$.", "ART", "NN", "VVFIN", "$.", "NE", "ADV"]
    ents = ["B-PER", "I-PER", "O", "O", "O", "O", "O", "O", "O", "O"]
    doc = repair_entities(Doc(de_vocab, words=words, tags=tags, ents=ents))
    assert [(e.start, e.text) for e in doc.ents] == [(0, "Frank Richter"), (8, "Richter")]


def test_newspapers_with_a_time_phrase_in_their_name_are_organisations(de_vocab):
    doc = Doc(de_vocab, words=["der", "Chef", "der", "Welt", "am", "Sonntag", "sagte"])
    assert [(s.text, s.label_) for s in gazetteer_spans(doc)] == [("Welt am Sonntag", "ORG")]
