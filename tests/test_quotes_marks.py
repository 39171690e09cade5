"""Quotation-mark pairing and direct quotes, with and without a parse."""
from __future__ import annotations

import random

import pytest
import spacy

from pipeline.quotes import extract_quotes, find_quote_marks


def spans(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in find_quote_marks(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Er sagte: „Wir bleiben hier.“ Dann ging er.", ["„Wir bleiben hier.“"]),
        ("Er sagte: »Wir bleiben hier.« Dann ging er.", ["»Wir bleiben hier.«"]),
        ("Er sagte: «Wir bleiben hier.» Dann ging er.", ["«Wir bleiben hier.»"]),
        ("Er sagte: ‚Wir bleiben hier.‘ Dann ging er.", ["‚Wir bleiben hier.‘"]),
        ("Er sagte: ›Wir bleiben hier.‹ Dann ging er.", ["›Wir bleiben hier.‹"]),
        ("Er sagte: \"Wir bleiben hier.\" Dann ging er.", ["\"Wir bleiben hier.\""]),
        ("Er sagte: „Wir bleiben hier.” Dann ging er.", ["„Wir bleiben hier.”"]),
    ],
)
def test_every_mark_pair(text, expected):
    assert spans(text) == expected


def test_nested_quotes_keep_both_levels():
    text = "Sie sagte: „Das Wort ‚Frieden‘ fiel nie.“"
    found = find_quote_marks(text)
    assert [(text[s:e], depth) for s, e, depth in found] == [("„Das Wort ‚Frieden‘ fiel nie.“", 0), ("‚Frieden‘", 1)]


def test_apostrophes_are_not_quotes():
    assert spans("Wie geht's? Das ist Putin's Plan und Peter’s Idee.") == []


def test_quote_spanning_sentences():
    text = "Er sagte: „Wir bleiben hier. Wir gehen nicht. Niemals.“ Dann ging er."
    assert spans(text) == ["„Wir bleiben hier. Wir gehen nicht. Niemals.“"]


def test_paragraph_reopening_continues_the_quote():
    text = "Er sagte: „Wir bleiben hier und kämpfen.\n\n„Wir gehen nicht, niemals.“ Dann ging er."
    assert spans(text) == ["„Wir bleiben hier und kämpfen.\n\n„Wir gehen nicht, niemals.“"]


def test_unclosed_quote_ends_at_its_paragraph():
    text = "Er sagte: „Wir bleiben hier und kämpfen weiter.\n\nDie Polizei kam später."
    assert spans(text) == ["„Wir bleiben hier und kämpfen weiter."]


def test_short_unclosed_mark_is_dropped():
    assert spans("Ein „Fehler\n\nNeuer Absatz.") == []


@pytest.mark.parametrize("seed", range(20))
def test_random_marks_never_crash(seed):
    rng = random.Random(seed)
    alphabet = list("„“”»«‚‘’›‹\"' \nab.,")
    text = "".join(rng.choice(alphabet) for _ in range(200))
    for start, end, depth in find_quote_marks(text):
        assert 0 <= start < end <= len(text) and depth >= 0


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def test_direct_quotes_without_any_annotation(blank):
    doc = blank("Müller trat vor. „Wir bleiben auf jeden Fall hier, das ist sicher.“ Dann ging er.")
    assert not doc.has_annotation("DEP") and not doc.has_annotation("TAG")
    quotes = extract_quotes(doc, "d", [], [])
    assert [q.quote_text for q in quotes] == ["„Wir bleiben auf jeden Fall hier, das ist sicher.“"]
    quote = quotes[0]
    assert quote.quote_type == "direct" and doc.text[quote.quote_start:quote.quote_end] == quote.quote_text
    starts = [sent.start_char for sent in doc.sents]
    assert quote.sentence_index == max(i for i, start in enumerate(starts) if start <= quote.quote_start)


@pytest.mark.parametrize(
    "text",
    [
        "Die Zeitung „Die Welt“ berichtete über den Fall.",
        "Der Film „Nackt unter Wölfen“ lief im Kino.",
        "Das sei ein „Skandal“ gewesen.",
    ],
)
def test_titles_and_scare_quotes_are_not_speech(blank, text):
    assert extract_quotes(blank(text), "d", [], []) == []


def test_unbalanced_text_never_crashes(blank):
    text = "„Erstens.\n\n»Zweitens« ‚drittens „viertens“ » ‹ \" ' “ ” « Ende"
    for quote in extract_quotes(blank(text), "d", [], []):
        assert text[quote.quote_start:quote.quote_end] == quote.quote_text


def test_cue_after_a_direct_quote_by_tags_only(de_vocab):
    from spacy.tokens import Doc

    words = ["„", "Wir", "bleiben", "auf", "jeden", "Fall", "hier", "“", ",", "sagte", "Müller", "."]
    spaces = [False, True, True, True, True, True, False, False, True, True, False, False]
    tags = ["$(", "PPER", "VVFIN", "APPR", "PIAT", "NN", "ADV", "$(", "$,", "VVFIN", "NE", "$."]
    pos = ["PUNCT", "PRON", "VERB", "ADP", "DET", "NOUN", "ADV", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"]
    lemmas = ["„", "wir", "bleiben", "auf", "jeder", "Fall", "hier", "“", ",", "sagen", "Müller", "."]
    doc = Doc(de_vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, sent_starts=[True] + [False] * 11)
    quotes = extract_quotes(doc, "d", [], [])
    assert len(quotes) == 1 and quotes[0].quote_text == "„Wir bleiben auf jeden Fall hier“"
    assert quotes[0].speaker_text == "Müller" and quotes[0].cue_lemma == "sagen"
    assert quotes[0].rule == "direct_cue_after"
