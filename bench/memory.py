"""Memory in long runs: peak RSS and vocabulary size after 1k and 10k unique documents, with and without memory zones.

    .venv/bin/python bench/memory.py [--model auto] [--sizes 1000 10000] [--batch-size 32]

Each case runs `run.analyze` (annotation and the rule stages, as `extract` does) over N generated
documents in a fresh process, so its peak RSS is its own. Every document is unique: German news
sentences with names, places and numbers no other document has, as a long run over new text
brings new words. Without memory zones spaCy's string store and vocabulary grow with every new
word; with them (`annotate.batch_zone`, what `extract` uses) they stay at the model's own size.
The table gives the peak RSS, the strings and lexemes after the run, and the ratio of the peak
RSS to that of the smallest size.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATES = (
    "{first} {last} sagte am {day}. März in {place}: „Wir werden {amount} Euro in das Projekt {project} investieren.“",
    "Nach Angaben von {first} {last} ist die Lage in {place} seit Tagen angespannt.",
    "Die Firma {project} mit Sitz in {place} kündigte an, {amount} Stellen zu streichen.",
    "{last} betonte, man sei zu Gesprächen mit {place} bereit, sofern die Bedingungen stimmten.",
    "Das Treffen in {place} soll am {day}. April fortgesetzt werden, teilte das Büro von {first} {last} mit.",
)
SYLLABLES = ("ka", "lo", "ber", "mi", "tan", "sch", "ros", "el", "vin", "dor", "ul", "gra", "fen", "hu", "zeb", "ni")


def word(n: int, minimum: int = 3) -> str:
    """A made-up capitalised word unique to `n` (base-16 syllables): a new string for spaCy."""
    parts = []
    while n or len(parts) < minimum:
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def documents(n: int, sentences: int = 5) -> Iterator[tuple[str, str]]:
    """(doc_id, text) of `n` documents, each with names, places and numbers of its own."""
    for i in range(n):
        parts = []
        for s in range(sentences):
            k = i * sentences + s
            parts.append(TEMPLATES[k % len(TEMPLATES)].format(
                first=word(3 * k), last=word(3 * k + 1), place=word(3 * k + 2), project=word(k, 4) + "Tec",
                day=1 + k % 28, amount=f"{k * 7 + 11:,}".replace(",", ".")))
        yield f"doc{i}", " ".join(parts)


def measure(model: str, n: int, batch_size: int, zone: bool) -> dict:
    """Run in this process: analyze n documents, return peak RSS and vocabulary sizes."""
    import resource

    from pipeline.annotate import load_model
    from pipeline.records import Document
    from pipeline.run import analyze

    nlp = load_model(model)
    before = len(nlp.vocab.strings), sum(1 for _ in nlp.vocab)  # len(vocab) counts freed lexemes too
    docs = (Document(doc_id, doc_id, text=text) for doc_id, text in documents(n))
    mentions = 0
    for result in analyze(nlp, docs, batch_size=batch_size, memory_zone=zone):
        mentions += len(result.mentions)
    return {"n": n, "zone": zone, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "strings_before": before[0], "strings": len(nlp.vocab.strings), "lexemes_before": before[1],
            "lexemes": sum(1 for _ in nlp.vocab), "mentions": mentions}


def run_case(model: str, n: int, batch_size: int, zone: bool) -> dict:
    """measure() in a fresh interpreter."""
    command = [sys.executable, __file__, "--child", "--model", model, "--sizes", str(n), "--batch-size", str(batch_size)]
    if not zone:
        command.append("--no-zone")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="auto")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-zone", action="store_true", help="only the runs without memory zones")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.model, args.sizes[0], args.batch_size, not args.no_zone)))
        return
    print(f"{'zone':<6}{'documents':>10}{'peak MiB':>10}{'ratio':>7}{'strings':>10}{'(model)':>10}{'lexemes':>10}{'(model)':>10}")
    for zone in ([False] if args.no_zone else [True, False]):
        first = None
        for n in args.sizes:
            row = run_case(args.model, n, args.batch_size, zone)
            first = first or row["peak_mib"]
            print(f"{'on' if zone else 'off':<6}{n:>10}{row['peak_mib']:>10.0f}{row['peak_mib'] / first:>7.2f}"
                  f"{row['strings']:>10}{row['strings_before']:>10}{row['lexemes']:>10}{row['lexemes_before']:>10}")
    sizes = " ".join(map(str, args.sizes))
    print(f"reproduce: {Path(sys.executable).name} bench/memory.py --model {args.model} --sizes {sizes}")


if __name__ == "__main__":
    main()
