"""Entity repairs after the statistical NER: names from gazetteers, one label per person."""
from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import lexicons
from .entities import person_consistent

log = logging.getLogger(__name__)

# lexicon file -> entity label
GAZETTEERS = {"places": "LOC", "news_agencies": "ORG"}
MAX_NAME_TOKENS = 4


@Language.factory("wersagtwas_gazetteer", requires=["doc.ents"], assigns=["doc.ents"])
def make_gazetteer(nlp: Language, name: str):
    """Component: gazetteer names and person-consistent labels on top of `ner`."""
    return repair_entities


def gazetteer_spans(doc: Doc) -> list[Span]:
    """Longest gazetteer names in the doc, left to right, not overlapping; exact spelling only."""
    spans = []
    i = 0
    while i < len(doc):
        found = None
        for n in range(min(MAX_NAME_TOKENS, len(doc) - i), 0, -1):
            text = doc[i:i + n].text
            label = next((lab for lex, lab in GAZETTEERS.items() if text in lexicons.load(lex)), None)
            if label:
                found = Span(doc, i, i + n, label=label)
                break
        if found is not None:
            spans.append(found)
            i = found.end
        else:
            i += 1
    return spans


def gives_way(ent: Span, name: Span) -> bool:
    """Whether a predicted entity should be replaced by an overlapping gazetteer name.

    The same span takes the gazetteer's label; a longer one only when it is a PER whose other
    tokens are place nouns ("Kernkraftwerk Saporischschja" tagged PER). Persons ("Uta Hagen")
    and longer ORG or MISC names that contain a place ("Universität Moskau") stay.
    """
    if (ent.start, ent.end) == (name.start, name.end):
        return True
    others = [t.text for t in ent if not name.start <= t.i < name.end]
    return ent.label_ == "PER" and all(t in lexicons.load("place_nouns") for t in others)


def repair_entities(doc: Doc) -> Doc:
    """Add gazetteer names where NER missed or mislabelled them, then make persons consistent."""
    if not doc.has_annotation("ENT_IOB"):
        return doc
    ents = list(doc.ents)
    for name in gazetteer_spans(doc):
        overlapping = [e for e in ents if e.start < name.end and name.start < e.end]
        if all(gives_way(e, name) for e in overlapping):
            ents = [e for e in ents if e not in overlapping] + [name]
    known = {e.text for e in ents} | {e[-1].text for e in ents}
    ents = [
        ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label)
        for ent, label in person_consistent([(e, e.label_) for e in ents], known)
    ]
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc
