"""Rule confidences: each quote rule's token precision on the quotes_news_2024 train split.

    .venv/bin/python -m pipeline.evaluate.calibrate --gold ../shared/corpora/quotes_news_2024/data/train

Runs the real pipeline over the train articles, scores them like `evaluate_quotes`, and writes
`pipeline/resources/rule_confidence.tsv`: per rule the share of its predicted quote tokens that
lie in the aligned gold quote (the quote's `confidence`), its speaker token precision and its
number of quotes. Only train is used, so dev scores stay honest.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .quotes import evaluate_quotes

log = logging.getLogger(__name__)

# A rule's quotes with one kind of speaker resolution get their own confidence from this many on.
MIN_SPLIT_QUOTES = 15
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resources" / "rule_confidence.tsv"


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
    # Split rows (rule|speaker resolution) only where train has enough quotes to measure them.
    for key in sorted(k for k in by_rule if "|" in k and by_rule[k]["n"] >= MIN_SPLIT_QUOTES):
        row = by_rule[key]
        lines.append(f"{key}\t\t{row['speaker_p']:.1f}\t{row['n']}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="train split folder (*.json)")
    parser.add_argument("--model", default="auto")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from ..annotate import load_model, model_label
    from ..quotes.registry import uncalibrated

    nlp = load_model(args.model)
    with uncalibrated():
        result = evaluate_quotes(nlp, args.gold, split_by_type=False)
    source = f"quotes_news_2024 {args.gold.name} ({result['documents']} articles)"
    try:
        write_confidences(result["by_rule"], args.out, source, model_label(nlp))
    except ValueError as err:
        raise SystemExit(f"calibrate: {err}") from err
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
