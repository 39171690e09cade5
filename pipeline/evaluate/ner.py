"""NER scorer: exact-span, exact-label scoring of flat top-level entities.

Gold formats (``read_gold``):

* ``germeval``: GermEval 2014 TSV (``idx<TAB>token<TAB>outer<TAB>inner``), ``#`` lines are
  comments, blank line between sentences. Only the outer column is used; ``OTH`` -> ``MISC``;
  ``*deriv`` / ``*part`` labels (e.g. "Kiewer", "russischen") are not entity names -> ``O``.
* ``iob2``: CoNLL / UNER layout: ``#`` comment lines, one token per line, tab-separated, token in
  column 2 and BIO tag in column 3, blank line between sentences. ``OTH`` -> ``MISC`` as well.

Tags are normalised to BIO with the four labels; an ``I-X`` that does not continue an ``X``
entity starts a new one (CoNLL ``conlleval`` behaviour).

With ``consolidate=True`` (``wersagtwas evaluate ner --consolidate``) the corpus pass is applied
before scoring, as `wersagtwas extract` applies it to mentions.csv: every sentence of the gold file
is one document of one corpus, its entities are found as the pipeline finds them
(``pipeline.entities.extract_entities``, roles from ``pipeline.roles.extract_roles``) and registered
in a ``pipeline.corpus.Registry``, whose ``merge`` votes one label per consolidated name (with the
gazetteer, countries, organisation-cue and role priors). Each predicted span (``doc.ents``, spans
unchanged) then takes the voted label of the mention made from it. See docs/entities.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc

# What a span whose name the corpus pass calls a demonym or place adjective ("Berliner",
# "US-amerikanische"; voted MISC in entities.csv) is scored as: "misc" (as mentions.csv has it),
# "drop" (not a name: GermEval's *deriv is O) or "model" (the model's own label).
DERIVED_MODES = ("misc", "drop", "model")

LABEL_MAP = {"OTH": "MISC", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


def _norm_tag(tag: str) -> str:
    tag = tag.strip()
    if not tag or tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    prefix = prefix.upper()
    if prefix not in ("B", "I", "E", "S"):
        return "O"
    if label.lower().endswith(("deriv", "part")):
        return "O"
    label = LABEL_MAP.get(label.upper(), label.upper())
    if prefix == "S":
        prefix = "B"
    elif prefix == "E":
        prefix = "I"
    return f"{prefix}-{label}"


def read_gold(path: str | Path, fmt: str) -> list[tuple[list[str], list[str]]]:
    """Read gold NER sentences as ``(tokens, bio_tags)`` pairs."""
    if fmt not in ("germeval", "iob2"):
        raise ValueError(f"unknown gold format {fmt!r} (use 'germeval' or 'iob2')")
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                continue
            toks.append(cols[1])
            tags.append(_norm_tag(cols[2]))
    if toks:
        sents.append((toks, tags))
    return sents


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, label)`` from BIO tags."""
    spans = set()
    start, label = 0, None  # start is read only while a label is open
    for i, tag in enumerate(list(tags) + ["O"]):
        tag = _norm_tag(tag) if tag != "O" else "O"
        prefix, _, lab = tag.partition("-")
        if label is not None and not (prefix == "I" and lab == label):
            spans.add((start, i, label))
            label = None
        if prefix in ("B", "I") and label is None:
            start, label = i, lab
    return spans


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = 100.0 * tp / n_pred if n_pred else 0.0
    r = 100.0 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_spans(gold_spans: list[set], pred_spans: list[set]) -> dict:
    """Micro and per-label P/R/F1 (percent). Predicted labels absent from gold are ignored."""
    labels = sorted({s[2] for spans in gold_spans for s in spans})
    tp = dict.fromkeys(labels, 0)
    npred = dict.fromkeys(labels, 0)
    ngold = dict.fromkeys(labels, 0)
    for g, p in zip(gold_spans, pred_spans):
        p = {s for s in p if s[2] in tp}
        for s in g:
            ngold[s[2]] += 1
        for s in p:
            npred[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
    per_label = {}
    for label in labels:
        pp, rr, ff = _prf(tp[label], npred[label], ngold[label])
        per_label[label] = {"p": pp, "r": rr, "f1": ff, "support": ngold[label]}
    pp, rr, ff = _prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    return {"overall": {"p": pp, "r": rr, "f1": ff}, "per_label": per_label}


def consolidated_spans(docs: Iterable[Doc], derived: str = "drop") -> list[set[tuple[int, int, str]]]:
    """``(start, end, label)`` per doc: ``doc.ents`` with the label the corpus pass votes for their name.

    The docs are one corpus, one document each. A span the per-document rules make no mention of
    (a place adjective, a role word alone) keeps the model's label; `derived` says what becomes of
    a span whose name is voted a demonym (``DERIVED_MODES``).
    """
    from ..corpus import Registry
    from ..entities import extract_entities
    from ..roles import extract_roles

    if derived not in DERIVED_MODES:
        raise ValueError(f"derived must be one of {DERIVED_MODES}, not {derived!r}")
    registry = Registry()
    found = []
    for n, doc in enumerate(docs):
        doc_id = f"s{n}"
        mentions, entities = extract_entities(doc, doc_id)
        registry.add(entities, mentions, extract_roles(doc, doc_id, mentions, entities))
        found.append((doc, mentions))
    merged = registry.merge()
    demonyms = {(m.label, m.name) for m in registry.merges if "derived" in m.priors}
    out = []
    for doc, mentions in found:
        spans = set()
        for ent in doc.ents:
            # The mention made from this span: inside it, or with a place article before it ("Den Haag").
            made = [m for m in mentions if m.start < ent.end_char and m.end > ent.start_char]
            if not made or made[0].entity_id not in merged:
                spans.add((ent.start, ent.end, ent.label_))
                continue
            voted = merged[made[0].entity_id]
            if voted in demonyms and derived != "misc":
                if derived == "model":
                    spans.add((ent.start, ent.end, ent.label_))
                continue
            spans.add((ent.start, ent.end, voted[0]))
        out.append(spans)
    return out


def evaluate_ner(nlp, gold: list[tuple[list[str], list[str]]], batch_size: int = 256,
                 consolidate: bool = False, derived: str = "drop") -> dict:
    """Run the real pipeline over pre-tokenised Docs and score ``doc.ents`` against ``gold``;
    with `consolidate`, after the corpus pass's label vote (`consolidated_spans`)."""
    docs_in = (Doc(nlp.vocab, words=list(toks)) for toks, _ in gold)
    docs = nlp.pipe(docs_in, batch_size=batch_size)
    if consolidate:
        pred_spans = consolidated_spans(docs, derived)
    else:
        pred_spans = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in docs]
    gold_spans = [bio_spans(tags) for _, tags in gold]
    return score_spans(gold_spans, pred_spans)
