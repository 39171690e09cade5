"""Regression gate: dev quote and speaker F1 may not fall below the committed baseline.

The baseline is bench/quotes_dev_scores.json; after an improvement, raise it with
`.venv/bin/python bench/quotes.py --write-baseline` (or `make quotes-baseline`).
"""
import json
from pathlib import Path

import pytest

from pipeline.evaluate.quotes import evaluate_quotes

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpora" / "quotes_news_2024" / "data" / "dev"
BASELINE = ROOT / "bench" / "quotes_dev_scores.json"
# Half a point of slack for unrelated changes that shift a few tokens; a real loss is larger.
TOLERANCE = 0.5
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def dev_scores(nlp) -> dict:
    if not DEV.is_dir():
        pytest.skip(f"quotes_news_2024 dev split not found at {DEV} (the corpora live in ../shared/corpora)")
    return evaluate_quotes(nlp, DEV)["overall"]


@pytest.mark.parametrize("role,key", [("quote", "quote_f1"), ("speaker", "speaker_f1")])
def test_dev_f1_holds_the_baseline(dev_scores, role, key):
    baseline = json.loads(BASELINE.read_text("utf-8"))
    measured = dev_scores[role]["f1"]
    assert measured >= baseline[key] - TOLERANCE, (
        f"dev {role} F1 {measured} fell below the baseline {baseline[key]} (tolerance {TOLERANCE}); "
        f"if the loss is intended, regenerate with: {baseline['command']}"
    )
