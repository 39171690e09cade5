import pytest
from spacy.tokens import Doc

from pipeline.entities import extract_entities

# fmt: off
WORDS = ["Kremlchef", "Wladimir", "Putin", "traf", "Donald", "Trump", ".",
         "Putins", "Berater", "lobte", "Putin", "und", "Trump", "in", "Moskau", "."]
SENTS = [True] + [False] * 6 + [True] + [False] * 8
ENTS = ["B-PER", "I-PER", "I-PER", "O", "B-PER", "I-PER", "O",
        "B-PER", "O", "O", "B-PER", "O", "B-PER", "O", "B-LOC", "O"]
# fmt: on


def _doc(vocab, words=WORDS, ents=ENTS, sents=SENTS):
    return Doc(vocab, words=words, ents=ents, sent_starts=sents)


def test_titles_genitives_and_surnames_link_to_full_name(de_vocab):
    doc = _doc(de_vocab)
    mentions, entities = extract_entities(doc, "d1")
    by_name = {e.canonical_name: e for e in entities}
    assert set(by_name) == {"Wladimir Putin", "Donald Trump", "Moskau"}
    putin = by_name["Wladimir Putin"]
    assert putin.n_mentions == 3 and putin.n_docs == 1
    assert set(putin.aliases) == {"Putins", "Putin"}
    assert min(m.start for m in mentions if m.entity_id == putin.entity_id) == doc.text.index("Wladimir")
    first = mentions[0]
    assert first.text == "Wladimir Putin"  # the role word is not part of the name
    assert doc.text[first.start:first.end] == first.text
    assert [m.sentence_index for m in mentions] == [0, 0, 1, 1, 1, 1]


def test_surname_shared_by_two_people_stays_apart(de_vocab):
    words = ["Donald", "Trump", "und", "Melania", "Trump", "kamen", ".", "Trump", "sprach", "."]
    ents = ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "O", "B-PER", "O", "O"]
    _, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), "d")
    assert sorted(e.canonical_name for e in entities) == ["Donald Trump", "Melania Trump", "Trump"]


def test_surname_before_full_name_joins_it(de_vocab):
    words = ["Putin", "kam", ".", "Wladimir", "Putin", "ging", "."]
    ents = ["B-PER", "O", "O", "B-PER", "I-PER", "O", "O"]
    mentions, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), "d")
    assert [e.canonical_name for e in entities] == ["Wladimir Putin"]
    assert {m.entity_id for m in mentions} == {entities[0].entity_id}


def test_ids_are_stable_across_documents(de_vocab):
    _, a = extract_entities(_doc(de_vocab), "a")
    _, b = extract_entities(_doc(de_vocab), "b")
    assert [e.entity_id for e in a] == [e.entity_id for e in b]


def test_no_ner_annotation_gives_nothing(de_vocab):
    assert extract_entities(Doc(de_vocab, words=["Hallo", "Welt"]), "d") == ([], [])


def test_lone_surname_of_a_named_person_is_a_person(de_vocab):
    words = ["Wladimir", "Putin", "kam", ".", "Putin", "und", "Putins", "Moskau", "."]
    ents = ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "B-ORG", "B-LOC", "O"]
    mentions, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), "d")
    assert [m.label for m in mentions] == ["PER", "PER", "PER", "LOC"]
    assert sorted(e.canonical_name for e in entities) == ["Moskau", "Wladimir Putin"]


@pytest.mark.parametrize("word,label", [("Kiewer", "LOC"), ("Schweizer", "ORG")])
def test_place_adjectives_are_not_names(de_vocab, word, label):
    words = ["Die", word, "Unterhändler", "trafen", "Kiew", "."]
    ents = ["O", f"B-{label}", "O", "O", "B-LOC", "O"]
    pos = ["DET", "ADJ", "NOUN", "VERB", "PROPN", "PUNCT"]
    mentions, _ = extract_entities(Doc(de_vocab, words=words, ents=ents, pos=pos), "d")
    assert [m.text for m in mentions] == ["Kiew"]


# fmt: off
@pytest.mark.parametrize("words,ents,pos,expected", [
    # the first of two coordinated adjectives, and a LOC span of adjective + role noun
    (["zwischen", "Kiewer", "und", "Moskauer", "Unterhändlern", "in", "Kiew"],
     ["O", "B-LOC", "O", "B-LOC", "I-LOC", "O", "B-LOC"],
     ["ADP", "ADJ", "CCONJ", "ADJ", "NOUN", "ADP", "PROPN"], ["Kiew"]),
    # a street is a name, and so is an organisation with a role noun
    (["am", "Berliner", "Platz", "tagen", "die", "Berliner", "Richter"],
     ["O", "B-LOC", "I-LOC", "O", "O", "B-ORG", "I-ORG"],
     ["ADP", "PROPN", "NOUN", "VERB", "DET", "ADJ", "NOUN"], ["Berliner Platz", "Berliner Richter"]),
    # a place name ending in -er before a comma and an article stays
    (["in", "Hannover", ",", "der", "Landeshauptstadt"], ["O", "B-LOC", "O", "O", "O"],
     ["ADP", "PROPN", "PUNCT", "DET", "NOUN"], ["Hannover"]),
    (["zwischen", "Hannover", "und", "Bremer", "Behörden"], ["O", "B-LOC", "O", "O", "O"],
     ["ADP", "PROPN", "CCONJ", "ADJ", "NOUN"], ["Hannover"]),
    # the tagger may call the adjectives a noun and a proper noun; ", aber" opens no second adjective
    (["zwischen", "Kiewer", "und", "Moskauer", "Diplomaten"], ["O", "B-LOC", "O", "O", "O"],
     ["ADP", "NOUN", "CCONJ", "PROPN", "NOUN"], []),
    (["die", "Kiewer", ",", "aber", "Beamte"], ["O", "B-LOC", "O", "O", "O"],
     ["DET", "NOUN", "PUNCT", "CCONJ", "NOUN"], ["Kiewer"]),
])
# fmt: on
def test_place_adjectives_in_longer_spans(de_vocab, words, ents, pos, expected):
    mentions, _ = extract_entities(Doc(de_vocab, words=words, ents=ents, pos=pos), "d")
    assert [m.text for m in mentions] == expected


def test_surname_ending_in_er_stays_a_person(de_vocab):
    words = ["Gerhard", "Schröder", "kam", ".", "Schröder", "Regierung", "."]
    ents = ["B-PER", "I-PER", "O", "O", "B-PER", "O", "O"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "NOUN", "PUNCT"]
    mentions, _ = extract_entities(Doc(de_vocab, words=words, ents=ents, pos=pos), "d")
    assert [m.text for m in mentions] == ["Gerhard Schröder", "Schröder"]


def test_a_place_gets_its_article_back(de_vocab):
    # The tagger calls "Den" a determiner; inside a sentence a capitalised one is part of the name.
    words = ["Er", "reist", "nach", "Den", "Haag", ".", "Den", "Haag", "ist", "schön", ".", "Den", "Menschen", "half", "Berlin", "."]
    ents = ["O", "O", "O", "O", "B-LOC", "O", "O", "B-LOC", "O", "O", "O", "O", "O", "O", "B-LOC", "O"]
    sents = [True] + [False] * 5 + [True] + [False] * 4 + [True] + [False] * 4
    mentions, _ = extract_entities(Doc(de_vocab, words=words, ents=ents, sent_starts=sents), "d")
    assert [m.text for m in mentions] == ["Den Haag", "Den Haag", "Berlin"]


def test_a_family_name_first_short_form_joins_the_full_name(de_vocab):
    words = ["Hu", "Jia", "kam", ".", "Hu", "sprach", "mit", "Li", "Wei", "und", "Li", "Peng", ".", "Li", "ging", "."]
    ents = ["B-PER", "I-PER", "O", "O", "B-PER", "O", "O", "B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-PER", "O", "O"]
    _, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), "d")
    by_name = {e.canonical_name: e for e in entities}
    assert by_name["Hu Jia"].n_mentions == 2 and "Hu" not in by_name
    assert "Li" in by_name  # two people begin with "Li": the short form stays apart


def test_two_people_sharing_a_surname_in_one_article_stay_apart(de_vocab):
    words = ["Hans", "Müller", "und", "Eva", "Müller", "kamen", ".", "Müller", "sprach", "."]
    ents = ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "O", "B-PER", "O", "O"]
    _, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), "d")
    assert sorted(e.canonical_name for e in entities) == ["Eva Müller", "Hans Müller", "Müller"]
