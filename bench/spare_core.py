"""Does raw `nlp.pipe` in one process leave a core for other work? Raw alone and next to a CPU-bound process.

    .venv/bin/python bench/spare_core.py [--docs 300] [--model auto] [--work 6]

Runs raw `nlp.pipe` (as bench/throughput.py does, its clock started after the model load) alone
and next to a pure-Python process that burns --work CPU seconds, at nice 0 and at nice 19, with
the default BLAS threads and with one. Prints raw's loop time and when the other process finished
(seconds from the start of the raw process, whose model load leaves a core free for about 3 s).
If a second process could run beside the model for free, `extract -j 1` could move its own work there.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import DEFAULT_CORPUS, RAW, generate, run, sentences  # noqa: E402

BURN = """
import sys, time
started = time.process_time()
while time.process_time() - started < float(sys.argv[1]):
    sum(i * i for i in range(1000))
print(time.monotonic())
"""


def raw_beside(model: str, docs: Path, work: float, nice: Optional[int], threads: Optional[int]) -> tuple[float, str]:
    """Raw's loop seconds, and when the burner finished (from the raw process's start)."""
    env = {"OPENBLAS_NUM_THREADS": str(threads)} if threads else None
    started = time.monotonic()
    burner = None
    if nice is not None:
        burner = subprocess.Popen(["nice", "-n", str(nice), sys.executable, "-c", BURN, str(work)],
                                  stdout=subprocess.PIPE, text=True)
    _, seconds, _, code, stderr, _ = run([sys.executable, "-c", RAW, model, str(docs), "perf_counter"], env)
    if code != 0 or seconds is None:
        sys.exit(f"bench: raw nlp.pipe failed:\n{stderr[-2000:]}")
    finished = ""
    if burner is not None:
        out, _ = burner.communicate()
        finished = f"{float(out) - started:.1f}"
    return seconds, finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--work", type=float, default=6.0, help="CPU seconds the other process burns")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs.jsonl"
        generate(sentences(DEFAULT_CORPUS), args.docs, docs)
        print(f"{args.docs} documents; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
        print(f"{'BLAS threads':<14}{'other process':<26}{'raw loop s':>11}{'other done at s':>17}")
        for threads in (None, 1):
            for nice in (None, 0, 19):
                seconds, finished = raw_beside(args.model, docs, args.work, nice, threads)
                other = "none" if nice is None else f"nice {nice}, {args.work:g} CPU s"
                print(f"{threads or 'default':<14}{other:<26}{seconds:11.1f}{finished:>17}", flush=True)
    print(f"\nreproduce: .venv/bin/python bench/spare_core.py --docs {args.docs} --model {args.model} --work {args.work:g}")


if __name__ == "__main__":
    main()
