"""The lexical Konjunktiv I rule and the component that adds Mood=Sub."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline import konjunktiv


@pytest.fixture(scope="session")
def vocab():
    return spacy.blank("de").vocab


def _doc(vocab, words, tags, lemmas, morphs=None, heads=None, deps=None):
    return Doc(vocab, words=words, tags=tags, lemmas=lemmas, morphs=morphs, heads=heads, deps=deps)


@pytest.mark.parametrize(
    "lemma,expected",
    [("garantieren", "garantiere"), ("können", "könne"), ("sein", "sei"), ("ändern", "ändere"), ("zu", None)],
)
def test_konjunktiv_i_from_lemma(lemma, expected):
    assert konjunktiv.konjunktiv_i_from_lemma(lemma) == expected


# fmt: off
@pytest.mark.parametrize(
    "words,tags,lemmas,index,expected",
    [
        (["Russland", "garantiere", "die", "Sicherheit"], ["NE", "VVFIN", "ART", "NN"],
         ["Russland", "garantieren", "der", "Sicherheit"], 1, True),
        (["Das", "sei", "falsch"], ["PDS", "VAFIN", "ADJD"], ["der", "sein", "falsch"], 1, True),
        (["Er", "könne", "kommen"], ["PPER", "VMFIN", "VVINF"], ["er", "können", "kommen"], 1, True),
        (["Sie", "seien", "bereit"], ["PPER", "VAFIN", "ADJD"], ["sie", "sein", "bereit"], 1, True),
        # past tense -te is not Konjunktiv I
        (["Er", "sagte", "das"], ["PPER", "VVFIN", "PDS"], ["er", "sagen", "der"], 1, False),
        # 3rd person indicative
        (["Er", "hat", "recht"], ["PPER", "VAFIN", "NN"], ["er", "haben", "recht"], 1, False),
        # 1st person singular looks the same but is indicative
        (["Ich", "habe", "recht"], ["PPER", "VAFIN", "NN"], ["ich", "haben", "recht"], 1, False),
        (["Heute", "garantiere", "ich", "das"], ["ADV", "VVFIN", "PPER", "PDS"], ["heute", "garantieren", "ich", "der"], 1, False),
        (["weil", "ich", "es", "nicht", "gesagt", "habe"], ["KOUS", "PPER", "PPER", "PTKNEG", "VVPP", "VAFIN"],
         ["weil", "ich", "es", "nicht", "sagen", "haben"], 5, False),
        # plural Konjunktiv I equals the indicative: left alone
        (["Sie", "haben", "recht"], ["PPER", "VAFIN", "NN"], ["sie", "haben", "recht"], 1, False),
        # not finite
        (["zu", "garantieren"], ["PTKZU", "VVINF"], ["zu", "garantieren"], 1, False),
        # no lemma: -iere is still recognised, an unknown -e form is not guessed
        (["Russland", "garantiere", "das"], ["NE", "VVFIN", "PDS"], ["", "", ""], 1, True),
        (["Er", "wartete", "lange"], ["PPER", "VVFIN", "ADV"], ["", "", ""], 1, False),
    ],
)
# fmt: on
def test_is_konjunktiv_i(vocab, words, tags, lemmas, index, expected):
    doc = _doc(vocab, words, tags, lemmas)
    assert konjunktiv.is_konjunktiv_i(doc[index]) is expected


@pytest.mark.parametrize("subject_dep,root_dep", [("sb", "ROOT"), ("nsubj", "ROOT")])
def test_parse_subject_blocks_first_person(vocab, subject_dep, root_dep):
    # "Das habe ich nie gesagt": inversion with the subject after the object
    words = ["Das", "habe", "ich", "nie", "gesagt"]
    doc = _doc(
        vocab, words, ["PDS", "VAFIN", "PPER", "ADV", "VVPP"], ["der", "haben", "ich", "nie", "sagen"],
        heads=[4, 1, 1, 4, 1] if subject_dep == "sb" else [4, 4, 4, 4, 4],
        deps=["oa", root_dep, subject_dep, "mo", "oc"] if subject_dep == "sb" else ["obj", "aux", subject_dep, "advmod", root_dep],
    )
    assert konjunktiv.is_konjunktiv_i(doc[1]) is False


def test_component_adds_mood_and_keeps_features(vocab):
    doc = _doc(
        vocab, ["Russland", "garantiere", "das", "."], ["NE", "VVFIN", "PDS", "$."],
        ["Russland", "garantieren", "der", "."],
        morphs=["Case=Nom", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "", ""],
    )
    konjunktiv.mark_konjunktiv(doc)
    features = doc[1].morph.to_dict()
    assert features["Mood"] == "Sub"
    assert features["Tense"] == "Pres" and features["Number"] == "Sing"
    assert doc[0].morph.to_dict() == {"Case": "Nom"}


def test_component_leaves_indicative_alone(vocab):
    doc = _doc(vocab, ["Ich", "habe", "Zeit"], ["PPER", "VAFIN", "NN"], ["ich", "haben", "Zeit"],
               morphs=["", "Mood=Ind|Person=1", ""])
    konjunktiv.mark_konjunktiv(doc)
    assert doc[1].morph.get("Mood") == ["Ind"]


def test_component_without_tags_is_a_no_op():
    nlp = spacy.blank("de")
    nlp.add_pipe("wersagtwas_konjunktiv")
    doc = nlp("Russland garantiere das.")
    assert all(not token.morph.get("Mood") for token in doc)


# fmt: off
@pytest.mark.parametrize(
    "words,tags,index,expected",
    [
        (["Die", "Preise", "dürften", "steigen"], ["ART", "NN", "VMFIN", "VVINF"], 2, True),
        (["Das", "wäre", "falsch"], ["PDS", "VAFIN", "ADJD"], 1, True),
        (["Er", "bliebe", "zu", "Hause"], ["PPER", "VVFIN", "APPR", "NN"], 1, True),
        # plural without umlaut is also the indicative past
        (["Sie", "blieben", "zu", "Hause"], ["PPER", "VVFIN", "APPR", "NN"], 1, False),
        # not a finite verb
        (["die", "Wäre"], ["ART", "NN"], 1, False),
    ],
)
# fmt: on
def test_is_konjunktiv_ii(vocab, words, tags, index, expected):
    doc = Doc(vocab, words=words, tags=tags)
    assert konjunktiv.is_konjunktiv_ii(doc[index]) is expected


def test_component_marks_konjunktiv_ii(vocab):
    doc = Doc(vocab, words=["Die", "Preise", "dürften", "steigen"], tags=["ART", "NN", "VMFIN", "VVINF"],
              morphs=["", "", "Mood=Ind|VerbForm=Fin", "VerbForm=Inf"])
    konjunktiv.mark_konjunktiv(doc)
    assert doc[2].morph.get("Mood") == ["Sub"] and doc[3].morph.get("Mood") == []
