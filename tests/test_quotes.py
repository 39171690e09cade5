"""Quote extraction on hand-built Docs, TIGER and UD labels alike (no trained model)."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.quotes import extract_quotes
from pipeline.quotes.scoring import speaker_features
from pipeline.records import Entity, Mention, Quote, entity_id
from pipeline.roles import extract_roles

SCHEMES = ["tiger", "ud"]
RULE_TABLE = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "rule_confidence.tsv"
SPEAKER_WEIGHTS = RULE_TABLE.with_name("speaker_weights.tsv")
NO_SPACE_BEFORE = {",", ".", ":", "“", "!", "?", ")"}
NO_SPACE_AFTER = {"„", "("}
FIN_IND = "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"
FIN_PRES = "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
FIN_SUB = "Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"

# A row: word, STTS tag, UPOS, lemma, morph, TIGER head, TIGER dep, UD head, UD dep, entity label.
# Heads are indices within the sentence; a head equal to the row's own index marks the root.


def build(vocab: Vocab, sentences: list[list[tuple]], scheme: Optional[str]) -> Doc:
    """One Doc from several sentences; scheme "tiger"/"ud" picks the labels, None leaves no parse."""
    words, tags, pos, lemmas, morphs, heads, deps, starts, ents = [], [], [], [], [], [], [], [], []
    for sentence in sentences:
        offset = len(words)
        for i, (word, tag, upos, lemma, morph, t_head, t_dep, u_head, u_dep, ent) in enumerate(sentence):
            words.append(word)
            tags.append(tag)
            pos.append(upos)
            lemmas.append(lemma)
            morphs.append(morph)
            head, dep = (t_head, t_dep) if scheme == "tiger" else (u_head, u_dep)
            heads.append(offset + head)
            deps.append("ROOT" if head == i else dep)
            starts.append(i == 0)
            previous = ents[-1] if ents else "O"
            ents.append("O" if not ent else (f"I-{ent}" if previous.endswith(ent) and sentence[i - 1][9] == ent and i > 0 else f"B-{ent}"))
    spaces = [not (i + 1 < len(words) and (words[i + 1] in NO_SPACE_BEFORE or words[i] in NO_SPACE_AFTER)) for i in range(len(words))]
    if scheme is None:
        return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, morphs=morphs, sent_starts=starts, ents=ents)
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, morphs=morphs, heads=heads, deps=deps, ents=ents)


def people(doc: Doc, doc_id: str = "t") -> tuple[list[Mention], list[Entity]]:
    """Mentions and entities from the Doc's entities; a one-word name joins the fuller name."""
    mentions, entities = [], {}
    for index, ent in enumerate(doc.ents):
        full = next((e.text for e in doc.ents if e.text.endswith(" " + ent.text)), ent.text)
        key = entity_id(ent.label_, full)
        mentions.append(Mention(doc_id, f"{doc_id}:m{index + 1}", key, ent.text, ent.label_, ent.start_char, ent.end_char, 0))
        entity = entities.setdefault(key, Entity(key, full, ent.label_))
        entity.n_mentions += 1
    return mentions, list(entities.values())


def run(doc: Doc) -> list[Quote]:
    return extract_quotes(doc, "t", *people(doc))


def one(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.quote_text]
    assert len(hits) == 1, [q.quote_text for q in quotes]
    return hits[0]


# fmt: off
USCHAKOW = [
    ("Russland", "NE", "PROPN", "Russland", "Case=Nom", 1, "sb", 5, "nsubj", "LOC"),
    ("habe", "VAFIN", "AUX", "haben", FIN_SUB, 7, "oc", 5, "aux", ""),
    ("solche", "PIAT", "DET", "solch", "", 3, "nk", 3, "det", ""),
    ("Kontakte", "NN", "NOUN", "Kontakt", "", 5, "oa", 5, "obj", ""),
    ("nie", "ADV", "ADV", "nie", "", 5, "ng", 5, "advmod", ""),
    ("abgelehnt", "VVPP", "VERB", "ablehnen", "VerbForm=Part", 1, "oc", 7, "ccomp", ""),
    (",", "$,", "PUNCT", ",", "", 7, "punct", 5, "punct", ""),
    ("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 7, "ROOT", 7, "ROOT", ""),
    ("der", "ART", "DET", "der", "Case=Nom", 9, "nk", 9, "det", ""),
    ("Berater", "NN", "NOUN", "Berater", "Case=Nom", 7, "sb", 7, "nsubj", ""),
    ("Juri", "NE", "PROPN", "Juri", "", 11, "pnc", 9, "appos", "PER"),
    ("Uschakow", "NE", "PROPN", "Uschakow", "", 9, "nk", 10, "flat:name", "PER"),
    ("dem", "ART", "DET", "der", "Case=Dat", 13, "nk", 13, "det", ""),
    ("Korrespondenten", "NN", "NOUN", "Korrespondent", "Case=Dat", 7, "da", 7, "iobj", ""),
    (".", "$.", "PUNCT", ".", "", 7, "punct", 7, "punct", ""),
]
# The morphologizer left "garantiere" indicative: the lexical Konjunktiv rule must catch it.
GARANTIERE = [
    ("Russland", "NE", "PROPN", "Russland", "", 1, "sb", 1, "nsubj", "LOC"),
    ("garantiere", "VVFIN", "VERB", "garantieren", FIN_PRES, 1, "ROOT", 1, "ROOT", ""),
    ("Sicherheit", "NN", "NOUN", "Sicherheit", "", 1, "oa", 1, "obj", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
DABEI_IST = [
    ("Dabei", "PAV", "ADV", "dabei", "", 1, "mo", 3, "advmod", ""),
    ("ist", "VAFIN", "AUX", "sein", FIN_PRES, 1, "ROOT", 3, "cop", ""),
    ("das", "PDS", "PRON", "der", "", 1, "sb", 3, "nsubj", ""),
    ("klar", "ADJD", "ADJ", "klar", "", 1, "pd", 3, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 3, "punct", ""),
]
ER_WERDE = [
    ("Er", "PPER", "PRON", "er", "", 1, "sb", 2, "nsubj", ""),
    ("werde", "VAFIN", "AUX", "werden", FIN_PRES, 1, "ROOT", 2, "aux", ""),
    ("kommen", "VVINF", "VERB", "kommen", "VerbForm=Inf", 1, "oc", 2, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 2, "punct", ""),
]
PISTORIUS = [
    ("Verteidigungsminister", "NN", "NOUN", "Verteidigungsminister", "", 0, "ROOT", 0, "ROOT", ""),
    ("Boris", "NE", "PROPN", "Boris", "", 2, "pnc", 0, "appos", "PER"),
    ("Pistorius", "NE", "PROPN", "Pistorius", "", 0, "nk", 1, "flat:name", "PER"),
    ("reiste", "VVFIN", "VERB", "reisen", FIN_IND, 3, "ROOT", 3, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 3, "punct", 3, "punct", ""),
]
# "Der Minister teilte am Montag mit, dass er zurücktrete."
MITTEILEN = [
    ("Der", "ART", "DET", "der", "", 1, "nk", 1, "det", ""),
    ("Minister", "NN", "NOUN", "Minister", "", 2, "sb", 2, "nsubj", ""),
    ("teilte", "VVFIN", "VERB", "teilen", FIN_IND, 2, "ROOT", 2, "ROOT", ""),
    ("am", "APPRART", "ADP", "an", "", 2, "mo", 4, "case", ""),
    ("Montag", "NN", "NOUN", "Montag", "", 3, "nk", 2, "obl", ""),
    ("mit", "PTKVZ", "ADP", "mit", "", 2, "svp", 2, "compound:prt", ""),
    (",", "$,", "PUNCT", ",", "", 2, "punct", 9, "punct", ""),
    ("dass", "KOUS", "SCONJ", "dass", "", 9, "cp", 9, "mark", ""),
    ("er", "PPER", "PRON", "er", "", 9, "sb", 9, "nsubj", ""),
    ("zurücktrete", "VVFIN", "VERB", "zurücktreten", FIN_SUB, 2, "oc", 2, "ccomp", ""),
    (".", "$.", "PUNCT", ".", "", 2, "punct", 2, "punct", ""),
]
# "Wie die Polizei mitteilte, wurde niemand verletzt."
WIE_POLIZEI = [
    ("Wie", "KOKOM", "SCONJ", "wie", "", 3, "cp", 3, "mark", ""),
    ("die", "ART", "DET", "der", "", 2, "nk", 2, "det", ""),
    ("Polizei", "NN", "NOUN", "Polizei", "", 3, "sb", 3, "nsubj", ""),
    ("mitteilte", "VVFIN", "VERB", "mitteilen", FIN_IND, 5, "mo", 7, "advcl", ""),
    (",", "$,", "PUNCT", ",", "", 3, "punct", 3, "punct", ""),
    ("wurde", "VAFIN", "AUX", "werden", FIN_IND, 5, "ROOT", 7, "aux:pass", ""),
    ("niemand", "PIS", "PRON", "niemand", "", 5, "sb", 7, "nsubj:pass", ""),
    ("verletzt", "VVPP", "VERB", "verletzen", "VerbForm=Part", 5, "oc", 7, "ROOT", ""),
    (".", "$.", "PUNCT", ".", "", 5, "punct", 7, "punct", ""),
]
PUTIN_REISTE = [
    ("Putin", "NE", "PROPN", "Putin", "", 1, "sb", 1, "nsubj", "PER"),
    ("reiste", "VVFIN", "VERB", "reisen", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    ("nach", "APPR", "ADP", "nach", "", 1, "mo", 3, "case", ""),
    ("Moskau", "NE", "PROPN", "Moskau", "", 2, "nk", 1, "obl", "LOC"),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
# "Er sagte, Russland sei bereit." / "Man sagte, ..."
def er_sagte(subject: str, tag: str, lemma: str) -> list[tuple]:
    return [
        (subject, tag, "PRON", lemma, "", 1, "sb", 1, "nsubj", ""),
        ("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
        (",", "$,", "PUNCT", ",", "", 1, "punct", 5, "punct", ""),
        ("Russland", "NE", "PROPN", "Russland", "", 4, "sb", 5, "nsubj", "LOC"),
        ("sei", "VAFIN", "AUX", "sein", FIN_SUB, 1, "oc", 5, "cop", ""),
        ("bereit", "ADJD", "ADJ", "bereit", "", 4, "pd", 1, "ccomp", ""),
        (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
    ]
BEKRAEFTIGTE = [
    ("Uschakow", "NE", "PROPN", "Uschakow", "", 1, "sb", 1, "nsubj", "PER"),
    ("bekräftigte", "VVFIN", "VERB", "bekräftigen", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    ("die", "ART", "DET", "der", "", 3, "nk", 3, "det", ""),
    ("Position", "NN", "NOUN", "Position", "", 1, "oa", 1, "obj", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
# fmt: on


@pytest.mark.parametrize("scheme", SCHEMES)
def test_indirect_after_cue_with_speaker_addressee_and_free_indirect_run(de_vocab, scheme):
    doc = build(de_vocab, [USCHAKOW, GARANTIERE, DABEI_IST], scheme)
    quotes = run(doc)
    first = one(quotes, "Russland habe")
    assert first.quote_type == "indirect" and first.rule == "indirect_cue_after"
    assert first.quote_text == "Russland habe solche Kontakte nie abgelehnt"
    assert doc.text[first.quote_start:first.quote_end] == first.quote_text
    assert "Uschakow" in first.speaker_text and first.speaker_canonical == "Juri Uschakow"
    assert first.speaker_label == "PER" and first.speaker_resolution == "explicit"
    assert first.cue_lemma == "sagen" and first.addressee_text == "dem Korrespondenten"
    carried = one(quotes, "garantiere")
    assert carried.quote_type == "free_indirect" and carried.speaker_resolution == "carried_over"
    assert carried.speaker_canonical == "Juri Uschakow" and carried.sentence_index == 1
    assert not [q for q in quotes if "Dabei ist" in q.quote_text]
    assert [q.quote_id for q in quotes] == [f"t:q{n}" for n in range(1, len(quotes) + 1)]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_konjunktiv_after_an_indicative_gap_takes_the_previous_quotes_speaker(de_vocab, scheme):
    quotes = run(build(de_vocab, [USCHAKOW, DABEI_IST, ER_WERDE], scheme))
    resumed = one(quotes, "Er werde kommen")
    assert resumed.quote_type == "free_indirect" and resumed.rule == "free_indirect_resumed"
    assert resumed.speaker_sieve == "previous_quote" and resumed.speaker_text == "der Berater Juri Uschakow"
    assert resumed.speaker_canonical == "Juri Uschakow" and resumed.speaker_resolution == "carried_over"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_separable_verb_with_dass_and_role_noun_speaker(de_vocab, scheme):
    quotes = run(build(de_vocab, [PISTORIUS, MITTEILEN], scheme))
    quote = one(quotes, "dass er zurücktrete")
    assert quote.quote_text == "dass er zurücktrete" and quote.quote_type == "indirect"
    assert quote.cue_lemma == "mitteilen" and quote.cue_text.split() == ["teilte", "mit"]
    assert quote.speaker_text == "Der Minister"
    assert quote.speaker_resolution == "role" and quote.speaker_canonical == "Boris Pistorius"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_wie_x_mitteilte_with_a_non_person_source(de_vocab, scheme):
    quote = one(run(build(de_vocab, [WIE_POLIZEI], scheme)), "niemand")
    assert quote.quote_text == "wurde niemand verletzt" and quote.rule == "indirect_wie"
    assert quote.speaker_text == "die Polizei" and quote.speaker_label == "ORG"
    assert quote.cue_text.split() == ["Wie", "mitteilte"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pronoun_goes_to_the_preceding_person(de_vocab, scheme):
    quote = one(run(build(de_vocab, [PUTIN_REISTE, er_sagte("Er", "PPER", "er")], scheme)), "Russland sei")
    assert quote.speaker_text == "Er" and quote.speaker_resolution == "pronoun"
    assert quote.speaker_canonical == "Putin"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("subject", ["Man", "Es"])
def test_impersonal_subjects_are_never_speakers(de_vocab, scheme, subject):
    quote = one(run(build(de_vocab, [er_sagte(subject, "PIS", subject.lower())], scheme)), "Russland sei")
    assert quote.speaker_text == "" and quote.speaker_resolution == "none"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_reported_speech_act(de_vocab, scheme):
    quote = one(run(build(de_vocab, [BEKRAEFTIGTE], scheme)), "Position")
    assert quote.quote_type == "reported" and quote.quote_text == "Uschakow bekräftigte die Position."
    assert quote.speaker_canonical == "Uschakow" and quote.cue_lemma == "bekräftigen"


def speaker_weight_table() -> dict[str, float]:
    """speaker_weights.tsv, read here, not through the code under test."""
    lines = [line.split("\t") for line in SPEAKER_WEIGHTS.read_text("utf-8").splitlines()[2:]]
    return {name: float(value) for name, value in lines}


def expected_confidence(doc: Doc, quote: Quote) -> float:
    """The logistic of the shipped weights of the speaker's features."""
    weights = speaker_weight_table()
    return round(1 / (1 + math.exp(-sum(weights.get(f, 0.0) for f in speaker_features(doc, quote)))), 3)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_confidence_of_an_attributed_quote_comes_from_the_speaker_weights(de_vocab, scheme):
    doc = build(de_vocab, [BEKRAEFTIGTE], scheme)
    quote = one(run(doc), "Position")
    assert quote.speaker_text and not quote.speaker_sieve
    features = speaker_features(doc, quote)
    assert "source=reported_act" in features and "resolution=explicit" in features
    assert quote.confidence == expected_confidence(doc, quote)
    assert 0.0 < quote.confidence < 1.0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_confidence_of_a_sieve_speaker_comes_from_the_speaker_weights(de_vocab, scheme):
    doc = build(de_vocab, [USCHAKOW, DABEI_IST, ER_WERDE], scheme)
    resumed = one(run(doc), "Er werde kommen")
    assert resumed.speaker_sieve
    assert f"source={resumed.speaker_sieve}" in speaker_features(doc, resumed)
    assert resumed.confidence == expected_confidence(doc, resumed)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_speaker_features_know_the_quotes_length_and_mood(de_vocab, scheme):
    doc = build(de_vocab, [USCHAKOW, BEKRAEFTIGTE], scheme)
    indirect, act = one(run(doc), "Kontakte"), one(run(doc), "Position")
    # "Russland habe solche Kontakte nie abgelehnt": six words in Konjunktiv I
    assert {"quote_length=6-12", "konjunktiv=True"} <= set(speaker_features(doc, indirect))
    # "Uschakow bekräftigte die Position.": a short indicative act
    assert {"quote_length=1-5", "konjunktiv=False"} <= set(speaker_features(doc, act))


# fmt: off
# "Das Werk schließe Ende März." / "Dies teilte der Konzern am Montag mit."
WERK_SCHLIESSE = [
    ("Das", "ART", "DET", "der", "", 1, "nk", 1, "det", ""),
    ("Werk", "NN", "NOUN", "Werk", "", 2, "sb", 2, "nsubj", ""),
    ("schließe", "VVFIN", "VERB", "schließen", FIN_SUB, 2, "ROOT", 2, "ROOT", ""),
    ("Ende", "NN", "NOUN", "Ende", "", 2, "mo", 2, "obl", ""),
    ("März", "NN", "NOUN", "März", "", 3, "ag", 3, "nmod", ""),
    (".", "$.", "PUNCT", ".", "", 2, "punct", 2, "punct", ""),
]
DIES_TEILTE = [
    ("Dies", "PDS", "PRON", "dies", "", 1, "oa", 1, "obj", ""),
    ("teilte", "VVFIN", "VERB", "teilen", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    ("der", "ART", "DET", "der", "", 3, "nk", 3, "det", ""),
    ("Konzern", "NN", "NOUN", "Konzern", "", 1, "sb", 1, "nsubj", ""),
    ("am", "APPRART", "ADP", "an", "", 1, "mo", 5, "case", ""),
    ("Montag", "NN", "NOUN", "Montag", "", 4, "nk", 1, "obl", ""),
    ("mit", "PTKVZ", "ADP", "mit", "", 1, "svp", 1, "compound:prt", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
# "Müller sagte, der Plan sei „völlig verfehlt“."
PARTIAL = [
    ("Müller", "NE", "PROPN", "Müller", "", 1, "sb", 1, "nsubj", "PER"),
    ("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 1, "ROOT", 1, "ROOT", ""),
    (",", "$,", "PUNCT", ",", "", 1, "punct", 9, "punct", ""),
    ("der", "ART", "DET", "der", "", 4, "nk", 4, "det", ""),
    ("Plan", "NN", "NOUN", "Plan", "", 5, "sb", 9, "nsubj", ""),
    ("sei", "VAFIN", "AUX", "sein", FIN_SUB, 1, "oc", 9, "cop", ""),
    ("„", "$(", "PUNCT", "„", "", 9, "punct", 9, "punct", ""),
    ("völlig", "ADJD", "ADV", "völlig", "", 9, "mo", 9, "advmod", ""),
    ("falsch", "ADJD", "ADJ", "falsch", "", 9, "mo", 9, "amod", ""),
    ("verfehlt", "ADJD", "ADJ", "verfehlt", "", 5, "pd", 1, "ccomp", ""),
    ("“", "$(", "PUNCT", "“", "", 9, "punct", 9, "punct", ""),
    (".", "$.", "PUNCT", ".", "", 1, "punct", 1, "punct", ""),
]
# fmt: on


@pytest.mark.parametrize("scheme", SCHEMES)
def test_dies_points_back_to_the_previous_sentence(de_vocab, scheme):
    quote = one(run(build(de_vocab, [WERK_SCHLIESSE, DIES_TEILTE], scheme)), "Werk")
    assert quote.quote_text == "Das Werk schließe Ende März" and quote.rule == "indirect_anaphoric"
    assert quote.speaker_text == "der Konzern" and quote.cue_lemma == "mitteilen"
    assert quote.sentence_index == 0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_partial_quotation_inside_indirect_speech_keeps_the_speaker(de_vocab, scheme):
    quotes = run(build(de_vocab, [PARTIAL], scheme))
    outer = one(quotes, "der Plan sei")
    nested = [q for q in quotes if q.quote_text == "„völlig falsch verfehlt“"]
    assert outer.quote_type == "indirect" and outer.speaker_canonical == "Müller"
    assert len(nested) == 1 and nested[0].quote_type == "direct" and nested[0].rule == "direct_nested"
    assert nested[0].speaker_canonical == "Müller"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_role_speakers_use_the_roles_the_caller_passes(de_vocab, scheme):
    doc = build(de_vocab, [PISTORIUS, MITTEILEN], scheme)
    mentions, entities = people(doc)
    roles = extract_roles(doc, "t", mentions, entities)
    assert one(extract_quotes(doc, "t", mentions, entities, roles), "zurücktrete").speaker_canonical == "Boris Pistorius"
    # no role relations given: "Der Minister" stays unresolved, nothing is looked up a second time
    quote = one(extract_quotes(doc, "t", mentions, entities, []), "zurücktrete")
    assert quote.speaker_text == "Der Minister" and quote.speaker_resolution == "none"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_indefinite_role_noun_is_someone_new(de_vocab, scheme):
    sentence = [("Ein", "ART", "DET", "ein", "", 1, "nk", 1, "det", "")] + MITTEILEN[1:]
    quote = one(run(build(de_vocab, [PISTORIUS, sentence], scheme)), "zurücktrete")
    assert quote.speaker_text == "Ein Minister" and quote.speaker_resolution == "none"
