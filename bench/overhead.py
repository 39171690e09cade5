"""Where `extract` spends CPU time beyond raw `nlp.pipe`: one process, CPU seconds per part.

    .venv/bin/python bench/overhead.py [--docs 300] [--model auto] [--input docs.jsonl]

Generates --docs documents as bench/throughput.py does (or reads --input, JSONL with "text"),
then measures in this process with `time.process_time` (CPU time of all its threads: the machine
is shared, wall time is noise): raw `nlp.pipe` (the model as `spacy.load` gives it, batch size 32,
no memory zone), the same texts through `annotate.annotate` as `extract` runs it (the project's
components, memory zones per batch), each project component on its own, every rule stage of
`run.analyze_doc`, and the tables with the corpus pass (`CorpusTables`). Then it runs
`extract --no-views -j 1 --no-checkpoint` and raw `nlp.pipe` as processes and prints their CPU time
(user + system, from os.wait4) with and without the model load. The ratio the issue asks for is
raw / extract (target >= 0.9).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import DEFAULT_CORPUS, LOAD, RAW, generate, sentences  # noqa: E402


class Clock:
    """CPU seconds per named part: the least over the repetitions (noise only ever adds)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.best: dict[str, float] = {}

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started

    def next_repetition(self) -> None:
        for name, seconds in self.seconds.items():
            self.best[name] = min(seconds, self.best.get(name, seconds))
        self.seconds = {}


def _timed(clock: Clock, name: str, component: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(doc: Any) -> Any:
        with clock.part(name):
            return component(doc)
    return run


def in_process(model: str, path: Path, repeat: int) -> None:
    """CPU seconds of raw nlp.pipe and of each part of extract, in this process."""
    import spacy

    from pipeline.annotate import annotate, load_model, resolve_model
    from pipeline.corpus import CorpusTables
    from pipeline.entities import extract_entities
    from pipeline.ops import numpy_gemm
    from pipeline.quotes import extract_quotes
    from pipeline.quotes.institutions import institution_entities
    from pipeline.records import Document
    from pipeline.roles import extract_roles, quote_relations
    from pipeline.run import summarize
    from pipeline.store import count_sentences

    try:
        from pipeline.docfacts import opened  # as run.analyze_doc does
    except ImportError:  # a version before docfacts (for before/after runs)
        from contextlib import nullcontext as opened  # type: ignore[assignment]

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    documents = [Document(doc_id=f"d{i}", source=f"d{i}", text=t) for i, t in enumerate(texts)]
    clock = Clock()
    with numpy_gemm():
        raw_nlp = spacy.load(resolve_model(model))
    nlp = load_model(model)
    for k, (name, component) in enumerate(nlp._components):  # the project's components, timed where they run
        if name.startswith("wersagtwas_"):
            nlp._components[k] = (name, _timed(clock, f"  of which {name}", component))
    for _ in range(repeat):
        with clock.part("raw nlp.pipe"):
            for _ in raw_nlp.pipe(texts, batch_size=32):
                pass
        with tempfile.TemporaryDirectory() as out:
            with CorpusTables(Path(out)) as tables:
                stream = annotate(nlp, documents, batch_size=32, max_chars=None, max_seconds=None, memory_zone=True)
                while True:
                    with clock.part("annotate (as extract runs nlp.pipe)"):
                        pair = next(stream, None)
                    if pair is None:
                        break
                    document, doc = pair
                    assert doc is not None
                    with opened(doc):
                        with clock.part("rules: entities"):
                            mentions, entities = extract_entities(doc, document.doc_id)
                        with clock.part("rules: roles"):
                            roles = extract_roles(doc, document.doc_id, mentions, entities)
                        with clock.part("rules: quotes"):
                            quotes = extract_quotes(doc, document.doc_id, mentions, entities, roles)
                        with clock.part("rules: institutions, relations"):
                            mentions, entities = institution_entities(doc, document.doc_id, quotes, mentions, entities)
                            relations = roles + quote_relations(document.doc_id, quotes, mentions)
                    with clock.part("tables: rows"):
                        n = count_sentences(doc)
                        tables.add(summarize(document, "m", n, len(mentions), len(quotes)), mentions, entities, quotes,
                                   relations)
                clock.seconds["tables: corpus pass, files"] = -time.process_time()
            clock.seconds["tables: corpus pass, files"] += time.process_time()
        clock.next_repetition()
    raw = clock.best["raw nlp.pipe"]
    print(f"in one process, {len(texts)} documents, CPU seconds (time.process_time), least of {repeat}:")
    order = ["raw nlp.pipe", "annotate (as extract runs nlp.pipe)"]
    for name in order + [name for name in clock.best if name not in order]:
        seconds = clock.best[name]
        print(f"  {name:<44}{seconds:8.2f}{seconds / raw:8.1%}")


def processes(model: str, path: Path, repeat: int) -> None:
    """CPU seconds of raw nlp.pipe and of the whole extract command, each as its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def cpu(command: list[str]) -> tuple[float, str]:
        with tempfile.TemporaryFile("w+") as err:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            stdout = process.stdout.read() if process.stdout else ""
            err.seek(0)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"bench: {' '.join(command)} failed:\n{err.read()[-2000:]}")
            return usage.ru_utime + usage.ru_stime, stdout

    load = raw = raw_total = total = float("inf")
    for _ in range(repeat):
        load = min(load, cpu([sys.executable, "-c", LOAD, model])[0])
        whole, printed = cpu([sys.executable, "-c", RAW, model, str(path), "process_time"])
        raw, raw_total = min(raw, float(printed)), min(raw_total, whole)
        with tempfile.TemporaryDirectory() as out:
            total = min(total, cpu([sys.executable, "-m", "pipeline", "extract", str(path), "--out", f"{out}/x",
                                    "--model", model, "--no-views", "-j", "1", "--no-checkpoint"])[0])
    print(f"as processes, CPU seconds (user + system), least of {repeat}:")
    print(f"  start-up + model load (load_model)          {load:8.2f}")
    print(f"  raw nlp.pipe loop                           {raw:8.2f}   (whole process {raw_total:.2f})")
    print(f"  extract --no-views -j 1 --no-checkpoint     {total:8.2f}   (less the start-up and model load: {total - load:.2f})")
    print(f"  raw / extract: {raw_total / total:.2f} (whole processes), {raw / (total - load):.2f} (after the model load)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--input", type=Path, default=None, help="JSONL with a 'text' per line instead of generated news")
    parser.add_argument("--parts", default="stages,processes", help="stages (in one process), processes, or both")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; each part's least CPU time counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        path = args.input
        if path is None:
            path = Path(work) / "docs.jsonl"
            generate(sentences(DEFAULT_CORPUS), args.docs, path)
        print(f"{path}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
        if "stages" in args.parts:
            in_process(args.model, path, args.repeat)
        if "processes" in args.parts:
            processes(args.model, path, args.repeat)
    source = f"--input {args.input}" if args.input else f"--docs {args.docs}"
    print(f"\nreproduce: .venv/bin/python bench/overhead.py {source} --model {args.model} --parts {args.parts} "
          f"--repeat {args.repeat}")


if __name__ == "__main__":
    main()
