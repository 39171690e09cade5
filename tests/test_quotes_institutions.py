"""Institutions as speakers, and places that are never a speaker's person, on hand-built Docs (TIGER and UD)."""
from __future__ import annotations

import pytest

from pipeline.quotes import extract_quotes
from pipeline.quotes.institutions import institution_entities, institution_id, institution_noun, spokesperson_of
from test_quotes import FIN_IND, SCHEMES, build, one, people
from test_quotes_speakers import sagte_dass


def sagte(subject_rows: list[tuple]) -> list[tuple]:
    """'<subject rows> sagte, dass er zurücktrete.'"""
    verb = len(subject_rows)
    return sagte_dass([*subject_rows, ("sagte", "VVFIN", "VERB", "sagen", FIN_IND, verb, "ROOT", verb, "ROOT", "")], verb)


def run_all(doc):
    """Quotes, mentions and entities of a Doc, institutions included (as pipeline.run.analyze_doc does)."""
    mentions, entities = people(doc)
    quotes = extract_quotes(doc, "t", mentions, entities)
    mentions, entities = institution_entities(doc, "t", quotes, mentions, entities)
    return quotes, mentions, entities


# fmt: off
DER = ("Der", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det", "")
DIE = ("Die", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det", "")
DAS = ("Das", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det", "")
# "Die Staatsanwaltschaft Oslo sagte, …": the place is part of the institution's name, not the speaker.
STAATSANWALTSCHAFT_OSLO = sagte([
    DIE,
    ("Staatsanwaltschaft", "NN", "NOUN", "Staatsanwaltschaft", "Case=Nom", 3, "sb", 3, "nsubj", ""),
    ("Oslo", "NE", "PROPN", "Oslo", "Case=Nom", 1, "nk", 1, "appos", "LOC"),
])
LANDGERICHT_TAGTE = [
    DAS,
    ("Landgericht", "NN", "NOUN", "Landgericht", "Case=Nom", 3, "sb", 3, "nsubj", "ORG"),
    ("Köln", "NE", "PROPN", "Köln", "", 1, "nk", 1, "flat:name", "ORG"),
    ("tagte", "VVFIN", "VERB", "tagen", FIN_IND, 3, "ROOT", 3, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 3, "punct", 3, "punct", ""),
]
DAS_GERICHT = sagte([DAS, ("Gericht", "NN", "NOUN", "Gericht", "Case=Nom", 2, "sb", 2, "nsubj", "")])
DIE_POLIZEI = sagte([DIE, ("Polizei", "NN", "NOUN", "Polizei", "Case=Nom", 2, "sb", 2, "nsubj", "")])
GREENPEACE_PROTESTIERTE = [
    ("Greenpeace", "NE", "PROPN", "Greenpeace", "Case=Nom", 1, "sb", 1, "nsubj", "ORG"),
    ("protestierte", "VVFIN", "VERB", "protestieren", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
DIE_ORGANISATION = sagte([DIE, ("Organisation", "NN", "NOUN", "Organisation", "Case=Nom", 2, "sb", 2, "nsubj", "")])
DER_BGH = sagte([DER, ("BGH", "NN", "PROPN", "BGH", "Case=Nom", 2, "sb", 2, "nsubj", "")])
EIN = ("Ein", "ART", "DET", "ein", "Case=Nom", 1, "nk", 1, "det", "")
EIN_POLIZEISPRECHER = sagte([EIN, ("Polizeisprecher", "NN", "NOUN", "Polizeisprecher", "Case=Nom", 2, "sb", 2, "nsubj", "")])
EIN_KONZERNSPRECHER = sagte([EIN, ("Konzernsprecher", "NN", "NOUN", "Konzernsprecher", "Case=Nom", 2, "sb", 2, "nsubj", "")])
# "Zacatecas" tagged as a person: "Er" must not take it up.
ZACATECAS_REISTE = [
    ("Zacatecas", "NE", "PROPN", "Zacatecas", "Case=Nom", 1, "sb", 1, "nsubj", "PER"),
    ("feierte", "VVFIN", "VERB", "feiern", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
ER = sagte([("Er", "PPER", "PRON", "er", "Case=Nom|Gender=Masc|Number=Sing|Person=3", 1, "sb", 1, "nsubj", "")])
# "Der Ministerpräsident Thailands, Abhisit Vejjajiva, sagte, …" with the country tagged as a person in apposition.
THAILANDS_ABHISIT = sagte([
    DER,
    ("Ministerpräsident", "NN", "NOUN", "Ministerpräsident", "Case=Nom", 7, "sb", 7, "nsubj", ""),
    ("Thailands", "NE", "PROPN", "Thailand", "Case=Gen", 1, "app", 1, "appos", "PER"),
    (",", "$,", "PUNCT", ",", "", 4, "punct", 4, "punct", ""),
    ("Abhisit", "NE", "PROPN", "Abhisit", "", 5, "pnc", 1, "appos", "PER"),
    ("Vejjajiva", "NE", "PROPN", "Vejjajiva", "", 1, "app", 4, "flat:name", "PER"),
    (",", "$,", "PUNCT", ",", "", 1, "punct", 1, "punct", ""),
])
# fmt: on


@pytest.mark.parametrize("word, noun", [
    ("Polizei", "polizei"), ("Außenministerium", "ministerium"), ("Landgericht", "gericht"), ("Umweltschutzorganisation", "organisation"),
    ("Gericht", "gericht"), ("Angaben", None), ("Bericht", None), ("Müller", None),
])
def test_institution_nouns_are_words_or_compound_ends(word, noun):
    assert institution_noun(word) == noun


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_institution_with_a_place_in_its_name_is_the_speaker_not_the_place(de_vocab, scheme):
    quotes, mentions, entities = run_all(build(de_vocab, [STAATSANWALTSCHAFT_OSLO], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_canonical, quote.speaker_label, quote.speaker_resolution) == ("Staatsanwaltschaft Oslo", "ORG", "source")
    assert quote.speaker_entity_id == institution_id("Staatsanwaltschaft Oslo")
    [institution] = [e for e in entities if e.entity_id == quote.speaker_entity_id]
    assert institution.label == "ORG" and institution.n_mentions == 1
    [mention] = [m for m in mentions if m.entity_id == quote.speaker_entity_id]
    assert mention.text == "Staatsanwaltschaft Oslo" and mention.mention_id == f"t:m{len(mentions)}"  # the name, without its article


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_definite_institution_noun_is_the_articles_organisation_of_that_kind(de_vocab, scheme):
    quotes, _, entities = run_all(build(de_vocab, [LANDGERICHT_TAGTE, DAS_GERICHT], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_canonical, quote.speaker_resolution) == ("Landgericht Köln", "role")
    assert [e.canonical_name for e in entities] == ["Landgericht Köln"]  # no new entity


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_institution_the_article_does_not_name_becomes_an_entity(de_vocab, scheme):
    quotes, _, entities = run_all(build(de_vocab, [DIE_POLIZEI], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_canonical, quote.speaker_label) == ("Polizei", "ORG")
    assert quote.speaker_entity_id in {e.entity_id for e in entities}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_class_noun_takes_up_the_organisation_named_before_else_nobody(de_vocab, scheme):
    quotes, _, _ = run_all(build(de_vocab, [GREENPEACE_PROTESTIERTE, DIE_ORGANISATION], scheme))
    assert one(quotes, "zurücktrete").speaker_canonical == "Greenpeace"
    quotes, _, entities = run_all(build(de_vocab, [DIE_ORGANISATION], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_canonical, quote.speaker_entity_id, entities) == ("Organisation", "", [])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_acronym_the_tagger_missed_is_an_organisation(de_vocab, scheme):
    quotes, _, entities = run_all(build(de_vocab, [DER_BGH], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_canonical, quote.speaker_label) == ("BGH", "ORG")
    assert [e.canonical_name for e in entities] == ["BGH"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_pronoun_never_takes_up_a_place_tagged_as_a_person(de_vocab, scheme):
    quote = one(run_all(build(de_vocab, [ZACATECAS_REISTE, ER], scheme))[0], "zurücktrete")
    assert quote.speaker_text == "Er" and quote.speaker_canonical == "" and quote.speaker_resolution == "none"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_country_in_apposition_tagged_as_a_person_gives_way_to_the_person(de_vocab, scheme):
    quote = one(run_all(build(de_vocab, [THAILANDS_ABHISIT], scheme))[0], "zurücktrete")
    assert quote.speaker_canonical == "Abhisit Vejjajiva"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quotes_sharing_an_institution_speaker_share_one_mention(de_vocab, scheme):
    doc = build(de_vocab, [DIE_POLIZEI], scheme)
    mentions, entities = people(doc)
    quotes = extract_quotes(doc, "t", mentions, entities)
    quote = one(quotes, "zurücktrete")
    _, with_institutions = institution_entities(doc, "t", [quote, quote], mentions, entities)
    assert [e.n_mentions for e in with_institutions] == [1]


@pytest.mark.parametrize("word, body", [
    ("Polizeisprecher", "Polizei"), ("Regierungssprecherin", "Regierung"), ("Konzernsprecher", "Konzern"), ("Sprecher", None),
    ("Pressesprecher", None),
])
def test_a_spokesperson_compound_names_the_body_it_speaks_for(word, body):
    assert spokesperson_of(word) == body


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_unnamed_spokesperson_speaks_for_the_institution(de_vocab, scheme):
    quotes, mentions, _ = run_all(build(de_vocab, [EIN_POLIZEISPRECHER], scheme))
    quote = one(quotes, "zurücktrete")
    assert (quote.speaker_text, quote.speaker_canonical, quote.speaker_label) == ("Ein Polizeisprecher", "Polizei", "ORG")
    assert [m.text for m in mentions if m.entity_id == quote.speaker_entity_id] == ["Polizeisprecher"]
    quotes, _, _ = run_all(build(de_vocab, [GREENPEACE_PROTESTIERTE, EIN_KONZERNSPRECHER], scheme))
    assert one(quotes, "zurücktrete").speaker_canonical == "Greenpeace"  # a company spokesperson: the organisation named last
