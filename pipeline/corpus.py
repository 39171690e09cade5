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
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .consolidate import display_penalty, genitive_of_place, is_all_caps, is_derived, key_variants, label_priors, name_key, recase
from .export import Tables, table_writers
from .records import DocumentSummary, Entity, Mention, Quote, Relation, entity_id

log = logging.getLogger(__name__)

AFFILIATIONS = frozenset({"member_of", "works_for"})
STAGED = ("mentions", "quotes", "relations")
REWRITE_CHUNK = 1_000  # rows handed to the writers at a time
LABEL_ORDER = ("PER", "ORG", "LOC", "MISC")


@dataclass
class _Entry:
    label: str
    name: str
    n_mentions: int = 0
    # spelling of the per-document canonical name -> mentions, so the display name is the usual one
    spellings: dict[str, int] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    # (role, ((object entity id, object name), ...)) so names can follow the merge.
    roles: set[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=set)


@dataclass
class Merge:
    """One corpus entity: the per-document entities it joined and why (for the consolidation report)."""

    label: str
    name: str
    members: list[tuple[str, str, int]]  # (label, spelling, mentions) of each per-document spelling
    votes: dict[str, int]
    priors: list[str]
    reasons: list[str]


class Registry:
    """Every per-document entity of a run: one entry per distinct (label, name), not per document."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}
        self.merges: list[Merge] = []

    def add(self, entities: Iterable[Entity], mentions: Iterable[Mention] = (), relations: Iterable[Relation] = ()) -> None:
        """Record one document's entities, the surface forms of its mentions and its roles."""
        counts: dict[str, int] = {}
        for mention in mentions:
            counts[mention.entity_id] = counts.get(mention.entity_id, 0) + 1
        for entity in entities:
            entry = self.entries.setdefault(entity.entity_id, _Entry(entity.label, entity.canonical_name))
            # Case variants share an id; the smallest spelling is kept so the order of documents does not matter.
            entry.name = min(entry.name, entity.canonical_name)
            n = counts.get(entity.entity_id, entity.n_mentions) or 1
            entry.n_mentions += n
            spelling = " ".join(entity.canonical_name.split())
            entry.spellings[spelling] = entry.spellings.get(spelling, 0) + n
        for mention in mentions:
            if mention.entity_id in self.entries:
                self.entries[mention.entity_id].aliases.add(mention.text)
        for subject_id, role in _roles(relations):
            if subject_id in self.entries:
                self.entries[subject_id].roles.add(role)

    def merge(self) -> dict[str, tuple[str, str]]:
        """Per-document entity id -> (label, corpus canonical name); the rules are in docs/entities.md.

        1. Per-document entities whose names share a key (`consolidate.name_key`: case, "'s" and
           inflected adjectives) are one group, whatever their labels.
        2. A group whose key is a genitive or dative form of another group's key joins it
           ("Niederlanden" -> "Niederlande", "Roten Kreuzes" -> "Rote Kreuz").
        3. The group's label is voted over its mentions, with priors (gazetteer and countries: LOC;
           organisation cues: ORG; a role such as "Verteidigungsminister": PER), each worth more
           than all the group's mentions; demonyms and place adjectives are MISC.
        4. A person's short name joins the one full name it ends ("Trump" -> "Donald Trump" unless
           "Melania Trump" is there too; "Van Basten" -> "Marco van Basten").
        5. The display name is the nominative spelling when there is one, else the most frequent one.
        """
        groups = _groups(self.entries)
        voted = {key: _vote(self.entries, ids) for key, ids in groups.items()}
        places = {key for key, (label, _, _) in voted.items() if label == "LOC"}
        place_names = frozenset(self.entries[groups[k][0]].name for k in places)
        display = {key: _display(self.entries, ids) for key, ids in groups.items()}
        for key in groups:
            label, votes, priors = voted[key]
            if label != "MISC" and is_derived(display[key], place_names, person=label == "PER"):
                voted[key] = ("MISC", votes, [*priors, "derived"])
        owner = _surname_owners({k: ids for k, ids in groups.items() if voted[k][0] == "PER"})
        final: dict[str, list[str]] = {}
        for key in sorted(groups):
            final.setdefault(owner.get(key, key), []).append(key)
        result: dict[str, tuple[str, str]] = {}
        self.merges = []
        for root, keys in sorted(final.items()):
            label, votes, priors = voted[root]
            name = display[root]
            members = sorted({(self.entries[i].label, s, n) for k in keys for i in groups[k]
                              for s, n in self.entries[i].spellings.items()})
            reasons = [f"surname of {name}" for k in keys if k != root]
            self.merges.append(Merge(label, name, members, votes, priors, reasons))
            for key in keys:
                for eid in groups[key]:
                    result[eid] = (label, name)
        return result


def _groups(entries: dict[str, _Entry]) -> dict[str, list[str]]:
    """Name key -> per-document entity ids; inflected keys joined to the key they come from."""
    by_key: dict[str, list[str]] = {}
    for eid in sorted(entries):
        by_key.setdefault(name_key(entries[eid].name), []).append(eid)
    label = {key: _vote(entries, ids)[0] for key, ids in by_key.items()}

    def mentions(key: str) -> int:
        return sum(entries[i].n_mentions for i in by_key[key])

    parent: dict[str, str] = {}
    # "Jan-Peter Balkenende" and "Jan Peter Balkenende" are one name: the more frequent spelling leads.
    spaced: dict[str, list[str]] = {}
    for key in sorted(by_key):
        spaced.setdefault(key.replace("-", " "), []).append(key)
    for keys in spaced.values():
        lead = max(keys, key=lambda k: (mentions(k), k))
        parent.update({k: lead for k in keys if k != lead and (label[k] == "PER") == (label[lead] == "PER")})
    for key in sorted(by_key):
        if key in parent:
            continue
        # The most mentioned existing variant, so "Roten Kreuzes" finds "Rote Kreuz"; a person and
        # a non-person never join this way ("Hessen" is not the genitive of the writer Hesse).
        found = [v for v in key_variants(key) if v in by_key and v != key
                 and (label[v] == "PER") == (label[key] == "PER")]
        if found:
            parent[key] = max(found, key=lambda v: (mentions(v), v))

    def root(key: str) -> str:
        while key in parent:  # a variant is shorter, a spacing lead has no parent of that kind: no cycles
            key = parent[key]
        return key

    groups: dict[str, list[str]] = {}
    for key in sorted(by_key):
        groups.setdefault(root(key), []).extend(by_key[key])
    return groups


def _vote(entries: dict[str, _Entry], ids: list[str]) -> tuple[str, dict[str, int], list[str]]:
    """(label, mentions per label, priors): the label with most mentions plus priors, ties in LABEL_ORDER."""
    votes: dict[str, int] = {}
    for eid in ids:
        entry = entries[eid]
        votes[entry.label] = votes.get(entry.label, 0) + entry.n_mentions
    total = sum(votes.values())
    priors = sorted(label_priors(s for eid in ids for s in entries[eid].spellings))
    # A role is a person's, unless the name is a place's genitive: the role's country ("Außenminister Südkoreas").
    if any(entries[eid].roles for eid in ids) and not any(genitive_of_place(entries[eid].name) for eid in ids):
        priors.append("PER")
    score = dict(votes)
    for label in priors:
        score[label] = score.get(label, 0) + total + 1
    label = min(score, key=lambda lab: (-score[lab], LABEL_ORDER.index(lab) if lab in LABEL_ORDER else 9, lab))
    return label, votes, priors


def _display(entries: dict[str, _Entry], ids: list[str]) -> str:
    """The nominative spelling of the group's base key, else its most frequent spelling; all caps recased."""
    key = min((name_key(entries[i].name).replace("-", " ") for i in ids), key=lambda k: (len(k), k))
    spellings: dict[str, int] = {}
    forms: set[str] = set()
    for eid in ids:
        entry = entries[eid]
        forms.update(entry.spellings)
        forms.update(entry.aliases)
        if name_key(entry.name).replace("-", " ") == key:
            for spelling, n in entry.spellings.items():
                spellings[spelling] = spellings.get(spelling, 0) + n
    best = min(spellings, key=lambda s: (display_penalty(s), -spellings[s], is_all_caps(s), s))
    return recase(best, forms)


def _surname_owners(people: dict[str, list[str]]) -> dict[str, str]:
    """Key of a short person name -> key of the one longer person name it ends, if only one does."""
    tails: dict[str, set[str]] = {}
    for key in people:
        parts = key.split()
        for n in range(1, len(parts)):
            tails.setdefault(" ".join(parts[n:]), set()).add(key)
    owner = {}
    for key in people:
        for form in [key, *key_variants(key)]:
            full = tails.get(form, set()) - {key}
            if len(full) == 1:
                owner[key] = next(iter(full))
                break
            if full:
                break
    # A short name that ends another short name's owner: follow to the fullest name.
    for key in list(owner):
        seen = {key}
        while owner[key] in owner and owner[key] not in seen:
            seen.add(owner[key])
            owner[key] = owner[owner[key]]
    return owner


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
    """The tables of one run: documents as it goes, the others with corpus-level ids at the end.

    Each table is written in every one of `formats` (csv, parquet).
    """

    def __init__(self, out_dir: Path, dialect: str = "rfc4180", safe: bool = False, formats: Sequence[str] = ("csv",)):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.dialect, self.safe, self.formats = dialect, safe, tuple(formats)
        self.registry = Registry()
        self.pending = Path(tempfile.mkdtemp(prefix=".corpus-", dir=self.out))
        self.documents = Tables(self.out, dialect, safe, names=["documents"], formats=self.formats)
        # Staged rows are plain rfc4180 text without the formula guard; dialect and guard apply once, at the end.
        self.staged = Tables(self.pending, names=STAGED)

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
                finalize(self.registry, self.pending, self.out, self.dialect, self.safe, self.formats)
        except BaseException as err:
            self.documents.__exit__(type(err), err, err.__traceback__)
            raise
        else:
            self.documents.__exit__(exc_type, exc, tb)
        finally:
            shutil.rmtree(self.pending, ignore_errors=True)


def finalize(registry: Registry, pending: Path, out: Path, dialect: str = "rfc4180", safe: bool = False,
             formats: Sequence[str] = ("csv",)) -> list[Entity]:
    """Write the entities table and rewrite the staged tables into `out` with corpus-level ids, in each format."""
    merged = registry.merge()
    final_id = {eid: entity_id(label, name) for eid, (label, name) in merged.items()}
    names = {final_id[eid]: name for eid, (_, name) in merged.items()}
    labels = {final_id[eid]: label for eid, (label, _) in merged.items()}
    n_mentions: dict[str, int] = {}
    n_docs: dict[str, int] = {}
    last_doc: dict[str, str] = {}

    def mention(row: dict) -> dict:
        eid = row["entity_id"] = final_id.get(row["entity_id"], row["entity_id"])
        # Mentions take their entity's voted label, so the NER output itself is consistent.
        row["label"] = labels.get(eid, row["label"])
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
            row["speaker_label"] = labels[final_id[old]]
        return row

    def relation(row: dict) -> dict:
        for id_column, name_column in (("subject_entity_id", "subject"), ("object_entity_id", "object")):
            old = row[id_column]
            if old in final_id:
                row[id_column] = final_id[old]
                row[name_column] = names[final_id[old]]
        return row

    for name, fix in (("mentions", mention), ("quotes", quote), ("relations", relation)):
        _rewrite(pending / f"{name}.csv", table_writers(out, name, formats, dialect, safe), fix)
    entities = _entities(registry, merged, final_id, n_mentions, n_docs)
    _write_all(table_writers(out, "entities", formats, dialect, safe), lambda writer: writer.write(entities))
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
        if label == "PER":  # roles are people's; another label means the model's PER was wrong
            entity.roles.extend(role_label(role, of, corpus_names) for role, of in entry.roles)
    for entity in rows.values():
        entity.aliases = sorted(set(entity.aliases))
        entity.roles = sorted(set(entity.roles))
    return sorted(rows.values(), key=lambda e: (-e.n_mentions, e.label, e.canonical_name))


def _rewrite(src: Path, writers: list, fix: Callable[[dict], dict]) -> None:
    """Stream a staged table into its final files (one per format), fixing each row once."""
    def fill(_: Any) -> None:
        with open(src, encoding="utf-8-sig", newline="") as handle:
            rows = (fix(row) for row in csv.DictReader(handle))
            while chunk := list(islice(rows, REWRITE_CHUNK)):
                for writer in writers:
                    writer.write_plain(chunk)

    _write_all(writers, fill, once=True)


def _write_all(writers: list, fill: Callable[[Any], None], once: bool = False) -> None:
    """Fill each writer (or all of them in one call) and move the files into place; on a failure none appears."""
    try:
        for writer in writers[:1] if once else writers:
            fill(writer)
    except BaseException:
        for writer in writers:
            writer.discard()
        raise
    for writer in writers:
        writer.commit()
