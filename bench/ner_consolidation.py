"""NER scores before and after the corpus pass's label vote (`wersagtwas evaluate ner --consolidate`).

    .venv/bin/python bench/ner_consolidation.py [--model auto] [--corpus training/corpus] [--markdown]

Scores the dev slices (last 400 GermEval 2014 dev sentences, SmartData v3 dev: the ones the
default was chosen on) and the held-out slices (last 900 GermEval 2014 test sentences, SmartData v3
test: reported, never tuned on), all written by `make model` (training/convert.py germeval /
smartdata). Rows: the model's per-sentence doc.ents (--no-consolidate), then the corpus pass with
each --derived mode (drop is the default). P / R / F1 per label and micro, percent.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from pipeline.annotate import load_model  # noqa: E402
from pipeline.evaluate.ner import bio_spans, consolidated_spans, read_gold, score_spans  # noqa: E402

SLICES = (
    ("GermEval dev (400)", "germeval_dev.tsv", "germeval"),
    ("SmartData dev (1,142)", "smartdata_dev.iob2", "iob2"),
    ("GermEval held-out (900)", "germeval_heldout.tsv", "germeval"),
    ("SmartData held-out (1,181)", "smartdata_heldout.iob2", "iob2"),
)
ROWS = (("--no-consolidate", None), ("--consolidate (drop)", "drop"),
        ("--derived misc", "misc"), ("--derived model", "model"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="auto")
    ap.add_argument("--corpus", default=str(ROOT / "training/corpus"))
    ap.add_argument("--markdown", action="store_true", help="print markdown tables (docs/entities.md)")
    args = ap.parse_args()
    nlp = load_model(args.model)
    print(f"model: {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}")
    for title, name, fmt in SLICES:
        path = Path(args.corpus) / name
        if not path.exists():
            print(f"\n{title}: {path} missing (run `make model` or training/convert.py {fmt.replace('iob2', 'smartdata')})")
            continue
        gold = read_gold(path, fmt)
        docs = list(nlp.pipe(Doc(nlp.vocab, words=list(toks)) for toks, _ in gold))
        gold_spans = [bio_spans(tags) for _, tags in gold]
        plain = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in docs]
        scores = [(row, score_spans(gold_spans, plain if mode is None else consolidated_spans(docs, mode)))
                  for row, mode in ROWS]
        labels = sorted(scores[0][1]["per_label"])
        print(f"\n{title}: {path}, {len(gold)} sentences (P / R / F1)")
        cols = ["micro", *labels]
        if args.markdown:
            print("| | " + " | ".join(cols) + " |\n|---|" + "---|" * len(cols))
        else:
            print(f"  {'':22s}" + "".join(f"{c:>20s}" for c in cols))
        for row, s in scores:
            cells = [s["overall"]] + [s["per_label"][lab] for lab in labels]
            text = [f"{c['p']:.1f} / {c['r']:.1f} / {c['f1']:.1f}" for c in cells]
            if args.markdown:
                print(f"| {row} | " + " | ".join(text) + " |")
            else:
                print(f"  {row:22s}" + "".join(f"{t:>20s}" for t in text))
    print(f"\nReproduce: .venv/bin/python bench/ner_consolidation.py --model {args.model}"
          f"{' --markdown' if args.markdown else ''}\n  one slice: wersagtwas evaluate ner --gold "
          "training/corpus/germeval_heldout.tsv --format germeval [--no-consolidate]")


if __name__ == "__main__":
    main()
