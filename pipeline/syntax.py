"""The one place that knows dependency labels and morphology conventions.

`de_core_news_*` models use TIGER labels (sb, oc, da, app, pnc, svp, ...) and STTS tags;
UD-trained models (the bundled one) use UD labels (nsubj, ccomp, iobj, appos, flat, ...).
The two label sets do not overlap, so each role is simply the union of both spellings and
no scheme detection is needed.
"""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Token

SUBJECT = frozenset({"sb", "sbp", "nsubj", "nsubj:pass", "csubj", "csubj:pass"})
# TIGER "rs" is reported speech; UD attaches it as ccomp or parataxis.
CLAUSAL_OBJECT = frozenset({"oc", "rs", "ccomp", "parataxis", "xcomp"})
DATIVE_OBJECT = frozenset({"da", "iobj", "obl:arg"})
APPOSITION = frozenset({"app", "appos"})
NAME_PART = frozenset({"pnc", "flat", "flat:name"})
VERB_PARTICLE = frozenset({"svp", "compound:prt"})
NOUN_KERNEL = frozenset({"nk", "amod", "det", "nmod", "compound"})
GENITIVE = frozenset({"ag", "pg", "nmod", "nmod:poss", "det:poss"})
COMPLEMENTIZER = frozenset({"cp", "mark"})
AUXILIARY = frozenset({"aux", "aux:pass", "cop"})
CONJUNCT = frozenset({"cj", "conj"})
# Both agree in case with the noun they hang on.
CONJUNCT_OR_APPOSITION = CONJUNCT | APPOSITION
COORDINATOR = frozenset({"cd", "cc"})

# Relative clauses (TIGER rc; UD acl:relcl, and plain acl for participial ones).
RELATIVE_CLAUSE = frozenset({"rc", "acl:relcl", "acl"})
# Passive marking on a participle: UD passive auxiliary or subject, TIGER passive subject (sbp).
PASSIVE = frozenset({"aux:pass", "sbp", "nsubj:pass"})
# TIGER hangs the participle or infinitive on its auxiliary or modal as a clausal object (oc).
VERB_COMPLEMENT = frozenset({"oc"})
# Noun attributes that may be a bare dative or a phrase of its own rather than a genitive.
NOUN_ATTRIBUTE = frozenset({"nmod", "nk"})
PUNCTUATION = frozenset({"punct"})
# Dependents that still belong to a noun phrase to the right of its head: name parts, genitives,
# von-phrases, appositions, kernel words, brackets and commas, coordinations (both schemes).
NOUN_PHRASE_RIGHT = frozenset({
    "nmod", "appos", "app", "flat", "flat:name", "ag", "pg", "pnc", "nk", "compound", "nmod:poss", "amod", "det", "case",
    "punct", "cc", "conj", "cj", "cd",
})
ROOT = frozenset({"ROOT"})

FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})


def has_role(token: Token, role: frozenset[str]) -> bool:
    """Whether the token's dependency label is one of a role's spellings."""
    return token.dep_ in role


def children_with(token: Token, role: frozenset[str]) -> Iterator[Token]:
    """Children of `token` whose label belongs to `role`."""
    return (child for child in token.children if child.dep_ in role)


def subject_of(verb: Token) -> Optional[Token]:
    """The grammatical subject of a verb, looking through auxiliaries and modals.

    TIGER hangs the subject on the finite auxiliary, UD on the content verb.
    """
    return next(subjects_of(verb), None)


def subjects_of(verb: Token) -> Iterator[Token]:
    """Every token the parse made a subject of the verb or its auxiliaries, in that order (parsers give two at times)."""
    clause = (verb, *_verb_chain(verb))
    for candidate in clause:
        for child in candidate.children:
            if child.dep_ in SUBJECT:
                yield _possessed_noun(child, clause) or child


def _possessed_noun(subject: Token, clause: tuple[Token, ...]) -> Optional[Token]:
    """The noun a genitive "subject" belongs to: "sagte [Putins] aussenpolitischer Berater".

    A subject is never genitive; small parsers still hang a prenominal genitive on the verb and
    make the noun it modifies an object. No article can follow such a genitive, and a dative
    noun after a genitive name is the verb's own object ("sagte Klaus dem Spiegel").
    """
    if "Gen" not in subject.morph.get("Case", []):
        return None
    for token in subject.doc[subject.i + 1:]:
        if token.pos_ in {"ADJ", "NUM"}:
            continue
        if token.pos_ in {"NOUN", "PROPN"} and token.head in clause and not is_dative(token):
            return token
        return None
    return None


def dative_of(verb: Token) -> Optional[Token]:
    """The dative/indirect object of a verb (the addressee of a speech act)."""
    for candidate in (verb, *_verb_chain(verb)):
        for child in candidate.children:
            if child.dep_ in DATIVE_OBJECT and child.pos_ in {"NOUN", "PROPN", "PRON"}:
                return child
    return None


def particle_of(verb: Token) -> Optional[Token]:
    """A separated verb particle ("teilte ... mit" -> "mit")."""
    return next(children_with(verb, VERB_PARTICLE), None)


def full_lemma(verb: Token) -> str:
    """Lemma with a separated particle re-attached: "teilen" + "mit" -> "mitteilen"."""
    particle = particle_of(verb)
    lemma = verb.lemma_ or verb.text
    return (particle.text.lower() + lemma) if particle is not None else lemma


def is_finite(token: Token) -> bool:
    """Finite verb by morphology, else by STTS tag."""
    forms = token.morph.get("VerbForm", [])
    if forms:
        return "Fin" in forms
    return token.tag_ in FINITE_TAGS


def is_dative(token: Token) -> bool:
    """Dative by morphology."""
    return "Dat" in token.morph.get("Case", [])


def dative_phrase(noun: Token) -> bool:
    """A dative noun phrase: the noun or its determiner says so (the noun's own case is often missed)."""
    return is_dative(noun) or any(is_dative(t) for t in noun.children if t.pos_ == "DET")


def is_subjunctive(token: Token) -> bool:
    """Konjunktiv by morphology (Mood=Sub)."""
    return "Sub" in token.morph.get("Mood", [])


def _verb_chain(verb: Token) -> Iterator[Token]:
    """Auxiliaries and heads that share the clause with `verb` (both schemes)."""
    for child in verb.children:
        if child.dep_ in AUXILIARY or child.dep_ in VERB_COMPLEMENT and child.pos_ in {"VERB", "AUX"} and not _own_clause(child):
            yield child
    head = verb.head
    if head is not verb and (verb.dep_ in {"oc", "xcomp"} or verb.dep_ in AUXILIARY) and head.pos_ in {"AUX", "VERB"}:
        yield head  # TIGER hangs the participle on the finite auxiliary, UD the auxiliary on the participle


def _own_clause(verb: Token) -> bool:
    """A TIGER clausal object with its own clause ("sagte, dass er zurücktrete"; "zurückzutreten"),
    not the participle or infinitive of the verb above it."""
    return is_finite(verb) or verb.tag_ == "VVIZU" or any(child.tag_ == "PTKZU" for child in verb.children)


def apposition_head(token: Token) -> Optional[Token]:
    """The noun a token stands in apposition to ("Berater, Juri Uschakow" -> "Berater")."""
    return token.head if token.dep_ in APPOSITION and token.head is not token else None


def appositions(token: Token) -> Iterator[Token]:
    """Appositions that hang on a token ("Uschakow, Putins Berater" -> "Berater")."""
    return children_with(token, APPOSITION)


def genitive_attributes(token: Token) -> Iterator[Token]:
    """Genitive attributes of a noun, before or after it ("Putins Berater", "Sprecher des Kremls")."""
    return children_with(token, GENITIVE)


# Obliques without a preposition: UD attaches some dative objects as plain "obl".
OBLIQUE = frozenset({"obl", "mo", "obl:arg"})
CASE_MARKER = frozenset({"case", "ac"})


def bare_dative_of(verb: Token) -> Optional[Token]:
    """A dative noun attached as an oblique with no preposition ("sagte dem Korrespondenten")."""
    for child in verb.children:
        if child.dep_ not in OBLIQUE or child.pos_ not in {"NOUN", "PROPN"} or child.i < verb.i:
            continue
        if not dative_phrase(child):
            continue
        if any(t.dep_ in CASE_MARKER or t.pos_ == "ADP" for t in child.children):
            continue
        if child.left_edge.tag_ in {"APPR", "APPRART"} or child.left_edge.pos_ == "ADP":
            continue  # "im vergangenen September": a preposition the parse did not attach as case
        return child
    return None


def first_conjunct(token: Token) -> Optional[Token]:
    """The earlier conjunct a coordinated word joins: its head in UD ("conj"), the coordinator's head in TIGER ("cj" on "cd")."""
    if token.dep_ not in CONJUNCT or token.head is token:
        return None
    head = token.head
    if head.dep_ in COORDINATOR and head.head is not head:
        head = head.head
    return head if head.i < token.i else None


def unmarked_conjunct_head(token: Token) -> Optional[Token]:
    """The head of a conjunct with no "und"/"oder" anywhere in its coordination, else None.

    Parsers often label an apposition between commas as a conjunct ("Berater, Juri Uschakow,");
    a real list has a coordinating word (TIGER cd, UD cc).
    """
    if token.dep_ not in CONJUNCT or token.head is token:
        return None
    head = token.head
    members = [head, token, *children_with(head, CONJUNCT)]
    if any(child.dep_ in COORDINATOR for member in members for child in member.children):
        return None
    return head
