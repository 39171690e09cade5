"""Engines that map the per-document stages over partitions of the input: here, in worker processes, or on Dask.

The parent reads and cleans the documents and cuts the stream into partitions of whole spaCy
batches; an engine analyses each partition (annotation and every rule stage) and sends back plain
records (`Analysed`: no spaCy Doc), which the parent yields in input order for the reduce step
(`CorpusTables.add`, then the corpus pass). At most `in_flight` partitions are out at a time, so
memory stays flat however long the input. Results of earlier runs come from the checkpoint
instead (`pipeline/checkpoint.py`); only the other documents are sent out.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import weakref
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator, Optional, Protocol

from .budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS
from .checkpoint import Checkpoint
from .records import Document, Entity, Mention, Quote, Relation, batches

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
# Below this many documents `--n-process auto` stays in one process: starting a worker (spawn, import
# spaCy, load the model) costs a few seconds, which two processes win back only on a longer run.
AUTO_MIN_DOCUMENTS = 500
# `--n-process auto` starts workers only when this many documents are left to analyse; the parent
# analyses while they load the model, so starting them costs little but CPU.
AUTO_MIN_LEFT = 200
PR_SET_PDEATHSIG = 1
# Documents per spaCy memory zone of a process that analyses partition after partition (`Zones`):
# the one-process engine, and each worker process or Dask worker from task to task.
# A zone frees the words its documents added, so the next zone splits them and makes their lexemes
# again: zones of one batch (32 documents) cost about a third more tokenizer time than raw
# `nlp.pipe`, which keeps every word. Memory stays bounded by the zone's documents.
ZONE_DOCUMENTS = 1024
BLAS_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


@dataclass(frozen=True)
class Settings:
    """What a worker needs to analyse documents exactly as the parent would."""

    model: str  # a resolved name or path, loaded once per worker
    batch_size: int = 32
    max_chars: Optional[int] = DEFAULT_MAX_CHARS
    max_seconds: Optional[float] = DEFAULT_MAX_SECONDS
    blas_threads: Optional[int] = None  # per worker process; None leaves the library default


@dataclass
class Analysed:
    """One document's results as plain records: what crosses process and machine boundaries."""

    document: Document
    n_sentences: int = 0
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    cached: bool = False  # came from the checkpoint


def analyze_partition(nlp: Any, documents: list[Document], settings: Settings, zones: Optional["Zones"] = None) -> list[Analysed]:
    """Every stage on one partition, in order; the texts are left out of the results (the parent has them).

    With `zones` the partition runs in their current memory zone, else each batch in its own.
    """
    from .run import analyze
    from .store import count_sentences

    if zones is not None:
        zones.enter(len(documents))
    results = []
    # memory_zone: a bounded vocabulary in long runs; each Doc is turned into plain records before the next one.
    for result in analyze(nlp, documents, settings.batch_size, settings.max_chars, settings.max_seconds,
                          memory_zone=zones is None):
        n_sentences = count_sentences(result.doc) if result.doc is not None else 0
        results.append(Analysed(replace(result.document, text=""), n_sentences, result.mentions, result.entities,
                                result.quotes, result.relations))
    return results


class Zones:
    """One spaCy memory zone over consecutive partitions of one process, renewed every `size` documents.

    Safe because a partition's Docs are turned into plain records before `analyze_partition`
    returns: a zone is closed only between partitions, when no Doc of it is left. The one-process
    engine closes the last one (`close`); a worker's stays open until the next task or the process ends.
    """

    def __init__(self, nlp: Any, size: int = ZONE_DOCUMENTS) -> None:
        self.nlp, self.size = nlp, size
        self.stack: Optional[ExitStack] = None
        self.documents = 0

    def enter(self, documents: int) -> None:
        """Make room for a partition of `documents`: a new zone when the current one is full."""
        if self.stack is not None and self.documents + documents > self.size:
            self.close()
        if self.stack is None:
            from .annotate import batch_zone

            self.stack = ExitStack()
            self.stack.enter_context(batch_zone(self.nlp))
            self.documents = 0
        self.documents += documents

    def close(self) -> None:
        """Close the current zone: the words its documents added are freed."""
        if self.stack is not None:
            stack, self.stack = self.stack, None
            stack.close()


_MODELS: dict[str, Any] = {}
_ZONES: "weakref.WeakKeyDictionary[Any, Zones]" = weakref.WeakKeyDictionary()
_TASKS = threading.Lock()


def worker_model(settings: Settings) -> Any:
    """The model of this worker process, loaded at its first task (BLAS threads limited first)."""
    if settings.model not in _MODELS:
        if settings.blas_threads:
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=settings.blas_threads)
        from .annotate import load_model

        _MODELS[settings.model] = load_model(settings.model)
    return _MODELS[settings.model]


def worker_analyze(settings: Settings, documents: list[Document]) -> list[Analysed]:
    """The task a worker process or a Dask worker runs on one partition.

    A process's consecutive tasks share its model's memory zones (`zones_of`), as the one-process
    engine's partitions do; one task runs at a time per process, so a Dask worker started with more
    than one thread never runs the model, or opens a zone, twice at once.
    """
    with _TASKS:
        nlp = worker_model(settings)
        return analyze_partition(nlp, documents, settings, zones_of(nlp))


def zones_of(nlp: Any) -> "Zones":
    """The memory zones of one model in this process: one `Zones` per model, so that zones never nest."""
    zones = _ZONES.get(nlp)
    if zones is None:
        zones = _ZONES[nlp] = Zones(nlp)
    return zones


def _start_worker(settings: Settings) -> None:
    """Worker process start: Ctrl-C is the parent's to handle (it stops the workers), then load the model."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    worker_model(settings)


def _die_with_parent() -> None:
    """Linux: end this worker when the parent dies, even by SIGKILL (idle pool workers would wait forever)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        log.debug("cannot tie the worker to its parent", exc_info=True)
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


class Engine(Protocol):
    """Analyses partitions; `submit` returns something with `.result()`."""

    workers: int

    def submit(self, documents: list[Document], position: int = 0) -> Any: ...

    def close(self, abort: bool = False) -> None: ...


class InProcess:
    """This process, one partition at a time; the model is loaded at the first partition to analyse."""

    workers = 1

    def __init__(self, nlp: Any, settings: Settings):
        self.nlp, self.settings = nlp, settings

    def submit(self, documents: list[Document], position: int = 0) -> Future:
        if self.nlp is None:  # a run that finds everything in the checkpoint never loads it
            self.nlp = worker_model(self.settings)
        done: Future = Future()
        done.set_result(analyze_partition(self.nlp, documents, self.settings, zones_of(self.nlp)))
        return done

    def close(self, abort: bool = False) -> None:
        if self.nlp is not None:
            zones_of(self.nlp).close()


class Processes:
    """Worker processes on this machine (spawned, so no thread state of the parent is copied).

    They start with the first partition to analyse: a rerun that finds everything in the
    checkpoint starts none.
    """

    def __init__(self, settings: Settings, workers: int):
        self.settings, self.workers = settings, workers
        self.pool: Optional[ProcessPoolExecutor] = None
        self.started: list[Future] = []  # one per worker, done once it has loaded the model

    def start(self) -> None:
        """Start the workers (they load the model in the background)."""
        if self.pool is None:
            self.pool = self._start()

    def ready(self) -> bool:
        """Whether every worker has loaded its model."""
        return self.pool is not None and all(f.done() for f in self.started)

    def _start(self) -> ProcessPoolExecutor:
        # Set before the workers start, so their BLAS libraries start with that many threads.
        saved = {name: os.environ.get(name) for name in BLAS_VARIABLES}
        if self.settings.blas_threads:
            os.environ.update({name: str(self.settings.blas_threads) for name in BLAS_VARIABLES})
        try:
            pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(self.settings,))
            # Start them all now, with this environment; a worker runs its first task after loading the model.
            self.started = [pool.submit(_noop) for _ in range(self.workers)]
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        return pool

    def submit(self, documents: list[Document], position: int = 0) -> "Joined":
        """One task per spaCy batch, so the workers share out a partition's few misses on a rerun (same batches)."""
        self.start()
        assert self.pool is not None
        return Joined([self.pool.submit(worker_analyze, self.settings, part)
                       for part in batches(documents, max(1, self.settings.batch_size))])

    def close(self, abort: bool = False) -> None:
        if self.pool is None:
            return
        if abort:
            # A stopped run must not leave workers behind: they are ended, not waited for.
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        # Not waited for either way: every result is in, and a worker's exit (freeing the model) took
        # 0.5 s of a rerun; the workers end while the parent runs the corpus pass, and exit joins them.
        self.pool.shutdown(wait=False, cancel_futures=True)


class Adaptive:
    """`--n-process auto`: worker processes only when documents are left to analyse.

    `expected` (the input documents the checkpoint cannot hold: total minus its rows) is known
    before the first document is read. When it is above zero, workers start at once and load the
    model while the parent reads, cleans and looks up the documents before the first miss: one
    per core from `min_left` on, else one per spaCy batch of the expected documents, up to one per
    core (a rerun over a corpus grown by 100 documents: two workers, which split its four batches).
    The parent then never imports spaCy. When the estimate is zero, the first partition that misses the
    checkpoint decides (the estimate is wrong when the checkpoint holds other corpora or texts
    changed): from there on `min_left` documents or more (an upper bound of what is left), the
    workers start; fewer, the parent analyses them itself (measured in docs/scale.md).
    """

    def __init__(self, settings: Settings, workers: int, total: int, min_left: int, expected: Optional[int] = None):
        self.settings, self.total, self.min_left = settings, total, min_left
        self.cpus = self.workers = workers
        self.engine: Optional[Engine] = None
        if expected is None or expected >= min_left:
            self.engine = self._processes(total if expected is None else expected, "expected", self.cpus)
        elif expected > 0:
            batches = -(-expected // max(1, settings.batch_size))
            self.engine = self._processes(expected, "expected", min(self.cpus, batches))

    def _processes(self, left: int, how: str, workers: int) -> Engine:
        log.info("%d worker processes for %d %s documents to analyse", workers, left, how)
        self.workers = workers
        processes = Processes(replace(self.settings, blas_threads=max(1, usable_cpus() // workers)), workers)
        processes.start()
        return processes

    def submit(self, documents: list[Document], position: int = 0) -> Any:
        if self.engine is None:
            left = self.total - position
            if left >= self.min_left:
                self.engine = self._processes(left, "remaining", self.cpus)
            else:
                log.info("the parent analyses the %d documents from document %d", left, position)
                self.engine = InProcess(None, self.settings)
                self.workers = 1
        return self.engine.submit(documents, position)

    def close(self, abort: bool = False) -> None:
        if self.engine is not None:
            self.engine.close(abort)


class Joined:
    """The results of a partition's tasks, in order, as one."""

    def __init__(self, futures: list[Future]):
        self.futures = futures

    def result(self) -> list[Analysed]:
        return [analysed for future in self.futures for analysed in future.result()]


def _noop() -> None:
    """A first task that makes the pool start a worker."""


class DaskEngine:
    """A dask.distributed cluster: the one at `scheduler`, else a LocalCluster of `workers` processes (started at first use)."""

    def __init__(self, settings: Settings, scheduler: Optional[str], workers: int):
        self.settings, self.scheduler, self.workers = settings, scheduler, workers
        self.cluster: Any = None
        self.client: Any = None

    def _connect(self) -> Any:
        from distributed import Client, LocalCluster

        # After the import, which sets distributed's own levels: its lines are not the user's business
        # (a worker's heartbeat racing the scheduler's shutdown logs an ERROR; failed tasks raise here anyway).
        quiet = logging.INFO if logging.getLogger().isEnabledFor(logging.INFO) else logging.CRITICAL
        logging.getLogger("distributed").setLevel(max(quiet, logging.getLogger("distributed").getEffectiveLevel()))

        if self.scheduler:
            return Client(self.scheduler)
        import dask

        # One thread per worker process; the nanny passes this configuration and environment to its worker.
        with dask.config.set(local_cluster_config(dask.config.get("distributed.nanny.pre-spawn-environ", {}))):
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=quiet)
        return Client(self.cluster)

    def submit(self, documents: list[Document], position: int = 0) -> Any:
        if self.client is None:
            self.client = self._connect()
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or self.workers)
        return self.client.submit(worker_analyze, self.settings, documents, pure=False)

    def close(self, abort: bool = False) -> None:
        try:
            if self.client is not None:
                self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def local_cluster_config(environ: dict) -> dict[str, Any]:
    """Dask settings for the workers of a LocalCluster that run CPU-bound spaCy tasks, one thread each.

    Measured on the 2-core machine (docs/scale.md): Dask's default MALLOC_TRIM_THRESHOLD_=65536 makes
    glibc return freed memory to the kernel at once, so every batch's numpy buffers are mapped and
    faulted in again (7x the system time of a worker process); the statistical profiler samples the
    task's stack 100 times a second, and the event-loop health check and memory monitors of every
    worker, nanny and the scheduler wake up every 20 to 500 ms. A task is seconds long: nobody needs that.
    """
    spawn = {name: value for name, value in environ.items() if name != "MALLOC_TRIM_THRESHOLD_"}
    spawn.update({name: 1 for name in BLAS_VARIABLES})
    return {
        "distributed.nanny.pre-spawn-environ": spawn,
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.admin.system-monitor.interval": "2s",
        "distributed.admin.system-monitor.gil.enabled": False,
        "distributed.worker.memory.monitor-interval": "1s",
    }


def partition_size(batch_size: int) -> int:
    """Documents per partition: whole spaCy batches, so batches are the same as in one process."""
    return 2 * max(1, batch_size)


def usable_cpus() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def auto_processes(n_documents: Optional[int], cpus: Optional[int] = None) -> int:
    """`--n-process auto`: one process per usable core, but one process for short runs (see `Adaptive`)."""
    cpus = cpus or usable_cpus()
    if cpus < 2 or (n_documents is not None and n_documents < AUTO_MIN_DOCUMENTS):
        return 1
    return cpus


def open_engine(kind: str, processes: int, settings: Settings, nlp: Any = None, scheduler: Optional[str] = None,
                total: Optional[int] = None, expected: Optional[int] = None) -> Engine:
    """The engine for `--engine` and `--n-process`; BLAS threads are shared out among the worker processes.

    With `total` (`--n-process auto`, the number of input documents; `expected`, those the
    checkpoint cannot hold) the worker processes follow the documents left to analyse (`Adaptive`).
    The parent loads the model (`nlp` None) only if it analyses documents itself.
    """
    threads = max(1, usable_cpus() // max(1, processes))
    if kind == "dask":
        return DaskEngine(replace(settings, blas_threads=1), scheduler, max(1, processes))
    if processes <= 1:
        return InProcess(nlp, settings)
    if total is not None:
        return Adaptive(settings, processes, total, AUTO_MIN_LEFT, expected)
    return Processes(replace(settings, blas_threads=threads), processes)


def analyzed(engine: Engine, documents: Iterable[Document], partition_size: int,
             checkpoint: Optional[Checkpoint] = None, in_flight: Optional[int] = None) -> Iterator[Analysed]:
    """Results of every document in input order; at most `in_flight` partitions are out at a time."""
    limit = in_flight or (1 if isinstance(engine, InProcess) else 2 * engine.workers)
    pending: deque[tuple[list[Document], dict[int, dict], Any]] = deque()
    position = 0  # documents before the partition
    for part in batches(documents, partition_size):
        hits = checkpoint.lookup(part) if checkpoint is not None else {}
        todo = [d for i, d in enumerate(part) if i not in hits]
        pending.append((part, hits, engine.submit(todo, position) if todo else None))
        position += len(part)
        if len(pending) >= limit:
            yield from _gather(*pending.popleft(), checkpoint)
    while pending:
        yield from _gather(*pending.popleft(), checkpoint)


def _gather(part: list[Document], hits: dict[int, dict], future: Any, checkpoint: Optional[Checkpoint]) -> list[Analysed]:
    """One partition's results in input order: cached ones and fresh ones (which are checkpointed)."""
    fresh = iter(future.result() if future is not None else [])
    results = []
    for i, document in enumerate(part):
        if i in hits:
            results.append(Analysed(document, cached=True, **hits[i]))
            continue
        result = next(fresh)
        result.document = replace(result.document, text=document.text)
        if checkpoint is not None:
            checkpoint.store(result)
        results.append(result)
    if checkpoint is not None:
        checkpoint.commit()
    return results
