"""Benchmark quote attribution on the quotes_news_2024 dev split.

    .venv/bin/python bench/quotes.py [--gold ../shared/corpora/quotes_news_2024/data/dev] [--model auto]
                                     [--json OUT] [--seed seeds/000_98d687d6ed5f3761.txt] [--write-baseline]

Runs the real pipeline (`pipeline.run.analyze`) over the gold articles, prints token-level
P/R/F1 for quote, speaker and cue overall and by type (scoring: pipeline/evaluate/quotes.py),
the published QUiTE baseline beside it, the time of the quotes stage against the annotate
stage measured in the same run, and the seed-article attribution check. --write-baseline
stores the overall quote and speaker F1 in bench/quotes_dev_scores.json, the floor that
tests/test_quotes_regression.py holds the pipeline to (run it after an improvement).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # seed_facts: the seed facts the integration test checks too

import pipeline.run as run  # noqa: E402
from pipeline.annotate import load_model, model_label  # noqa: E402
from pipeline.evaluate.quotes import evaluate_quotes, format_table  # noqa: E402
from pipeline.quotes.registry import rule_names  # noqa: E402
from pipeline.records import Document  # noqa: E402
from seed_facts import SEED_NOT_QUOTES, SEED_QUOTES  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "corpora" / "quotes_news_2024" / "data" / "dev"
DEFAULT_SEED = ROOT / "seeds" / "000_98d687d6ed5f3761.txt"
BASELINE = ROOT / "bench" / "quotes_dev_scores.json"
BASELINE_COMMAND = ".venv/bin/python bench/quotes.py --write-baseline  (or: make quotes-baseline)"
QUITE = "QUiTE (GermEval 2023 rule-based baseline, published, on test): message F1 47.9 (P 70.8, R 36.2), speaker F1 31.7"


class _Timer:
    """Wraps a stage function and adds up the seconds spent in it."""

    def __init__(self, fn):
        self.fn, self.seconds = fn, 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def seed_check(nlp, path: Path) -> list[str]:
    """One line per seed fact: OK or FAIL with what was found."""
    text = path.read_text("utf-8")
    result = next(run.analyze(nlp, [Document(doc_id="seed", source=str(path), text=text)]))
    lines = []
    for fragment, name in SEED_QUOTES:
        hits = [q for q in result.quotes if fragment in q.quote_text]
        good = [q for q in hits if name in q.speaker_canonical]
        status = "OK  " if good else "FAIL"
        found = "; ".join(f"{q.quote_type}/{q.rule} -> {q.speaker_canonical or q.speaker_text or '-'}" for q in hits) or "no quote"
        lines.append(f"{status} {name:<9} {fragment[:55]:<57} {found}")
    for fragment in SEED_NOT_QUOTES:
        hits = [q for q in result.quotes if fragment in q.quote_text]
        lines.append(f"{'FAIL' if hits else 'OK  '} (none)    {fragment[:55]:<57} {'quoted by ' + hits[0].rule if hits else 'not a quote'}")
    return lines


def write_baseline(result: dict, model: str, path: Path = BASELINE) -> None:
    """Overall dev quote and speaker F1 as the regression test's floor."""
    scores = {
        "quote_f1": result["overall"]["quote"]["f1"],
        "speaker_f1": result["overall"]["speaker"]["f1"],
        "model": model,
        "documents": result["documents"],
        "command": BASELINE_COMMAND,
    }
    path.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--write-baseline", action="store_true", help=f"store the overall F1s in {BASELINE.relative_to(ROOT)}")
    args = parser.parse_args()
    # The regression test scores the dev split with the auto-selected model: a floor from anything else is meaningless.
    if args.write_baseline and (args.gold.resolve() != DEFAULT_GOLD.resolve() or args.model != "auto"):
        parser.error("--write-baseline needs the default --gold (the dev split) and --model auto, as the regression test uses")

    nlp = load_model(args.model)
    quotes_timer, entities_timer = _Timer(run.extract_quotes), _Timer(run.extract_entities)
    run.extract_quotes, run.extract_entities = quotes_timer, entities_timer
    result = evaluate_quotes(nlp, args.gold, split_by_type=True)
    run.extract_quotes, run.extract_entities = quotes_timer.fn, entities_timer.fn

    annotate_s = result["pipeline_seconds"] - quotes_timer.seconds - entities_timer.seconds
    print(f"model: {model_label(nlp)}   gold: {args.gold} ({result['documents']} articles)")
    print(format_table(result))
    print()
    print("rules and speaker sieves in registry order (quote token precision / speaker token precision / n on this split;")
    print("a sieve's row counts the speakers it gave, its rule's row the quotes):")
    for rule in rule_names():
        row = result["by_rule"].get(rule, {"quote_p": 0.0, "speaker_p": 0.0, "n": 0})
        print(f"  {rule:<28}{row['quote_p']:>6.1f}{row['speaker_p']:>7.1f}{row['n']:>6}")
    print()
    print("speaker precision by confidence (quotes with a speaker at or above each bound):")
    for band, row in result["speaker_p_by_confidence"].items():
        print(f"  confidence {band:<8}{row['speaker_p']:>6.1f} %{row['quotes']:>6} quotes")
    print()
    print(QUITE)
    print(
        f"time: annotate {annotate_s:.2f} s, entities {entities_timer.seconds:.2f} s, "
        f"quotes {quotes_timer.seconds:.2f} s = {100 * quotes_timer.seconds / max(annotate_s, 1e-9):.1f} % of annotate"
    )
    if args.seed and args.seed.is_file():
        print()
        print(f"seed article {args.seed.name}:")
        print("\n".join("  " + line for line in seed_check(nlp, args.seed)))
    print()
    print(f"reproduce: .venv/bin/python bench/quotes.py --gold {args.gold} --model {args.model}   (or: make bench-quotes)")
    if args.write_baseline:
        write_baseline(result, model_label(nlp))
        overall = result["overall"]
        print(f"wrote {BASELINE.relative_to(ROOT)}: quote F1 {overall['quote']['f1']}, speaker F1 {overall['speaker']['f1']}")
    if args.json:
        result["timing"] = {
            "annotate_s": round(annotate_s, 2),
            "entities_s": round(entities_timer.seconds, 2),
            "quotes_s": round(quotes_timer.seconds, 2),
        }
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
