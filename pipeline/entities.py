"""Stage 3: entity mentions and per-document canonical entities."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Doc, Span, Token

from . import lexicons
from .docfacts import doc_text
from .records import Entity, Mention, entity_id
from .roles import role_noun

# Other models' label names, mapped onto the four the tables use.
LABELS = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "LOCATION": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG",
    "MISC": "MISC", "OTH": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC",
}
EDGE_PUNCT = "\"'„“”«»‹›‚‘’()[],.:;"


@dataclass
class _Cluster:
    label: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        # The longest form is the fullest name ("Wladimir Putin" over "Putin").
        return max(self.names, key=lambda t: (len(t.split()), len(t)))


def name_span(span: Span) -> Span | None:
    """The span without leading roles, articles or punctuation ("Kremlchef Wladimir Putin" -> name)."""
    roles = lexicons.load("roles")
    start, end = span.start, span.end
    while start < end and (
        span.doc[start].text in roles or span.doc[start].is_punct or span.doc[start].pos_ == "DET"
        or span.doc[start].text.strip(EDGE_PUNCT) == ""
    ):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].text.strip(EDGE_PUNCT) == ""):
        end -= 1
    return span.doc[start:end] if end > start else None


def with_place_article(span: Span, label: str, in_text: Callable[[str], bool] | None = None) -> Span:
    """ "Den Haag", not "Haag": a capitalised foreign article right before a place inside a sentence
    is part of its name (the tagger calls it DET and name_span cuts it); at a sentence start it is
    when the article has the same name inside a sentence elsewhere ("Den Haag. ... in Den Haag").

    `in_text`: whether a string occurs in the doc's text, when the caller keeps the text (spaCy joins
    every token to make it, for each call) and remembers the answers.
    """
    doc = span.doc
    if label == "PER" or span.start == 0:
        return span
    article = doc[span.start - 1]
    if article.text not in lexicons.load("place_articles"):
        return span
    phrase = f" {article.text} {span.text}"
    if article.is_sent_start and not (in_text(phrase) if in_text is not None else phrase in doc.text):
        return span
    return doc[span.start - 1:span.end]


def is_place_adjective(span: Span, label: str = "") -> bool:
    """"Kiewer Unterhändler", "Schweizer Agentur": a derived -er adjective, not a name.

    GermEval annotates these as LOCderiv, which the tables leave out; small models still tag
    them, also the first of two ("zwischen [Kiewer] und Moskauer Unterhändlern") and, as a
    place, with a role noun ("[Moskauer Unterhändlern]"; "Berliner Platz" is a place's name).
    """
    first = span[0]
    if not _adjective_like(first):
        return False
    if len(span) > 1:
        return label == "LOC" and all(bool(role_noun(t.text)) for t in span[1:])
    doc = span.doc
    following = span.end
    if (following + 1 < len(doc) and (doc[following].pos_ == "CCONJ" or doc[following].text == ",")
            and first.pos_ != "PROPN" and _adjective_like(doc[following + 1])):
        following += 2
    if following >= len(doc):
        return False
    token = doc[following]
    return _common_noun(token) or (not token.pos_ and token.text[:1].isupper() and token.is_alpha)


def _adjective_like(token: Token) -> bool:
    """A capitalised -er word: "Moskauer" (whatever the tagger calls it), never "der" or "aber"."""
    return token.text[:1].isupper() and token.text.endswith("er")


def _common_noun(token: Token) -> bool:
    """UD's NOUN or STTS's NN, so that either kind of model is understood."""
    return token.pos_ == "NOUN" or token.tag_ == "NN"


def base_form(text: str, known: set[str]) -> str:
    """Strip a genitive -s when the bare name occurs in the same article ("Putins" -> "Putin")."""
    for suffix in ("s", "’", "'", "es"):
        if text.endswith(suffix) and text[: -len(suffix)] in known:
            return text[: -len(suffix)]
    return text


def extract_entities(doc: Doc, doc_id: str) -> tuple[list[Mention], list[Entity]]:
    """Mentions in text order and the entities they are linked to."""
    if not doc.has_annotation("ENT_IOB"):
        return [], []
    sent_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    text = doc_text(doc)  # joined once: with_place_article would join every token again for each place
    found: dict[str, bool] = {}

    def in_text(phrase: str) -> bool:
        if phrase not in found:
            found[phrase] = phrase in text
        return found[phrase]

    spans: list[tuple[Span, str]] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if not label:
            continue
        span = name_span(ent)
        if span is not None:
            span = with_place_article(span, label, in_text)
        if span is not None and not (label != "PER" and is_place_adjective(span, label)):
            spans.append((span, label))
    # Bare names and surnames, so that a genitive "Putins" finds "Wladimir Putin".
    known = {span.text for span, _ in spans} | {span[-1].text for span, _ in spans}
    spans = person_consistent(spans, known)
    mentions = [
        Mention(
            doc_id=doc_id,
            mention_id=f"{doc_id}:m{n}",
            entity_id="",
            text=span.text,
            label=label,
            start=span.start_char,
            end=span.end_char,
            sentence_index=bisect_right(sent_starts, span.start_char) - 1,
        )
        for n, (span, label) in enumerate(spans, start=1)
    ]
    clusters = link(mentions, [base_form(m.text, known) for m in mentions])
    return mentions, [to_entity(c, doc_id) for c in clusters]


def person_consistent(spans: list[tuple[Span, str]], known: set[str]) -> list[tuple[Span, str]]:
    """A lone surname of a person named in full in the article is that person, whatever NER said.

    Small models often tag a bare "Putin" as LOC after "Moskau"; the article's own full name
    ("Wladimir Putin") is better evidence than the tagger's guess for one token.
    """
    surnames = {span[-1].text for span, label in spans if label == "PER" and len(span) > 1}
    return [
        (span, "PER" if len(span) == 1 and base_form(span.text, known) in surnames
         and not _after_place_preposition(span, label) else label)
        for span, label in spans
    ]


def _after_place_preposition(span: Span, label: str) -> bool:
    """A LOC right after "in", "aus", "nach": the place, not the person of the same name."""
    return label == "LOC" and span.start > 0 and span.doc[span.start - 1].lower_ in lexicons.load("place_prepositions")


def link(mentions: list[Mention], keys: list[str]) -> list[_Cluster]:
    """Group mentions: same label and name, or a person's surname after the full name."""
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    # Multi-word person clusters by surname, in the order they were made: a look-up, not a pass over
    # all clusters per surname (quadratic in articles with thousands of names).
    by_surname: dict[str, list[_Cluster]] = {}
    by_first: dict[str, list[_Cluster]] = {}
    for mention, key in zip(mentions, keys):
        cluster = by_key.get((mention.label, key))
        if cluster is None and mention.label == "PER" and " " not in key:
            cluster = _latest_with_surname(by_surname, key) or _only_with_first_word(by_surname, by_first, key)
        if cluster is None:
            cluster = _Cluster(mention.label, key)
            clusters.append(cluster)
            if cluster.label == "PER" and " " in key and key.split():
                by_surname.setdefault(key.split()[-1], []).append(cluster)
                by_first.setdefault(key.split()[0], []).append(cluster)
        cluster.mentions.append(mention)
        cluster.names.append(key)
        by_key[(mention.label, key)] = cluster
    # A surname seen before its full name ("Putin ... Wladimir Putin") joins it afterwards.
    merged: set[int] = set()
    for cluster in clusters:
        if cluster.label == "PER" and " " not in cluster.key:
            target = (_latest_with_surname(by_surname, cluster.key)
                      or _only_with_first_word(by_surname, by_first, cluster.key))
            if target is not None:
                target.mentions.extend(cluster.mentions)
                target.names.extend(cluster.names)
                target.mentions.sort(key=lambda m: m.start)
                merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


def _latest_with_surname(by_surname: dict[str, list[_Cluster]], surname: str) -> _Cluster | None:
    """The most recent multi-word person cluster ending in `surname`, if there is exactly one."""
    matches = by_surname.get(surname, [])
    return matches[-1] if len({c.key for c in matches}) == 1 else None


def _only_with_first_word(by_surname: dict[str, list[_Cluster]], by_first: dict[str, list[_Cluster]],
                          word: str) -> _Cluster | None:
    """The one multi-word person cluster beginning with `word` ("Hu" -> "Hu Jia", family name first),
    when no person ends in it and no other begins with it."""
    if by_surname.get(word):
        return None
    matches = by_first.get(word, [])
    return matches[0] if len({c.key for c in matches}) == 1 else None


def to_entity(cluster: _Cluster, doc_id: str) -> Entity:
    """Fix the canonical name and id, and point every mention at them."""
    name = cluster.canonical
    eid = entity_id(cluster.label, name)
    for mention in cluster.mentions:
        mention.entity_id = eid
    aliases = list(dict.fromkeys(m.text for m in cluster.mentions if m.text != name))
    return Entity(
        entity_id=eid,
        canonical_name=name,
        label=cluster.label,
        aliases=aliases,
        n_mentions=len(cluster.mentions),
        n_docs=1,
    )
