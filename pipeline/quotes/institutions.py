"""Institutions as speakers: "die Polizei", "das russische Außenministerium", "nach Polizeiangaben".

A speaker phrase headed by an institution noun (the ORG rows of resources/source_nouns.txt, the
organisation cues of resources/organisation_cues.txt and resources/institution_class_nouns.txt, also as
the end of a compound: "Außenministerium", "Landgericht") or by an acronym the tagger missed ("der BGH")
names an organisation. With a definite article it is the article's organisation whose name holds that
noun ("das Gericht" after "Landgericht Köln"); a class noun ("die Organisation") takes up the
organisation named last. Otherwise the institution itself becomes the speaker's entity, named by the
phrase without its article ("Staatsanwaltschaft Oslo", "Polizei"); a bare class noun names nobody.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .. import lexicons, syntax
from ..docfacts import doc_text
from ..records import Entity, Mention, Quote, entity_id
from .grammar import _source_labels
from .index import annotated

INSTITUTION = "ORG"
# Organisation cues shorter than this ("AG", "Rat", "Amt") match only as whole words, never as a compound's end.
MIN_CUE_LETTERS = 4
# A compound needs a real first part: "Landgericht", not "Bericht" for "Gericht".
MIN_PREFIX_LETTERS = 3
# Words that may stand before the head in an institution's name ("das russische Außenministerium").
NAME_POS = frozenset({"ADJ", "NOUN", "PROPN"})
ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,6}")
LINKING_S = "s"  # "Regierungssprecher": the s that joins the parts of a compound


@lru_cache(maxsize=1)
def _institution_nouns() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole words, compound ends) in lower case, longest ends first."""
    nouns = {noun for noun, label in _source_labels().items() if label == INSTITUTION and " " not in noun}
    cues = {cue for cue in lexicons.load("organisation_cues") if cue[:1].isupper() and cue.isalpha()}
    words = frozenset(n.casefold() for n in nouns | cues | lexicons.load("institution_class_nouns"))
    ends = tuple(sorted((w for w in words if len(w) >= MIN_CUE_LETTERS), key=len, reverse=True))
    return words, ends


@lru_cache(maxsize=8192)
def institution_noun(word: str) -> Optional[str]:
    """The institution noun a word is or ends with ("Außenministerium" -> "ministerium"), in lower case."""
    lower = word.casefold()
    words, ends = _institution_nouns()
    if lower in words:
        return lower
    return next((end for end in ends if lower.endswith(end) and len(lower) - len(end) >= MIN_PREFIX_LETTERS), None)


@lru_cache(maxsize=1)
def _class_nouns() -> frozenset[str]:
    return frozenset(noun.casefold() for noun in lexicons.load("institution_class_nouns"))


def is_class_noun(noun: Optional[str]) -> bool:
    """Whether an institution noun names a kind of body ("organisation"), not one body ("polizei")."""
    return noun in _class_nouns()


def is_acronym(word: str) -> bool:
    """An all-capitals short name ("BGH", "IADB", "OSZE")."""
    return bool(ACRONYM.fullmatch(word))


@lru_cache(maxsize=1)
def _spokesperson_suffixes() -> tuple[str, ...]:
    """Spokesperson nouns in lower case, longest first ("sprecherinnen" before "sprecher")."""
    return tuple(sorted((noun.casefold() for noun in lexicons.load("spokesperson_nouns")), key=len, reverse=True))


def spokesperson_of(word: str) -> Optional[str]:
    """The institution a spokesperson compound speaks for ("Polizeisprecher" -> "Polizei", "Regierungssprecherin" -> "Regierung")."""
    lower = word.casefold()
    for suffix in _spokesperson_suffixes():
        if not lower.endswith(suffix) or len(lower) == len(suffix):
            continue
        prefix = word[: -len(suffix)].rstrip("-")
        for body in (prefix, prefix[:-1] if prefix.endswith(LINKING_S) else prefix):
            if body and institution_noun(body) is not None:
                return body[:1].upper() + body[1:]
        return None
    return None


def institution_name(span: Span) -> Optional[str]:
    """The name of the institution a speaker phrase is headed by ("Die Staatsanwaltschaft Oslo" -> "Staatsanwaltschaft Oslo")."""
    head = span.root if annotated(span.doc, "DEP") else span[-1]
    if head.pos_ not in ("NOUN", "PROPN", "X") or institution_noun(head.text) is None and not is_acronym(head.text):
        return None
    start = head.i
    while start > span.start and span.doc[start - 1].pos_ in NAME_POS:
        start -= 1
    end = head.i + 1
    while end < span.end and _name_continues(span.doc[end], head):
        end += 1
    return span.doc[start:end].text


def _name_continues(token: Token, head: Token) -> bool:
    """A proper name right after the head that belongs to it ("Staatsanwaltschaft Oslo")."""
    return token.pos_ == "PROPN" and (token.head == head or token.head.i == token.i - 1) and (
        syntax.has_role(token, syntax.APPOSITION | syntax.NAME_PART) or token.dep_ in ("nmod", "nk")
    )


def described_entity(noun: str, entities: list[Entity], mentions: list[Mention], before: int) -> Optional[Entity]:
    """The organisation of the article whose name holds `noun`, mentioned last before `before` ("das Gericht" -> "Landgericht Köln").

    A class noun ("die Organisation") without such a name takes up the organisation mentioned last before it.
    """
    organisations = [e for e in entities if e.label == INSTITUTION]
    ids = {
        e.entity_id for e in organisations
        if any(institution_noun(word) == noun for part in e.canonical_name.split() for word in part.split("-"))
    }
    if not ids and is_class_noun(noun):
        ids = {e.entity_id for e in organisations}
        last = [m for m in mentions if m.entity_id in ids and m.end <= before]
        return next(e for e in organisations if e.entity_id == max(last, key=lambda m: m.start).entity_id) if last else None
    if not ids:
        return None
    earlier = [m for m in mentions if m.entity_id in ids and m.end <= before]
    chosen = max(earlier, key=lambda m: m.start).entity_id if earlier else min(ids)
    return next(e for e in entities if e.entity_id == chosen)


def institution_entities(doc: Doc, doc_id: str, quotes: list[Quote], mentions: list[Mention],
                         entities: list[Entity]) -> tuple[list[Mention], list[Entity]]:
    """The article's mentions and entities plus the institutions that speak without a name the tagger found.

    Each institution speaker's phrase becomes a mention of it, so entities.csv counts it like any name.
    """
    known = {e.entity_id for e in entities}
    new_entities: dict[str, Entity] = {}
    new_mentions: list[Mention] = []
    spans: set[tuple[int, int]] = set()
    sent_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    for quote in quotes:
        eid = quote.speaker_entity_id
        if not eid or eid in known or quote.speaker_label != INSTITUTION or quote.speaker_start is None or quote.speaker_end is None:
            continue
        entity = new_entities.setdefault(eid, Entity(eid, quote.speaker_canonical, INSTITUTION))
        start, end = _name_range(quote.speaker_text, entity.canonical_name, quote.speaker_start, quote.speaker_end)
        if (start, end) in spans:
            continue  # quotes that carry one speaker over share its one mention
        spans.add((start, end))
        entity.n_mentions += 1
        text = doc_text(doc)[start:end]
        if text != entity.canonical_name and text not in entity.aliases:
            entity.aliases.append(text)
        new_mentions.append(Mention(
            doc_id=doc_id, mention_id=f"{doc_id}:m{len(mentions) + len(new_mentions) + 1}", entity_id=eid,
            text=text, label=INSTITUTION, start=start, end=end, sentence_index=bisect_right(sent_starts, start) - 1,
        ))
    return mentions + new_mentions, entities + list(new_entities.values())


def _name_range(phrase: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The name's characters inside the speaker phrase ("Die Staatsanwaltschaft Oslo" -> "Staatsanwaltschaft Oslo"), else the phrase's.

    A name inside a compound ("Polizei" in "Polizeiangaben", "ein Polizeisprecher") is the whole word.
    """
    at = phrase.find(name)
    if at < 0:
        return start, end
    after = at + len(name)
    while at > 0 and phrase[at - 1].isalnum():
        at -= 1
    while after < len(phrase) and phrase[after].isalnum():
        after += 1
    return start + at, start + after


def institution_id(name: str) -> str:
    """The per-article entity id of an institution named by a speaker phrase."""
    return entity_id(INSTITUTION, name)
