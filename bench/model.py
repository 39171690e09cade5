"""Benchmark the project's German pipeline on the held-out splits.

    .venv/bin/python bench/model.py [--model auto] [--ner-gold training/corpus/germeval_heldout.tsv]
                                    [--news-gold training/corpus/smartdata_heldout.iob2]
                                    [--ud-gold training/corpus/ud_heldout.conllu]

The held-out files are written by ``make model`` (training/convert.py): the last 900 sentences
of GermEval 2014 test, the DFKI SmartData v3 test documents (news/RSS, PER/LOC/ORG) and the last
250 sentences of UD German GSD test, none used in training.
Prints NER P/R/F1 per label + micro (the model's doc.ents; one more micro line after the corpus
pass's label vote, as `wersagtwas evaluate ner --consolidate` scores it), syntax scores, Mood=Sub P/R/F1 on finite verbs and the
words/s of ``nlp.pipe`` over raw text (the held-out NER sentences, plus the seed article) in
one process.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.ner import evaluate_ner, read_gold  # noqa: E402
from pipeline.evaluate.syntax import evaluate_syntax  # noqa: E402

SPEED_RUNS = 5
SEED_ENTS = {
    "PER": ["Putin", "Uschakow", "Sarubin", "Trump", "Sybiha", "Peskow"],
    "LOC": ["Russland", "Moskau", "Saporischschja", "Abu Dhabi"],
    "ORG": ["Keystone-SDA"],
}


def load(name: str):
    try:
        from pipeline.annotate import load_model  # type: ignore
    except Exception as exc:  # noqa: BLE001 - fall back when the module is missing/broken
        import spacy
        print(f"(pipeline.annotate.load_model unavailable: {exc!r}; using spacy.load)")
        return spacy.load("de_wersagtwas_news" if name == "auto" else name)
    return load_model(name)


def seed_check(nlp, seed_path: Path) -> list[str]:
    doc = nlp(seed_path.read_text(encoding="utf8"))
    found: dict[str, set[str]] = {}
    for e in doc.ents:
        found.setdefault(e.text, set()).add(e.label_)
    lines = []
    for label, names in SEED_ENTS.items():
        for n in names:
            labs = set()
            for text, ls in found.items():
                if n == text or n in text.split():
                    labs |= ls
            ok = labs == {label}
            lines.append(f"  {'OK ' if ok else 'BAD'} {n:16s} expected {label:4s} got {sorted(labs) or '-'}")
    return lines


def ner_table(nlp, path: str, fmt: str, convert_step: str) -> None:
    """Print NER P/R/F1 per label and micro-averaged on one gold file, or say how to make it."""
    if not Path(path).exists():
        print(f"\nNER: {path} missing (run `make model` or training/convert.py {convert_step})")
        return
    gold = read_gold(path, fmt)
    s = evaluate_ner(nlp, gold)
    print(f"\nNER  ({path}, {len(gold)} sentences; exact span+label, percent)")
    print(f"  {'label':6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>6s}")
    for lab, v in sorted(s["per_label"].items()):
        print(f"  {lab:6s} {v['p']:6.1f} {v['r']:6.1f} {v['f1']:6.1f} {v['support']:6d}")
    o = s["overall"]
    print(f"  {'micro':6s} {o['p']:6.1f} {o['r']:6.1f} {o['f1']:6.1f}")
    c = evaluate_ner(nlp, gold, consolidate=True)["overall"]
    print(f"  {'micro':6s} {c['p']:6.1f} {c['r']:6.1f} {c['f1']:6.1f}  after the corpus pass's label vote "
          "(`wersagtwas evaluate ner` default; per label: bench/ner_consolidation.py)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="auto")
    ap.add_argument("--ner-gold", default=str(ROOT / "training/corpus/germeval_heldout.tsv"))
    ap.add_argument("--news-gold", default=str(ROOT / "training/corpus/smartdata_heldout.iob2"))
    ap.add_argument("--ud-gold", default=str(ROOT / "training/corpus/ud_heldout.conllu"))
    ap.add_argument("--seed", default=None, help="seed article (default: seeds/*.txt)")
    args = ap.parse_args()

    nlp = load(args.model)
    print(f"model: {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}  "
          f"pipes: {nlp.pipe_names}")

    ner_table(nlp, args.ner_gold, "germeval", "germeval")
    ner_table(nlp, args.news_gold, "iob2", "smartdata")

    if Path(args.ud_gold).exists():
        s = evaluate_syntax(nlp, args.ud_gold)
        m = s["mood_sub"]
        print(f"\nSyntax ({args.ud_gold}, {s['n_tokens']} tokens, percent)")
        print(f"  TAG {s['tag_acc']:.1f}  POS {s['pos_acc']:.1f}  MORPH {s['morph_acc']:.1f}  "
              f"UAS {s['uas']:.1f}  LAS {s['las']:.1f}  (no punct: UAS {s['uas_nopunct']:.1f} "
              f"LAS {s['las_nopunct']:.1f})")
        print(f"  Mood=Sub on finite verbs: P {m['p']:.1f}  R {m['r']:.1f}  F1 {m['f1']:.1f}  "
              f"(gold n={m['support']})")
    else:
        print(f"\nSyntax: {args.ud_gold} missing (run `make model` or training/convert.py ud)")

    # throughput: raw text through the whole pipeline, one process
    texts = []
    if Path(args.ner_gold).exists():
        texts = [" ".join(t) for t, _ in read_gold(args.ner_gold, "germeval")]
    seeds = [Path(args.seed)] if args.seed else [Path(p) for p in sorted(glob.glob(str(ROOT / "seeds/*.txt")))]
    for p in seeds:
        texts += [p.read_text(encoding="utf8")] * 20
    if texts:
        list(nlp.pipe(texts[:50]))  # warm-up
        rates = []
        for _ in range(SPEED_RUNS):  # a few seconds each: the median steadies a shared machine's noise
            t0 = time.perf_counter()
            n_words = sum(len(d) for d in nlp.pipe(texts, batch_size=256))
            rates.append(n_words / (time.perf_counter() - t0))
        rates.sort()
        print(f"\nSpeed: {n_words} tokens x {SPEED_RUNS} runs, median {rates[len(rates) // 2]:,.0f} words/s "
              f"(min {rates[0]:,.0f}, max {rates[-1]:,.0f}; nlp.pipe, batch_size=256, 1 process, "
              f"{os.cpu_count()} CPUs)")

    for p in seeds:
        print(f"\nSeed entities ({p.name}):")
        print("\n".join(seed_check(nlp, p)))

    print(f"\nReproduce: .venv/bin/python bench/model.py --model {args.model}")


if __name__ == "__main__":
    main()
