"""`extract -j N` against raw `nlp.pipe(n_process=N)` on the same cores: the pipeline's overhead at equal parallelism.

    .venv/bin/python bench/equal_parallelism.py [--docs 1000] [--processes 2] [--repeat 3] [--model auto]

Generates --docs documents as bench/throughput.py does, then, --repeat times in turn: raw
`nlp.pipe(texts, batch_size=32, n_process=N)` with one BLAS thread per process (its clock started
after the model load, as in bench/throughput.py; spaCy forks its workers from the loaded model and
sends every Doc back to the parent) and `extract --no-views -j N --no-checkpoint` (the whole command:
start-up, model loads in the workers, tables, corpus pass). Prints both wall times and their ratio.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import DEFAULT_CORPUS, RAW, extract, generate, run, sentences  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()
    raw_parallel = RAW.replace("batch_size=32)", f"batch_size=32, n_process={args.processes})")
    assert raw_parallel != RAW, "bench/throughput.py's RAW changed: update this script"
    one_thread = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs.jsonl"
        generate(sentences(DEFAULT_CORPUS), args.docs, docs)
        print(f"{args.docs} documents, {args.processes} processes; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
        print(f"{'raw nlp.pipe s':>15}{'extract s':>11}{'raw / extract':>15}")
        ratios = []
        for _ in range(args.repeat):
            _, raw, _, code, stderr, _ = run([sys.executable, "-c", raw_parallel, args.model, str(docs), "perf_counter"],
                                             env=one_thread)
            if code != 0 or raw is None:
                sys.exit(f"bench: raw nlp.pipe failed:\n{stderr[-2000:]}")
            extract_wall = extract(args.model, [docs], Path(work) / "out", "--no-views", "-j", str(args.processes),
                                   "--no-checkpoint")[0]
            ratios.append(raw / extract_wall)
            print(f"{raw:15.1f}{extract_wall:11.1f}{raw / extract_wall:15.2f}", flush=True)
        print(f"\nraw / extract: {min(ratios):.2f} to {max(ratios):.2f}, median {sorted(ratios)[len(ratios) // 2]:.2f}")
    print(f"reproduce: .venv/bin/python bench/equal_parallelism.py --docs {args.docs} --processes {args.processes} "
          f"--repeat {args.repeat} --model {args.model}")


if __name__ == "__main__":
    main()
