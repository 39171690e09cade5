"""Confidences from the quotes_news_2024 train split: rule precisions and the speaker weights.

    .venv/bin/python -m pipeline.evaluate.calibrate --gold ../shared/corpora/quotes_news_2024/data/train

Runs the real pipeline over the train articles, scores them like `evaluate_quotes`, and writes
`pipeline/resources/rule_confidence.tsv` (per rule the share of its predicted quote tokens that
lie in the aligned gold quote — the confidence of a quote without a speaker —, its speaker token
precision and its number of quotes) and `pipeline/resources/speaker_weights.tsv` (a logistic
regression over the speaker features of `pipeline.quotes.scoring`, fitted to each predicted
speaker's token precision, weighted by its tokens; the L2 strength is chosen by 5-fold
cross-validation on train). Only train is used, so dev scores stay honest.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from .quotes import SpeakerOutcome, evaluate_quotes

log = logging.getLogger(__name__)

# A rule's quotes with one kind of speaker resolution get their own confidence from this many on.
MIN_SPLIT_QUOTES = 15
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_OUT = RESOURCES / "rule_confidence.tsv"
# A feature seen on fewer train speakers gets no weight (it would only memorise those quotes).
MIN_FEATURE_COUNT = 5
L2_STRENGTHS = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5


def _prior(rows: list[dict], key: str) -> float:
    """The quote-weighted mean of a precision column over the rows that measured it (a rule that gives no speakers has none)."""
    weighted = [(row[key], row["n"]) for row in rows if row["n"] and row[key]]
    total = sum(n for _, n in weighted)
    return sum(p * n for p, n in weighted) / total if total else 0.0


def _shrunk(value: float, n: int, prior: float) -> float:
    """A precision measured on few quotes, pulled towards its prior as if MIN_SPLIT_QUOTES quotes had the prior's value."""
    return value if n >= MIN_SPLIT_QUOTES else (n * value + MIN_SPLIT_QUOTES * prior) / (n + MIN_SPLIT_QUOTES)


def write_confidences(by_rule: dict, out: Path, source: str, model: str) -> None:
    """The rule and sieve table as TSV with a comment line that says where the numbers come from.

    Every registered rule and sieve gets a row; one that never fired on the split is an error,
    not a silent 0.0 (give it a fixture on train-like text or remove it from the registry). A
    row measured on fewer than MIN_SPLIT_QUOTES quotes is pulled towards the quote-weighted mean
    precision of its quote type (a sieve: of the sieves), so one lucky quote never makes a confidence of 1.0.
    """
    from ..quotes.registry import RULES, SIEVES, rule_names

    missing = [name for name in rule_names() if not by_rule.get(name, {}).get("n")]
    if missing:
        raise ValueError(f"{', '.join(missing)} never fired on {source}: no confidence can be measured")
    unregistered = sorted({k.split("|")[0] for k in by_rule} - set(rule_names()))
    if unregistered:
        raise ValueError(f"rules missing from the registry: {', '.join(unregistered)}")
    by_type: dict[str, list[dict]] = {}
    for rule in RULES:
        by_type.setdefault(rule.qtype, []).append(by_rule[rule.name])
    lines = [
        f"# Quote and speaker token precision of each rule and speaker sieve on {source} (model {model}); "
        f"rows from fewer than {MIN_SPLIT_QUOTES} quotes are pulled towards their type's quote-weighted mean precision; "
        "regenerate with `make calibrate`.",
        "rule\tquote_precision\tspeaker_precision\tn",
    ]
    for rule in sorted(RULES, key=lambda r: r.precedence):
        row, pool = by_rule[rule.name], by_type[rule.qtype]
        quote_p = _shrunk(row["quote_p"], row["n"], _prior(pool, "quote_p"))
        speaker_p = _shrunk(row["speaker_p"], row["n"], _prior(pool, "speaker_p")) if row["speaker_p"] else 0.0
        lines.append(f"{rule.name}\t{quote_p:.1f}\t{speaker_p:.1f}\t{row['n']}")
    sieves = [by_rule[sieve.name] for sieve in SIEVES]
    for sieve in sorted(SIEVES, key=lambda s: s.precedence):
        row = by_rule[sieve.name]
        lines.append(f"{sieve.name}\t\t{_shrunk(row['speaker_p'], row['n'], _prior(sieves, 'speaker_p')):.1f}\t{row['n']}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _design(outcomes: list[SpeakerOutcome], names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(outcomes), len(names)))
    for row, outcome in enumerate(outcomes):
        for name in outcome.features:
            if name in index:
                matrix[row, index[name]] = 1.0
    return matrix


def _fit(x: np.ndarray, target: np.ndarray, weight: np.ndarray, strength: float) -> np.ndarray:
    """Token-weighted logistic regression on fractional targets; column 0 (the bias) is not penalised."""
    penalty = np.full(x.shape[1], strength)
    penalty[0] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        eps = 1e-9
        value = -(weight * (target * np.log(p + eps) + (1 - target) * np.log(1 - p + eps))).sum() + (penalty * w * w).sum()
        return float(value), x.T @ (weight * (p - target)) + 2 * penalty * w

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def _log_loss(x: np.ndarray, target: np.ndarray, weight: np.ndarray, w: np.ndarray) -> float:
    p = np.clip(1.0 / (1.0 + np.exp(-(x @ w))), 1e-9, 1 - 1e-9)
    return float(-(weight * (target * np.log(p) + (1 - target) * np.log(1 - p))).sum())


def fit_speaker_weights(outcomes: list[SpeakerOutcome]) -> tuple[dict[str, float], float]:
    """Feature weights and the L2 strength that predicted held-out folds of train best."""
    from ..quotes.scoring import BIAS

    counts: dict[str, int] = {}
    for outcome in outcomes:
        for name in outcome.features:
            counts[name] = counts.get(name, 0) + 1
    names = [BIAS] + sorted(name for name, n in counts.items() if n >= MIN_FEATURE_COUNT and name != BIAS)
    x = _design(outcomes, names)
    target = np.array([o.shared / o.tokens for o in outcomes])
    weight = np.array([float(o.tokens) for o in outcomes])
    # Contiguous folds keep an article's quotes together (outcomes come in document order).
    fold = np.arange(len(outcomes)) * FOLDS // max(len(outcomes), 1)
    losses = {}
    for strength in L2_STRENGTHS:
        losses[strength] = 0.0
        for k in range(FOLDS):
            held, kept = fold == k, fold != k
            w = _fit(x[kept], target[kept], weight[kept], strength)
            losses[strength] += _log_loss(x[held], target[held], weight[held], w)
    best = min(L2_STRENGTHS, key=lambda strength: losses[strength])
    w = _fit(x, target, weight, best)
    return dict(zip(names, (float(v) for v in w))), best


def write_speaker_weights(weights: dict[str, float], out: Path, source: str, model: str, strength: float, n: int) -> None:
    """The speaker weights as TSV, largest effects first, with a comment line saying where they come from."""
    from ..quotes.scoring import BIAS

    lines = [
        f"# Speaker confidence weights (logistic regression, L2 {strength:g} chosen by {FOLDS}-fold CV) fitted to the "
        f"speaker token precision of {n} predicted speakers on {source} (model {model}); features seen fewer than "
        f"{MIN_FEATURE_COUNT} times have none; regenerate with `make calibrate`.",
        "feature\tweight",
    ]
    ordered = sorted(weights.items(), key=lambda item: (item[0] != BIAS, -abs(item[1]), item[0]))
    lines += [f"{name}\t{value:.4f}" for name, value in ordered]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="train split folder (*.json)")
    parser.add_argument("--model", default="auto")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--weights-out", type=Path, default=RESOURCES / "speaker_weights.tsv")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from ..annotate import load_model, model_label
    from ..quotes.registry import uncalibrated

    nlp = load_model(args.model)
    outcomes: list[SpeakerOutcome] = []
    with uncalibrated():
        result = evaluate_quotes(nlp, args.gold, split_by_type=False, outcomes=outcomes)
    source = f"quotes_news_2024 {args.gold.name} ({result['documents']} articles)"
    try:
        write_confidences(result["by_rule"], args.out, source, model_label(nlp))
    except ValueError as err:
        raise SystemExit(f"calibrate: {err}") from err
    weights, strength = fit_speaker_weights(outcomes)
    write_speaker_weights(weights, args.weights_out, source, model_label(nlp), strength, len(outcomes))
    log.info("wrote %s and %s (%d weights, L2 %g)", args.out, args.weights_out, len(weights), strength)


if __name__ == "__main__":
    main()
