"""The confidence table: every registered rule and sieve, thin rows pulled towards their type."""
from __future__ import annotations

import pytest

from pipeline.evaluate.calibrate import MIN_SPLIT_QUOTES, write_confidences
from pipeline.quotes import registry
from pipeline.quotes.registry import RULES, SIEVES, rule_names


def rows(n: int = 40, quote_p: float = 80.0, speaker_p: float = 70.0) -> dict:
    table = {name: {"n": n, "quote_p": quote_p, "speaker_p": speaker_p} for name in rule_names()}
    for sieve in SIEVES:
        table[sieve.name]["quote_p"] = 0.0
    return table


def read(path) -> dict[str, list[str]]:
    return {line.split("\t")[0]: line.split("\t")[1:] for line in path.read_text("utf-8").splitlines()[2:]}


def test_every_registered_rule_and_sieve_gets_a_row(tmp_path):
    out = tmp_path / "c.tsv"
    write_confidences(rows(), out, "train", "m")
    assert list(read(out)) == rule_names()


def test_a_rule_that_never_fired_is_an_error(tmp_path):
    table = rows()
    table[RULES[0].name]["n"] = 0
    with pytest.raises(ValueError, match=RULES[0].name):
        write_confidences(table, tmp_path / "c.tsv", "train", "m")


def test_an_unregistered_rule_is_an_error(tmp_path):
    table = rows()
    table["made_up_rule|explicit"] = {"n": 30, "quote_p": 0.0, "speaker_p": 50.0}
    with pytest.raises(ValueError, match="made_up_rule"):
        write_confidences(table, tmp_path / "c.tsv", "train", "m")


def test_a_rule_measured_on_one_quote_is_pulled_towards_its_type(tmp_path):
    table = rows(speaker_p=60.0)
    lucky = next(r.name for r in RULES if r.name == "frame_gemäß")
    table[lucky] = {"n": 1, "quote_p": 100.0, "speaker_p": 100.0}
    table["indirect_cue_first|explicit"] = {"n": MIN_SPLIT_QUOTES, "quote_p": 0.0, "speaker_p": 90.0}
    table["indirect_cue_first|pronoun"] = {"n": MIN_SPLIT_QUOTES - 1, "quote_p": 0.0, "speaker_p": 10.0}
    out = tmp_path / "c.tsv"
    write_confidences(table, out, "train", "m")
    written = read(out)
    assert 60.0 < float(written[lucky][1]) < 65.0  # 1 quote at 100 against 15 at the type's ~60
    assert written["indirect_cue_first|explicit"][1] == "90.0"
    assert "indirect_cue_first|pronoun" not in written


def test_the_shipped_table_covers_the_registry_and_a_missing_row_fails(tmp_path, monkeypatch):
    assert set(rule_names()) <= set(registry.calibration())
    assert not [name for name in registry.rule_confidence() if "|" in name]
    thin = tmp_path / "rule_confidence.tsv"
    thin.write_text("rule\tquote_precision\tspeaker_precision\tn\ndirect_so\t90.0\t80.0\t9\n", "utf-8")
    monkeypatch.setattr(registry.resources, "files", lambda package: tmp_path)
    registry.calibration.cache_clear()
    try:
        with pytest.raises(KeyError, match="make calibrate"):
            registry.calibration()
    finally:
        monkeypatch.undo()
        registry.calibration.cache_clear()


def test_a_speaker_takes_the_finest_row_train_measured():
    table = read(registry.resources.files("pipeline.resources").joinpath("rule_confidence.tsv"))
    fine = "indirect_cue_first|explicit|PER"
    assert fine in table, "the shipped table has no split row for named persons of indirect_cue_first"
    assert registry.confidence("indirect_cue_first", "", True, "explicit", "PER") == round(float(table[fine][1]) / 100, 3)
    assert registry.confidence("indirect_cue_first", "", True, "made_up", "PER") == round(float(table["indirect_cue_first"][1]) / 100, 3)
    assert registry.confidence("indirect_cue_first", "", False) == round(float(table["indirect_cue_first"][0]) / 100, 3)
