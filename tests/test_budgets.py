"""Budgets and fault isolation: one bad or slow document becomes one error row, the rest go on (no trained model)."""
from __future__ import annotations

import logging
import signal
import threading
import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import annotate, run
from pipeline.budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS, OverBudget, deadline
from pipeline.records import Document

SLEEP = 2.0  # a slow component sleeps this long; every budget below is a fraction of it


@Language.component("test_explodes_on_kaputt")
def explodes_on_kaputt(doc: Doc) -> Doc:
    if "KAPUTT" in doc.text:
        raise RuntimeError("boom\nsecond line")
    return doc


@Language.component("test_sleeps_on_langsam")
def sleeps_on_langsam(doc: Doc) -> Doc:
    if "LANGSAM" in doc.text:
        time.sleep(SLEEP)
    return doc


SEEN: list[str] = []


@Language.component("test_records_texts")
def records_texts(doc: Doc) -> Doc:
    SEEN.append(doc.text)
    return doc


def toy(*components: str) -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def docs(*texts: str) -> list[Document]:
    return [Document(f"d{i}", f"{text.split()[0].lower().strip('.')}.txt", text=text) for i, text in enumerate(texts)]


def test_defaults_are_the_documented_budgets():
    assert run.DEFAULT_MAX_CHARS == DEFAULT_MAX_CHARS == 200_000
    assert run.DEFAULT_MAX_SECONDS == DEFAULT_MAX_SECONDS == 60


def test_a_failing_document_fails_alone_and_the_order_stays():
    nlp = toy("test_explodes_on_kaputt")
    inputs = docs("Eins ist gut.", "KAPUTT ist es.", "Drei ist gut.", "Vier ist gut.", "Fünf ist gut.")
    pairs = list(annotate.annotate(nlp, inputs, batch_size=2))
    assert [d.doc_id for d, _ in pairs] == ["d0", "d1", "d2", "d3", "d4"]
    assert [d.status for d, _ in pairs] == ["ok", "error", "ok", "ok", "ok"]
    assert pairs[1][0].error == "annotation failed on kaputt.txt: RuntimeError: boom second line"
    assert pairs[1][1] is None
    # the good documents are what nlp.pipe gives them without the bad one
    expected = [d.to_json() for d in toy().pipe([d.text for d in inputs if "KAPUTT" not in d.text])]
    assert [doc.to_json() for d, doc in pairs if doc is not None] == expected


def test_good_input_is_annotated_as_nlp_pipe_does():
    nlp = toy()
    inputs = docs("Eins. Zwei.", "Drei vier.", "Fünf.")
    pairs = list(annotate.annotate(nlp, inputs, batch_size=2))
    assert [doc.to_json() for _, doc in pairs] == [d.to_json() for d in nlp.pipe([d.text for d in inputs], batch_size=2)]
    assert all(d.status == "ok" and d.error == "" for d, _ in pairs)


def test_a_slow_document_runs_out_of_time_alone():
    nlp = toy("test_sleeps_on_langsam")
    inputs = docs("Eins ist gut.", "LANGSAM ist es.", "Drei ist gut.")
    started = time.monotonic()
    pairs = list(annotate.annotate(nlp, inputs, batch_size=3, max_seconds=0.2))
    assert time.monotonic() - started < SLEEP  # the batch (0.6 s) and the document alone (0.2 s) were cut short
    assert [d.status for d, _ in pairs] == ["ok", "error", "ok"]
    assert pairs[1][0].error == "over the time budget of 0.2 s (--max-seconds) in annotate (langsam.txt)"
    assert pairs[0][1].text == "Eins ist gut." and pairs[2][1].text == "Drei ist gut."


def test_a_document_over_max_chars_never_reaches_spacy():
    SEEN.clear()
    nlp = toy("test_records_texts")
    inputs = docs("Kurz.", "Lang " * 4)
    pairs = list(annotate.annotate(nlp, inputs, max_chars=10))
    assert pairs[1][0].status == "error" and pairs[1][1] is None
    assert pairs[1][0].error == "too long: 20 characters, the limit is 10 (--max-chars) (lang.txt); split the article"
    assert "Lang" not in "".join(SEEN) and pairs[0][1].text == "Kurz."


def test_the_model_limit_applies_when_it_is_lower():
    nlp = toy()
    nlp.max_length = 5
    (document, doc), = annotate.annotate(nlp, docs("Lang genug."), max_chars=100)
    assert doc is None and "the limit is 5 (the model's max_length)" in document.error


def test_a_slow_rule_stage_becomes_an_error_row(monkeypatch):
    def slow_quotes(doc, doc_id, mentions, entities, roles=None):
        if doc_id == "d1":
            time.sleep(SLEEP)
        return []

    monkeypatch.setattr(run, "extract_quotes", slow_quotes)
    results = list(run.analyze(toy(), docs("Eins.", "Zwei.", "Drei."), max_seconds=0.2))
    assert [r.document.status for r in results] == ["ok", "error", "ok"]
    assert results[1].document.error == "over the time budget of 0.2 s (--max-seconds) in quotes (zwei.txt)"
    assert results[1].doc is None and results[2].doc is not None


def test_analyze_passes_max_chars_on():
    results = list(run.analyze(toy(), docs("Kurz.", "Viel zu lang."), max_chars=8))
    assert [r.document.status for r in results] == ["ok", "error"]
    assert results[1].document.error.startswith("too long: 13 characters, the limit is 8 (--max-chars)")


def test_no_budget_means_no_limit():
    for seconds in (None, 0, -1):
        with deadline(seconds):
            time.sleep(0.01)
    pairs = list(annotate.annotate(toy(), docs("Lang " * 5), max_chars=None, max_seconds=None))
    assert pairs[0][0].status == "ok"


def test_deadline_raises_and_restores_the_previous_handler_and_timer():
    def previous(signum, frame):  # pragma: no cover - never fires
        raise AssertionError("the old handler must not fire")

    old = signal.signal(signal.SIGALRM, previous)
    try:
        started = time.monotonic()
        with pytest.raises(OverBudget, match="over the time budget of 0.1 s"):
            with deadline(0.1):
                time.sleep(SLEEP)
        assert time.monotonic() - started < 1
        assert signal.getsignal(signal.SIGALRM) is previous
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, old)


def test_an_outer_deadline_resumes_after_an_inner_one():
    started = time.monotonic()
    with pytest.raises(OverBudget, match="0.3 s"):
        with deadline(0.3):
            with deadline(5):
                time.sleep(0.05)
            time.sleep(SLEEP)  # the outer budget still runs: 0.25 s left
    assert time.monotonic() - started < 1
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_deadline_is_a_no_op_outside_the_main_thread(caplog):
    outcome: list[str] = []

    def work():
        try:
            with deadline(0.05):
                time.sleep(0.2)
            outcome.append("finished")
        except OverBudget:  # pragma: no cover - the failure this test looks for
            outcome.append("interrupted")

    with caplog.at_level(logging.DEBUG, logger="pipeline.budget"):
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    assert outcome == ["finished"]
    assert "no time budget outside the main thread" in caplog.text
