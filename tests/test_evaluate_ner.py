"""Unit tests for pipeline.evaluate.ner (no trained model needed, except the marked test)."""
from __future__ import annotations

import pytest
import spacy

from pipeline.evaluate.ner import bio_spans, evaluate_ner, read_gold, score_spans

GERMEVAL = (
    "#\thttp://example.org/a\t[2009-10-23]\n"
    "1\tWladimir\tB-PER\tO\n"
    "2\tPutin\tI-PER\tO\n"
    "3\tflog\tO\tO\n"
    "4\tnach\tO\tO\n"
    "5\tMoskau\tB-LOC\tO\n"
    "6\tzur\tO\tO\n"
    "7\tUNO\tB-ORG\tO\n"
    "\n"
    "#\thttp://example.org/b\t[2009-10-23]\n"
    "1\tDie\tO\tO\n"
    "2\tKiewer\tB-LOCderiv\tO\n"
    "3\tTagesschau\tB-OTH\tO\n"
    "4\tin\tO\tO\n"
    "5\tBerlin\tB-LOC\tO\n"
    "6\tEU-Staaten\tB-ORGpart\tO\n"
    "\n"
)

IOB2 = (
    "# sent_id = 1\n"
    "# text = Olaf Scholz besucht Paris\n"
    "1\tOlaf\tB-PER\t-\t-\n"
    "2\tScholz\tI-PER\t-\t-\n"
    "3\tbesucht\tO\t-\t-\n"
    "4\tParis\tB-LOC\t-\t-\n"
    "\n"
    "# sent_id = 2\n"
    "1\tBerlin\tI-LOC\t-\t-\n"
    "2\tliegt\tO\t-\t-\n"
)


def test_read_germeval(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(GERMEVAL, encoding="utf8")
    gold = read_gold(p, "germeval")
    assert len(gold) == 2
    assert gold[0][0][:2] == ["Wladimir", "Putin"]
    assert gold[0][1] == ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "B-ORG"]
    # OTH -> MISC, -deriv/-part -> O
    assert gold[1][1] == ["O", "O", "B-MISC", "O", "B-LOC", "O"]


def test_read_iob2(tmp_path):
    p = tmp_path / "u.iob2"
    p.write_text(IOB2, encoding="utf8")  # no trailing blank line on purpose
    gold = read_gold(p, "iob2")
    assert [t for t, _ in gold] == [["Olaf", "Scholz", "besucht", "Paris"], ["Berlin", "liegt"]]
    # an I- without a preceding entity starts one
    assert bio_spans(gold[1][1]) == {(0, 1, "LOC")}
    with pytest.raises(ValueError):
        read_gold(p, "conll")


def test_score_spans_numbers():
    gold = [{(0, 2, "PER"), (4, 5, "LOC"), (6, 7, "ORG")}, {(2, 3, "MISC"), (4, 5, "LOC")}]
    pred = [{(1, 2, "PER"), (4, 5, "LOC"), (6, 7, "ORG")}, {(2, 3, "MISC"), (4, 5, "ORG"),
                                                           (0, 1, "DATE")}]
    s = score_spans(gold, pred)
    # DATE never occurs in gold -> ignored. tp=3 (LOC, ORG, MISC), pred=5, gold=5
    assert s["overall"]["p"] == pytest.approx(60.0)
    assert s["overall"]["r"] == pytest.approx(60.0)
    assert s["overall"]["f1"] == pytest.approx(60.0)
    assert s["per_label"]["PER"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}
    assert s["per_label"]["LOC"]["p"] == pytest.approx(100.0)
    assert s["per_label"]["LOC"]["r"] == pytest.approx(50.0)
    assert s["per_label"]["ORG"]["p"] == pytest.approx(50.0)
    assert s["per_label"]["ORG"]["support"] == 1


def test_evaluate_ner_runs_pipeline(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(GERMEVAL, encoding="utf8")
    gold = read_gold(p, "germeval")
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PER", "pattern": [{"ORTH": "Wladimir"}, {"ORTH": "Putin"}]},
        {"label": "LOC", "pattern": "Moskau"},
        {"label": "ORG", "pattern": "Berlin"},       # wrong label
        {"label": "PRODUCT", "pattern": "flog"},     # label gold never uses: ignored
    ])
    s = evaluate_ner(nlp, gold)
    # gold: PER, LOC, ORG (s1) + MISC, LOC (s2) = 5; pred (scored): PER, LOC, ORG(Berlin) = 3; tp 2
    assert s["overall"]["p"] == pytest.approx(200 / 3)
    assert s["overall"]["r"] == pytest.approx(40.0)
    assert s["overall"]["f1"] == pytest.approx(50.0)
    assert s["per_label"]["PER"]["f1"] == pytest.approx(100.0)
    assert s["per_label"]["MISC"]["r"] == 0.0
    assert "PRODUCT" not in s["per_label"]


@pytest.mark.model
def test_trained_model_seed_entities():
    nlp = spacy.load("de_wersagtwas_news")
    doc = nlp("Kremlsprecher Dmitri Peskow sagte in Moskau, Russland sei bereit.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Moskau", "LOC") in ents
    assert any(label == "PER" and "Peskow" in text for text, label in ents)
