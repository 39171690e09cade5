"""Engines and checkpoints: worker processes, Dask, resumed and incremental runs give the tables of one plain run.

The runs use a blank German pipeline with an entity ruler (no trained model), so mentions, entities
and the corpus merge have something to do; each run is a subprocess, like a user's.
"""
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
import spacy

from pipeline import checkpoint as cp
from pipeline import engine as engine_module
from pipeline.engine import Adaptive, Analysed, InProcess, Settings, analyze_partition, analyzed, auto_processes, partition_size
from pipeline.outfolder import FAULT_ENV
from pipeline.records import Document
from pipeline.store import CleanTextReader, read_clean_text

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("documents.csv", "mentions.csv", "entities.csv", "quotes.csv", "relations.csv")
PEOPLE = ["Olaf Scholz", "Annalena Baerbock", "Friedrich Merz"]
PLACES = ["Berlin", "Kiew", "Paris"]


@pytest.fixture(scope="module")
def ruler_model(tmp_path_factory):
    """A blank German pipeline that finds a few people and places: entities without a trained model."""
    path = tmp_path_factory.mktemp("model") / "de_ruler"
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": name} for name in PEOPLE]
                       + [{"label": "PER", "pattern": name.split()[-1]} for name in PEOPLE]
                       + [{"label": "LOC", "pattern": name} for name in PLACES])
    nlp.to_disk(path)
    return path


def _article(i: int) -> str:
    person, place = PEOPLE[i % 3], PLACES[i % 2]
    return (f"{place}. {person} sagte am Montag in {PLACES[(i + 1) % 3]}, man werde die Pläne prüfen.\n\n"
            f"„Wir lassen uns nicht drängen“, sagte {person.split()[-1]}. Artikel {i}.\n")


def _inputs(folder: Path, n: int, broken: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_text(_article(i), encoding="utf-8")
    if broken:
        (folder / "a03b.txt").write_bytes(b"\x00\x01binary")  # an error row in the middle of the stream
        (folder / "a05b.txt").write_text("", encoding="utf-8")
    return folder


def _extract(model: Path, inputs: Path, out: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out), "--model", str(model),
               "--no-views", *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def _tables(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in TABLES}
    files["clean/texts.jsonl"] = (out / "clean" / "texts.jsonl").read_bytes()
    return files


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory, ruler_model):
    """One process, no checkpoint: the tables every other way of running must reproduce."""
    root = tmp_path_factory.mktemp("reference")
    inputs = _inputs(root / "in", 9)
    done = _extract(ruler_model, inputs, root / "out", "--n-process", "1", "--batch-size", "2", "--no-checkpoint")
    assert done.returncode == 1, done.stderr  # the binary file is an error row
    tables = _tables(root / "out")
    assert b"Olaf Scholz" in tables["entities.csv"] and tables["mentions.csv"].count(b"\n") > 20
    return inputs, tables


def test_two_worker_processes_write_the_tables_of_one_process(tmp_path, ruler_model, reference):
    inputs, tables = reference
    done = _extract(ruler_model, inputs, tmp_path / "out", "--n-process", "2", "--batch-size", "2")
    assert done.returncode == 1, done.stderr
    assert _tables(tmp_path / "out") == tables
    assert "error" in (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8-sig")


def test_dask_local_cluster_writes_the_tables_of_one_process(tmp_path, ruler_model, reference):
    pytest.importorskip("distributed")
    inputs, tables = reference
    done = _extract(ruler_model, inputs, tmp_path / "out", "--engine", "dask", "--n-process", "2", "--batch-size", "2")
    assert done.returncode == 1, done.stderr
    assert _tables(tmp_path / "out") == tables
    assert "distributed" not in done.stderr  # the cluster's INFO lines stay out of the user's terminal


def test_a_killed_run_resumes_from_its_checkpoint(tmp_path, ruler_model, reference):
    inputs, tables = reference
    out = tmp_path / "out"
    # Partitions of 2 documents (batch size 1), each committed before its documents reach the tables.
    killed = _extract(ruler_model, inputs, out, "--batch-size", "1", env={FAULT_ENV: "documents:6"})
    assert killed.returncode == -9 and not out.exists()
    resumed = _extract(ruler_model, inputs, out, "--batch-size", "1")
    assert resumed.returncode == 1, resumed.stderr
    # 6 documents went through the tables (3 partitions); the binary one among them is never kept.
    assert _manifest(out)["documents_from_checkpoint"] == 5
    assert "5 documents from the checkpoint" in resumed.stderr
    assert _tables(out) == tables


def _group_ends(pgid: int, seconds: float = 20) -> bool:
    """Whether every process of a process group is gone within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("fault", ["documents:TERM", "documents:3"])
def test_a_stopped_or_killed_parallel_run_leaves_no_workers_and_out_unchanged(tmp_path, ruler_model, reference, fault):
    inputs, _ = reference
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("kept", encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out), "--model", str(ruler_model),
               "--no-views", "--n-process", "2", "--batch-size", "1"]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(ROOT), FAULT_ENV: fault})
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == (2 if fault.endswith("TERM") else -9), stderr
    assert _group_ends(process.pid), "worker processes outlived the run"
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


def test_a_rerun_analyses_only_new_and_changed_documents(tmp_path, ruler_model, reference):
    inputs, tables = reference
    out = tmp_path / "out"
    assert _extract(ruler_model, inputs, out, "--batch-size", "2").returncode == 1
    assert _manifest(out)["documents_from_checkpoint"] == 0
    grown = tmp_path / "grown"
    _inputs(grown, 10)
    (grown / "a01.txt").write_text(_article(1).replace("Montag", "Dienstag"), encoding="utf-8")
    rerun = _extract(ruler_model, grown, out, "--batch-size", "2")
    assert rerun.returncode == 1
    assert _manifest(out)["documents_from_checkpoint"] == 8  # 9 ok documents before, one of them changed
    fresh = _extract(ruler_model, grown, tmp_path / "fresh", "--batch-size", "2", "--no-checkpoint")
    assert fresh.returncode == 1
    assert _tables(out) == _tables(tmp_path / "fresh")
    assert "Dienstag" in read_clean_text(out, "a01")

    forced = _extract(ruler_model, grown, out, "--batch-size", "2", "--force")
    assert forced.returncode == 1 and _manifest(out)["documents_from_checkpoint"] == 0
    assert _tables(out) == _tables(tmp_path / "fresh")


def test_per_document_clean_texts_on_request(tmp_path, ruler_model, reference):
    inputs, tables = reference
    out = tmp_path / "out"
    assert _extract(ruler_model, inputs, out, "--clean-texts", "files", "--no-checkpoint").returncode == 1
    assert not (out / "clean" / "texts.jsonl").exists()
    texts = {json.loads(line)["doc_id"]: json.loads(line)["text"] for line in tables["clean/texts.jsonl"].splitlines()}
    assert sorted(p.stem for p in (out / "clean").glob("*.txt")) == sorted(texts)
    reader = CleanTextReader(out)
    assert all(reader.get(doc_id) == text for doc_id, text in texts.items())


# --- the checkpoint ---------------------------------------------------------------------------------------------

def _result(doc_id: str = "d1", text: str = "Olaf Scholz sagte etwas.") -> Analysed:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Olaf Scholz"}])
    (result,) = analyze_partition(nlp, [Document(doc_id, "src", text)], Settings("x", max_seconds=None))
    result.document = Document(doc_id, "src", text)
    return result


def test_results_are_plain_picklable_records():
    result = _result()
    assert result.mentions and result.entities and result.n_sentences == 1
    assert pickle.loads(pickle.dumps(result)) == result


def test_checkpoint_round_trip_and_keys(tmp_path):
    result = _result()
    with cp.Checkpoint(tmp_path / "c.sqlite", "model-a") as cache:
        cache.store(result)
        cache.commit()
    with cp.Checkpoint(tmp_path / "c.sqlite", "model-a") as cache:
        (hit,) = cache.lookup([result.document]).values()
        assert Analysed(result.document, cached=False, **hit) == result
        assert cache.lookup([Document("d1", "src", "Anderer Text.")]) == {}  # changed text
        assert cache.lookup([Document("d2", "src", result.document.text)]) == {}  # other id
    with cp.Checkpoint(tmp_path / "c.sqlite", "model-b") as cache:
        assert cache.lookup([result.document]) == {}  # other model
    with cp.Checkpoint(tmp_path / "c.sqlite", "model-a", force=True) as cache:
        assert cache.lookup([result.document]) == {}


def test_checkpoint_rows_of_another_rules_version_are_dropped(tmp_path, monkeypatch):
    with cp.Checkpoint(tmp_path / "c.sqlite", "m") as cache:
        cache.store(_result())
    monkeypatch.setattr(cp, "rules_version", lambda: "other")
    with cp.Checkpoint(tmp_path / "c.sqlite", "m") as cache:
        assert cache.db.execute("SELECT count(*) FROM results").fetchone() == (0,)


def test_a_damaged_row_is_a_miss_and_a_damaged_file_is_replaced(tmp_path):
    result = _result()
    path = tmp_path / "c.sqlite"
    with cp.Checkpoint(path, "m") as cache:
        cache.store(result)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE results SET payload = ?", (b"garbage",))
    with cp.Checkpoint(path, "m") as cache:
        assert cache.lookup([result.document]) == {}
    path.write_bytes(b"not a database at all" * 100)
    with cp.Checkpoint(path, "m") as cache:
        assert cache.lookup([result.document]) == {}
        cache.store(result)
    assert path.with_name("c.sqlite.damaged").exists()
    with cp.Checkpoint(path, "m") as cache:
        assert len(cache.lookup([result.document])) == 1


def test_rules_version_follows_the_package_files():
    assert cp.rules_version() == cp.rules_version() and len(cp.rules_version()) == 16


# --- partitions -------------------------------------------------------------------------------------------------

class _Reversing:
    """An engine whose partitions finish in reverse order: the results must still come in input order."""

    workers = 3

    def __init__(self, inner):
        self.inner, self.submitted = inner, []

    def submit(self, documents, position=0):
        self.submitted.append([d.doc_id for d in documents])
        return self.inner.submit(documents)

    def close(self, abort=False):
        pass


def test_results_come_in_input_order_with_bounded_partitions_in_flight():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    documents = [Document(f"d{i}", "src", f"Satz {i}.") for i in range(7)]
    engine = _Reversing(InProcess(nlp, Settings("x", batch_size=1)))
    seen = []

    def stream():
        for document in documents:
            seen.append(document.doc_id)
            yield document

    results = analyzed(engine, stream(), partition_size(1))
    first = next(results)
    assert first.document.doc_id == "d0" and first.document.text == "Satz 0."
    assert len(seen) <= 2 * engine.workers * partition_size(1)  # the input is read lazily
    assert [r.document.doc_id for r in [first, *results]] == [d.doc_id for d in documents]
    assert engine.submitted == [["d0", "d1"], ["d2", "d3"], ["d4", "d5"], ["d6"]]


class _Pool(_Reversing):
    """Stands in for the worker processes: records how many were asked for and what they were given."""

    def __init__(self, settings, workers):
        super().__init__(InProcess(_blank(), settings))
        self.workers, self.started = workers, False

    def start(self):
        self.started = True


def _blank():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def _adaptive(monkeypatch, expected, total=10, batch_size=32):
    """An `Adaptive` engine whose worker processes are `_Pool`s (recorded in the returned list)."""
    pools = []

    def pool(settings, workers):
        pools.append(_Pool(settings, workers))
        return pools[-1]

    monkeypatch.setattr(engine_module, "Processes", pool)
    return Adaptive(Settings("x", batch_size), workers=2, total=total, min_left=4, expected=expected), pools


def test_auto_starts_workers_before_reading_when_the_checkpoint_lacks_enough_documents(monkeypatch):
    for expected in (None, 10, 4):
        engine, pools = _adaptive(monkeypatch, expected)
        assert [(p.workers, p.started) for p in pools] == [(2, True)], expected  # before the first partition
        engine.submit([Document("d", "src", "Satz.")], 8)
        assert pools[0].submitted == [["d"]]


def test_auto_starts_a_worker_per_expected_batch_before_reading_when_few_documents_are_left(monkeypatch):
    # min_left 4, batches of 2: 3 expected documents are two batches (two workers), 1 is one.
    for expected, workers in ((3, 2), (1, 1)):
        engine, pools = _adaptive(monkeypatch, expected, batch_size=2)
        assert [(p.workers, p.started) for p in pools] == [(workers, True)], expected
        assert engine.workers == workers
        engine.submit([Document("d", "src", "Satz.")], 9)
        assert pools[0].submitted == [["d"]] and len(pools) == 1


def test_auto_decides_at_the_first_miss_when_no_document_seemed_to_be_left(monkeypatch):
    monkeypatch.setattr(engine_module, "worker_model", lambda settings: _blank())
    for expected, position, started in ((0, 0, [2]), (0, 6, [2]), (0, 7, [])):
        engine, pools = _adaptive(monkeypatch, expected)
        assert pools == []
        engine.submit([Document("d", "src", "Satz.")], position)
        engine.submit([Document("e", "src", "Satz.")], position + 1)  # decided once, at the first partition
        assert [p.workers for p in pools] == started, position
        if started:
            assert pools[0].submitted == [["d"], ["e"]]
        else:  # a few documents: the parent loads the model and analyses them itself
            assert isinstance(engine.engine, InProcess) and engine.engine.nlp is not None


def test_the_parent_loads_no_model_when_nothing_needs_analysing(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "worker_model", lambda settings: pytest.fail("the model was loaded"))
    part = [Document(f"d{i}", "src", f"Satz {i}.") for i in range(3)]
    with cp.Checkpoint(tmp_path / "c.sqlite", "m") as cache:
        for document in part:
            cache.store(Analysed(document, n_sentences=1))
        assert cache.expected_misses(5) == 2 and cache.expected_misses(2) == 0
        results = list(analyzed(InProcess(None, Settings("x")), iter(part), 2, cache))
    assert [r.cached for r in results] == [True, True, True]


def test_auto_uses_every_core_only_for_long_runs():
    assert auto_processes(10, cpus=2) == 1
    assert auto_processes(10_000, cpus=2) == 2
    assert auto_processes(10_000, cpus=1) == 1
    assert auto_processes(None, cpus=4) == 4


def test_a_parquet_archive_on_dask_gives_the_tables_of_the_same_jsonl_in_one_process(tmp_path, ruler_model):
    pytest.importorskip("distributed")
    pa, pq = pytest.importorskip("pyarrow"), pytest.importorskip("pyarrow.parquet")
    ids, texts = [f"a{i:02d}" for i in range(9)], [_article(i) for i in range(9)]
    (tmp_path / "jsonl").mkdir()
    (tmp_path / "parquet").mkdir()
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in zip(ids, texts)]
    (tmp_path / "jsonl" / "archiv.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"id": ids, "text": texts}), tmp_path / "parquet" / "archiv.parquet")
    plain = _extract(ruler_model, tmp_path / "jsonl", tmp_path / "out1", "--n-process", "1", "--batch-size", "2", "--no-checkpoint")
    dask = _extract(ruler_model, tmp_path / "parquet", tmp_path / "out2", "--engine", "dask", "--n-process", "2", "--batch-size", "2")
    assert plain.returncode == 0 and dask.returncode == 0, (plain.stderr, dask.stderr)
    for name in ("mentions.csv", "entities.csv", "quotes.csv", "relations.csv"):  # documents.csv names the rows' sources
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes(), name
    assert b"Olaf Scholz" in (tmp_path / "out2" / "entities.csv").read_bytes()


def test_the_model_label_comes_from_meta_json_as_from_the_loaded_model(ruler_model):
    from pipeline.annotate import load_model, model_label
    from pipeline.models import model_label_of

    assert model_label_of(str(ruler_model)) == model_label(load_model(str(ruler_model))) == "de_pipeline-0.0.0"


def test_a_missing_model_stops_extract_before_reading(tmp_path, reference):
    inputs, _ = reference
    done = _extract(tmp_path / "no-such-model", inputs, tmp_path / "out")
    assert done.returncode == 2 and "cannot load model" in done.stderr and not (tmp_path / "out").exists()


# --- memory zones over partitions -------------------------------------------------------------------------------

def _lexemes(nlp) -> int:
    return sum(1 for _ in nlp.vocab)  # len(nlp.vocab) counts freed lexemes too


def test_in_process_keeps_one_memory_zone_over_partitions_and_frees_it(ruler_model):
    """One zone over several partitions (the words are split and made once), renewed when full, freed on close."""
    nlp = spacy.load(ruler_model)
    settings = Settings(str(ruler_model), batch_size=2, max_seconds=None)
    parts = [[Document(f"d{p}{i}", "src", f"{_article(i)} Wort{p}x{i} Name{p}y{i}.") for i in range(4)] for p in range(3)]
    plain = [analyze_partition(nlp, part, settings) for part in parts]  # a zone per batch, as before
    start = _lexemes(nlp)
    engine = InProcess(nlp, settings)
    engine_module.zones_of(nlp).size = 8  # two partitions per zone
    kept = [engine.submit(part).result() for part in parts[:2]]
    two = _lexemes(nlp)
    assert two > start  # the first two partitions' words are still there: one zone
    kept.append(engine.submit(parts[2]).result())
    assert start < _lexemes(nlp) < two  # a new zone for the third: the first zone's words were freed
    engine.close()
    assert _lexemes(nlp) == start
    assert kept == plain


def test_a_worker_process_keeps_its_memory_zone_from_task_to_task(ruler_model, monkeypatch):
    """Worker tasks (process pool, Dask) share the model's zone as the one-process engine does, with the same results."""
    nlp = spacy.load(ruler_model)
    monkeypatch.setattr(engine_module, "worker_model", lambda settings: nlp)
    settings = Settings(str(ruler_model), batch_size=2, max_seconds=None)
    parts = [[Document(f"d{p}{i}", "src", f"{_article(i)} Wort{p}x{i} Name{p}y{i}.") for i in range(2)] for p in range(2)]
    plain = [analyze_partition(nlp, part, settings) for part in parts]
    start = _lexemes(nlp)
    first = engine_module.worker_analyze(settings, parts[0])
    assert _lexemes(nlp) > start  # the task's new words stay for the next task: its zone is still open
    assert [first, engine_module.worker_analyze(settings, parts[1])] == plain
    engine_module.zones_of(nlp).close()
    assert _lexemes(nlp) == start


def test_a_worker_process_runs_one_task_at_a_time(monkeypatch):
    """A Dask worker with several threads must not run the model, or open a zone, twice at once."""
    running, overlapped = [], []

    def analyze(nlp, documents, settings, zones=None):
        running.append(1)
        overlapped.append(len(running) > 1)
        time.sleep(0.05)
        running.pop()
        return []

    monkeypatch.setattr(engine_module, "worker_model", lambda settings: _blank())
    monkeypatch.setattr(engine_module, "analyze_partition", analyze)
    threads = [threading.Thread(target=engine_module.worker_analyze, args=(Settings("x"), [])) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlapped == [False] * 4


def test_worker_processes_get_one_task_per_spacy_batch_and_give_the_results_back_in_order():
    class Recording:
        def __init__(self):
            self.tasks = []

        def submit(self, function, settings, documents):
            self.tasks.append([d.doc_id for d in documents])
            done = Future()
            done.set_result([Analysed(d) for d in documents])
            return done

    processes = engine_module.Processes(Settings("x", batch_size=2), 2)
    processes.pool = pool = Recording()
    documents = [Document(f"d{i}", "src", f"Satz {i}.") for i in range(5)]
    results = processes.submit(documents).result()
    assert pool.tasks == [["d0", "d1"], ["d2", "d3"], ["d4"]]
    assert [r.document.doc_id for r in results] == ["d0", "d1", "d2", "d3", "d4"]


def test_a_rerun_that_finds_every_document_in_the_checkpoint_never_imports_spacy(tmp_path, ruler_model):
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    out = tmp_path / "out"
    first = _extract(ruler_model, tmp_path / "in", out)
    assert first.returncode == 0, first.stderr
    args = ["extract", str(tmp_path / "in"), "--out", str(out), "--model", str(ruler_model), "--no-views"]
    probe = ("import sys\nfrom pipeline.cli import app\n"
             f"try:\n    app({args!r}, prog_name='wersagtwas')\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
             "print('spacy' in sys.modules, 'thinc' in sys.modules)")
    again = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=180,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert again.returncode == 0, again.stderr
    assert "3 documents from the checkpoint" in again.stderr
    assert again.stdout.split() == ["False", "False"]  # the model's name, label and the rules hash come without it
