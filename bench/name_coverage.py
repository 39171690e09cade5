"""Person recall split by whether the model's static vectors know every word of the name.

    .venv/bin/python bench/name_coverage.py [--model auto] [GOLD.spacy ...]

The bundled model's NER reads Brown clusters of about 268k capitalised words as static vectors
(training/clusters.py). This prints, per gold file, the gold PER entities whose capitalised words
are all in that table ("known") and the others ("unknown"), and the project pipeline's recall
(exact span and label) on each group: how much of the PER score rests on the table. Default gold
files are the two NER dev sets that `make model` writes (last 400 GermEval dev sentences,
SmartData v3 dev); gold must be a DocBin with entities.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, DocBin  # noqa: E402

from pipeline.annotate import load_model  # noqa: E402

DEV_SETS = {
    "training/corpus/ner_gold_dev.spacy": 400,  # the tail that picks model-best (training/README)
    "training/corpus/ner_smartdata_dev.spacy": None,
}


def person_recall(nlp, gold: list[Doc]) -> dict[str, list[int]]:
    """Gold PER entities and hits by whether all their capitalised words have a vector."""
    keys = nlp.vocab.vectors.key2row
    counts = {"known": [0, 0], "unknown": [0, 0]}
    # pre-tokenised, as `wersagtwas evaluate ner` runs it, so spans compare by token index
    docs = nlp.pipe(Doc(nlp.vocab, words=[t.text for t in g]) for g in gold)
    for g, p in zip(gold, docs):
        predicted = {(e.start, e.end) for e in p.ents if e.label_ == "PER"}
        for e in g.ents:
            if e.label_ != "PER":
                continue
            group = "known" if all(t.orth in keys for t in e if t.text[:1].isupper()) else "unknown"
            counts[group][0] += 1
            counts[group][1] += (e.start, e.end) in predicted
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", help="DocBin files with gold entities (default: the two NER dev sets)")
    ap.add_argument("--model", default="auto")
    args = ap.parse_args()
    files = {f: None for f in args.gold} if args.gold else DEV_SETS
    nlp = load_model(args.model)
    print(f"model: {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}, "
          f"{len(nlp.vocab.vectors.key2row):,} words with vectors")
    print(f"\n{'gold':42s} {'group':8s} {'PER':>5s} {'share':>6s} {'recall':>7s}")
    for path, tail in files.items():
        file = Path(path) if Path(path).exists() else ROOT / path
        if not file.exists():
            print(f"{path}: missing (run `make model`, or training/convert.py germeval / smartdata)")
            continue
        gold = list(DocBin().from_disk(file).get_docs(nlp.vocab))
        gold = gold[-tail:] if tail else gold
        counts = person_recall(nlp, gold)
        total = sum(n for n, _ in counts.values())
        for group, (n, hits) in counts.items():
            print(f"{Path(path).name:42s} {group:8s} {n:5d} {100 * n / max(total, 1):5.1f}% "
                  f"{100 * hits / max(n, 1):6.1f}%")
    print(f"\nReproduce: .venv/bin/python bench/name_coverage.py --model {args.model}"
          + "".join(f" {f}" for f in args.gold))


if __name__ == "__main__":
    main()
