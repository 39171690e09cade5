"""Time and memory of writing wersagtwas.xlsx from tables of a given size.

    .venv/bin/python bench/workbook.py [--documents 5000] [--out /tmp/wersagtwas-workbook-bench]

Generates the tables of N documents (20 mentions, 4 quotes of one to three lines and one relation
each, 300 entities) once into --out, then writes the workbook from them in a fresh process and prints
its CPU and wall seconds, peak RSS, rows and file size. Compare writers by running it on two checkouts.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = "Wir werden die Gespräche fortsetzen, sobald die Bedingungen stimmen und alle Seiten bereit sind"


def make_tables(out: Path, n: int) -> int:
    """The tables of `n` documents; the number of rows in them."""
    from pipeline.export import Tables
    from pipeline.records import DocumentSummary, Entity, Mention, Quote, Relation

    out.mkdir(parents=True, exist_ok=True)
    with Tables(out) as tables:
        for d in range(n):
            doc = f"d{d}"
            tables.write("documents", [DocumentSummary(doc, f"{doc}.txt", f"Artikel {d} über Gespräche", "2026-01-28", "ok",
                                                       "", 3000, 30, 20, 4, "m")])
            tables.write("mentions", [Mention(doc, f"{doc}:m{i}", f"E{i % 300}", "Juri Uschakow", "PER", 10 * i, 10 * i + 13, i)
                                      for i in range(20)])
            tables.write("quotes", [Quote(doc, f"{doc}:q{i}", i, "direct", f"{i}: {WORDS} " * (1 + i % 3), 0, 9,
                                          speaker_canonical="Juri Uschakow", speaker_entity_id="E1", confidence=0.83)
                                    for i in range(4)])
            tables.write("relations", [Relation(doc, "role_of", "E1", "Juri Uschakow", "", "Berater", "Berater Juri Uschakow", 0, 20)])
        tables.write("entities", [Entity(f"E{i}", f"Name {i}", "PER", ["a", "b"], 100, 10, ["Berater"]) for i in range(300)])
    return n * 26 + 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/wersagtwas-workbook-bench"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from pipeline.workbook import write_workbook

        started, cpu = time.perf_counter(), time.process_time()
        path = write_workbook(args.out)
        print(f"{time.process_time() - cpu:.1f} {time.perf_counter() - started:.1f} "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {path.stat().st_size / 2**20:.1f}")
        return
    rows = make_tables(args.out / str(args.documents), args.documents)
    result = subprocess.run([sys.executable, __file__, "--child", "--out", str(args.out / str(args.documents))],
                            capture_output=True, text=True, check=True)
    cpu, wall, peak, size = result.stdout.split()
    print(f"{'documents':>10}{'rows':>10}{'CPU s':>8}{'wall s':>8}{'peak MiB':>10}{'xlsx MiB':>10}")
    print(f"{args.documents:>10}{rows:>10}{cpu:>8}{wall:>8}{peak:>10}{size:>10}")
    print(f"reproduce: {Path(sys.executable).name} bench/workbook.py --documents {args.documents}")


if __name__ == "__main__":
    main()
