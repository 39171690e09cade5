"""Time and memory of the pipeline on pathological inputs: does doubling the size double the time?

    .venv/bin/python bench/pathological.py [--model auto] [--sizes 50000 100000 200000] [--kinds sagte ...]
                                           [--timeout 300] [--profile KIND:SIZE]

Each input kind (repeated "sagte", quote marks with and without spaces, one huge word, newlines,
a sentence without punctuation, nested quotes, capitalised names, ...) is generated at each size
in characters before cleaning; the largest default size is the default --max-chars. Every case
runs in a forked child of a process that loaded the model once, so that its peak RSS is its own
and a case that runs away is stopped after --timeout seconds. The table gives, per case, the CPU
seconds of `clean_text` + `annotate` (spaCy and the project's components) and of `analyze_doc`
(entities, roles, quotes), their wall seconds, the ratio of the CPU time to that of the half
size (about 2 for linear work, 4 for quadratic), and the peak RSS of the child. CPU seconds,
because wall seconds on a shared machine say more about the neighbours. A last row runs a 1 MB
article through `run.analyze` with the default budgets: it is rejected before spaCy sees it.
"""
from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pstats
import resource
import sys
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_text  # noqa: E402
from pipeline.records import Document  # noqa: E402

DEFAULT_SIZES = (50_000, 100_000, 200_000)
ONE_MEGABYTE = 1_000_000
NAMES = ("Angela Merkel", "Olaf Scholz", "Wladimir Putin", "Juri Uschakow", "Emmanuel Macron", "Ursula von der Leyen",
         "Frank Weise", "Paul Twomey", "Dmitri Peskow", "Andrij Sybiha")


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _numbered(template: str, size: int) -> str:
    """A template with a running number, repeated to `size` characters (no two sentences alike)."""
    parts, length, n = [], 0, 0
    while length < size:
        part = template.format(n=n, name=NAMES[n % len(NAMES)])
        parts.append(part)
        length += len(part)
        n += 1
    return "".join(parts)[:size]


# Each generator returns a text of about `size` characters.
GENERATORS: dict[str, Callable[[int], str]] = {
    "sagte": lambda n: _repeat("sagte ", n),
    "sagte_comma": lambda n: _repeat("sagte, ", n),
    "quotes_glued": lambda n: _repeat('"', n),
    "quotes_spaced": lambda n: _repeat('" ', n),
    "german_marks_glued": lambda n: _repeat("„“", n),
    "german_marks_spaced": lambda n: _repeat("„ “ ", n),
    "guillemets_glued": lambda n: _repeat("»«", n),
    "nested_quotes": lambda n: "„" + _repeat("er sagte „", n // 2) + _repeat("“ ", n // 2),
    "open_quotes": lambda n: _repeat("„Das sei gut, sagte er. ", n),
    "long_word": lambda n: _repeat("a", n),
    "long_word_punct": lambda n: _repeat("a.", n),
    "newlines": lambda n: _repeat("\n", n - 4) + "Ende",
    "newline_words": lambda n: _repeat("Wort\n", n),
    "no_punctuation": lambda n: _repeat("der Mann sagte dass die Frau meinte es sei gut und ", n),
    "commas": lambda n: _repeat("er sagte, sie meinte, ", n),
    "capitalised": lambda n: _numbered("{name} Kanzler{n} ", n),
    "names_sentences": lambda n: _numbered("{name} sagte, Bericht{n} sei gut. ", n),
    "direct_speech": lambda n: _numbered("„Das ist Punkt {n}“, sagte {name}. ", n),
    "konjunktiv_run": lambda n: _numbered("Es sei Punkt {n} und er habe recht. ", n),
    "dashes": lambda n: _repeat("– ", n),
    "colons": lambda n: _repeat("sagte: ", n),
    "place_articles": lambda n: _repeat("Den Haag liegt am Meer.\n", n),
}


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(nlp, text: str) -> dict:
    """CPU and wall seconds of clean_text + annotate and of analyze_doc on one text, and the peak RSS."""
    from pipeline.annotate import annotate
    from pipeline.run import analyze_doc

    cpu, wall = time.process_time(), time.perf_counter()
    document = Document(doc_id="bench", source="bench", text=clean_text(text))
    # no budgets: the bench measures what the budgets would cut short
    (document, doc), = annotate(nlp, [document], max_chars=None, max_seconds=None)
    annotate_cpu, annotate_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    result = analyze_doc(document, doc)
    analyze_cpu, analyze_wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"annotate": annotate_cpu, "analyze": analyze_cpu, "wall": annotate_wall + analyze_wall,
            "chars": len(document.text), "tokens": len(doc) if doc is not None else 0, "quotes": len(result.quotes),
            "status": document.status, "rss": _peak_rss_mb()}


def _child(nlp, text: str, conn) -> None:
    conn.send(_measure(nlp, text))
    conn.close()


def run_case(nlp, text: str, timeout: float) -> Optional[dict]:
    """`_measure` in a forked child; None when it ran past `timeout` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(nlp, text, sender))
    child.start()
    sender.close()
    if receiver.poll(timeout):
        row = receiver.recv()
        child.join()
        return row
    child.kill()
    child.join()
    return None


def one_megabyte_row(nlp) -> str:
    """A 1 MB article through run.analyze with the default budgets: rejected before spaCy."""
    from pipeline.run import DEFAULT_MAX_CHARS, analyze

    text = _numbered("{name} sagte am Montag, Punkt {n} sei erledigt. ", ONE_MEGABYTE)
    document = Document(doc_id="big", source="big.txt", text=clean_text(text))
    started = time.perf_counter()
    result = next(analyze(nlp, [document]))
    seconds = time.perf_counter() - started
    return (f"1 MB article with the default max_chars {DEFAULT_MAX_CHARS:,}: {seconds:.2f} s, status {result.document.status}, "
            f"peak RSS of the whole bench process {_peak_rss_mb():.0f} MB\n  error: {result.document.error}")


def profile(nlp, kind: str, size: int) -> None:
    """cProfile of one case, top functions by cumulative time."""
    text = GENERATORS[kind](size)
    profiler = cProfile.Profile()
    profiler.runcall(_measure, nlp, text)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="auto")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--kinds", nargs="+", default=list(GENERATORS), choices=list(GENERATORS), metavar="KIND")
    parser.add_argument("--timeout", type=float, default=300.0, help="wall seconds after which a case is stopped")
    parser.add_argument("--profile", default=None, metavar="KIND:SIZE", help="print a cProfile of one case instead")
    args = parser.parse_args()

    from pipeline.annotate import load_model

    nlp = load_model(args.model)
    if args.profile:
        kind, size = args.profile.split(":")
        profile(nlp, kind, int(size))
        return
    print("CPU seconds of clean_text + annotate and of analyze_doc, the wall seconds of both, the CPU time against")
    print("the half size (about 2 when linear, 4 when quadratic) and the peak RSS of the case's process")
    print(f"{'kind':<22}{'size':>9}{'chars':>9}{'tokens':>9}{'annotate':>10}{'analyze':>9}{'wall':>8}{'x prev':>8}{'RSS MB':>8}")
    for kind in args.kinds:
        previous: Optional[float] = None
        previous_size = 0
        for size in sorted(args.sizes):
            row = run_case(nlp, GENERATORS[kind](size), args.timeout)
            if row is None:
                print(f"{kind:<22}{size:>9,}   stopped after {args.timeout:.0f} s wall")
                previous = None
                continue
            total = row["annotate"] + row["analyze"]
            ratio = f"{total / previous:.1f}" if previous and 2 * previous_size == size else "-"
            print(f"{kind:<22}{size:>9,}{row['chars']:>9,}{row['tokens']:>9,}{row['annotate']:>10.2f}{row['analyze']:>9.2f}"
                  f"{row['wall']:>8.2f}{ratio:>8}{row['rss']:>8.0f}", flush=True)
            previous, previous_size = total, size
    print()
    print(one_megabyte_row(nlp))
    print()
    print(f"reproduce: .venv/bin/python bench/pathological.py --sizes {' '.join(str(s) for s in args.sizes)} "
          f"--timeout {args.timeout:.0f}")


if __name__ == "__main__":
    main()
