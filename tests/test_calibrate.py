"""The confidence tables: every registered rule and sieve, thin rows pulled towards their type; the speaker weights."""
from __future__ import annotations

import math

import pytest

from pipeline.evaluate.calibrate import L2_STRENGTHS, MIN_SPLIT_QUOTES, fit_speaker_weights, write_confidences, write_speaker_weights
from pipeline.evaluate.quotes import SpeakerOutcome
from pipeline.quotes import registry, scoring
from pipeline.quotes.registry import RULES, SIEVES, rule_names
from pipeline.quotes.scoring import BIAS, WEIGHTS_FILE, probability


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
    steady = next(r.name for r in RULES if r.name == "indirect_cue_first")
    table[steady] = {"n": MIN_SPLIT_QUOTES, "quote_p": 90.0, "speaker_p": 90.0}
    out = tmp_path / "c.tsv"
    write_confidences(table, out, "train", "m")
    written = read(out)
    assert 60.0 < float(written[lucky][1]) < 65.0  # 1 quote at 100 against 15 at the type's ~60
    assert written[steady][1] == "90.0"  # measured on enough quotes: kept as it is


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


def outcomes(good: int = 40, bad: int = 40) -> list[SpeakerOutcome]:
    """Speakers with the feature `good` were right, those with `bad` wrong; `rare` appears on 2 of them."""
    rows = [SpeakerOutcome([BIAS, "good"], 3, 3) for _ in range(good)]
    rows += [SpeakerOutcome([BIAS, "bad"], 0, 2) for _ in range(bad)]
    rows[0].features.append("rare")
    rows[-1].features.append("rare")
    return rows


def test_speaker_weights_separate_right_from_wrong_speakers():
    weights, strength = fit_speaker_weights(outcomes())
    assert strength in L2_STRENGTHS
    assert weights["good"] > 1.0 and weights["bad"] < -1.0
    assert "rare" not in weights  # seen fewer than MIN_FEATURE_COUNT times
    assert probability([BIAS, "good"], weights) > 0.8 > 0.2 > probability([BIAS, "bad"], weights)


def test_speaker_weights_round_trip_and_a_missing_table_fails(tmp_path, monkeypatch):
    weights, strength = fit_speaker_weights(outcomes())
    write_speaker_weights(weights, tmp_path / WEIGHTS_FILE, "train", "m", strength, 80)
    assert (tmp_path / WEIGHTS_FILE).read_text("utf-8").startswith("# Speaker confidence weights")
    monkeypatch.setattr(scoring.resources, "files", lambda package: tmp_path)
    scoring.speaker_weights.cache_clear()
    try:
        assert scoring.speaker_weights() == pytest.approx(weights, abs=1e-4)
        (tmp_path / WEIGHTS_FILE).unlink()
        scoring.speaker_weights.cache_clear()
        with pytest.raises(KeyError, match="make calibrate"):
            scoring.speaker_weights()
    finally:
        monkeypatch.undo()
        scoring.speaker_weights.cache_clear()


def shipped_weights() -> dict[str, float]:
    """speaker_weights.tsv read here, not through the code under test."""
    path = scoring.resources.files("pipeline.resources").joinpath(WEIGHTS_FILE)
    lines = [line.split("\t") for line in path.read_text("utf-8").splitlines()[2:]]
    return {name: float(value) for name, value in lines}


def test_a_speakers_confidence_is_the_logistic_of_its_shipped_weights():
    weights = shipped_weights()
    features = [BIAS, "source=indirect_cue_first", "resolution=explicit", "label=PER", "subject=True", "made_up=1"]
    expected = 1 / (1 + math.exp(-sum(weights.get(f, 0.0) for f in features)))
    assert registry.confidence("indirect_cue_first", features) == round(expected, 3)
    table = read(registry.resources.files("pipeline.resources").joinpath("rule_confidence.tsv"))
    assert registry.confidence("indirect_cue_first") == round(float(table["indirect_cue_first"][0]) / 100, 3)


def test_shipped_weights_trust_a_named_subject_more_than_an_unresolved_phrase():
    named = [BIAS, "source=indirect_cue_first", "resolution=explicit", "label=PER", "entity=True", "subject=True"]
    unresolved = [BIAS, "source=indirect_cue_first", "resolution=none", "label=-", "entity=False", "subject=False"]
    assert registry.confidence("indirect_cue_first", named) > registry.confidence("indirect_cue_first", unresolved) + 0.1
