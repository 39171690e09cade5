"""Unit tests for pipeline.evaluate.ner (no trained model needed, except the marked test)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.evaluate.ner import bio_spans, consolidated_spans, evaluate_ner, read_gold, score_spans

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


# Corpus pass before scoring (`evaluate ner --consolidate`): a name the model calls LOC twice and PER once.
FLIP_GOLD = (
    "1\tZamonien\tB-LOC\tO\n2\tliegt\tO\tO\n3\tim\tO\tO\n4\tMeer\tO\tO\n\n"
    "1\tWir\tO\tO\n2\treisen\tO\tO\n3\tnach\tO\tO\n4\tZamonien\tB-LOC\tO\n\n"
    "1\tZamonien\tB-LOC\tO\n2\tsagt\tO\tO\n3\tnichts\tO\tO\n\n"
    "1\tDie\tO\tO\n2\tBerliner\tB-LOCderiv\tO\n3\tfeiern\tO\tO\n\n"
)


@spacy.Language.component("test_flip_ner")
def _flip_ner(doc):
    """"Zamonien" is PER where the sentence has "sagt", LOC elsewhere; "Berliner" is LOC."""
    label = "PER" if any(t.text == "sagt" for t in doc) else "LOC"
    doc.ents = [doc.char_span(t.idx, t.idx + len(t), label=label) for t in doc if t.text in ("Zamonien", "Berliner")]
    return doc


def _flip_nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("test_flip_ner")
    return nlp


def test_consolidate_votes_one_label_per_name(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(FLIP_GOLD, encoding="utf8")
    gold = read_gold(p, "germeval")
    nlp = _flip_nlp()
    docs = list(nlp.pipe(Doc(nlp.vocab, words=toks) for toks, _ in gold))
    plain = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in docs]
    assert plain[2] == {(0, 1, "PER")}
    voted = consolidated_spans(docs)
    assert voted[:3] == [{(0, 1, "LOC")}, {(3, 4, "LOC")}, {(0, 1, "LOC")}]
    # "Berliner" is a demonym (its stem is a place): not a name by default, MISC as in mentions.csv, or as the model said
    assert voted[3] == set()
    assert consolidated_spans(docs, "misc")[3] == {(1, 2, "MISC")}
    assert consolidated_spans(docs, "model")[3] == {(1, 2, "LOC")}
    with pytest.raises(ValueError):
        consolidated_spans(docs, "keep")

    before = evaluate_ner(nlp, gold, consolidate=False)
    after = evaluate_ner(nlp, gold, consolidate=True)
    assert before["per_label"]["LOC"]["r"] == pytest.approx(200 / 3)
    assert after["per_label"]["LOC"] == pytest.approx({"p": 100.0, "r": 100.0, "f1": 100.0, "support": 3})
    # gold has no PER, so the PER span is not scored: 2 of LOC, LOC, LOC (Berliner)
    assert before["overall"]["p"] == pytest.approx(200 / 3)
    assert after["overall"]["f1"] == pytest.approx(100.0)


def test_cli_consolidates_by_default(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from pipeline import cli

    p = tmp_path / "g.tsv"
    p.write_text(FLIP_GOLD, encoding="utf8")
    monkeypatch.setattr(cli, "_model", lambda name: _flip_nlp())
    runner = CliRunner()
    f1 = {}
    for flags in ([], ["--no-consolidate"], ["--derived", "model"]):
        out = tmp_path / f"s{len(f1)}.json"
        result = runner.invoke(cli.app, ["evaluate", "ner", "--gold", str(p), "--json", str(out), *flags])
        assert result.exit_code == 0, result.output
        f1[" ".join(flags)] = json.loads(out.read_text(encoding="utf8"))["overall"]["f1"]
    assert f1[""] == pytest.approx(100.0)
    assert f1["--no-consolidate"] == pytest.approx(200 / 3)  # LOC, LOC, LOC (Berliner) scored, 2 right of 3
    assert f1["--derived model"] < 100.0  # "Berliner" scored as the model's LOC
    bad = runner.invoke(cli.app, ["evaluate", "ner", "--gold", str(p), "--derived", "keep"])
    assert bad.exit_code == 2
