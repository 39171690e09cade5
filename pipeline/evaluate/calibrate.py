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


def write_confidences(by_rule: dict, out: Path, source: str, model: str) -> None:
    """The rule and sieve table as TSV with a comment line that says where the numbers come from.

    Every registered rule and sieve gets a row; one that never fired on the split is an error,
    not a silent 0.0 (give it a fixture on train-like text or remove it from the registry).
    """
    from ..quotes.registry import rule_names

    missing = [name for name in rule_names() if not by_rule.get(name, {}).get("n")]
    if missing:
        raise SystemExit(f"calibrate: {', '.join(missing)} never fired on {source}: no confidence can be measured")
    lines = [
        f"# Quote and speaker token precision of each rule and speaker sieve on {source} (model {model}); "
        "regenerate with `make calibrate`.",
        "rule\tquote_precision\tspeaker_precision\tn",
    ]
    for rule in rule_names():
        row = by_rule[rule]
        lines.append(f"{rule}\t{row['quote_p']:.1f}\t{row['speaker_p']:.1f}\t{row['n']}")
    # Split rows (rule|speaker resolution) only where train has enough quotes to measure them.
    for key in sorted(k for k in by_rule if "|" in k and by_rule[k]["n"] >= MIN_SPLIT_QUOTES):
        row = by_rule[key]
        lines.append(f"{key}\t\t{row['speaker_p']:.1f}\t{row['n']}")
    unregistered = sorted({k.split("|")[0] for k in by_rule} - set(rule_names()))
    if unregistered:
        raise SystemExit(f"calibrate: rules missing from the registry: {', '.join(unregistered)}")
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
    write_confidences(result["by_rule"], args.out, f"quotes_news_2024 {args.gold.name} ({result['documents']} articles)", model_label(nlp))
    log.info("wrote %s (%d rules)", args.out, len(result["by_rule"]))


if __name__ == "__main__":
    main()
