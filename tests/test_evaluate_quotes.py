"""The quote scorer: token sets, one-to-one alignment, P/R/F1 and the real-pipeline run."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

from pipeline.evaluate.quotes import (
    Span,
    align,
    char_range_tokens,
    cue_offsets,
    evaluate_quotes,
    format_table,
    read_gold,
    score,
    speaker_outcomes,
)
from pipeline.records import Quote

TEXT = "„Wir bleiben auf jeden Fall hier, das ist sicher.“, sagte Müller. Laut Polizei war alles ruhig."


def write_article(folder: Path, name: str, text: str, annotations: list[dict]) -> None:
    tokens = [
        {"id": i, "text": m.group(), "charBegin": m.start(), "charEnd": m.end(), "sentence": 0, "word": i}
        for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))
    ]
    data = {"documentName": f"{name} - Test (2024-01-01)", "originalText": text, "tokens": tokens,
            "sentences": [], "annotations": annotations}
    (folder / f"{name}.pretty.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def role(text: str, fragment: str) -> dict:
    """A gold role dict with the ids of the tokens that make up `fragment`."""
    start = text.index(fragment)
    end = start + len(fragment)
    ids = [i for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text)) if m.start() >= start and m.end() <= end]
    return {"text": fragment, "tokenIds": ids, "spans": []}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    write_article(tmp_path, "1", TEXT, [
        {"type": "Direct", "quote": role(TEXT, "„Wir bleiben auf jeden Fall hier, das ist sicher.“"),
         "speaker": role(TEXT, "Müller"), "cue": role(TEXT, "sagte"), "addressee": [], "frame": []},
        {"type": "Indirect", "quote": role(TEXT, "war alles ruhig"),
         "speaker": role(TEXT, "Polizei"), "cue": role(TEXT, "Laut"), "addressee": [], "frame": []},
    ])
    return tmp_path


def test_read_gold_maps_types_and_tokens(gold_dir):
    [doc] = read_gold(gold_dir)
    assert doc.doc_id == "1" and doc.text == TEXT
    assert [q.qtype for q in doc.quotes] == ["direct", "indirect"]
    assert len(doc.quotes[1].quote) == 3


def test_missing_gold_folder_says_what_to_pass(tmp_path):
    with pytest.raises(FileNotFoundError, match="split folder"):
        read_gold(tmp_path)


def test_char_ranges_take_tokens_by_majority():
    offsets = [(0, 4), (5, 9), (10, 14)]
    assert char_range_tokens(offsets, 0, 9) == {0, 1}
    assert char_range_tokens(offsets, 6, 12) == {1, 2}  # 3 of 4 and 2 of 4 characters
    assert char_range_tokens(offsets, 8, 11) == frozenset()
    assert char_range_tokens(offsets, None, None) == frozenset()


def test_cue_words_are_placed_nearest_the_speaker():
    text = "Er sagte nichts. Später sagte Müller, es regne."
    quote = Quote("d", "d:q1", 1, "indirect", "es regne", 38, 46, cue_text="sagte", speaker_start=30, speaker_end=36)
    assert cue_offsets(text, quote) == [(24, 29)]


def test_alignment_is_one_to_one_and_maximises_overlap():
    gold = [Span("direct", frozenset(range(0, 4))), Span("direct", frozenset(range(3, 6)))]
    pred = [Span("direct", frozenset(range(0, 5))), Span("direct", frozenset(range(3, 6)))]
    assert sorted(align(gold, pred)) == [(0, 0), (1, 1)]
    assert align(gold, [Span("direct", frozenset({10}))]) == []


def test_scores_count_tokens_of_aligned_pairs(gold_dir):
    [doc] = read_gold(gold_dir)
    start = TEXT.index("war")
    predictions = {"1": [
        # the indirect quote with one extra token and the right speaker; no direct quote
        Quote("1", "1:q1", 1, "indirect", "Polizei war alles ruhig", start - 8, start + 15, cue_text="Laut",
              speaker_text="Polizei", speaker_start=start - 8, speaker_end=start - 1),
    ]}
    result = score([doc], predictions, split_by_type=True)
    overall = result["overall"]
    gold_quote_tokens = len(doc.quotes[0].quote) + 3
    assert overall["quote"]["p"] == 75.0  # 3 of 4 predicted tokens
    assert overall["quote"]["r"] == round(100 * 3 / gold_quote_tokens, 1)
    assert overall["speaker"] == {"p": 100.0, "r": 50.0, "f1": 66.7}
    assert overall["cue"]["p"] == 100.0 and overall["cue"]["r"] == 50.0
    assert overall["found50"] == 50.0 and overall["found80"] == 50.0
    assert result["by_type"]["Direct"]["quote"]["r"] == 0.0
    assert result["by_type"]["Indirect"]["quote"]["p"] == 75.0
    assert set(result["by_type"]) == {"Direct", "Indirect", "FreeIndirect", "Reported"}
    assert "quote P" in format_table(result) and "Indirect" in format_table(result)


def test_a_quotes_gap_is_not_scored_as_quote(gold_dir):
    [doc] = read_gold(gold_dir)
    start = TEXT.index("Polizei")
    # "Polizei war alles ruhig" with "Polizei" as the frame inside it: 3 of 3 predicted tokens are right
    gapped = Quote("1", "1:q1", 1, "indirect", "Polizei war alles ruhig", start, start + 23, gap_start=start, gap_end=start + 7)
    assert score([doc], {"1": [gapped]})["overall"]["quote"]["p"] == 100.0
    whole = Quote("1", "1:q1", 1, "indirect", "Polizei war alles ruhig", start, start + 23)
    assert score([doc], {"1": [whole]})["overall"]["quote"]["p"] == 75.0


def test_evaluate_runs_the_real_pipeline(gold_dir):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    result = evaluate_quotes(nlp, gold_dir, split_by_type=True)
    # A blank pipeline still finds the direct quote by its marks and the "laut" frame.
    assert result["by_type"]["Direct"]["quote"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    assert result["overall"]["quote"]["r"] == 100.0
    assert result["overall"]["speaker"]["p"] == 100.0 and result["documents"] == 1


def test_sieve_speakers_and_confidence_bands_are_scored_apart(gold_dir):
    [doc] = read_gold(gold_dir)
    start, muller = TEXT.index("war"), TEXT.index("Müller")
    predictions = {"1": [
        # right speaker from a sieve, high confidence
        Quote("1", "1:q1", 0, "direct", TEXT[:TEXT.index("“") + 1], 0, TEXT.index("“") + 1, speaker_text="Müller",
              speaker_start=muller, speaker_end=muller + 6, rule="direct_unattributed", speaker_sieve="previous_quote",
              speaker_resolution="carried_over", confidence=0.9),
        # right quote, wrong speaker of its own rule, low confidence
        Quote("1", "1:q2", 1, "indirect", "war alles ruhig", start, start + 15, speaker_text="Müller",
              speaker_start=muller, speaker_end=muller + 6, rule="frame_laut", speaker_resolution="none", confidence=0.2),
    ]}
    result = score([doc], predictions)
    rows = result["by_rule"]
    assert rows["previous_quote"]["speaker_p"] == 100.0 and rows["previous_quote"]["n"] == 1
    assert rows["direct_unattributed"]["speaker_p"] == 0.0 and rows["direct_unattributed"]["n"] == 1
    assert rows["frame_laut"]["speaker_p"] == 0.0 and rows["frame_laut"]["quote_p"] == 100.0
    assert not [key for key in rows if "|" in key]  # speakers are scored by their features now, not split rows
    bands = result["speaker_p_by_confidence"]
    assert bands[">= 0.9"] == {"speaker_p": 100.0, "quotes": 1}
    assert bands[">= 0.0"] == {"speaker_p": 50.0, "quotes": 2}
    # what `make calibrate` fits the speaker weights to: per speaker, its features and right tokens
    outcomes = speaker_outcomes(doc, predictions["1"], [["bias", "a"], ["bias", "b"]])
    assert [(o.features, o.shared, o.tokens) for o in outcomes] == [(["bias", "a"], 1, 1), (["bias", "b"], 0, 1)]
