"""Pathological inputs stay linear: each input here took from 4 s to many minutes before its fix (times in
the docstrings, on a busy two-core machine) and well under a second now. No trained model;
bench/pathological.py measures the real pipeline."""
from __future__ import annotations

import time
from typing import Callable

import spacy
from spacy.tokens import Doc

from pipeline import annotate  # also registers wersagtwas_paragraphs
from pipeline.clean import LONG_PUNCT_RUN, clean_text
from pipeline.entities import extract_entities
from pipeline.gazetteer import repair_entities
from pipeline.quotes import extract_quotes, find_quote_marks

FIN = "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"
# Every input below needs well under a second now and took 4 s or more before (see each test).
LIMIT_S = 3.0


def seconds(work: Callable[[], object]) -> float:
    """CPU seconds of this process: other jobs on a busy machine stretch wall time (3.5 s for a 1.1 s case), not this."""
    started = time.process_time()
    work()
    return time.process_time() - started


def one_sentence(vocab, words: list[str], **attrs) -> Doc:
    return Doc(vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1), **attrs)


def test_long_punctuation_runs_get_a_space_every_64_marks():
    assert clean_text('"' * 200) == " ".join(['"' * 64] * 3 + ['"' * 8])
    assert clean_text("Er sagte " + "„“" * 40 + " dazu.") == "Er sagte " + "„“" * 32 + " " + "„“" * 8 + " dazu."
    assert clean_text("Linie " + "-" * LONG_PUNCT_RUN + " Ende") == "Linie " + "-" * LONG_PUNCT_RUN + " Ende"
    assert clean_text("Das ist („so“) gut!!! – sagte er…") == "Das ist („so“) gut!!! – sagte er…"


def test_tokenising_thousands_of_quote_marks_is_fast():
    """spaCy's tokenizer takes a run of marks apart one by one, rescanning the rest (6 to 18 s before)."""
    tokenizer = spacy.blank("de").tokenizer
    assert seconds(lambda: tokenizer(clean_text('"' * 6000))) < LIMIT_S


def test_a_long_stretch_without_a_sentence_end_is_cut_into_sentences():
    nlp = spacy.blank("de")
    nlp.add_pipe("wersagtwas_paragraphs")
    doc = nlp("Wort " * 700)
    assert [t.i for t in doc if t.is_sent_start] == [0, annotate.MAX_SENTENCE_TOKENS, 2 * annotate.MAX_SENTENCE_TOKENS]
    prose = nlp("Ein Satz endet hier. " * 200)  # sentence ends every five tokens: nothing to cut
    assert [t.i for t in prose if t.is_sent_start] == [0]


def test_thousands_of_line_breaks_start_their_sentences_quickly():
    """Each sentence start made spaCy check the whole doc for a parse (10,000 lines: 4 to 16 s before)."""
    nlp = spacy.blank("de")
    nlp.add_pipe("wersagtwas_paragraphs")
    assert seconds(lambda: nlp("Wort\n" * 20000)) < LIMIT_S


def test_one_sentence_of_thousands_of_speech_verbs(de_vocab):
    """The clause start was scanned back for every verb (20 s and more before)."""
    n = 8000
    doc = one_sentence(de_vocab, ["sagte"] * n, tags=["VVFIN"] * n, pos=["VERB"] * n, lemmas=["sagen"] * n, morphs=[FIN] * n)
    assert seconds(lambda: extract_quotes(doc, "t", [], [])) < LIMIT_S


def test_one_sentence_of_thousands_of_quotes(de_vocab):
    """Each quote listed its sentence's words outside all other quotes (over 15 minutes before)."""
    words = ["„", "a", "“", "b"] * 2000
    doc = one_sentence(de_vocab, words, tags=["$(" if w in "„“" else "NN" for w in words],
                       pos=["PUNCT" if w in "„“" else "NOUN" for w in words])
    assert seconds(lambda: extract_quotes(doc, "t", [], [])) < LIMIT_S


def test_thousands_of_sentences(de_vocab):
    """The paragraph sieve joined the whole text once per sentence (over two minutes before)."""
    words = ["Wort", "\n"] * 10000
    doc = Doc(de_vocab, words=words, spaces=[False] * len(words), sent_starts=[i % 2 == 0 for i in range(len(words))],
              tags=["NN", "_SP"] * 10000, pos=["NOUN", "SPACE"] * 10000)
    assert seconds(lambda: extract_quotes(doc, "t", [], [])) < LIMIT_S


def test_thousands_of_people(de_vocab):
    """Surnames were matched against every earlier cluster, speakers against every mention (4 to 10 s before)."""
    words, ents = [], []
    for k in range(1500):
        words += [f"Vorname{k}", f"Name{k}", "sagte", ",", f"Name{k}", "sagte", "."]
        ents += ["B-PER", "I-PER", "O", "O", "B-PER", "O", "O"]
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    doc = Doc(de_vocab, words=words, ents=ents, sent_starts=starts, tags=["NE" if e != "O" else "VVFIN" for e in ents],
              pos=["PROPN" if e != "O" else "VERB" for e in ents], morphs=["" if e != "O" else FIN for e in ents])

    def extract() -> None:
        mentions, entities = extract_entities(doc, "t")
        assert len(entities) == 1500  # "Name7" joins "Vorname7 Name7"
        extract_quotes(doc, "t", mentions, entities)

    assert seconds(extract) < LIMIT_S


def test_thousands_of_places_after_a_sentence_initial_article(de_vocab):
    """ "Den Haag" at a sentence start joined the whole text again for each such place (12 s before)."""
    doc = Doc(de_vocab, words=["Den", "Haag", "liegt", "."] * 3000, ents=["O", "B-LOC", "O", "O"] * 3000,
              sent_starts=[True, False, False, False] * 3000)
    assert seconds(lambda: extract_entities(doc, "t")) < LIMIT_S


def test_thousands_of_gazetteer_names(de_vocab):
    """Each gazetteer name was compared with every entity (6 to 20 s before)."""
    doc = Doc(de_vocab, words=["Berlin", "Müller"] * 5000, ents=["O", "B-PER"] * 5000)
    assert seconds(lambda: repair_entities(doc)) < LIMIT_S
    assert [e.label_ for e in doc.ents[:2]] == ["LOC", "PER"]


def test_thousands_of_nested_quote_marks():
    """Every mark walked down the stack of open quotes (20 to 54 s before)."""
    assert seconds(lambda: find_quote_marks("„ " * 20000)) < LIMIT_S
