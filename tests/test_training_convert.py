"""The SmartData conversion of training/convert.py, on hand-made documents."""
import sys
from pathlib import Path

import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import convert  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def _doc(text, mentions):
    """A SmartData document in its Avro-JSON shape: (surface, type) mentions found in the text."""
    found = []
    for surface, kind in mentions:
        start = text.index(surface)
        found.append({"type": kind, "span": {"start": start, "end": start + len(surface)}})
    return {"text": {"string": text}, "conceptMentions": {"array": found}}


@pytest.mark.parametrize("surface,trimmed", [
    ("Stournaras.", "Stournaras"), ("BERLIN,", "BERLIN"), ("Landkreis Konstanz\n", "Landkreis Konstanz"),
    ("BlackRock, Inc.", "BlackRock, Inc."), ("Berlin Bornholmer Str.", "Berlin Bornholmer Str."),
    ("Praha hl.n.", "Praha hl.n."),
])
def test_mentions_lose_a_trailing_character_but_not_an_abbreviation_dot(surface, trimmed):
    assert convert._trim_mention(surface) == trimmed


def test_types_map_to_labels_and_non_names_stay_outside(nlp):
    text = "Der Flugbegleiter sagte in Frankfurt, die Lufthansa und Carsten Spohr planten europäischen Ausbau."
    doc = _doc(text, [("Flugbegleiter", "person"), ("Frankfurt", "location-city"),
                      ("Lufthansa", "organization-company"), ("Carsten Spohr", "person"),
                      ("europäischen", "location"), ("Ausbau", "trigger")])
    [(tokens, tags)] = convert._smartdata_sents(nlp, doc, {"Flugbegleiter"})
    tagged = {t: g for t, g in zip(tokens, tags) if g != "O"}
    assert tagged == {"Frankfurt": "B-LOC", "Lufthansa": "B-ORG", "Carsten": "B-PER", "Spohr": "I-PER"}


def test_a_mention_inside_a_token_is_left_out_not_the_sentence(nlp):
    text = "Die Pläne auf EU-Ebene stießen in Brüssel auf breite Zustimmung."
    doc = _doc(text, [("EU", "organization"), ("Brüssel", "location-city")])
    [(tokens, tags)] = convert._smartdata_sents(nlp, doc, set())
    assert [t for t, g in zip(tokens, tags) if g != "O"] == ["Brüssel"]


def test_headline_fragments_are_dropped(nlp):
    doc = _doc("Lufthansa streikt\nDie Piloten der Lufthansa legen am Montag die Arbeit nieder.",
               [("Lufthansa", "organization-company")])
    sents = convert._smartdata_sents(nlp, doc, set())
    assert [tokens[0] for tokens, _ in sents] == ["Die"]


def test_teacher_misc_spans_on_o_tokens_become_misc():
    import add_misc
    iob = ["O", "O", "O", "B-PER", "I-PER", "O"]
    # (1, 3): on O tokens -> MISC; (2, 4): overlaps a gold person -> gold kept as it is
    assert add_misc.with_misc(iob, [(1, 3), (2, 4)]) == ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "O"]


def test_java_offsets_after_an_emoji_are_mapped_to_python_characters(nlp):
    text = "Toll 😀 die Lufthansa streikt heute in ganz Deutschland wieder."
    start = text.index("Lufthansa") + 1  # UTF-16: the emoji is two code units
    doc = {"text": {"string": text}, "conceptMentions": {"array": [
        {"type": "organization-company", "span": {"start": start, "end": start + len("Lufthansa")}}]}}
    [(tokens, tags)] = convert._smartdata_sents(nlp, doc, set())
    assert [t for t, g in zip(tokens, tags) if g != "O"] == ["Lufthansa"]


@pytest.mark.parametrize("surface,is_name", [
    ("dpa", True), ("adidas", True), ("#Hamburg", True), ("europäischen", False),
    ("chinesische", False), ("Flugbegleiter", False),
])
def test_lowercase_names_stay_names_but_derived_adjectives_do_not(surface, is_name):
    assert convert._is_name(surface, {"Flugbegleiter"}) is is_name
