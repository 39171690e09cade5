"""Entity repairs after the statistical NER: one label per person, names from gazetteers."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Callable, Optional

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicons
from .entities import base_form, person_consistent
from .roles import role_noun

# Each lexicon file names entities of one label.
GAZETTEERS = {"places": "LOC", "news_agencies": "ORG", "newspapers": "ORG"}
MAX_NAME_TOKENS = 4


@Language.factory("wersagtwas_gazetteer", requires=["doc.ents"], assigns=["doc.ents"])
def make_gazetteer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Component: person-consistent labels and gazetteer names on top of `ner`."""
    return repair_entities


@lru_cache(maxsize=None)
def _first_words() -> frozenset[str]:
    """Every gazetteer name's first word, also cut at a hyphen, to skip most tokens at once."""
    firsts = set()
    for lexicon in GAZETTEERS:
        for name in lexicons.load(lexicon):
            first = name.split()[0]
            firsts.update({first, first.split("-")[0]})
    return frozenset(firsts)


def _texts(doc: Doc) -> list[str]:
    """Every token's text, read from the Doc's arrays (no Token object per position)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()]


def gazetteer_spans(doc: Doc, texts: Optional[list[str]] = None) -> list[Span]:
    """Longest gazetteer names in the doc, left to right, not overlapping; exact spelling only.

    `texts`: the doc's token texts (`_texts`), when the caller has them already.
    """
    spans: list[Span] = []
    firsts = _first_words()
    texts = _texts(doc) if texts is None else texts
    for i in [i for i, text in enumerate(texts) if text in firsts]:  # most tokens start no name
        if spans and i < spans[-1].end:
            continue
        for n in range(min(MAX_NAME_TOKENS, len(texts) - i), 0, -1):
            text = doc[i:i + n].text
            label = next((lab for lex, lab in GAZETTEERS.items() if text in lexicons.load(lex)), None)
            if label:
                spans.append(Span(doc, i, i + n, label=label))
                break
    return spans


def gives_way(ent: Span, name: Span) -> bool:
    """Whether a predicted entity yields to an overlapping gazetteer name (see repair_entities)."""
    if (ent.start, ent.end) == (name.start, name.end):
        return ent.label_ != "PER"
    others = [t.text for t in ent if not name.start <= t.i < name.end]
    return ent.label_ in ("PER", "ORG") and all(t in lexicons.load("place_nouns") for t in others)


def repair_entities(doc: Doc) -> Doc:
    """Make lone surnames consistent with full names, complete persons cut at a first name, add
    the lone surnames the model missed, then add or correct gazetteer names.

    A gazetteer name fills a gap, relabels the same span unless the model called it a person
    (a person may share a city's name), and replaces a longer person or organisation whose other
    words are place nouns ("Kernkraftwerk Saporischschja" tagged PER or ORG). Other ORG or MISC
    names that contain a place ("Universität Moskau") stay. Last, a place the model called a person elsewhere in the
    article becomes the place (see place_consistent).
    """
    if not doc.has_annotation("ENT_IOB"):
        return doc
    ents = list(doc.ents)
    known = {e.text for e in ents} | {e[-1].text for e in ents}
    ents = [
        ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label)
        for ent, label in person_consistent([(e, e.label_) for e in ents], known)
    ]
    texts = _texts(doc)
    ents = sorted(with_known_surnames(with_first_names(without_role_nouns(ents)), texts), key=lambda e: e.start)
    # The entities never overlap, so sorted by start they are sorted by end too: the ones a name
    # overlaps are found by bisection (a pass over all of them per name was quadratic).
    starts, ends = [e.start for e in ents], [e.end for e in ents]
    for name in gazetteer_spans(doc, texts):
        first, stop = bisect_right(ends, name.start), bisect_left(starts, name.end)
        if all(gives_way(e, name) for e in ents[first:stop]):
            ents[first:stop], starts[first:stop], ends[first:stop] = [name], [name.start], [name.end]
    doc.ents = sorted(place_consistent(ents), key=lambda e: e.start)
    return doc


def without_role_nouns(ents: list[Span]) -> list[Span]:
    """A role noun tagged PER right before a person ("[Kremlsprecher] [Dmitri Peskow]") is not a name."""
    starts = {e.start for e in ents if e.label_ == "PER"}
    return [e for e in ents
            if not (e.label_ == "PER" and e.end in starts and all(role_noun(t.text) for t in e))]


def with_first_names(ents: list[Span]) -> list[Span]:
    """Persons the model cut at a given name get it back: "Holger [Hollemann]" and "[Olaf] Kramm"
    become "Holger Hollemann" and "Olaf Kramm" when the added word is in no other entity."""
    first_names = lexicons.load("first_names")
    ents = sorted(ents, key=lambda e: e.start)
    taken = {i for e in ents for i in range(e.start, e.end)}
    # left first, so that "[Anna] Peter [Müller]" gives "Peter Müller" its given name
    extended = []
    for ent in ents:
        start = ent.start
        if ent.label_ == "PER" and start > 0 and start - 1 not in taken and ent.doc[start - 1].text in first_names:
            start -= 1
            taken.add(start)
        extended.append(ent if start == ent.start else Span(ent.doc, start, ent.end, label="PER"))
    person_starts = {e.start for e in extended if e.label_ == "PER"}
    tagged = ents[0].doc.has_annotation("TAG") if ents else False  # once: a doc without tags is walked whole
    completed = []
    for ent in extended:
        doc, end = ent.doc, ent.end
        if (ent.label_ == "PER" and len(ent) == 1 and ent.text in first_names and end < len(doc)
                and end not in taken and end + 1 not in person_starts and _surname_like(doc[end], tagged)):
            end += 1
            taken.add(ent.end)
        completed.append(ent if end == ent.end else Span(doc, ent.start, end, label="PER"))
    return completed


def with_known_surnames(ents: list[Span], texts: Optional[list[str]] = None) -> list[Span]:
    """A lone surname of a person named in full in the article is a mention of that person even
    where the model missed it ("Wladimir Putin ... sagte Putin", "Putins Berater").

    `texts`: the doc's token texts (`_texts`), when the caller has them already.
    """
    if not ents:
        return ents
    doc = ents[0].doc
    surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
    if not surnames:  # no word can be one: skip the pass over every token
        return sorted(ents, key=lambda e: e.start)
    taken = {i for e in ents for i in range(e.start, e.end)}
    tagged = doc.has_annotation("TAG")
    # Token objects only for capitalised words outside entities (a surname is capitalised, see _surname_like)
    found = [
        Span(doc, i, i + 1, label="PER") for i, text in enumerate(_texts(doc) if texts is None else texts)
        if i not in taken and text[:1].isupper() and base_form(text, surnames) in surnames and _surname_like(doc[i], tagged)
    ]
    return sorted(ents + found, key=lambda e: e.start)


def _surname_like(token: Token, tagged: Optional[bool] = None) -> bool:
    """A capitalised word (hyphens allowed) that is no known place or agency and, where the doc
    is tagged (`tagged`, when the caller knows), a proper noun."""
    if not (token.text[:1].isupper() and token.text.replace("-", "").isalpha()):
        return False
    if any(token.text in lexicons.load(lexicon) for lexicon in GAZETTEERS):
        return False
    return not (token.doc.has_annotation("TAG") if tagged is None else tagged) or token.tag_ == "NE" or token.pos_ == "PROPN"


def place_consistent(ents: list[Span]) -> list[Span]:
    """A known place tagged PER is the place when the article also has it as LOC and no person ends in it."""
    located = {e.text for e in ents if e.label_ == "LOC"}
    surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
    places = lexicons.load("places")
    return [
        Span(e.doc, e.start, e.end, label="LOC")
        if e.label_ == "PER" and e.text in located and e.text in places and e.text not in surnames else e
        for e in ents
    ]
