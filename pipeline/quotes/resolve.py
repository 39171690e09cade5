"""Speaker resolution: a speaker span linked to an entity of the article."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from .. import lexicons, syntax
from ..records import Entity, Mention, Relation
from ..roles import resolve_role, role_index
from .constants import _DEMONSTRATIVES, _INDEFINITE, _MASCULINE_DEMONSTRATIVES, _PRONOUNS_FEMALE_OR_PLURAL, _PRONOUNS_MALE
from .grammar import source_of
from .index import annotated
from .institutions import (
    INSTITUTION,
    described_entity,
    institution_id,
    institution_name,
    institution_noun,
    is_class_noun,
    spokesperson_of,
)


def is_known_place(name: str) -> bool:
    """A city or country of the gazetteers, also in the genitive ("Mannheims", "Kölns", "Thailands")."""
    places = _places()
    return name in places or name.endswith("s") and name[:-1] in places


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return lexicons.load("places") | lexicons.load("countries")


def _entity_gender(relations: Iterable[Relation]) -> dict[str, str]:
    """M/F of person entities from their role nouns ("Kanzlerin Merkel", "Sybiha, der Aussenminister").

    German feminine role nouns end in -in (the lexicon lists both forms); the first role wins.
    """
    gender: dict[str, str] = {}
    for relation in relations:
        if relation.relation == "role_of" and relation.subject_entity_id and relation.object:
            head = relation.object.split()[-1]
            gender.setdefault(relation.subject_entity_id, "F" if head.endswith("in") else "M")
    return gender


def _last_word(name: str) -> str:
    return name.split()[-1] if name.split() else ""


class _Resolver:
    """Links speaker spans to entities: by mention, surname, role noun or pronoun."""

    def __init__(self, doc: Doc, mentions: list[Mention], entities: list[Entity], relations: list[Relation]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.entities = {e.entity_id: e for e in entities}
        self.gender = _entity_gender(relations)
        self.roles = role_index(relations)
        # Look-up tables, so that each speaker costs a look-up instead of a pass over every mention
        # and entity of the article (quadratic in articles with thousands of names).
        self._starts = [m.start for m in self.mentions]
        self._ends = [m.end for m in self.mentions]
        # mentions do not overlap, so ends rise with starts; else the plain scans below are used
        self._ordered = all(a <= b for a, b in zip(self._ends, self._ends[1:]))
        self._antecedents: dict[tuple[frozenset[str], str], list[int]] = {}
        people = [e for e in self.entities.values() if e.label == "PER" and not is_known_place(e.canonical_name)]
        self._surnames = {
            _last_word(e.canonical_name) for e in self.entities.values()
            if e.label == "PER" and " " in e.canonical_name and not is_known_place(e.canonical_name)
        }  # "Hagen" of "Nina Hagen", not "Angeles" of a "Los Angeles" the tagger called a person
        self._people_by_word: dict[str, list[int]] = {}
        for order, person in enumerate(people):
            for word in {_last_word(person.canonical_name), *person.aliases}:
                self._people_by_word.setdefault(word, []).append(order)
        self._people = people
        self._fullest: dict[str, Entity] = {}
        for other in self.entities.values():
            if other.label == "PER" and " " in other.canonical_name:
                self._fullest.setdefault(other.canonical_name.rsplit(" ", 1)[1], other)

    def resolve(self, span: Span) -> tuple[str, str, str, str]:
        """(entity id, canonical name, label, resolution) of a speaker span."""
        mention = self._best_mention(span)
        if mention is not None:
            entity = self._fuller(self.entities.get(mention.entity_id))
            if entity is not None:
                return entity.entity_id, entity.canonical_name, entity.label, "explicit"
            return mention.entity_id, mention.text, mention.label, "explicit"
        entity = self._by_surname(span)
        if entity is not None:
            return entity.entity_id, entity.canonical_name, entity.label, "explicit"
        head = span.root if annotated(self.doc, "DEP") else span[-1]
        lower = head.lower_
        if len(span) <= 2 and (lower in _PRONOUNS_MALE | _PRONOUNS_FEMALE_OR_PLURAL or len(span) == 1 and lower in _DEMONSTRATIVES):
            # "er", "sie", and a bare "der"/"diese" standing for a person: the nearest compatible antecedent
            gender = "M" if lower in _PRONOUNS_MALE or lower in _MASCULINE_DEMONSTRATIVES else "F"
            entity = self._antecedent(span.start_char, gender, head)
            if entity is not None:
                return entity.entity_id, entity.canonical_name, entity.label, "pronoun"
            return "", "", "", "none"
        definite = not any(t.lower_ in _INDEFINITE for t in span[:2])  # "ein Polizeisprecher" is someone new
        for token in span if definite else ():
            # "der Minister" names the one person introduced as "Verteidigungsminister X"
            entity = self.entities.get(resolve_role(self.roles, token.text))
            if entity is not None:
                return entity.entity_id, entity.canonical_name, entity.label, "role"
        body = spokesperson_of(head.text)
        if body is not None:  # "ein Polizeisprecher" speaks for the police, which the article may name
            return self._institution(body, institution_noun(body), span.start_char, True)
        name = institution_name(span)
        if name is not None:
            return self._institution(name, institution_noun(head.text), span.start_char, definite)
        for token in span:
            source = source_of(token.text)
            if source is not None and source[1] == INSTITUTION:  # "Polizeiangaben": the police
                return self._institution(source[0], institution_noun(source[0]), span.start_char, True)
            if source is not None:
                return "", source[0], source[1], "source"
        return "", "", "", "none"

    def _institution(self, name: str, noun: Optional[str], before: int, definite: bool) -> tuple[str, str, str, str]:
        """The article's organisation a definite institution noun stands for, else the institution itself."""
        entity = described_entity(noun, list(self.entities.values()), self.mentions, before) if definite and noun else None
        if entity is not None:
            return entity.entity_id, entity.canonical_name, entity.label, "role"
        if is_class_noun(noun) and name.casefold().endswith(noun or ""):
            return "", name, INSTITUTION, "source"  # "die Umweltschutzorganisation" with no organisation named before
        return institution_id(name), name, INSTITUTION, "source"

    def _best_mention(self, span: Span) -> Optional[Mention]:
        """The mention that names who speaks: a person before anything else in the phrase.

        "Mannheims oberster Bürgermeister Peter Kurz" is Kurz, "der Bürgermeister von Mannheim" is
        nobody named; a place is the speaker only as the phrase's head ("Berlin lehnte ab").
        """
        inside = self._overlapping(span.start_char, span.end_char)
        head = span.root if annotated(self.doc, "DEP") else None

        def covers_head(m: Mention) -> bool:
            return head is not None and m.start <= head.idx < m.end

        people = [m for m in inside if m.label == "PER" and not self._is_place(m)]
        if people:
            inside = people
        else:
            inside = [m for m in inside if m.label != "LOC" and not self._is_place(m) or covers_head(m)]
        if not inside:
            return None

        def rank(m: Mention) -> tuple[bool, bool, bool, bool, int]:
            after_head = head is not None and m.start >= head.idx + len(head.text)
            genitive = m.text.endswith("s") and any(
                t.dep_ in syntax.GENITIVE and t.idx >= m.start and t.idx < m.end for t in span
            )
            return (not covers_head(m), not after_head, genitive, m.label != "PER", m.start)

        return min(inside, key=rank)

    def _overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions that overlap the characters [start, end), in text order."""
        if not self._ordered:
            return [m for m in self.mentions if m.start < end and m.end > start]
        return self.mentions[bisect_right(self._ends, start):bisect_left(self._starts, end)]

    def _is_place(self, mention: Mention) -> bool:
        """A mention of a place: its entity is one, or a known place name stands alone ("Mannheims" tagged PER).

        A surname that is also a place ("Hagen" of "Nina Hagen") stays a person: its entity has a full name.
        """
        entity = self.entities.get(mention.entity_id)
        label = entity.label if entity is not None else mention.label
        if label == "LOC":
            return True
        fuller = self._fuller(entity) if label == "PER" else None
        person = fuller is not None and " " in fuller.canonical_name and fuller.canonical_name != mention.text
        return not person and is_known_place(mention.text)

    def _by_surname(self, span: Span) -> Optional[Entity]:
        """A capitalised word of the span that ends a person's name in this article ("Uschakow")."""
        words = {t.text for t in span if t.text[:1].isupper() and len(t.text) > 2 and not t.is_sent_start}
        words |= {t.text for t in span if t.pos_ == "PROPN" or t.tag_ == "NE"}
        words = {word for word in words if word in self._surnames or not is_known_place(word)}
        for word in words:
            matches = self._people_by_word.get(word, [])  # people whose surname or an alias is the word
            if len(matches) == 1:
                return self._fuller(self._people[matches[0]])
        return None

    def _fuller(self, entity: Optional[Entity]) -> Optional[Entity]:
        """A one-word name links to the fuller name of the same person ("Uschakow")."""
        if entity is None or entity.label != "PER" or " " in entity.canonical_name:
            return entity
        return self._fullest.get(entity.canonical_name, entity)

    def _antecedent(self, before: int, gender: str, pronoun: Token) -> Optional[Entity]:
        """The nearest preceding person of the pronoun's gender; "sie" may also take up an organisation."""
        plural = "Plur" in pronoun.morph.get("Number", []) or (
            pronoun.lower_ in {"sie", "die", "diese"} and pronoun.head.tag_ in syntax.FINITE_TAGS and pronoun.head.text.endswith("en")
        )
        labels = frozenset({"ORG"} if plural else {"PER", "ORG"} if gender == "F" else {"PER"})
        if not self._ordered:
            candidates = [m for m in self.mentions if m.end <= before and self._antecedent_of(m, labels, gender)]
            return self._fuller(self.entities.get(candidates[-1].entity_id)) if candidates else None
        # the mentions that can stand for such a pronoun, in text order: the nearest before it in log time
        key = (labels, gender)
        if key not in self._antecedents:
            self._antecedents[key] = [k for k, m in enumerate(self.mentions) if self._antecedent_of(m, labels, gender)]
        usable = self._antecedents[key]
        last = bisect_right(usable, bisect_right(self._ends, before) - 1) - 1
        return self._fuller(self.entities.get(self.mentions[usable[last]].entity_id)) if last >= 0 else None

    def _antecedent_of(self, mention: Mention, labels: frozenset[str], gender: str) -> bool:
        """Whether a mention can be what a pronoun of `gender` that takes up `labels` refers to."""
        entity = self.entities.get(mention.entity_id)
        label = entity.label if entity is not None else mention.label
        if label not in labels:
            return False
        known = self.gender.get(mention.entity_id)
        if entity is None or label == "PER" and known is not None and known != gender:
            return False
        return not self._is_place(mention)  # "er" is not Zacatecas, whatever the tagger called it
