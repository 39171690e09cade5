"""Roles and titles of people, from titles before names and from appositions, kept as Relation rows.

"Kremlsprecher Dmitri Peskow"                    -> Peskow role_of "Kremlsprecher", member_of Kreml
"Putins aussenpolitischer Berater, Juri Uschakow" -> Uschakow role_of "aussenpolitischer Berater", works_for Putin
"der ukrainische Aussenminister Andrij Sybiha"   -> Sybiha role_of "Aussenminister", member_of Ukraine

Pure per-document functions: the quote extractor resolves role-only speakers ("der Kremlsprecher
sagte") with `resolve_role(role_index(extract_roles(...)), word)`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from . import lexicons, syntax
from .docfacts import doc_text
from .records import Entity, Mention, Quote, Relation

# Case endings a role noun takes in running text ("des Präsidenten", "des Kremlchefs").
INFLECTIONS = ("en", "es", "n", "s")
ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
GENITIVE_ENDINGS = ("s", "’", "'", "es")
# Compound heads shorter than this match too many unrelated words.
MIN_ROLE_SUFFIX = 4


@lru_cache(maxsize=1)
def _roles_by_length() -> tuple[str, ...]:
    return tuple(sorted(lexicons.load("roles"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _affiliations() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in lexicons.lines("affiliations") if "=" in line)
    return {key.strip().casefold(): name.strip() for key, name in pairs}


@lru_cache(maxsize=1)
def _roles_by_fold() -> dict[str, tuple[tuple[int, str], ...]]:
    """Lexicon roles by case-folded form, each with its rank in `_roles_by_length`."""
    by_fold: dict[str, list[tuple[int, str]]] = {}
    for rank, role in enumerate(_roles_by_length()):
        by_fold.setdefault(role.casefold(), []).append((rank, role))
    return {folded: tuple(roles) for folded, roles in by_fold.items()}


def _roles_ending(folded: str) -> list[str]:
    """The lexicon roles a case-folded word is or ends in, in `_roles_by_length` order."""
    # One lookup per suffix of the word instead of a pass over the lexicon: new words keep coming in a long run.
    by_fold = _roles_by_fold()
    found = [ranked for k in _fold_lengths() if k <= len(folded) for ranked in by_fold.get(folded[-k:], ())]
    return [role for _, role in sorted(found)]


@lru_cache(maxsize=1)
def _fold_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(folded) for folded in _roles_by_fold()}))


def _is_role_of(folded: str, role: str) -> bool:
    """Whether a word ending in `role` is that role or a compound of it ("Kremlsprecher")."""
    return folded == role.casefold() or len(role) >= MIN_ROLE_SUFFIX and len(folded) > len(role) + 1


@lru_cache(maxsize=65536)
def role_suffix(text: str) -> str:
    """The lexicon role a word is or ends in ("Armeesprecher" -> "Sprecher", "Berater" -> "Berater"), or ""."""
    if not text[:1].isupper():
        return ""
    folded = text.casefold()
    return next((role for role in _roles_ending(folded) if _is_role_of(folded, role)), "")


def role_noun(text: str) -> str:
    """The base form of a role noun, compounds included ("Präsidenten" -> "Präsident"), or ""."""
    candidates = [text] + [text[: -len(e)] for e in INFLECTIONS if text.endswith(e) and len(text) > len(e) + 2]
    return next((c for c in candidates if role_suffix(c)), "")


def role_suffixes(text: str) -> list[str]:
    """Every lexicon role a word is or ends in, longest first ("Verteidigungsminister" -> it and "Minister")."""
    if not text[:1].isupper():
        return []
    folded = text.casefold()
    return [role for role in _roles_ending(folded) if _is_role_of(folded, role)]


def role_keys(role: str) -> list[str]:
    """Lookup keys of a role phrase: its head noun and the shorter roles it ends in.

    "US-Präsident" -> präsident; "Verteidigungsminister" -> minister too, so that a later
    "der Minister" finds the person introduced as "Verteidigungsminister X".
    """
    head = role.split()[-1] if role.split() else ""
    keys = [head, head.rsplit("-", 1)[-1], *role_suffixes(head)]
    return list(dict.fromkeys(k.casefold() for k in keys if k))


def extract_roles(doc: Doc, doc_id: str, mentions: list[Mention], entities: list[Entity]) -> list[Relation]:
    """Role and affiliation relations of the people mentioned in one document, in text order."""
    if not mentions or len(doc) == 0:
        return []
    names = {e.entity_id: e.canonical_name for e in entities}
    by_name = {(e.label, e.canonical_name.casefold()): e for e in entities}
    spans = _mention_spans(doc, mentions)
    owner = {i: m for m, span in spans for i in range(span.start, span.end)}
    relations: list[Relation] = []
    seen: set[tuple[str, str, str, str]] = set()
    parsed = doc.has_annotation("DEP")  # once: spaCy walks the whole doc to find out that it has no parse
    for mention, span in spans:
        if mention.label != "PER":
            continue
        for noun in _role_nouns(span, owner, parsed):
            for relation in _relations(doc_id, mention, span, noun, owner, names, by_name, parsed):
                key = (relation.relation, relation.subject_entity_id, relation.object_entity_id, relation.object)
                if key not in seen:
                    seen.add(key)
                    relations.append(relation)
    return relations


def quote_relations(doc_id: str, quotes: list[Quote], mentions: list[Mention]) -> list[Relation]:
    """quoted_by: who a speaker's quote was given to ("sagte dem Korrespondenten Pawel Sarubin", "gegenüber der Zeitung X")."""
    relations: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    by_sentence: dict[int, list[Mention]] = {}  # only a quote's own sentence is searched, not every mention
    for mention in mentions:
        by_sentence.setdefault(mention.sentence_index, []).append(mention)
    for quote in quotes:
        if not quote.speaker_entity_id or not quote.addressee_text:
            continue
        for mention in by_sentence.get(quote.sentence_index, []):
            pair = (quote.speaker_entity_id, mention.entity_id)
            if (mention.entity_id != quote.speaker_entity_id
                    and mention.text in quote.addressee_text and pair not in seen):
                seen.add(pair)
                relations.append(Relation(doc_id, "quoted_by", quote.speaker_entity_id,
                                          quote.speaker_canonical or quote.speaker_text, mention.entity_id,
                                          mention.text, mention.text, mention.start, mention.end))
    return relations


def role_index(relations: Iterable[Relation]) -> dict[str, str]:
    """Role noun (casefolded) -> entity id of the one person holding it; roles two people hold are left out."""
    holders: dict[str, set[str]] = {}
    for relation in relations:
        if relation.relation == "role_of" and relation.subject_entity_id:
            for key in role_keys(relation.object):
                holders.setdefault(key, set()).add(relation.subject_entity_id)
    return {key: next(iter(ids)) for key, ids in holders.items() if len(ids) == 1}


def resolve_role(index: dict[str, str], word: str) -> str:
    """The entity id a role word refers to ("Kremlsprechers" -> Peskow's id), or ""."""
    base = role_noun(word)
    if not base:
        return ""
    for key in role_keys(base):
        if key in index:
            return index[key]
    return ""


def _mention_spans(doc: Doc, mentions: list[Mention]) -> list[tuple[Mention, Span]]:
    spans = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            spans.append((mention, span))
    return spans


def _role_nouns(name: Span, owner: dict[int, Mention], parsed: bool) -> list[Token]:
    """Role nouns attached to a name: the title right before it, or an apposition either way (`parsed`: by the parse too)."""
    doc = name.doc
    found: list[Token] = []
    if name.start > 0:
        before = doc[name.start - 1]
        if before.i not in owner and role_noun(before.text):
            found.append(before)
    if parsed:
        root = name.root
        head = syntax.apposition_head(root)
        if head is None and name.start > 0 and doc[name.start - 1].text == ",":
            head = syntax.unmarked_conjunct_head(root)
        related = ([head] if head is not None else []) + list(syntax.appositions(root))
        found += [t for t in related if t not in found and t.i not in owner and role_noun(t.text)
                  and not name.start <= t.i < name.end]
    return found


def _is_adjective(token: Token) -> bool:
    return token.pos_ == "ADJ" or token.tag_ == "ADJA"


def _nominative(adjective: str, feminine: bool) -> str:
    """The adjective as it stands before a bare noun in the nominative ("kremlnahen" -> "kremlnaher").

    Roles are kept without article, so "dem kremlnahen Korrespondenten" and "ein kremlnaher
    Korrespondent" give the same role.
    """
    for ending in ("en", "em", "es", "er", "e"):
        if adjective.endswith(ending) and len(adjective) > len(ending) + 2:
            return adjective[: -len(ending)] + ("e" if feminine else "er")
    return adjective


def _affiliation_of_adjective(token: Token) -> str:
    folded = token.text.casefold()
    for ending in ADJECTIVE_ENDINGS:
        stem = folded[: len(folded) - len(ending)] if ending else folded
        if folded.endswith(ending) and stem in _affiliations():
            return _affiliations()[stem]
    return ""


def _affiliation_of_compound(noun: str) -> str:
    """"US-Präsident" -> USA, "Kremlsprecher" -> Kreml: the compound's first part, when it names a place."""
    if "-" in noun:
        return _affiliations().get(noun.split("-", 1)[0].casefold(), "")
    folded = noun.casefold()
    role = next((role for role in _roles_ending(folded) if len(folded) > len(role)), None)
    return _affiliations().get(folded[: -len(role)], "") if role is not None else ""


def _possessor(doc: Doc, before: int, owner: dict[int, Mention]) -> Optional[Mention]:
    """A genitive name right before the role phrase ("Putins aussenpolitischer Berater")."""
    if before < 0 or before not in owner:
        return None
    mention = owner[before]
    return mention if mention.text.endswith(GENITIVE_ENDINGS) else None


def _relations(
    doc_id: str,
    holder: Mention,
    name: Span,
    noun: Token,
    owner: dict[int, Mention],
    names: dict[str, str],
    by_name: dict[tuple[str, str], Entity],
    parsed: bool,
) -> list[Relation]:
    doc = name.doc
    first = noun.i
    while first > 0 and _is_adjective(doc[first - 1]) and first - 1 not in owner:
        first -= 1
    adjectives = list(doc[first:noun.i])
    head = role_noun(noun.text)
    words = [_nominative(t.text, head.endswith("in")) for t in adjectives if not _affiliation_of_adjective(t)]
    role = " ".join([*words, head])
    # Where the role belongs: a genitive name, a nationality adjective or the compound's first part.
    targets: list[tuple[str, str, str]] = []  # (entity id, name, label)
    possessor = _possessor(doc, first - 1, owner)
    genitives = [owner[t.i] for t in syntax.genitive_attributes(noun) if t.i in owner] if parsed else []
    for other in ([possessor] if possessor else []) + genitives:
        if other.entity_id != holder.entity_id:
            targets.append((other.entity_id, names.get(other.entity_id, other.text), other.label))
    start = doc[first - 1].idx if possessor else doc[first].idx
    for place in [_affiliation_of_adjective(t) for t in adjectives] + [_affiliation_of_compound(noun.text)]:
        if place:
            known = by_name.get(("LOC", place.casefold())) or by_name.get(("ORG", place.casefold()))
            targets.append((known.entity_id, known.canonical_name, known.label) if known else ("", place, "LOC"))
    start = min(start, name.start_char)
    end = max(name.end_char, noun.idx + len(noun.text))
    evidence = doc_text(doc)[start:end]
    subject = names.get(holder.entity_id, holder.text)

    def relation(kind: str, object_id: str, obj: str) -> Relation:
        return Relation(doc_id, kind, holder.entity_id, subject, object_id, obj, evidence, start, end)

    found = [relation("role_of", "", role)]
    for object_id, obj, label in dict.fromkeys(targets):
        found.append(relation("works_for" if label == "PER" else "member_of", object_id, obj))
    return found
