"""Long runs keep a bounded vocabulary: `extract` annotates each batch inside spaCy's memory zone.

The peak-memory test runs in child processes (its peak RSS is its own) with the blank German
pipeline and the project's components; bench/memory.py measures the bundled model.
"""
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.annotate import load_model
from pipeline.records import Document
from pipeline.run import analyze

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = ("ka", "lo", "ber", "mi", "tan", "sch", "ros", "el", "vin", "dor", "ul", "gra", "fen", "hu", "zeb", "ni")
NEW_WORDS = 10  # per document, none of them in any other document


def word(n: int) -> str:
    """A made-up capitalised word unique to `n`."""
    parts = []
    while n or len(parts) < 3:
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def documents(n: int, start: int = 0):
    """`n` unique documents: a quote with a speaker, a place and words no other document has."""
    for i in range(start, start + n):
        w = [word(NEW_WORDS * i + j) for j in range(NEW_WORDS)]
        yield Document(f"d{i}", f"d{i}.txt", text=f"{w[0]} {w[1]} sagte in {w[2]}: „Die {w[3]} und {w[4]} sind {i} Mal "
                                                  f"{w[5]}.“ Am Montag kamen {w[6]}, {w[7]}, {w[8]} und {w[9]} nach Berlin.")


CHILD = """
import json, resource, sys
sys.path.insert(0, {tests!r})
from test_memory import documents
from pipeline.annotate import load_model
from pipeline.run import analyze
nlp = load_model({model!r})
for result in analyze(nlp, documents({n}), memory_zone=True):
    pass
print(json.dumps({{"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "strings": len(nlp.vocab.strings), "lexemes": sum(1 for _ in nlp.vocab)}}))
"""


def _run(model: Path, n: int) -> dict:
    code = CHILD.format(tests=str(ROOT / "tests"), model=str(model), n=n)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_ten_thousand_unique_documents_take_no_more_memory_than_one_thousand(tiny_model):
    small, large = _run(tiny_model, 1_000), _run(tiny_model, 10_000)
    # Every batch's new words are forgotten when it is done: the vocabulary ends where it started.
    assert (large["strings"], large["lexemes"]) == (small["strings"], small["lexemes"])
    assert large["peak_kib"] <= 1.10 * small["peak_kib"], (small, large)


def test_without_the_zone_the_same_documents_grow_the_vocabulary(tiny_model):
    # The control: the documents really bring new words, which stay without a memory zone.
    nlp = load_model(str(tiny_model))
    before = len(nlp.vocab.strings)
    for _ in analyze(nlp, documents(200), memory_zone=False):
        pass
    assert len(nlp.vocab.strings) >= before + 200 * NEW_WORDS
    zoned = len(nlp.vocab.strings)
    for _ in analyze(nlp, documents(200, start=200), memory_zone=True):
        pass
    assert len(nlp.vocab.strings) == zoned


def _rows(nlp, docs, zone: bool) -> list:
    rows = []
    for result in analyze(nlp, docs, memory_zone=zone):
        # Everything a result carries out of the zone is plain data, compared field by field.
        rows.append((asdict(result.document), [asdict(m) for m in result.mentions], [asdict(e) for e in result.entities],
                     [asdict(q) for q in result.quotes], [asdict(r) for r in result.relations]))
    return rows


def test_the_zone_changes_no_result(tiny_model):
    nlp = load_model(str(tiny_model))
    docs = list(documents(100))
    assert _rows(nlp, docs, zone=True) == _rows(nlp, docs, zone=False)


@pytest.mark.model
def test_the_zone_changes_no_result_of_the_trained_model(nlp):
    seed = next((ROOT / "seeds").glob("*.txt")).read_text("utf-8")
    docs = [Document("seed", "seed.txt", text=seed), *documents(60)]
    with_zone = _rows(nlp, docs, zone=True)
    strings = len(nlp.vocab.strings)
    assert with_zone == _rows(nlp, docs, zone=False)
    assert any(row[3] for row in with_zone) and any(row[1] for row in with_zone)  # quotes and mentions were found
    assert len(nlp.vocab.strings) > strings  # the control: without the zone the new words stayed
