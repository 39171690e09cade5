"""Corpus pass: one entity per real-world thing across all documents, and the tables rewritten with its ids.

Documents are analysed one at a time (per-document ids come from the per-document canonical name);
merging needs the whole corpus, so it runs once at the end. Memory stays flat in the number of
documents: the registry holds one small entry per distinct per-document entity, and mentions,
quotes and relations are streamed to a pending directory, then rewritten row by row with the
corpus-level ids into their final files, each of which appears atomically.
"""
from __future__ import annotations

import csv
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .export import DIALECTS, TABLES, AtomicFile, Tables, TableWriter, excel_safe
from .records import DocumentSummary, Entity, Mention, Quote, Relation, columns, entity_id

log = logging.getLogger(__name__)

GENITIVE_ENDINGS = ("s", "’", "'", "es")
AFFILIATIONS = frozenset({"member_of", "works_for"})
STAGED = ("mentions", "quotes", "relations")


@dataclass
class _Entry:
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    # (role, ((object entity id, object name), ...)) so names can follow the merge.
    roles: set[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=set)


class Registry:
    """Every per-document entity of a run: one entry per distinct (label, name), not per document."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}

    def add(self, entities: Iterable[Entity], mentions: Iterable[Mention] = (), relations: Iterable[Relation] = ()) -> None:
        """Record one document's entities, the surface forms of its mentions and its roles."""
        for entity in entities:
            entry = self.entries.setdefault(entity.entity_id, _Entry(entity.label, entity.canonical_name))
            # Case variants share an id; the smallest spelling is kept so the order of documents does not matter.
            entry.name = min(entry.name, entity.canonical_name)
        for mention in mentions:
            if mention.entity_id in self.entries:
                self.entries[mention.entity_id].aliases.add(mention.text)
        for subject_id, role in _roles(relations):
            if subject_id in self.entries:
                self.entries[subject_id].roles.add(role)

    def merge(self) -> dict[str, tuple[str, str]]:
        """Per-document entity id -> (label, corpus canonical name)."""
        display = {(e.label, e.name.casefold()): e.name for e in self.entries.values()}
        surnames: dict[str, set[str]] = {}
        for label, folded in display:
            if label == "PER" and " " in folded:
                surnames.setdefault(folded.split()[-1], set()).add(folded)
        return {eid: (e.label, _canonical(e.label, e.name, display, surnames)) for eid, e in self.entries.items()}


def _canonical(label: str, name: str, display: dict[tuple[str, str], str], surnames: dict[str, set[str]]) -> str:
    """The corpus name of a per-document name: genitives lose their -s, a unique surname becomes the full name.

    A surname that two full names share ("Trump": Donald and Melania) stays a name of its own.
    """
    folded = name.casefold()
    forms = [folded] + [folded[: -len(e)] for e in GENITIVE_ENDINGS if folded.endswith(e) and len(folded) > len(e) + 1]
    for form in forms:
        is_surname = label == "PER" and " " not in form and form in surnames
        if form != folded and not is_surname and (label, form) not in display:
            continue
        if is_surname:
            full = surnames[form]
            if len(full) == 1:
                return display[(label, next(iter(full)))]
            return display.get((label, form), name)
        if form != folded:
            return display[(label, form)]
    return name


def _roles(relations: Iterable[Relation]) -> Iterable[tuple[str, tuple[str, tuple[tuple[str, str], ...]]]]:
    """(holder id, (role, affiliations)) per role phrase."""
    return ((subject_id, (role, of)) for subject_id, role, of in role_phrases(relations))


def role_phrases(relations: Iterable[Any], field: Callable[[Any, str], Any] = getattr
                 ) -> Iterator[tuple[Any, Any, tuple[tuple[Any, Any], ...]]]:
    """(holder id, role, ((affiliation id, affiliation), ...)) per role phrase.

    Relations of one phrase share their holder and evidence span: its member_of/works_for
    objects are what the role belongs to. `field` reads a relation's column: `getattr` for
    `Relation` records, a key look-up for rows read back from relations.csv.
    """
    phrases: dict[tuple[Any, Any, Any], list[Any]] = {}
    for relation in relations:
        key = (field(relation, "subject_entity_id"), field(relation, "start"), field(relation, "end"))
        phrases.setdefault(key, []).append(relation)
    for (subject_id, _, _), group in phrases.items():
        of = tuple((field(r, "object_entity_id"), field(r, "object")) for r in group
                   if field(r, "relation") in AFFILIATIONS)
        for relation in group:
            if field(relation, "relation") == "role_of":
                yield subject_id, field(relation, "object"), of


def role_label(role: str, of: tuple[tuple[str, str], ...], names: dict[str, str]) -> str:
    """"aussenpolitischer Berater (Wladimir Putin)": a role with whom or what it belongs to."""
    targets = [names.get(object_id, obj) if object_id else obj for object_id, obj in of]
    return f"{role} ({', '.join(targets)})" if targets else role


class CorpusTables:
    """The tables of one run: documents.csv as it goes, the others with corpus-level ids at the end."""

    def __init__(self, out_dir: Path, dialect: str = "rfc4180", safe: bool = False):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.dialect, self.safe = dialect, safe
        self.registry = Registry()
        self.pending = Path(tempfile.mkdtemp(prefix=".corpus-", dir=self.out))
        self.documents = Tables(self.out, dialect, safe, names=["documents"])
        self.staged = Tables(self.pending, dialect, safe, names=STAGED)

    def add(self, summary: DocumentSummary, mentions: list[Mention], entities: list[Entity],
            quotes: list[Quote], relations: list[Relation]) -> None:
        """Write one document's rows and register its entities."""
        self.documents.write("documents", [summary])
        self.staged.write("mentions", mentions)
        self.staged.write("quotes", quotes)
        self.staged.write("relations", relations)
        self.registry.add(entities, mentions, relations)

    def __enter__(self) -> "CorpusTables":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.staged.__exit__(exc_type, exc, tb)
            if exc_type is None:
                finalize(self.registry, self.pending, self.out, self.dialect, self.safe)
        except BaseException as err:
            self.documents.__exit__(type(err), err, err.__traceback__)
            raise
        else:
            self.documents.__exit__(exc_type, exc, tb)
        finally:
            shutil.rmtree(self.pending, ignore_errors=True)


def finalize(registry: Registry, pending: Path, out: Path, dialect: str = "rfc4180", safe: bool = False) -> list[Entity]:
    """Write entities.csv and rewrite the staged tables into `out` with corpus-level ids."""
    merged = registry.merge()
    final_id = {eid: entity_id(label, name) for eid, (label, name) in merged.items()}
    names = {final_id[eid]: name for eid, (_, name) in merged.items()}
    n_mentions: dict[str, int] = {}
    n_docs: dict[str, int] = {}
    last_doc: dict[str, str] = {}

    def mention(row: dict) -> dict:
        eid = row["entity_id"] = final_id.get(row["entity_id"], row["entity_id"])
        n_mentions[eid] = n_mentions.get(eid, 0) + 1
        if last_doc.get(eid) != row["doc_id"]:
            # Mentions arrive document by document, so a change of doc_id is a new document.
            last_doc[eid] = row["doc_id"]
            n_docs[eid] = n_docs.get(eid, 0) + 1
        return row

    def quote(row: dict) -> dict:
        old = row["speaker_entity_id"]
        if old in final_id:
            row["speaker_entity_id"] = final_id[old]
            row["speaker_canonical"] = names[final_id[old]]
        return row

    def relation(row: dict) -> dict:
        for id_column, name_column in (("subject_entity_id", "subject"), ("object_entity_id", "object")):
            old = row[id_column]
            if old in final_id:
                row[id_column] = final_id[old]
                row[name_column] = names[final_id[old]]
        return row

    for name, fix in (("mentions", mention), ("quotes", quote), ("relations", relation)):
        _rewrite(pending / f"{name}.csv", out / f"{name}.csv", TABLES[name], dialect, safe, fix)
    entities = _entities(registry, merged, final_id, n_mentions, n_docs)
    writer = TableWriter(out / "entities.csv", Entity, dialect, safe)
    try:
        writer.write(entities)
    except BaseException:
        writer.file.discard()
        raise
    writer.file.commit()
    log.info("corpus pass: %d per-document entities merged into %d", len(merged), len(entities))
    return entities


def _entities(registry: Registry, merged: dict[str, tuple[str, str]], final_id: dict[str, str],
              n_mentions: dict[str, int], n_docs: dict[str, int]) -> list[Entity]:
    """One Entity per corpus id, most mentioned first (ties by label and name, so the order is stable)."""
    corpus_names = {eid: name for eid, (_, name) in merged.items()}
    rows: dict[str, Entity] = {}
    for eid, entry in registry.entries.items():
        label, name = merged[eid]
        fid = final_id[eid]
        entity = rows.setdefault(fid, Entity(fid, name, label, n_mentions=n_mentions.get(fid, 0), n_docs=n_docs.get(fid, 0)))
        entity.aliases.extend(a for a in entry.aliases if a != name)
        entity.roles.extend(role_label(role, of, corpus_names) for role, of in entry.roles)
    for entity in rows.values():
        entity.aliases = sorted(set(entity.aliases))
        entity.roles = sorted(set(entity.roles))
    return sorted(rows.values(), key=lambda e: (-e.n_mentions, e.label, e.canonical_name))


def _rewrite(src: Path, dst: Path, record_type: type, dialect: str, safe: bool, fix: Callable[[dict], dict]) -> None:
    """Stream a staged table into its final place, fixing each row."""
    params = DIALECTS[dialect]
    with open(src, encoding="utf-8-sig", newline="") as handle, AtomicFile(dst, encoding="utf-8-sig", newline="") as target:
        reader = csv.DictReader(handle, delimiter=params["delimiter"], quotechar=params["quotechar"])
        writer = csv.DictWriter(target.handle, fieldnames=columns(record_type), **params)
        writer.writeheader()
        for row in reader:
            fixed = fix(row)
            writer.writerow({k: excel_safe(v) for k, v in fixed.items()} if safe else fixed)
