"""Throughput of `extract` against raw `nlp.pipe`, its parallel engines, resume and incremental reruns, peak memory.

    .venv/bin/python bench/throughput.py [--quick] [--docs 1000] [--large 10000] [--model auto]
                                         [--corpus ../shared/corpora/quotes_news_2024/data] [--keep DIR]

Generates a corpus of unique documents (sentences of the shared news texts recombined: 14 random
sentences each, a paragraph break every 4) as JSONL, then runs, each as its own process, on the same
--docs documents: raw `nlp.pipe` of the same model (loaded with the project's numpy BLAS ops, no
project components, texts already in memory, batch size 32; timed from the first text to the
last Doc), `extract --no-views` and `extract` in one process, `extract --no-views` with
`--n-process 2` and with `--engine dask` on a 2-worker LocalCluster (their tables compared byte for
byte with the one-process run), the default `extract --no-views` (`--n-process auto`, with its
checkpoint), the same command killed (SIGKILL) half-way and run again (resume), and the full run's
`--out` again with 10 % new documents added (incremental); for these two only the time counts.
Speeds are words/s (whitespace words) as a ratio to raw, measured in the same bench run: these
machines are shared and noisy, absolute speeds say little. `wall` counts the whole command
(start-up, model load, corpus pass, database); `run` the time the command prints (from after its
imports; it includes the model load, which extract does only where it analyses); `cpu` is the user
and system time of the command and of the worker processes it waited for (raw: the whole process),
less disturbed by other load on a shared machine than the wall time. Peak RSS is that of an
`extract --no-views --n-process 1` process on the first 1k and on --large documents (os.wait4). --quick: 200 documents, 1,000 for the RSS;
--parts runs only some of the three parts (speed, resume, rss). The speed part also times a process that
only loads the model: raw's clock leaves that out, every extract run pays it, so it bounds what
`extract -j 1` can reach against raw; and one that loads the model as extract does and annotates the
texts as `extract -j 1` does (the project's components, batches of 32, a memory zone per 1,024
documents), with no rules, tables or files: the least any one-process extract does.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "quotes_news_2024" / "data"
SENTENCES_PER_DOC = 14
PARAGRAPH = 4
TABLES = ("documents.csv", "mentions.csv", "entities.csv", "quotes.csv", "relations.csv", "clean/texts.jsonl")
# Raw nlp.pipe over a JSONL file: argv model, path, clock ("perf_counter" for wall, "process_time" for CPU seconds).
RAW = """
import sys, time, json
from pipeline.annotate import resolve_model
from pipeline.ops import numpy_gemm
import spacy
with numpy_gemm():
    nlp = spacy.load(resolve_model(sys.argv[1]))
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
clock = getattr(time, sys.argv[3])
started = clock()
for _ in nlp.pipe(texts, batch_size=32):
    pass
print(clock() - started)
"""


def sentences(corpus: Path) -> list[str]:
    """Every sentence of the shared news texts, in file order."""
    found = []
    for path in sorted(glob.glob(str(corpus / "*" / "*.json"))):
        with open(path, encoding="utf-8") as handle:
            article = json.load(handle)
        found += [" ".join(s["text"].split()) for s in article.get("sentences", []) if s.get("text", "").strip()]
    return found


def generate(pool: list[str], n: int, path: Path, seed: int = 0, offset: int = 0) -> int:
    """`n` unique documents as JSONL (ids from `offset`); returns the number of words."""
    rng = random.Random(seed)
    seen: set[str] = set()
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        while len(seen) < n:
            picked = rng.sample(pool, SENTENCES_PER_DOC)
            text = "\n\n".join(" ".join(picked[i:i + PARAGRAPH]) for i in range(0, len(picked), PARAGRAPH))
            if text in seen:
                continue
            seen.add(text)
            words += len(text.split())
            record = {"id": f"doc{offset + len(seen):06d}", "text": text, "date": "2024-01-01"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


LOAD = "import sys; from pipeline.annotate import load_model; load_model(sys.argv[1])"
# The least a one-process extract does: load the model with the project's components and annotate
# every text as `extract -j 1` does (batches of 32 in one memory zone per 1,024 documents, engine.Zones),
# with no rules, tables or files.
ANNOTATE_ONLY = """
import sys, json
from pipeline.annotate import annotate, batch_zone, load_model
from pipeline.engine import ZONE_DOCUMENTS
from pipeline.records import Document, batches
nlp = load_model(sys.argv[1])
lines = open(sys.argv[2], encoding="utf-8")
documents = (Document(doc_id=str(i), source=str(i), text=json.loads(line)["text"]) for i, line in enumerate(lines))
for part in batches(documents, ZONE_DOCUMENTS):
    with batch_zone(nlp):
        for _ in annotate(nlp, part, batch_size=32, max_chars=None, max_seconds=None, memory_zone=False):
            pass
"""


def run(command: list[str], env: Optional[dict] = None) -> tuple[float, Optional[float], int, int, str, float]:
    """(wall seconds, seconds the command reports, peak RSS in KiB, exit status, stderr, CPU seconds) of one process.

    The CPU seconds (user + system) include the worker processes the command waited for.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        stdout = process.stdout.read() if process.stdout else ""
        err.seek(0)
        stderr = err.read()
    code = os.waitstatus_to_exitcode(status)
    reported = re.search(r" in ([0-9.]+) s", stderr)
    seconds = float(stdout) if stdout.strip() and command[1] == "-c" else (float(reported.group(1)) if reported else None)
    return wall, seconds, usage.ru_maxrss, code, stderr, usage.ru_utime + usage.ru_stime


def extract(model: str, inputs: list[Path], out: Path, *options: str, env: Optional[dict] = None):
    command = [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--out", str(out), "--model", model,
               *options]
    wall, seconds, rss, code, stderr, cpu = run(command, env)
    if code not in (0, 1, -9):
        sys.exit(f"bench: {' '.join(command)} failed ({code}):\n{stderr[-2000:]}")
    return wall, seconds, rss, code, cpu


def same_tables(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in TABLES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 documents, 1,000 for the peak RSS")
    parser.add_argument("--docs", type=int, default=None, help="documents of the speed runs (default 1000)")
    parser.add_argument("--large", type=int, default=None, help="documents of the large RSS run (default 10000)")
    parser.add_argument("--model", default="auto")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs in this folder")
    parser.add_argument("--parts", default="speed,resume,rss", help="which measurements: speed, resume, rss")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if not parts <= {"speed", "resume", "rss"}:
        parser.error("--parts: speed, resume and/or rss")
    n = args.docs or (200 if args.quick else 1000)
    large = args.large or (1000 if args.quick else 10000)
    small = min(1000, large)
    work = args.keep or Path(tempfile.mkdtemp(prefix="wersagtwas-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench(args.model, args.corpus, work, n, small, large, parts)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    extra = " --quick" if args.quick else ""
    extra += f" --docs {args.docs}" if args.docs else ""
    extra += f" --large {args.large}" if args.large else ""
    extra += f" --parts {args.parts}" if parts != {"speed", "resume", "rss"} else ""
    print(f"\nreproduce: .venv/bin/python bench/throughput.py{extra} --model {args.model}")


def bench(model: str, corpus: Path, work: Path, n: int, small: int, large: int, parts: set[str]) -> None:
    pool = sentences(corpus)
    print(f"corpus: {len(pool)} sentences from {corpus}; {n} documents of {SENTENCES_PER_DOC} sentences; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    docs = work / "docs.jsonl"
    words = generate(pool, n, docs)
    rows: list[tuple[str, float, Optional[float], str, float]] = []

    def timed(name: str, out: str, *options: str, inputs: Optional[list[Path]] = None, env: Optional[dict] = None,
              same_as: str = "") -> float:
        wall, seconds, _, _, cpu = extract(model, inputs or [docs], work / out, *options, env=env)
        note = ("identical" if same_tables(work / same_as, work / out) else "DIFFERENT") if same_as else ""
        rows.append((name, wall, seconds, note, cpu))
        print(f"  {name}: {wall:.1f} s", file=sys.stderr, flush=True)
        return wall

    raw = one = 0.0
    if "speed" in parts:
        _, raw_seconds, _, code, stderr, raw_cpu = run([sys.executable, "-c", RAW, model, str(docs), "perf_counter"])
        if code != 0 or raw_seconds is None:
            sys.exit(f"bench: raw nlp.pipe failed:\n{stderr[-2000:]}")
        raw = raw_seconds
        rows.append(("raw nlp.pipe (1 process)", raw_seconds, raw_seconds, "", raw_cpu))
        # What raw's clock leaves out and every extract run pays: Python, spaCy's import, the model load.
        startup, _, _, code, stderr, _ = run([sys.executable, "-c", LOAD, model])
        if code != 0:
            sys.exit(f"bench: loading the model failed:\n{stderr[-2000:]}")
        bare, _, _, code, stderr, bare_cpu = run([sys.executable, "-c", ANNOTATE_ONLY, model, str(docs)])
        if code != 0:
            sys.exit(f"bench: annotating without rules failed:\n{stderr[-2000:]}")
        rows.append(("load + annotate only, no rules (1 process)", bare, None, "", bare_cpu))
        one = timed("extract --no-views -j 1", "one", "--no-views", "-j", "1")
        timed("extract -j 1 (views)", "views", "-j", "1")
        two = timed("extract --no-views -j 2", "two", "--no-views", "-j", "2", same_as="one")
        dask = timed("extract --no-views --engine dask -j 2", "dask", "--no-views", "--engine", "dask", "-j", "2",
                     same_as="one")
    if "resume" in parts:
        full = timed("extract --no-views (default -j auto)", "auto", "--no-views")
        # Resume: the default command killed when half the documents reached the tables, then run again.
        extract(model, [docs], work / "resumed", "--no-views", env={"WERSAGTWAS_FAULT_AT": f"documents:{n // 2}"})
        resumed = timed(f"resume after a kill at {n // 2}", "resumed", "--no-views", same_as="auto")
        # Incremental: the full run's --out again, over the corpus grown by 10 %.
        grown = work / "more.jsonl"
        generate(pool, max(1, n // 10), grown, seed=1, offset=n)
        rerun = timed("rerun with +10 % documents", "auto", "--no-views", inputs=[docs, grown])

    print(f"\n{'run':<44}{'wall s':>8}{'run s':>8}{'cpu s':>8}{'words/s':>9}{'x raw':>7}{'x -j 1':>8}  tables")
    for name, wall, seconds, note, cpu in rows:
        speed = words / wall
        ratios = f"{raw / wall:7.2f}{one / wall:8.2f}" if raw else f"{'':7}{'':8}"
        reported = f"{seconds:8.1f}" if seconds is not None else f"{'-':>8}"
        print(f"{name:<44}{wall:8.1f}{reported}{cpu:8.1f}{speed:9.0f}{ratios}  {note}")
    if "speed" in parts:
        print(f"\nbest of -j 2 and dask / -j 1: {one / min(two, dask):.2f}; dask / -j 1: {one / dask:.2f}; "
              "'x raw' of the 'run s' column: "
              + ", ".join(f"{name.split(' (')[0]} {raw / s:.2f}" for name, _, s, _, _ in rows[2:6] if s))
    if "speed" in parts:
        print(f"start-up and model load (a process that only loads the model): {startup:.1f} s. With no work of its own "
              f"extract -j 1 would reach {raw / (raw + startup):.2f} of raw; at 0.9 its own work would have "
              f"{raw / 0.9 - raw - startup:.1f} s, it took {one - raw - startup:.1f} s. Loading the model with the project's "
              f"components and annotating as extract does, with no rules, tables or files, reached {raw / bare:.2f}")
    if "resume" in parts:
        print(f"resume / full default run: {resumed / full:.2f}; rerun +10 % / full default run: {rerun / full:.2f} "
              "(for these two rows only the time counts)")
    if "rss" in parts:
        peak_rss(model, pool, work, small, large)


def peak_rss(model: str, pool: list[str], work: Path, small: int, large: int) -> None:
    """Peak memory: the same command on `small` and on `large` documents."""
    big = work / "large.jsonl"
    generate(pool, large, big, seed=2)
    head = work / "small.jsonl"
    with big.open(encoding="utf-8") as src, head.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(small), src):
            dst.write(line)
    rss = {}
    for label, path in ((small, head), (large, big)):
        wall, _, peak, _, _ = extract(model, [path], work / f"rss{label}", "--no-views", "-j", "1", "--no-checkpoint")
        rss[label] = peak / 1024
        print(f"peak RSS, {label} documents: {rss[label]:.0f} MiB ({wall:.0f} s)", flush=True)
    print(f"peak RSS {large} / {small} documents: {rss[large] / rss[small]:.3f}")


if __name__ == "__main__":
    main()
