"""Command line: `wersagtwas extract` runs every stage; one command per stage; evaluators."""
from __future__ import annotations

import json
import logging
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional, Sequence

import typer
from typer.core import TyperCommand, TyperGroup

from . import store
from .budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS
from .checkpoint import Checkpoint, default_path
from .clean import clean_document
from .corpus import CorpusTables
from .engine import ENGINES, Settings, analyzed, auto_processes, open_engine, partition_size
from .export import DIALECTS, FORMATS, parse_formats
from .outfolder import MANIFEST, OutputError, Run, fault_point
from .records import Document, summarize
from .sources import DEFAULT_MAX_BYTES, read_documents, survey

# spaCy, the model and the rule stages are imported inside the commands that use them:
# `wersagtwas --help` and the usage errors answer in a fraction of a second (bench/startup.py).


def _plain_flags(params: list) -> list:
    """Flags take no value: no `<bool>` after them in the help."""
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    return params


class Command(TyperCommand):
    """A command whose help shows `INPUTS...` (not `{inputs}...`) and flags without a type."""

    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = (param.metavar or param.name or "").upper() + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class Group(TyperGroup):
    """A command group whose help shows flags without a type."""

    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))


app = typer.Typer(
    help="Who says what: German named entities and quote attribution for news text.",
    no_args_is_help=True,
    add_completion=False,
    cls=Group,
    rich_markup_mode=None,  # plain help: importing rich costs more than the rest of `--help`
)
evaluate_app = typer.Typer(help="Score the pipeline against gold data.", no_args_is_help=True, cls=Group, rich_markup_mode=None)
app.add_typer(evaluate_app, name="evaluate")

OUT = typer.Option(Path("outputs"), "--out", "-o", help="Output directory.")
MODEL = typer.Option(
    None, "--model", "-m", envvar="WERSAGTWAS_MODEL",
    help="spaCy pipeline name or path; 'auto' = de_core_news_md if installed, else the bundled de_wersagtwas_news.",
)
def _check_dialect(value: str) -> str:
    if value not in DIALECTS:
        raise typer.BadParameter(f"choose one of {', '.join(DIALECTS)}")
    return value


DIALECT = typer.Option(
    "rfc4180", "--csv-dialect", callback=_check_dialect,
    help=f"CSV dialect: {' | '.join(DIALECTS)} (';' for German Excel).",
)
def _check_formats(value: str) -> str:
    try:
        parse_formats(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None
    return value


FORMAT = typer.Option(
    "csv", "--format", callback=_check_formats,
    help=f"Table formats, comma-separated: {', '.join(FORMATS)} (typed columns for pandas, Arrow, DuckDB); "
         "e.g. --format csv,parquet.",
)
SAFE = typer.Option(False, "--excel-safe", help="Prefix cells starting with = + - @ with ' so spreadsheets never run them.")
BATCH = typer.Option(32, "--batch-size", min=1, help="Documents per nlp.pipe batch.")
MAX_CHARS = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1,
                         help="Longest document analysed (characters after cleaning); longer ones become error rows.")
MAX_SECONDS = typer.Option(DEFAULT_MAX_SECONDS, "--max-seconds", min=0.1,
                           help="Time one document may spend in one stage before it becomes an error row.")
MAX_BYTES = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                         help="Largest input file (or JSONL line) read; larger ones become error rows.")
# Above this many documents the workbook (slow, and its sheets end at 1,048,576 rows) and the report (one page
# per document) are left out unless --views asks for them; the tables and wersagtwas.sqlite always cover every row.
VIEWS_MAX_DOCUMENTS = 20_000
VIEWS = typer.Option(None, "--views/--no-views", show_default=False,
                     help=f"Write wersagtwas.xlsx and report/ (default: up to {VIEWS_MAX_DOCUMENTS:,} documents; "
                          "--views for any size); wersagtwas.sqlite is always written.")
INPUTS = typer.Argument(..., help="Files (.txt, .jsonl, .parquet) or directories of them.", exists=False)


def _logging(verbose: bool) -> None:
    """Warnings only, or every detail with -v/--verbose (given before or after the command)."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if verbose:
        logging.getLogger().setLevel(logging.DEBUG)  # basicConfig changes nothing once logging is set up


VERBOSE = typer.Option(False, "--verbose", "-v", callback=_logging, help="Log details.")


def _check_processes(value: str) -> str:
    if value != "auto" and not (value.isdigit() and int(value) >= 1):
        raise typer.BadParameter("a number of processes (1, 2, …) or 'auto'")
    return value


N_PROCESS = typer.Option("auto", "--n-process", "-j", callback=_check_processes,
                         help="Processes (or Dask workers of a local cluster) that analyse documents; "
                              "'auto' = one per core for runs of 500 documents or more with 200 or more "
                              "left to analyse (the rest are in the checkpoint), else one.")
ENGINE = typer.Option("local", "--engine", help="local (this machine) | dask (a dask.distributed cluster).")
SCHEDULER = typer.Option(None, "--scheduler", help="With --engine dask: the scheduler address (tcp://host:8786); "
                                                   "without it a LocalCluster is started.")
FORCE = typer.Option(False, "--force", help="Analyse every document again, ignoring the checkpoint of earlier runs.")
CHECKPOINT = typer.Option(True, "--checkpoint/--no-checkpoint",
                          help="Keep per-document results next to --out, so a killed or repeated run "
                               "analyses only new or changed documents.")
CLEAN_TEXTS = typer.Option("jsonl", "--clean-texts",
                           help="Cleaned texts as clean/texts.jsonl (jsonl) or one clean/<doc_id>.txt per document (files).")


class Tally:
    """Counts for the closing one-line summary."""

    NAMED = 5  # failed inputs named in the summary; the rest are counted

    def __init__(self) -> None:
        self.ok = self.failed = self.mentions = self.quotes = self.cached = 0
        self.failures: list[str] = []
        self.started = time.perf_counter()

    def add(self, document: Document, mentions: int = 0, quotes: int = 0, cached: bool = False) -> None:
        self.cached += cached
        if document.status == "ok":
            self.ok += 1
        else:
            self.failed += 1
            if len(self.failures) < self.NAMED:
                self.failures.append(document.error or f"{document.status}: {document.source}")
        self.mentions += mentions
        self.quotes += quotes

    def counts(self) -> dict[str, int]:
        """The numbers the manifest records."""
        counts = {"documents_ok": self.ok, "documents_failed": self.failed, "mentions": self.mentions, "quotes": self.quotes}
        return {**counts, "documents_from_checkpoint": self.cached}

    def finish(self) -> None:
        """Print the summary; exit status 1 when the run completed but some documents failed."""
        seconds = time.perf_counter() - self.started
        for failure in self.failures:
            typer.echo(f"  failed: {failure}", err=True)
        if self.failed > len(self.failures):
            typer.echo(f"  … and {self.failed - len(self.failures)} more, see documents.csv", err=True)
        typer.echo(
            f"wersagtwas: {self.ok} documents ok, {self.failed} failed, {self.mentions} mentions, "
            f"{self.quotes} quotes in {seconds:.1f} s"
            + (f" ({self.cached} documents from the checkpoint)" if self.cached else ""),
            err=True,
        )
        if self.failed:
            raise typer.Exit(1)


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C, so the staging folder is removed


@contextmanager
def writing(out: Path, command: str, inputs: Sequence[Path] = ()):
    """A run's staging folder; anything that stops the run is one line, exit status 2, and `out` stays as it was."""
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        with Run(out, command, inputs) as run:
            yield run
    except typer.Exit:
        raise
    except (OutputError, store.StageError) as err:
        _fail(f"{err}")
    except KeyboardInterrupt:
        _fail(f"interrupted; {out} was not changed")
    except OSError as err:
        _fail(f"cannot write the run to {out} ({err.strerror or err}); {out} was not changed")
    except Exception as err:
        logging.getLogger(__name__).debug("run failed", exc_info=True)
        _fail(f"the run did not complete ({type(err).__name__}: {err}); {out} was not changed; "
              "run with -v for details")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _model(name: Optional[str]):
    from .annotate import PREFERRED_MODEL, ModelNotFound, auto_fell_back, load_model, model_label

    try:
        nlp = load_model(name or "auto")
    except ModelNotFound as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    note = f" (bundled; {PREFERRED_MODEL} is not installed)" if auto_fell_back(name) else ""
    typer.echo(f"model: {model_label(nlp)}{note}", err=True)
    return nlp


def _model_name(name: Optional[str]) -> tuple[str, str]:
    """The resolved --model and its label, checked without loading the model (exit status 2 if there is none)."""
    from .models import PREFERRED_MODEL, ModelNotFound, auto_fell_back, model_label_of, resolve_model

    try:
        resolved = resolve_model(name)
        label = model_label_of(resolved)
    except ModelNotFound as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    note = f" (bundled; {PREFERRED_MODEL} is not installed)" if auto_fell_back(name) else ""
    typer.echo(f"model: {label}{note}", err=True)
    return resolved, label


def german_vocab():
    """German lexical attributes (punctuation, stop words) for Docs loaded from disk."""
    import spacy

    return spacy.blank("de").vocab


def _progress(iterable, desc: str, total: Optional[int] = None):
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit="doc", total=total, file=sys.stderr, disable=None)


def _survey(inputs: List[Path], exclude: List[Path]) -> int:
    """The number of documents for the progress bar; a note on files that will not be read."""
    found = survey(inputs, exclude)
    if found.skipped:
        kinds = ", ".join(f"{suffix} {n}" for suffix, n in found.skipped.most_common())
        typer.echo(f"note: skipped {sum(found.skipped.values())} files that are not .txt, .jsonl or .parquet ({kinds})",
                   err=True)
    return found.documents


@app.callback()
def main(verbose: bool = VERBOSE) -> None:
    """Who says what: German named entities and quote attribution for news text."""


@app.command()
def extract(
    inputs: List[Path] = INPUTS,
    out: Path = OUT,
    model: Optional[str] = MODEL,
    csv_dialect: str = DIALECT,
    table_format: str = FORMAT,
    excel_safe: bool = SAFE,
    batch_size: int = BATCH,
    views: Optional[bool] = VIEWS,
    max_bytes: int = MAX_BYTES,
    max_chars: int = MAX_CHARS,
    max_seconds: float = MAX_SECONDS,
    verbose: bool = VERBOSE,
    n_process: str = N_PROCESS,
    engine: str = ENGINE,
    scheduler: Optional[str] = SCHEDULER,
    force: bool = FORCE,
    checkpoint: bool = CHECKPOINT,
    clean_texts: str = CLEAN_TEXTS,
) -> None:
    """Run every stage on INPUTS; write the tables, wersagtwas.xlsx and report/ to --out.

    Example: wersagtwas extract seeds/ --out outputs/ --n-process 2
    """
    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--engine")
    _check_layout(clean_texts)
    # The model is loaded where documents are analysed (the workers, or the parent at its first one), not here.
    resolved, label = _model_name(model)
    tally = Tally()
    with writing(out, "extract", inputs) as run:
        total = _survey(inputs, [run.out, run.path])
        documents = (clean_document(d) for d in read_documents(inputs, exclude=[run.out, run.path], max_bytes=max_bytes))
        settings = Settings(resolved, batch_size, max_chars, max_seconds)
        with CorpusTables(run.path, csv_dialect, excel_safe, parse_formats(table_format)) as tables, \
                store.CleanTexts(run.path, clean_texts) as texts, \
                _checkpoint(run.out, f"{label} {settings.model}", checkpoint, force) as cache, \
                _engine(engine, n_process, total, settings, scheduler, cache) as workers:
            results = analyzed(workers, documents, partition_size(batch_size), cache)
            for result in _progress(results, "extract", total):
                document = result.document
                texts.write(document)
                summary = summarize(document, label, result.n_sentences, len(result.mentions), len(result.quotes))
                tables.add(summary, result.mentions, result.entities, result.quotes, result.relations)
                tally.add(document, len(result.mentions), len(result.quotes), cached=result.cached)
                fault_point("documents")
            _no_documents(tally, inputs)
            fault_point("tables")
        _write_database(run)
        _write_views(run, views, tally.ok + tally.failed)
        run.commit(model=label, **tally.counts())
    tally.finish()


def _check_layout(layout: str) -> None:
    if layout not in store.TEXT_LAYOUTS:
        raise typer.BadParameter(f"choose one of {', '.join(store.TEXT_LAYOUTS)}", param_hint="--clean-texts")


@contextmanager
def _engine(kind: str, n_process: str, total: int, settings: Settings, scheduler: Optional[str],
            cache: Optional[Checkpoint]):
    """The engine of one run, shut down however the run ends (workers are ended, not awaited, on an interruption)."""
    processes = auto_processes(total) if n_process == "auto" else int(n_process)
    expected = cache.expected_misses(total) if cache is not None else None
    if kind == "dask" and n_process == "auto":
        processes = max(2, processes)
    if kind == "dask" and settings.max_seconds:
        typer.echo("note: Dask runs tasks in worker threads, where --max-seconds cannot stop a document; "
                   "--max-chars still applies", err=True)
    workers = open_engine(kind, processes, settings, None, scheduler, total=total if n_process == "auto" else None,
                          expected=expected)
    logging.getLogger(__name__).info("engine: %s, %d worker(s)", kind, workers.workers)
    try:
        yield workers
    except BaseException:
        workers.close(abort=True)
        raise
    workers.close()


@contextmanager
def _checkpoint(out: Path, model: str, enabled: bool, force: bool):
    """The checkpoint next to --out, or none with --no-checkpoint."""
    if not enabled:
        yield None
        return
    with Checkpoint(default_path(out), model, force=force) as cache:
        yield cache


def _no_documents(tally: Tally, inputs: List[Path]) -> None:
    """A run over nothing is a usage error, not an empty success."""
    if tally.ok + tally.failed == 0:
        names = ", ".join(str(p) for p in inputs)
        raise OutputError(f"no .txt, .jsonl or .parquet documents in {names}")


@app.command()
def clean(inputs: List[Path] = INPUTS, out: Path = OUT, max_bytes: int = MAX_BYTES, clean_texts: str = CLEAN_TEXTS,
          verbose: bool = VERBOSE) -> None:
    """Stage 1: read and clean INPUTS into --out/clean/.

    Example: wersagtwas clean seeds/ --out outputs/
    """
    _check_layout(clean_texts)
    tally = Tally()
    with writing(out, "clean", inputs) as run:
        with store.JsonLines(run.path / store.CLEAN / store.META) as meta, store.CleanTexts(run.path, clean_texts) as texts:
            total = _survey(inputs, [run.out, run.path])
            documents = read_documents(inputs, exclude=[run.out, run.path], max_bytes=max_bytes)
            for document in _progress((clean_document(d) for d in documents), "clean", total):
                store.save_clean(run.path, document, meta, texts)
                tally.add(document)
            _no_documents(tally, inputs)
        run.commit(**tally.counts())
    tally.finish()


@app.command()
def annotate(out: Path = OUT, model: Optional[str] = MODEL, batch_size: int = BATCH,
             max_chars: int = MAX_CHARS, max_seconds: float = MAX_SECONDS, verbose: bool = VERBOSE) -> None:
    """Stage 2: run spaCy over --out/clean/ into --out/annotated/.

    Example: wersagtwas annotate --out outputs/ --model de_core_news_md
    """
    from .annotate import annotate as run_annotate
    from .annotate import model_label

    nlp = _model(model)
    label = model_label(nlp)
    tally = Tally()
    with writing(out, "annotate") as run:
        with store.JsonLines(run.path / store.ANNOTATED / store.META) as meta:
            # memory_zone: a bounded vocabulary; each Doc is saved in this loop body and not used after.
            annotated = run_annotate(nlp, store.load_clean(run.path), batch_size, max_chars, max_seconds, memory_zone=True)
            for document, doc in _progress(annotated, "annotate"):
                store.save_annotated(run.path, document, doc, label, meta)
                tally.add(document)
        run.commit(model=label, **tally.counts())
    tally.finish()


@app.command()
def entities(out: Path = OUT, verbose: bool = VERBOSE) -> None:
    """Stage 3: entity mentions and canonical entities from --out/annotated/.

    Example: wersagtwas entities --out outputs/
    """
    from .entities import extract_entities

    tally = Tally()
    with writing(out, "entities") as run:
        with store.JsonLines(store.stage_path(run.path, "entities")) as lines:
            for _, document, doc in _progress(store.load_annotated(run.path, german_vocab()), "entities"):
                mentions, found = extract_entities(doc, document.doc_id) if doc is not None else ([], [])
                lines.write(store.entities_record(document.doc_id, mentions, found))
                tally.add(document, len(mentions))
        run.commit(**tally.counts())
    tally.finish()


@app.command()
def quotes(out: Path = OUT, verbose: bool = VERBOSE) -> None:
    """Stage 4: who said what, from --out/annotated/ and the entities stage.

    Example: wersagtwas quotes --out outputs/
    """
    from .quotes import extract_quotes

    tally = Tally()
    with writing(out, "quotes") as run:
        saved = store.read_jsonl(store.stage_path(run.path, "entities"))
        annotated = store.load_annotated(run.path, german_vocab())
        with store.JsonLines(store.stage_path(run.path, "quotes")) as lines:
            for (_, document, doc), record in _progress(store.aligned(annotated, saved), "quotes"):
                mentions, found = store.entities_from(record)
                found_quotes = extract_quotes(doc, document.doc_id, mentions, found) if doc is not None else []
                lines.write(store.quotes_record(document.doc_id, found_quotes))
                tally.add(document, quotes=len(found_quotes))
        run.commit(**tally.counts())
    tally.finish()


@app.command()
def export(out: Path = OUT, csv_dialect: str = DIALECT, table_format: str = FORMAT, excel_safe: bool = SAFE,
           views: Optional[bool] = VIEWS, verbose: bool = VERBOSE) -> None:
    """Stage 5: write the tables, database, workbook and report in --out again, e.g. in another CSV dialect.

    From the stage files (annotated/, stages/) when the stage commands wrote them, else from the
    tables of the last `extract` (which keeps no stage files).

    Example: wersagtwas export --out outputs/ --csv-dialect excel-de
    """
    tally = Tally()
    with writing(out, "export") as run:
        if (run.path / store.ANNOTATED / store.META).is_file():
            _export_stages(run, csv_dialect, excel_safe, tally, parse_formats(table_format))
            summary = {}
        else:
            summary = _export_tables(run, csv_dialect, excel_safe, tally, parse_formats(table_format))
        _write_database(run)
        _write_views(run, views, tally.ok + tally.failed)
        run.commit(**summary, **tally.counts())
    tally.finish()


def _export_stages(run: Run, csv_dialect: str, excel_safe: bool, tally: Tally, formats: Sequence[str] = ("csv",)) -> None:
    """The tables from the saved stage outputs of `clean`, `annotate`, `entities` and `quotes`."""
    from .quotes.institutions import institution_entities
    from .roles import extract_roles, quote_relations

    annotated = store.load_annotated(run.path, german_vocab())
    ents = store.read_jsonl(store.stage_path(run.path, "entities"))
    quotes_saved = store.read_jsonl(store.stage_path(run.path, "quotes"))
    with CorpusTables(run.path, csv_dialect, excel_safe, formats) as tables:
        for (meta, document, doc), ent_record, quote_record in store.aligned(annotated, ents, quotes_saved):
            mentions, found = store.entities_from(ent_record)
            found_quotes = store.quotes_from(quote_record)
            if doc is not None:  # institutions that speak become entities, as in `extract`
                mentions, found = institution_entities(doc, document.doc_id, found_quotes, mentions, found)
            # Roles are a pure function of the parse and the mentions, so they are recomputed here.
            relations = extract_roles(doc, document.doc_id, mentions, found) if doc is not None else []
            relations += quote_relations(document.doc_id, found_quotes, mentions)
            row = summarize(document, meta.get("model", ""), meta.get("n_sentences", 0), len(mentions),
                            len(found_quotes))
            tables.add(row, mentions, found, found_quotes, relations)
            tally.add(document, len(mentions), len(found_quotes))


def _export_tables(run: Run, csv_dialect: str, excel_safe: bool, tally: Tally, formats: Sequence[str] = ("csv",)) -> dict:
    """The tables of the finished run in --out, rewritten (another format or dialect, --excel-safe); the model it recorded."""
    from .export import rewrite_tables, table_path

    if not table_path(run.out, "documents").is_file():
        raise store.StageError(f"{run.out} has neither stage files ({store.ANNOTATED}/{store.META}) nor tables: "
                               "run the previous stage first (`wersagtwas extract`, or `clean` and `annotate`)")
    for row in rewrite_tables(run.out, run.path, csv_dialect, excel_safe, formats):
        document = Document(row["doc_id"], row.get("source", ""), status=row.get("status", "ok"), error=row.get("error", ""))
        tally.add(document, _count(row.get("n_mentions")), _count(row.get("n_quotes")))
    previous = _manifest(run.out)
    return {key: previous[key] for key in ("model",) if key in previous}


def _count(value: Optional[str]) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _manifest(out: Path) -> dict:
    """The manifest of the run in `out` (empty when it is missing or unreadable)."""
    try:
        return json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_database(run: Run) -> None:
    """wersagtwas.sqlite, from the finished tables: written with them, --no-views or not (it takes seconds)."""
    from .database import write_database

    typer.echo(f"database: {run.out / write_database(run.path).relative_to(run.path)}", err=True)


def views_note(views: Optional[bool], n_documents: int) -> Optional[str]:
    """None when the views are written; else why not, in one line ("" when --no-views asked for it)."""
    if views or views is None and n_documents <= VIEWS_MAX_DOCUMENTS:
        return None
    if views is False:
        return ""
    return (f"note: {n_documents:,} documents, more than {VIEWS_MAX_DOCUMENTS:,}: wersagtwas.xlsx and report/ were "
            "not written (the tables and wersagtwas.sqlite were); run again with --views to write them anyway")


def _write_views(run: Run, views: Optional[bool], n_documents: int) -> None:
    """The workbook and the HTML report, from the finished tables; left out above VIEWS_MAX_DOCUMENTS unless asked for."""
    note = views_note(views, n_documents)
    if note is not None:
        if note:
            typer.echo(note, err=True)
        return
    from .report import write_report
    from .workbook import write_workbook

    typer.echo("writing the workbook and the report …", err=True)
    written = [write_workbook(run.path), write_report(run.path)]
    typer.echo(f"views: {' and '.join(str(run.out / p.relative_to(run.path)) for p in written)}", err=True)


def _report(result: dict, table: str, json_out: Optional[Path]) -> None:
    typer.echo(table)
    if json_out is not None:
        store.write_text(json_out, json.dumps(result, indent=2, ensure_ascii=False))
        typer.echo(f"wrote {json_out}", err=True)


@evaluate_app.command("ner")
def evaluate_ner(
    gold: Path = typer.Option(..., "--gold", exists=True, help="Gold NER file."),
    fmt: str = typer.Option("germeval", "--format", help="germeval | iob2"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the scores as JSON."),
    consolidate: bool = typer.Option(
        True, "--consolidate/--no-consolidate",
        help="Apply the corpus pass first (the whole gold file is one corpus, each sentence one document): "
             "every predicted span takes the label voted for its name, as in mentions.csv. "
             "--no-consolidate scores the model's per-sentence doc.ents as they are."),
    derived: str = typer.Option(
        "drop", "--derived",
        help="With --consolidate, a span whose name is voted a demonym or place adjective ('Berliner'): "
             "drop (not a name, as GermEval's *deriv) | misc (as mentions.csv) | model (the model's label)."),
    model: Optional[str] = MODEL,
    verbose: bool = VERBOSE,
) -> None:
    """Entity P/R/F1 per label and micro-averaged (exact span and label).

    Example: wersagtwas evaluate ner --gold ../shared/corpora/germeval2014/NER-de-dev.tsv --format germeval
    """
    from .evaluate import ner

    if derived not in ner.DERIVED_MODES:
        raise typer.BadParameter(f"use one of {', '.join(ner.DERIVED_MODES)}", param_hint="--derived")
    result = ner.evaluate_ner(_model(model), ner.read_gold(gold, fmt), consolidate=consolidate, derived=derived)
    rows = [("micro", result["overall"])] + sorted(result["per_label"].items())
    table = "\n".join([f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}"] +
                      [f"{name:<8}{s['p']:8.1f}{s['r']:8.1f}{s['f1']:8.1f}" for name, s in rows])
    _report(result, table, json_out)


@evaluate_app.command("syntax")
def evaluate_syntax(
    gold: Path = typer.Option(..., "--gold", exists=True, help="Gold CoNLL-U file."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the scores as JSON."),
    model: Optional[str] = MODEL,
    verbose: bool = VERBOSE,
) -> None:
    """TAG, POS, MORPH accuracy, Mood=Sub P/R, UAS and LAS.

    Example: wersagtwas evaluate syntax --gold ../shared/corpora/ud_german/GSD/de_gsd-ud-test.conllu
    """
    from .evaluate import syntax

    result = syntax.evaluate_syntax(_model(model), gold)
    flat = {k: v for k, v in result.items() if not isinstance(v, dict)}
    flat.update({f"mood_sub_{k}": v for k, v in result.get("mood_sub", {}).items()})
    table = "\n".join(f"{k:<14}{v:8.1f}" if isinstance(v, float) else f"{k:<14}{v:>8}" for k, v in flat.items())
    _report(result, table, json_out)


@evaluate_app.command("quotes")
def evaluate_quotes(
    gold: Path = typer.Option(..., "--gold", exists=True, file_okay=False, help="Directory of gold *.json articles."),
    split_by_type: bool = typer.Option(False, "--split-by-type", help="Also score each quote type."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the scores as JSON."),
    model: Optional[str] = MODEL,
    verbose: bool = VERBOSE,
) -> None:
    """Quote, speaker and cue token P/R/F1, aligned as in GermEval 2023 SpkAtt.

    Example: wersagtwas evaluate quotes --gold ../shared/corpora/quotes_news_2024/data/dev --split-by-type
    """
    from .evaluate import quotes as quote_eval

    result = quote_eval.evaluate_quotes(_model(model), gold, split_by_type=split_by_type)
    _report(result, quote_eval.format_table(result), json_out)


@app.command("entities-report")
def entities_report(out: Path = OUT, verbose: bool = VERBOSE) -> None:
    """List the entity merges of a finished run and the rows that look alike but were kept apart.

    Example: wersagtwas entities-report --out outputs/
    """
    from .consolidate import consolidation_report

    if not (out / "entities.csv").is_file():
        _fail(f"no entities.csv in {out}; run `wersagtwas extract` first")
    typer.echo(consolidation_report(out), nl=False)


# Every command gets the help layout of `Command` (typer sets TyperCommand where none is named).
for _typer_app in (app, evaluate_app):
    for _info in _typer_app.registered_commands:
        if _info.cls in (None, TyperCommand):
            _info.cls = Command
