"""Stage 4: quotes and who said them.

Rules, in the order they claim text: direct quotes (quotation marks), indirect speech after a
speech verb ("X sagte, ..."/"..., sagte X"), verbless source frames ("laut X", "X zufolge",
"nach Angaben X", ", so X", "heißt es", "wonach", "demnach"), reported speech acts ("X forderte
ein Format"), and free indirect continuations (following Konjunktiv sentences inherit the last
speaker). Every quote names the rule that found it; its confidence is that rule's precision
measured on the train split (resources/rule_confidence.tsv, `make calibrate`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from . import lexicons, syntax
from .konjunktiv import is_konjunktiv_i, looks_konjunktiv_i
from .records import Entity, Mention, Quote, Relation
from .roles import extract_roles, resolve_role, role_index, role_noun

log = logging.getLogger(__name__)

DIRECT, INDIRECT, FREE_INDIRECT, REPORTED = "direct", "indirect", "free_indirect", "reported"

# Closing marks of each opening mark. German „ closes with “ (the English opener), so marks
# are paired by kind with a stack; » « and › ‹ run both ways (German vs Swiss style).
_CLOSERS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", "‚": "‘’", "‘": "’", "›": "‹", "‹": "›", '"': '"', "'": "'"}
_OPENERS = frozenset(_CLOSERS)
_QUOTE_CHARS = frozenset("„“”»«‚‘’›‹\"'")
_SENT_FINAL = frozenset({".", "!", "?", "…"})
_PRONOUNS_MALE = lexicons.load("pronouns_male")
_PRONOUNS_FEMALE_OR_PLURAL = lexicons.load("pronouns_female_or_plural")
_CONJUNCTIONS_THAT = lexicons.load("clause_conjunctions")
_REPORTATIVE = lexicons.load("reportative_modals")
_CARRYING_RULES = frozenset({"direct_carried", "frame_demnach"})
_RESUME_GAP = 2
_ARTICLES = lexicons.load("articles")
_LONG_FRAME_NOUNS = lexicons.lines("long_frame_nouns")
# Time words and connectives that head adverbials, never a speaker ("Ende Januar sagte X", "Des Weiteren").
_ADVERBIAL_WORDS = lexicons.load("adverbial_words")
_INDEFINITE_NOM_ACC = lexicons.load("indefinite_nom_acc")
# Cues that open a free indirect run even without a speaker: their quotes are speech, only the
# subject was not trusted (rejected adverbial, or a loose reported-act subject).
_SPEAKERLESS_RUN_STARTS = frozenset({"indirect_cue_first", "reported_source_noun", "reported_speech_verb"})
# Passive speech acts: the reported verbs (but court acts) and the news verbs of hearsay.
_PASSIVE_REPORTS = lexicons.load("passive_reports")
_LEGAL_ACTS = lexicons.load("legal_acts")
_NOMINATIVE_PRONOUNS = lexicons.load("nominative_pronouns")
_FOCUS_POS = frozenset({"ADV", "PART", "CCONJ", "SCONJ"})
_FOCUS_TAGS = frozenset({"ADV", "KON", "KOKOM", "KOUS"})
_GENITIVE_ARTICLES = lexicons.load("genitive_articles")
_TIME_NOUNS = lexicons.load("time_nouns")
_TIME_PREPOSITIONS = lexicons.load("time_prepositions")
_INDEFINITE = lexicons.load("indefinite_articles")
_ANAPHORS = lexicons.load("anaphors")
# Separable particles, longest first so "hinzu" wins over "hin".
_PARTICLES = lexicons.lines("separable_particles")
_ADJ_PARTICLES = lexicons.load("adjective_particles")
_WEAK_SUFFIXES = lexicons.lines("weak_suffixes")
_GENITIVE_LINKS = lexicons.load("genitive_links")
_REFLEXIVES = lexicons.load("reflexive_pronouns")
_DEPENDENT_OPENERS = lexicons.load("dependent_clause_openers")
_NON_SOURCE_STARTS = lexicons.load("non_source_starts")
_SOURCE_PREPOSITIONS = lexicons.load("source_prepositions")
_THIRD_PERSON_PRONOUNS = lexicons.load("third_person_pronouns")


@dataclass
class _Candidate:
    """A quote under construction: token spans, not yet resolved to entities."""

    start: int  # token index
    end: int  # token index, exclusive
    qtype: str
    rule: str
    cue: list[Token] = field(default_factory=list)
    cue_lemma: str = ""
    speaker: Optional[Span] = None
    addressee: Optional[Span] = None
    carried_from: Optional["_Candidate"] = None
    nested_in: Optional["_Candidate"] = None
    resolved: Optional[tuple[str, str, str, str]] = None  # entity id, canonical, label, resolution


# ---------------------------------------------------------------------------------------------
# Quotation marks


def find_quote_marks(text: str) -> list[tuple[int, int, int]]:
    """Character spans (start, end, depth) of quoted passages, marks included.

    Never raises on unbalanced marks: a quote left open at a paragraph end is closed there,
    unless the next paragraph reopens it (German typesetting of multi-paragraph quotes).
    """
    spans: list[tuple[int, int, int]] = []
    stack: list[tuple[str, int]] = []
    skip: set[int] = set()
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n" and stack:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if "\n" in text[i:j] and (j >= n or not _reopens(text[j], stack[0][0])):
                _close_all(text, stack, i, spans)
            elif j < n and "\n" in text[i:j] and j - i >= 1:
                skip.add(j)  # the reopening mark continues the quote
            i = j if j > i else i + 1
            continue
        if char in _QUOTE_CHARS and i not in skip:
            _handle_mark(text, i, stack, spans)
        i += 1
    if stack:
        _close_all(text, stack, n, spans)
    return sorted(spans)


def _reopens(char: str, opener: str) -> bool:
    return char == opener or (opener in "„“" and char in "„“")


def _close_all(text: str, stack: list[tuple[str, int]], at: int, spans: list[tuple[int, int, int]]) -> None:
    """Close unbalanced quotes at a paragraph end when they look like speech, else drop them."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    opener, start = stack[0]
    if len(text[start:end].split()) >= 4 and opener not in "'’":
        spans.append((start, end, 0))
    stack.clear()


def _handle_mark(text: str, i: int, stack: list[tuple[str, int]], spans: list[tuple[int, int, int]]) -> None:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    for depth in range(len(stack) - 1, -1, -1):
        opener, start = stack[depth]
        if char in _CLOSERS[opener] and not (char in "'’" and after.isalpha()):
            if char == opener and char in "»«›‹" and not (after.isspace() or after in ".,;:!?)–-" or after == ""):
                break  # another opener of the same kind, e.g. Swiss «a» after German »b«
            del stack[depth:]
            spans.append((start, i + 1, depth))
            return
    if char in {"”", "’"}:
        return  # closers only; ’ is also the apostrophe
    if char in {"'", "‘"} and not (before.isspace() or before in "(„\"«»") :
        return  # apostrophe ("geht's", "Putin'sche")
    if char in {'"', "'", "“", "‘", "‚"} and (after.isspace() or i + 1 >= len(text)):
        return  # a closer without its opener
    stack.append((char, i))


# ---------------------------------------------------------------------------------------------
# Small helpers


@lru_cache(maxsize=None)
def _source_labels() -> dict[str, str]:
    """Non-person source nouns and the label they are kept with."""
    table = {}
    for line in lexicons.lines("source_nouns"):
        noun, _, label = line.partition("\t")
        table[noun.strip()] = label.strip() or "MISC"
    return table


@lru_cache(maxsize=None)
def rule_confidence() -> dict[str, float]:
    """Precision of each rule on the train split, from resources/rule_confidence.tsv."""
    path = resources.files("pipeline.resources").joinpath("rule_confidence.tsv")
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("rule\t"):
            continue
        rule, precision, *_ = line.split("\t")
        table[rule] = round(float(precision) / 100, 3)
    return table


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


def _lemma(token: Token) -> str:
    """The speech-verb infinitive of a verb when it is one, else its lemma, lowercased."""
    return _lexicon_lemma(token, "speech_verbs") or _lexicon_lemma(token, "reported_verbs") or (token.lemma_ or token.text).lower()


def _particle(verb: Token) -> Optional[Token]:
    """A separated verb particle, by the parse or by the STTS tag."""
    if verb.doc.has_annotation("DEP"):
        particle = syntax.particle_of(verb)
        if particle is not None:
            return particle
    return _loose_particle(verb)


def _loose_particle(verb: Token) -> Optional[Token]:
    """A separated particle (STTS PTKVZ, or "bekannt"/"klar"/"fest") later in the verb's clause."""
    if verb.tag_ not in syntax.FINITE_TAGS:
        return None
    doc = verb.doc
    end = min(verb.sent.end, verb.i + 25)
    for token in doc[verb.i + 1:end]:
        if token.text in {",", ";", ":", "„", "“"} or token.tag_ in syntax.FINITE_TAGS:
            return None
        if token.tag_ == "PTKVZ":
            return token
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.lower_ in _ADJ_PARTICLES and (following is None or following.is_punct):
            return token
    return None


def _lexicon_lemma(token: Token, lexicon: str) -> Optional[str]:
    """The infinitive (particle attached) under which a verb form is listed in a lexicon, if any."""
    if not _is_verb(token):
        return None
    entries = lexicons.load(lexicon)
    bases = ((token.lemma_ or "").lower(), *_infinitives(token.lower_))
    prefix = ""
    if any(base in entries or base in _particle_bases(lexicon) for base in bases):
        # a separated particle makes another verb: "fand ... statt" is not "finden"
        particle = _particle(token)
        prefix = particle.lower_ if particle is not None and particle.i > token.i else ""
    for base in bases:
        if base and prefix + base in entries:
            return prefix + base
    return None


@lru_cache(maxsize=None)
def _particle_bases(lexicon: str) -> frozenset[str]:
    """Base verbs that occur with a separable particle in a lexicon ("teilen" of "mitteilen")."""
    return frozenset(
        entry[len(particle):] for entry in lexicons.load(lexicon) for particle in _PARTICLES if entry.startswith(particle)
    )


@lru_cache(maxsize=None)
def _irregular_forms() -> dict[str, str]:
    table = {}
    for line in lexicons.lines("speech_verb_forms"):
        form, _, infinitive = line.partition("\t")
        table[form.strip()] = infinitive.strip()
    return table


def _bases(word: str) -> list[str]:
    """Infinitives a form may belong to: irregular forms, else weak-verb stem + -en/-n."""
    irregular = _irregular_forms()
    found = []
    for candidate in (word, word[2:] if word.startswith("ge") and len(word) > 5 else None):
        if candidate is None:
            continue
        if candidate in irregular:
            found.append(irregular[candidate])
        for suffix in _WEAK_SUFFIXES:
            if candidate.endswith(suffix) and len(candidate) - len(suffix) >= 3:
                stem = candidate[: -len(suffix)]
                found.extend((stem + "en", stem + "n"))
    return found


@lru_cache(maxsize=65536)
def _infinitives(form: str) -> tuple[str, ...]:
    """Candidate infinitives of a verb form, with attached particles ("angekündigt" -> ankündigen)."""
    found = _bases(form)
    for particle in _PARTICLES:
        if form.startswith(particle) and len(form) > len(particle) + 3:
            rest = form[len(particle):]
            if rest.startswith("zu") and len(rest) > 5:
                found.extend(particle + base for base in _bases(rest[2:]))
            found.extend(particle + base for base in _bases(rest))
    return tuple(dict.fromkeys(found))


def _is_verb(token: Token) -> bool:
    if token.tag_:
        return token.tag_.startswith("V")
    return token.pos_ in {"VERB", "AUX"}


def _is_speech_verb(token: Token) -> bool:
    """A speech, thought or writing verb that can be a cue (not passive, not a zu-infinitive)."""
    if token.tag_ == "VVIZU":
        return False
    return _lexicon_lemma(token, "speech_verbs") is not None and not _is_passive(token)


def _is_passive(verb: Token) -> bool:
    """A participle with a form of "werden" ("wurde verurteilt", "sei gelobt worden")."""
    if verb.tag_ != "VVPP":
        return False
    window = verb.doc[max(verb.sent.start, verb.i - 12):min(verb.sent.end, verb.i + 4)]
    if verb.doc.has_annotation("DEP"):
        if any(c.dep_ in syntax.PASSIVE for c in verb.children):
            return True
    return any(t.lemma_ == "werden" and t.i > verb.i for t in window) or any(
        t.lemma_ == "werden" and t.tag_ in syntax.FINITE_TAGS and t.i < verb.i and not _has_infinitive_between(t, verb) for t in window
    )


def _has_infinitive_between(aux: Token, verb: Token) -> bool:
    return any(t.tag_ in {"VVINF", "VAINF", "VMINF"} for t in aux.doc[aux.i + 1:verb.i])


def _is_finite(token: Token) -> bool:
    return _is_verb(token) and syntax.is_finite(token)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and spaces at both edges of a token range (quote marks kept)."""
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in _QUOTE_CHARS):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in _QUOTE_CHARS):
        if doc[end - 1].text == ")" and "(" in doc[start:end - 1].text:
            break
        end -= 1
    return start, end


def _np_after(doc: Doc, i: int, limit: int) -> Optional[Span]:
    """The noun phrase starting at token i (article, adjectives, nouns, genitive/von attachments)."""
    if doc.has_annotation("DEP") and i < limit:
        head = next((t for t in doc[i:min(limit, i + 6)] if t.pos_ in {"NOUN", "PROPN", "PRON"}), None)
        if head is not None and not any(_is_finite(t) for t in doc[i:head.i]):
            end = _np_right_edge(head, limit)
            start, end = _strip_focus(doc, *_trim(doc, i, end))
            if end > start:
                return doc[start:end]
    j = i
    seen_noun = False
    while j < limit:
        token = doc[j]
        if token.is_punct and token.text not in {"-", "–"} or _is_finite(token):
            break
        if token.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"} and seen_noun:
            break
        noun_like = token.pos_ in {"NOUN", "PROPN"} or (not token.pos_ and token.text[:1].isupper())
        if seen_noun and not noun_like and token.lower_ not in _GENITIVE_LINKS:
            if token.pos_ not in {"DET", "ADJ", "NUM"} or doc[j - 1].lower_ not in _GENITIVE_LINKS:
                break
        seen_noun = seen_noun or noun_like
        j += 1
    start, end = _strip_focus(doc, *_trim(doc, i, j))
    return doc[start:end] if end > start and seen_noun else None


def _np_right_edge(head: Token, limit: int) -> int:
    """End of a noun phrase: the head with name parts, genitives, von-phrases and appositions."""
    doc = head.doc
    end = head.i + 1
    for child in head.rights:
        if child.i >= limit or child.i != end and not doc[end:child.left_edge.i].text.strip(" ,") == "":
            break
        if child.dep_ not in syntax.NOUN_PHRASE_RIGHT or child.dep_ in syntax.PUNCTUATION and child.text not in {",", "(", ")", "-", "–"}:
            break
        first = child.left_edge
        if child.dep_ in syntax.CONJUNCT_OR_APPOSITION and not syntax.is_dative(head) and syntax.dative_phrase(child):
            break  # "Berater, Juri Uschakow, dem Korrespondenten …": conjuncts agree in case; a dative is the addressee
        if (child.dep_ in syntax.NOUN_ATTRIBUTE and child.pos_ == "NOUN" and first.pos_ != "ADP" and syntax.is_dative(child)
                and first.lower_ not in _GENITIVE_ARTICLES):
            break  # "die Kanzlerin einigen Teilnehmern": a dative object; "der"/"des" after a noun is a genitive
        if child.dep_ in syntax.NOUN_ATTRIBUTE and child.pos_ == "NOUN" and first is not child and _starts_new_phrase(first):
            break  # "laut Atmar neun Zivilisten", "nach Angaben X ein Ergebnis …": the content's own subject or object
        sub_end = min(child.right_edge.i + 1, limit)
        if any(_is_finite(t) for t in doc[child.i:sub_end]):
            break
        end = max(end, sub_end)
    while end < limit and _name_part(doc[end]) and _name_part(doc[end - 1]):
        end += 1  # name continuation the parse attached elsewhere ("Innenminister Alfredo Pérez")
    while end < limit and doc[end].ent_iob_ == "I":
        end += 1  # a name the parse cut off its phrase ("der Welt [am Sonntag]" hung on the verb)
    end = _before_time_or_quoted_words(doc, head.i + 1, end)
    opened = doc[head.left_edge.i:end].text
    if end < limit and doc[end].text in {"“", "\"", "«", "»"} and opened.count("„") + opened.count("\"") % 2 > opened.count("“"):
        end += 1  # close „Der Spiegel“
    if end < limit and doc[end].text == ")" and "(" in doc[head.i:end].text:
        end += 1
    return end


def _before_time_or_quoted_words(doc: Doc, start: int, end: int) -> int:
    """Cut a speaker phrase before a time phrase or quoted words that the parse hung on it:
    "Hartmut Möllring [am Dienstag in Hannover]", "Angaben des Leiters [„die Moderne …“]".

    A time phrase inside an attribute before its noun stays ("des am Montag zurückgetretenen
    Chefs"), and so does one inside a name or a quoted title ("der „Bild am Sonntag“"); quoted
    words stay where an article or a preposition opened their phrase ("der „jungen Welt“") or
    where they are one word ("der Website „icelandreview.com“").
    """
    opened = 0
    for token in doc[start:end]:
        if token.pos_ == "ADP" and token.lower_ in _TIME_PREPOSITIONS and not opened and token.ent_iob_ != "I":
            noun = next((t for t in doc[token.i + 1:min(token.i + 4, end)] if t.pos_ in {"NOUN", "PROPN"}), None)
            if noun is not None and noun.text in _TIME_NOUNS:
                governor = noun.head if token.head == noun else token.head  # UD: case on the noun; TIGER: the PP's head
                if governor.i < token.i:
                    return token.i
        if (not opened and token.text in _OPENERS and token.i + 2 < end and doc[token.i + 1].is_lower
                and not doc[token.i + 2].is_punct and doc[token.i - 1].pos_ not in {"DET", "ADP"}):
            return token.i
        for char in token.text:  # marks may be glued to words: „Bild“-Zeitung
            if opened and char in _QUOTE_CHARS and char != "„":
                opened -= 1
            elif char in _OPENERS:
                opened += 1
    return end


def _starts_new_phrase(first: Token) -> bool:
    """A noun phrase that cannot be a genitive or PP attribute: it starts with a number, an adverb or "ein"."""
    return first.pos_ in {"NUM", "ADV"} or first.lower_ in _INDEFINITE_NOM_ACC


def _name_part(token: Token) -> bool:
    return token.tag_ in {"NE", "NN"} and token.text[:1].isupper() or token.pos_ == "PROPN"


def _np_before(doc: Doc, i: int, floor: int) -> Optional[Span]:
    """The noun phrase ending right before token i ("Dem Bericht" of "Dem Bericht zufolge")."""
    j = i
    while j > floor:
        token = doc[j - 1]
        if token.is_punct or _is_finite(token) or token.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ", "ADV"}:
            break
        j -= 1
    start, end = _trim(doc, j, i)
    return doc[start:end] if end > start else None


def _cut_relative(head: Token, start: int, end: int) -> int:
    """End a phrase before a relative clause or parenthesis attached to its head."""
    for child in head.rights:
        if child.dep_ in syntax.RELATIVE_CLAUSE or child.tag_ == "$(" and child.text == "(":
            cut = child.left_edge.i
            while cut > start and head.doc[cut - 1].is_punct:
                cut -= 1
            return min(end, cut)
    return end


def _speaker_from_subject(subject: Token, cue: Iterable[Token]) -> Optional[Span]:
    """The subject's phrase (with appositions), cut at relative clauses and the cue itself."""
    doc = subject.doc
    if subject.lower_ in lexicons.load("non_speakers"):
        return None
    sent = subject.sent
    start = max(subject.left_edge.i, sent.start)
    end = _np_right_edge(subject, sent.end) if subject.pos_ in {"NOUN", "PROPN"} else subject.i + 1
    end = _cut_relative(subject, start, end)
    for token in cue:
        if start <= token.i < end:
            if token.i > subject.i:
                end = token.i
            else:
                start = token.i + 1
    start, end = _strip_focus(doc, *_trim(doc, start, end))
    if end > start and subject.pos_ == "PROPN":
        end = _role_apposition_end(doc, end, sent.end, cue)
    return doc[start:end] if end > start else None


def _role_apposition_end(doc: Doc, end: int, limit: int, cue: Iterable[Token]) -> int:
    """Extend a name over a comma-separated role apposition the parse left out ("Stephen Singer, ein Klimaexperte")."""
    if end + 1 >= limit or doc[end].text != ",":
        return end
    stop = min([t.i for t in cue if t.i > end] + [limit])
    phrase = _np_after(doc, end + 1, stop)
    if phrase is None or not any(_is_role(t) for t in phrase[:4]) or phrase[0].pos_ not in {"DET", "ADJ", "NOUN"}:
        return end
    if phrase[0].pos_ == "DET" and syntax.is_dative(phrase[0]):
        return end  # "Uschakow, dem Korrespondenten": an apposition agrees in case; a dative is the addressee
    after = doc[phrase.end] if phrase.end < limit else None
    if after is not None and not (after.text in {",", ".", ":", ";"} or after.i == stop):
        return end
    return phrase.end


def _strip_focus(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading focus words and conjunctions: "Auch die Ministerin", "Einzig Sony", "Wie die ESA"."""
    while start < end - 1 and (doc[start].pos_ in _FOCUS_POS or doc[start].tag_ in _FOCUS_TAGS or doc[start].is_punct and doc[start].text not in _QUOTE_CHARS):
        start += 1
    return start, end


def _verb_chain(verb: Token) -> list[Token]:
    """Auxiliaries, modals and a separated particle that belong to a verb, in text order."""
    chain = {verb}
    if verb.doc.has_annotation("DEP"):
        particle = syntax.particle_of(verb)
        if particle is not None:
            chain.add(particle)
        for child in verb.children:
            if child.dep_ in syntax.AUXILIARY:
                chain.add(child)
        head = verb.head
        if head is not verb and verb.dep_ in syntax.VERB_COMPLEMENT and head.pos_ in {"AUX", "VERB"} and head.tag_ in syntax.FINITE_TAGS:
            chain.add(head)
    return sorted(chain, key=lambda t: t.i)


def _subject(verb: Token) -> Optional[Token]:
    """The cue's subject when it is nominal ("Besorgt" or "Bislang" as subject is a parse error)."""
    if not verb.doc.has_annotation("DEP"):
        return None
    subject = syntax.subject_of(verb)
    if subject is None:
        for token in _verb_chain(verb):
            subject = syntax.subject_of(token)
            if subject is not None:
                break
    if subject is not None and (subject.pos_ in {"ADV", "ADP", "VERB", "AUX", "SCONJ", "CCONJ", "PART"} or _adverbial(subject)):
        return None
    if subject is not None:
        return _fronted_object_subject(verb, subject) or subject
    return subject


def _fronted_object_subject(verb: Token, subject: Token) -> Optional[Token]:
    """The real subject when the parse took a fronted object for it ("Die Tat bezeichnete er als sinnlos").

    In a verb-second clause whose first phrase is the parsed subject, a nominative pronoun or a
    person right after the finite verb is the subject; the fronted phrase is then the object.
    """
    chain = _verb_chain(verb)
    finite = next((t for t in chain if _is_finite(t)), None)
    if finite is None or subject.i > finite.i or finite.i + 1 >= finite.sent.end:
        return None
    if subject.ent_type_ == "PER" or subject.pos_ == "PRON" or _is_role(subject):
        return None
    after = finite.doc[finite.i + 1]
    if after.head not in chain and after.head.head not in chain:
        return None
    if after.lower_ in _NOMINATIVE_PRONOUNS:
        return after
    if after.ent_type_ == "PER" and after.ent_iob_ == "B":
        return after if after.head not in chain or after.dep_ not in syntax.DATIVE_OBJECT else None
    return None


def _plausible_speaker(span: Span) -> bool:
    """Not an adverbial phrase: no leading preposition (but "von"), no time word or adverb as its only noun."""
    first = span[0]
    if first.pos_ == "ADP" and first.lower_ != "von" or first.tag_ in {"APPR", "APPRART", "KOKOM"} and first.lower_ != "von":
        return False
    if len(span) == 1 and (first.pos_ == "ADV" or first.tag_ == "ADJD"):
        return False
    words = [t for t in span if t.text[:1].isalnum()]
    return not all(t.lower_ in _ADVERBIAL_WORDS or t.like_num or t.pos_ in {"ADP", "ADV"} for t in words)


def _adverbial(subject: Token) -> bool:
    """A subject the parser took from an adverbial: "Gestern", "Ende Januar", "bei der Gelegenheit", "Passend"."""
    if subject.tag_ == "ADJD" or subject.lower_ in _ADVERBIAL_WORDS or subject.lemma_.lower() in _ADVERBIAL_WORDS:
        return True
    first = subject.left_edge
    return first.i < subject.i and (first.pos_ == "ADP" or first.tag_ in {"APPR", "APPRART", "KOKOM"}) and first.lower_ != "von"


def _addressee(verb: Token) -> Optional[Span]:
    """The dative object of the cue verb, or a "gegenüber X" phrase."""
    doc = verb.doc
    if doc.has_annotation("DEP"):
        dative = syntax.dative_of(verb) or syntax.bare_dative_of(verb)
        if dative is not None and dative.lower_ not in _REFLEXIVES:  # reflexives address no one
            start, end = dative.left_edge.i, dative.right_edge.i + 1
            end = _cut_relative(dative, start, end)
            start, end = _trim(doc, start, end)
            if end > start:
                return doc[start:end]
    sent = verb.sent
    for token in sent:
        if token.lower_ == "gegenüber" and abs(token.i - verb.i) <= 6:
            return _np_after(doc, token.i + 1, sent.end)
    return None


def _main_finite(sent: Span) -> Optional[Token]:
    """The finite verb of a sentence's main clause (by the parse, else the first finite verb)."""
    doc = sent.doc
    if doc.has_annotation("DEP"):
        root = sent.root
        if _is_finite(root):
            return root
        for token in _verb_chain(root):
            if _is_finite(token):
                return token
        for child in root.children:
            if child.dep_ in syntax.AUXILIARY and _is_finite(child):
                return child
    for token in sent:
        if _is_finite(token):
            return token
        if not token.tag_ and token.lower_ in lexicons.load("konjunktiv_forms"):
            return token
    return None


def is_reported_mood(token: Token, in_run: bool) -> bool:
    """Konjunktiv I (morphology or lexical rule), Konjunktiv II, or reportative "soll" within a run."""
    if syntax.is_subjunctive(token) or is_konjunktiv_i(token):
        return True
    if token.tag_ not in syntax.FINITE_TAGS and token.dep_ in syntax.ROOT and looks_konjunktiv_i(token):
        return True
    if not token.tag_ and token.lower_ in lexicons.load("konjunktiv_forms"):
        return True
    lower = token.lower_
    if lower in lexicons.load("konjunktiv2_forms"):
        return True
    return in_run and lower in _REPORTATIVE


def _mood_tokens(sent: Span) -> list[Token]:
    """Finite verbs that decide a sentence's mood: the main clause's verb chain and the verb in second position."""
    tokens: list[Token] = []
    main = _main_finite(sent)
    if main is not None:
        tokens.append(main)
        if sent.doc.has_annotation("DEP"):
            tokens.extend(c for c in sent.root.children if c.dep_ in syntax.AUXILIARY)
    for token in sent[:12]:
        if token.text in {",", ":", ";"}:
            break
        if token.tag_ in syntax.FINITE_TAGS:
            tokens.append(token)
            break
    if not tokens and sent.doc.has_annotation("DEP") and sent.root.i > sent.start and looks_konjunktiv_i(sent.root):
        tokens.append(sent.root)  # a mistagged finite verb ("garantiere" as ADJA) heading the sentence
    return tokens


def is_reported_sentence(sent: Span, in_run: bool = True) -> bool:
    """Whether a sentence's main clause is in a reported mood (see `is_reported_mood`)."""
    return any(is_reported_mood(t, in_run) for t in _mood_tokens(sent))


# ---------------------------------------------------------------------------------------------
# Rules


def _direct_candidates(doc: Doc) -> list[_Candidate]:
    """One candidate per quoted passage (nested ones too); attribution comes later."""
    found = []
    for start_char, end_char, depth in find_quote_marks(doc.text):
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found.append(_Candidate(span.start, span.end, DIRECT, "direct_marks" if depth == 0 else "direct_nested"))
    return found


def _looks_like_title(doc: Doc, cand: _Candidate) -> bool:
    """Names, titles and scare quotes: short, no verb, or right after a title noun."""
    inner = [t for t in doc[cand.start:cand.end] if not t.is_punct and not t.is_space]
    if cand.start > 0:
        previous = doc[cand.start - 1]
        if previous.text in lexicons.load("title_nouns") or previous.lemma_ in lexicons.load("title_nouns"):
            return True
    if len(inner) <= 3:
        return True
    has_verb = any(_is_verb(t) for t in inner) if doc.has_annotation("TAG") else len(inner) >= 6
    has_stop = any(t.text in _SENT_FINAL or t.text == "," for t in doc[cand.start:cand.end])
    return not has_verb and not has_stop


def _is_name(doc: Doc, cand: _Candidate) -> bool:
    """A short quoted run of capitalised words without sentence punctuation: a name or title."""
    inner = [t for t in doc[cand.start:cand.end] if not t.is_punct and not t.is_space]
    if not inner or len(inner) > 5:
        return False
    if any(t.text in _SENT_FINAL or t.text == "," for t in doc[cand.start:cand.end]):
        return False
    return all(t.text[:1].isupper() or not t.text[:1].isalpha() for t in inner)


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _attribute_direct(doc: Doc, cand: _Candidate, sent_of: list[int], sents: list[Span], quoted: list[tuple[int, int]]) -> None:
    """Find the cue and speaker of a direct quote in the text around it."""
    first_sent, last_sent = sents[sent_of[cand.start]], sents[sent_of[cand.end - 1]]
    previous = _previous_word(doc, cand.start)
    if _is_name(doc, cand) and (previous is None or previous.text != ":"):
        return  # „Guardia Civil“, „New York Times“: a name, whatever verb follows
    after = [t for t in doc[cand.end:last_sent.end] if not _inside(t.i, quoted)]
    before = [t for t in doc[first_sent.start:cand.start] if not _inside(t.i, quoted)]
    # "„…“, sagte X." / "„…“, so X." right after the closing mark
    lead = [t for t in after[:3] if not t.is_punct]
    if lead:
        token = lead[0]
        if token.lower_ == "so" and token.i + 1 < len(doc):
            speaker = _np_after(doc, token.i + 1, last_sent.end)
            if speaker is not None:
                cand.cue, cand.cue_lemma, cand.speaker, cand.rule = [token], "so", speaker, "direct_so"
                return
        verb = token if _is_speech_verb(token) else None
        if verb is not None:
            _set_verb(cand, verb, "direct_cue_after", inverted=True)
            return
    # "X sieht die Verantwortung beim Staat: „…“": the colon hands the floor to the clause's subject
    colon = _previous_word(doc, cand.start)
    if colon is not None and colon.text == ":" and not _inside(colon.i, quoted):
        clause = doc[colon.sent.start:colon.i]
        verbs = [t for t in clause if _is_speech_verb(t) and not _inside(t.i, quoted)]
        if verbs:
            _set_verb(cand, verbs[-1], "direct_cue_before")
            return
        root = clause.root if doc.has_annotation("DEP") and len(clause) else None
        if root is not None and root.pos_ in {"VERB", "AUX"}:
            _set_verb(cand, root, "direct_colon")
            if cand.speaker is not None:
                return
            cand.cue, cand.cue_lemma, cand.rule = [], "", "direct_marks"
    # "X sagte: „…“" / "X sagte, „…“"
    verbs = [t for t in before if _is_speech_verb(t)]
    if verbs:
        _set_verb(cand, verbs[-1], "direct_cue_before")
        return
    verbs = [t for t in after if _is_speech_verb(t)]
    if verbs:
        _set_verb(cand, verbs[0], "direct_cue_after")
        return
    frame = _frame_in(doc, before + after, last_sent.end)
    if frame is not None:
        cand.cue, cand.cue_lemma, cand.speaker = frame[0], frame[1], frame[2]
        cand.rule = "direct_frame"
        return
    index = sent_of[cand.start]
    if index > 0 and not [t for t in before if not t.is_punct and not t.is_space]:
        previous = sents[index - 1]
        tail = _trim(doc, previous.start, previous.end)[1]
        ends_colon = tail < previous.end and doc[tail].text == ":" or doc[previous.end - 1].text == ":"
        verbs = [t for t in previous if _is_speech_verb(t) and not _inside(t.i, quoted)]
        if verbs and ends_colon:
            _set_verb(cand, verbs[-1], "direct_cue_previous")
            return
        # "X äußerte sich zufrieden. „…“": a quote opening its sentence goes to the previous subject
        root = previous.root if doc.has_annotation("DEP") else None
        if root is not None and root.pos_ in {"VERB", "AUX"} and not any(_inside(t.i, quoted) for t in previous):
            subject = _subject(root)
            if subject is not None and (subject.ent_type_ == "PER" or _is_role(subject) or subject.lower_ in _PRONOUNS_MALE | _PRONOUNS_FEMALE_OR_PLURAL):
                _set_verb(cand, root, "direct_previous_subject")


def _previous_word(doc: Doc, i: int) -> Optional[Token]:
    """The nearest token before i that is not whitespace."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _set_verb(cand: _Candidate, verb: Token, rule: str, inverted: bool = False) -> None:
    """Cue, speaker and addressee from a speech verb; `inverted`: the subject follows the verb."""
    cand.cue = _verb_chain(verb)
    cand.cue_lemma = _lemma(verb)
    subject = _subject(verb)
    if inverted and subject is not None and subject.i < cand.cue[0].i:
        subject = None  # the parse took a word of the quote as subject
    cand.speaker = _speaker_from_subject(subject, cand.cue) if subject is not None else None
    if cand.speaker is None and inverted and len(cand.cue) > 1:
        # "das habe Putin gesagt": the subject sits between auxiliary and participle
        cand.speaker = _np_after(verb.doc, cand.cue[0].i + 1, cand.cue[-1].i)
    if cand.speaker is None and inverted:
        cand.speaker = _np_after(verb.doc, cand.cue[-1].i + 1, verb.sent.end)
    if cand.speaker is not None and not _plausible_speaker(cand.speaker):
        cand.speaker = None
    cand.addressee = _addressee(verb)
    cand.rule = rule


def _frame_in(doc: Doc, tokens: list[Token], limit: int) -> Optional[tuple[list[Token], str, Span]]:
    """A verbless frame ("laut X", "X zufolge", "nach Angaben X") among the tokens."""
    for token in tokens:
        lower = token.lower_
        if lower in {"laut", "gemäß"} and token.i + 1 < limit and token.tag_ not in {"ADJD", "ADJA"}:
            speaker = _np_after(doc, token.i + 1, limit)
            if speaker is not None:
                return [token], lower, speaker
        if lower == "zufolge":
            speaker = _np_before(doc, token.i, max(token.sent.start, token.i - 8))
            if speaker is not None:
                return [token], lower, speaker
        if lower == "nach" and token.i + 1 < limit:
            j = token.i + 1
            while j < limit and doc[j].text[:1].islower() and doc[j].pos_ in {"ADJ", "DET", ""} and j - token.i <= 3:
                j += 1
            if j < limit and _is_frame_noun(doc[j]):
                speaker = _np_after(doc, token.i + 1, limit)
                if speaker is not None:
                    return [token], lower, speaker
            # postposition: "ihrer Meinung nach", "dem Vernehmen nach"
            if token.i > token.sent.start and _is_frame_noun(doc[token.i - 1]) and not _starts_np(doc, token.i + 1, limit):
                speaker = _np_before(doc, token.i, max(token.sent.start, token.i - 6))
                if speaker is not None:
                    return [token], lower, speaker
    return None


def _is_frame_noun(token: Token) -> bool:
    """A source noun of a "nach" frame, also inside compounds ("Polizeiangaben", "UNHCR-Angaben")."""
    nouns = lexicons.load("frame_nouns")
    text = token.text
    if text in nouns:
        return True
    if "-" in text and text.rsplit("-", 1)[-1].capitalize() in nouns:
        return True
    return text[:1].isupper() and any(text.endswith(noun.lower()) for noun in _LONG_FRAME_NOUNS)


def _clause_ok(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) can be reported content: a clause, not a noun phrase."""
    if end - start < 2:
        return False
    first = doc[start]
    if first.lower_ in _CONJUNCTIONS_THAT:
        return True
    if first.tag_ in {"PRELS", "PRELAT"}:
        return False
    return any(_is_finite(t) or t.tag_ in {"PTKZU", "VVIZU"} for t in doc[start:end]) or not doc.has_annotation("TAG")


def _verb_candidates(doc: Doc, sent: Span, quoted: list[tuple[int, int]], previous: Optional[Span] = None) -> list[_Candidate]:
    """Indirect speech around a speech verb (active, passive, or pointing back with "Dies")."""
    if not doc.has_annotation("TAG") and not doc.has_annotation("POS"):
        return []
    found: list[_Candidate] = []
    claimed: list[tuple[int, int]] = []
    for verb in sent:
        if not _is_verb(verb) or _inside(verb.i, quoted):
            continue
        if _inside(verb.i, claimed):
            dash = _dash_anaphoric(doc, sent, verb, found)
            if dash is not None:
                found.append(dash)
            continue
        if not _is_speech_verb(verb):
            cand = _indirect_passive(doc, sent, verb)
        else:
            cand = _indirect_after_comma(doc, sent, verb) or _indirect_before_comma(doc, sent, verb)
            if cand is None and previous is not None:
                cand = _indirect_anaphoric(doc, sent, verb, previous)
        if cand is None:
            continue
        if _inside(cand.start, quoted) and _mostly_quoted(cand, quoted):
            continue  # the content is a direct quote: that rule attributes it
        found.append(cand)
        claimed.append((min(cand.start, verb.i), max(cand.end, verb.i + 1)))
    return found


def _indirect_anaphoric(doc: Doc, sent: Span, verb: Token, previous: Span) -> Optional[_Candidate]:
    """"Dies teilte X mit.": the previous sentence is the content, the subject its speaker."""
    first = _trim(doc, sent.start, sent.end)[0]
    if doc[first].lower_ not in _ANAPHORS or not _is_finite(verb) or verb.i != first + 1:
        return None
    if _lexicon_lemma(verb, "anaphoric_verbs") is None:
        return None
    start, end = _trim(doc, previous.start, previous.end)
    if end - start < 4 or not any(_is_finite(t) for t in doc[start:end]):
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_anaphoric")
    _set_verb(cand, verb, "indirect_anaphoric", inverted=True)
    return cand


def _dash_anaphoric(doc: Doc, sent: Span, verb: Token, found: list[_Candidate]) -> Optional[_Candidate]:
    """"…, könne er kommen – das habe Putin mehrfach gesagt": a second speaker for the words before the dash."""
    if not found or not _is_speech_verb(verb):
        return None
    chain = _verb_chain(verb)
    j = chain[0].i - 1
    if j < sent.start + 2 or doc[j].lower_ not in _ANAPHORS or doc[j - 1].text not in {"-", "–", "—"}:
        return None
    outer = found[-1]
    start, end = _trim(doc, outer.start, j - 1)
    if end - start < 3:
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_anaphoric")
    _set_verb(cand, verb, "indirect_anaphoric", inverted=True)
    return cand if cand.speaker is not None else None


def _indirect_passive(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"Ihm wird vorgeworfen, ... zu haben": passive speech verb with a content clause, no speaker."""
    if verb.tag_ != "VVPP" or not _is_passive(verb) or _lexicon_lemma(verb, "speech_verbs") is None:
        return None
    cand = _indirect_after_comma(doc, sent, verb)
    if cand is None:
        return None
    cand.speaker, cand.rule = None, "indirect_passive"
    return cand


def _mostly_quoted(cand: _Candidate, quoted: list[tuple[int, int]]) -> bool:
    inside = sum(1 for i in range(cand.start, cand.end) if _inside(i, quoted))
    return inside >= 0.6 * (cand.end - cand.start)


def _indirect_after_comma(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"X sagte(, dass) ..." and "Wie X mitteilte, ...": the content follows the cue."""
    chain = _verb_chain(verb)
    last = chain[-1].i
    j = last + 1
    while j < sent.end and doc[j].text not in {",", ":"} and not _is_finite(doc[j]) and doc[j].lower_ not in {"dass", "daß"}:
        j += 1
    if j >= sent.end:
        return None
    if doc[j].lower_ in {"dass", "daß"}:
        content_start = j
    elif doc[j].text in {",", ":"}:
        content_start = j + 1
    else:
        return None
    start, end = _trim(doc, content_start, sent.end)
    if not _clause_ok(doc, start, end):
        return None
    if end > start and _is_finite(doc[start]) and _is_speech_verb(doc[start]):
        return None  # "…, sagte Uschakow": the next cue, inverted after the words it reports
    # the cue must head its own clause: no other full finite verb between clause start and cue
    clause_start = _clause_start(doc, sent, chain[0].i)
    if any(_is_finite(t) and t.tag_ == "VVFIN" and t not in chain for t in doc[clause_start:chain[0].i]):
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_cue_first")
    _set_verb(cand, verb, "indirect_cue_first")
    if cand.speaker is None and _subject(verb) is None and not _is_passive(verb):
        cand.speaker = _subject_by_position(doc, clause_start, chain)
        if cand.speaker is not None and not _plausible_speaker(cand.speaker):
            cand.speaker = None
    if clause_start < chain[0].i and doc[clause_start].lower_ == "wie":
        cand.cue = [doc[clause_start], *cand.cue]
        cand.rule = "indirect_wie"
    return cand


def _subject_by_position(doc: Doc, clause_start: int, chain: list[Token]) -> Optional[Span]:
    """Subject when the parse has none: the phrase before a verb-second cue, else the one after it."""
    first = chain[0].i
    lead = doc[clause_start] if clause_start < first else None
    if lead is not None and lead.lower_ == "wie":
        return _np_after(doc, clause_start + 1, first)
    if lead is not None and (lead.pos_ in {"PROPN", "NOUN", "DET", "ADJ"} or lead.tag_ in {"NE", "NN", "ART"}):
        span = _np_after(doc, clause_start, first)
        if span is not None and span.end >= first - 1 and _plausible_speaker(span):
            return span  # else "Gestern sagte Müller": the subject follows the verb
    limit = next((t.i for t in doc[chain[0].i + 1:chain[0].sent.end] if t.text in {",", ":", ";"}), chain[0].sent.end)
    after = _np_after(doc, chain[0].i + 1, min(limit, chain[-1].i) if len(chain) > 1 else limit)
    if after is not None and after.text.lower() not in lexicons.load("non_speakers"):
        return after
    return None


def _main_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether content before a cue can stand alone: no leading conjunction, no trailing relative clause."""
    first = doc[start]
    if first.tag_ in {"KOUS", "PWAV", "PWS", "PRELS"} or first.lower_ in _DEPENDENT_OPENERS:
        return False
    last_comma = max((t.i for t in doc[start:end] if t.text == ","), default=None)
    if last_comma is not None and last_comma + 1 < end and doc[last_comma + 1].tag_ in {"PRELS", "PRELAT"}:
        return False
    return True


def _clause_start(doc: Doc, sent: Span, i: int) -> int:
    j = i
    while j > sent.start and doc[j - 1].text not in {",", ":", ";"}:
        j -= 1
    return j


def _indirect_before_comma(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"..., sagte X." and "..., wie X sagte.": the content precedes the cue."""
    chain = _verb_chain(verb)
    first = chain[0].i
    clause_start = _clause_start(doc, sent, first)
    if clause_start <= sent.start:
        return None
    lead = doc[clause_start]
    rule = "indirect_cue_after"
    if lead.lower_ == "wie" and first > clause_start:
        rule = "indirect_wie"
        cue = [lead, *chain]
    elif clause_start == first and _is_finite(chain[0]):
        cue = chain
    else:
        return None
    start, end = _trim(doc, sent.start, clause_start - 1)
    if not _clause_ok(doc, start, end) or not _main_clause(doc, start, end):
        return None
    following = doc[chain[-1].i + 1] if chain[-1].i + 1 < sent.end else None
    if following is not None and following.lower_ == "sich":
        return None  # "…, bestätigte sich nicht": reflexive, not a speech act
    cand = _Candidate(start, end, INDIRECT, rule)
    _set_verb(cand, verb, rule, inverted=rule == "indirect_cue_after")
    cand.cue = cue
    return cand


def _frame_candidates(doc: Doc, sent: Span, quoted: list[tuple[int, int]], previous: Optional[_Candidate]) -> list[_Candidate]:
    """Verbless frames: laut/gemäß X, X zufolge, nach Angaben X, ", so X", heißt es, wonach, demnach."""
    found = []
    tokens = [t for t in sent if not _inside(t.i, quoted)]
    for token in tokens:
        lower = token.lower_
        cand = None
        if lower in {"laut", "gemäß", "zufolge", "nach"}:
            frame = _frame_in(doc, [token], sent.end)
            if frame is not None:
                cand = _around_frame(doc, sent, frame, "frame_" + ("nach" if lower == "nach" else lower))
        elif lower == "so" and token.i > sent.start and doc[token.i - 1].text == "," and _starts_np(doc, token.i + 1, sent.end):
            speaker = _np_after(doc, token.i + 1, sent.end)
            if speaker is not None and speaker.end >= _trim(doc, sent.start, sent.end)[1] - 1:
                start, end = _trim(doc, sent.start, token.i - 1)
                if end - start >= 3:
                    cand = _Candidate(start, end, INDIRECT, "frame_so", [token], "so", speaker)
        elif lower in {"heißt", "hieß"} and token.i + 1 < sent.end and doc[token.i + 1].lower_ == "es":
            cand = _heisst_es(doc, sent, token)
        elif lower == "wonach" and token.i > sent.start:
            start, end = _trim(doc, token.i + 1, sent.end)
            source = _np_before(doc, token.i - 1 if doc[token.i - 1].text == "," else token.i, sent.start)
            if end - start >= 3:
                cand = _Candidate(start, end, INDIRECT, "frame_wonach", [token], "wonach", source)
        elif lower == "demnach" and previous is not None and previous.speaker is not None:
            start, end = _trim(doc, sent.start, sent.end)
            cand = _Candidate(start, end, INDIRECT, "frame_demnach", [token], "demnach", doc[token.i:token.i + 1])
            cand.carried_from = previous
        if cand is not None and not _mostly_quoted(cand, quoted):
            found.append(cand)
            break  # one frame claims a sentence
    return found


def _starts_np(doc: Doc, i: int, limit: int) -> bool:
    """Whether token i can begin a noun phrase naming a source ("so der Minister", not "so dass")."""
    if i >= limit:
        return False
    token = doc[i]
    if token.lower_ in _CONJUNCTIONS_THAT or token.lower_ in _NON_SOURCE_STARTS:
        return False
    if token.lower_ in _ARTICLES:
        return True
    if token.pos_:
        return token.pos_ in {"DET", "PROPN", "NOUN", "ADJ"} or token.tag_ in {"ART", "NE", "NN", "ADJA", "PPOSAT"}
    return token.text[:1].isupper()


def _around_frame(doc: Doc, sent: Span, frame: tuple[list[Token], str, Span], rule: str) -> _Candidate:
    """The sentence without the frame: content before or after "laut X", or the whole clause."""
    cue, lemma, speaker = frame
    frame_start, frame_end = min(cue[0].i, speaker.start), max(cue[-1].i + 1, speaker.end)
    s_start, s_end = _trim(doc, sent.start, sent.end)
    s_start, s_end = _clause_around(doc, s_start, s_end, frame_start, frame_end)
    if frame_start <= s_start + 1:
        start, end = _trim(doc, frame_end, s_end)
    elif frame_end >= s_end - 1:
        start, end = _trim(doc, s_start, frame_start)
    else:
        start, end = s_start, s_end
    return _Candidate(start, end, INDIRECT, rule, cue, lemma, speaker)


def _clause_around(doc: Doc, start: int, end: int, frame_start: int, frame_end: int) -> tuple[int, int]:
    """The part of a sentence between semicolons that holds a frame (gold keeps commas' clauses)."""
    left = next((i + 1 for i in range(frame_start - 1, start, -1) if doc[i].text in {";", ":"}), start)
    right = next((i for i in range(frame_end, end) if doc[i].text in {";", ":"}), end)
    return _trim(doc, left, right)


def _heisst_es(doc: Doc, sent: Span, token: Token) -> Optional[_Candidate]:
    """"In der Erklärung heißt es, ..." and "..., heißt es in der Erklärung."."""
    cue = [token, doc[token.i + 1]]
    source = None
    for t in sent:
        if t.lower_ in _SOURCE_PREPOSITIONS and abs(t.i - token.i) <= 8:
            source = _np_after(doc, t.i + 1, sent.end)
            if source is not None:
                break
    if token.i > sent.start and doc[token.i - 1].text == ",":
        start, end = _trim(doc, sent.start, token.i - 1)
    else:
        j = token.i + 2
        while j < sent.end and doc[j].text not in {",", ":"}:
            j += 1
        start, end = _trim(doc, j + 1, sent.end)
    if end - start < 3:
        return None
    return _Candidate(start, end, INDIRECT, "frame_heisst_es", cue, "heißen", source)


def _reported_candidate(doc: Doc, sent: Span, quoted: list[tuple[int, int]]) -> Optional[_Candidate]:
    """"X bekräftigte die Position": a speech act verb whose subject is its source, without a content clause.

    reported_act: a reported-speech verb with a person, organisation, role or source-noun subject, or any
    speech verb with a person subject. Looser subjects still make a reported speech act, but their
    subjects were right too rarely on train (about one speaker token in three) to be given as speakers:
    reported_source_noun (a reported-speech verb with another noun subject, "Die Studenten forderten …")
    and reported_speech_verb (a speech verb with a non-person subject, "Augenzeugen berichteten von …").
    """
    if not doc.has_annotation("DEP"):
        return None
    verb = _main_finite(sent)
    if verb is None:
        return None
    rule = "reported_act"
    lexicon = "reported_verbs"
    content = verb if _lexicon_lemma(verb, lexicon) else None
    if content is None:
        content = next((t for t in _content_verbs(verb) if _lexicon_lemma(t, lexicon)), None)
    if content is None:
        content = verb if _lexicon_lemma(verb, "speech_verbs") else next((t for t in _content_verbs(verb) if _lexicon_lemma(t, "speech_verbs")), None)
        if content is not None and (_subject(content) is None or _subject(content).ent_type_ != "PER"):
            rule = "reported_speech_verb"
    if content is None and verb.lemma_ == "wollen" and verb.lower_ not in {"wollte", "wollten"}:
        # "Die SPD will hohe Einkommen stärker belasten": an announced intention is a reported speech act
        content = next((t for t in _content_verbs(verb) if t.pos_ == "VERB"), None)
        rule = "reported_intention"
    if content is None or any(sent.start <= s < sent.end or sent.start < e <= sent.end for s, e in quoted):
        return None
    if _is_passive(content):
        return _reported_passive(doc, sent, content)
    subject = _subject(content)
    if subject is None or subject.lower_ in lexicons.load("non_speakers"):
        return None
    if subject.pos_ not in {"PROPN", "NOUN", "PRON"} or subject.pos_ == "PRON" and (subject.lower_ not in _THIRD_PERSON_PRONOUNS or rule not in {"reported_act", "reported_intention"}):
        return None
    if rule == "reported_act" and subject.pos_ == "NOUN" and not (subject.ent_type_ or _is_role(subject) or subject.text in _source_labels()):
        rule = "reported_source_noun"
    start, end = sent.start, sent.end
    while end > start and doc[end - 1].is_space:
        end -= 1
    cand = _Candidate(start, end, REPORTED, rule)
    _set_verb(cand, content, rule)
    if rule != "reported_act":
        cand.speaker, cand.addressee = None, None
    return cand


def _reported_passive(doc: Doc, sent: Span, content: Token) -> Optional[_Candidate]:
    """"Die Zahl wurde mit 214 angegeben", "Ihr wird Spionage vorgeworfen": a passive speech act, no speaker."""
    lemma = _lexicon_lemma(content, "reported_verbs")
    if lemma is None and _lemma(content) not in _PASSIVE_REPORTS or lemma in _LEGAL_ACTS:
        return None  # "wird erwartet", "wurde verurteilt": expectations and court acts are no reported speech
    start, end = _trim(doc, sent.start, sent.end)
    if end - start < 4:
        return None
    end = end + 1 if end < sent.end and doc[end].text in _SENT_FINAL else end
    cand = _Candidate(start, end, REPORTED, "reported_passive")
    _set_verb(cand, content, "reported_passive")
    cand.speaker, cand.addressee = None, None
    return cand


def _content_verbs(finite: Token) -> list[Token]:
    """Non-finite verbs that a finite auxiliary or modal governs (both schemes)."""
    found = [c for c in finite.children if c.dep_ in syntax.VERB_COMPLEMENT and c.pos_ in {"VERB", "AUX"}]
    if finite.dep_ in syntax.AUXILIARY and finite.head.pos_ == "VERB":
        found.append(finite.head)
    return found


def _is_role(token: Token) -> bool:
    """A role noun of the roles lexicon, inflected or in a compound ("Kremlsprechers"); see pipeline/roles.py."""
    return bool(role_noun(token.text))


# ---------------------------------------------------------------------------------------------
# Free indirect continuation


def _continue_free_indirect(doc: Doc, sents: list[Span], sent_of: list[int], cands: list[_Candidate], quoted: list[tuple[int, int]]) -> list[_Candidate]:
    """Konjunktiv sentences after an attributed quote inherit its speaker until the run ends.

    An indicative sentence or a new quote ends a run. A later Konjunktiv sentence at most
    `_RESUME_GAP` sentences on starts a new quote without a speaker (rule free_indirect_resumed:
    on train its speaker was right only one time in five, so it is not guessed).
    Paragraph breaks do not end a run: the gold annotation continues across them.
    """
    by_sent: dict[int, list[_Candidate]] = {}
    for cand in cands:
        for index in range(sent_of[cand.start], sent_of[cand.end - 1] + 1):
            by_sent.setdefault(index, []).append(cand)
    added: list[_Candidate] = []
    last: Optional[_Candidate] = None
    run: Optional[_Candidate] = None
    gap = 0
    for index, sent in enumerate(sents):
        here = by_sent.get(index)
        if here:
            # "X sagte, dass …" opens a run even when its subject was not trusted: the Konjunktiv
            # that follows is still reported speech, only without a speaker.
            top = [c for c in here if c.nested_in is None and (c.speaker is not None or c.rule in _SPEAKERLESS_RUN_STARTS)]
            if top or any(c.rule != "reported_intention" for c in here):
                last = max(top, key=lambda c: c.end) if top else None
            # an announced intention ("Die SPD will …") sits inside reported speech without ending it
            run, gap = None, 0
            continue
        if last is None or _inside(sent.start, quoted):
            last, run = None, None
            continue
        s_start, s_end = _trim(doc, sent.start, sent.end)
        if s_end <= s_start:
            continue
        closing = doc[s_end].text if s_end < sent.end else ""
        if not is_reported_sentence(sent) or not (closing in _SENT_FINAL or doc[s_end - 1].text in _SENT_FINAL):
            run, gap = None, gap + 1
            if gap > _RESUME_GAP:
                last = None
            continue
        s_end = s_end + 1 if closing in _SENT_FINAL else s_end
        if run is not None:
            run.end = s_end
            continue
        rule = "free_indirect_konjunktiv" if gap == 0 else "free_indirect_resumed"
        run = _Candidate(s_start, s_end, FREE_INDIRECT, rule, [], "", last.speaker if gap == 0 else None)
        run.carried_from = last
        added.append(run)
    return added


# ---------------------------------------------------------------------------------------------
# Speaker resolution


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


class _Resolver:
    """Links speaker spans to entities: by mention, surname, role noun or pronoun."""

    def __init__(self, doc: Doc, mentions: list[Mention], entities: list[Entity], relations: list[Relation]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.entities = {e.entity_id: e for e in entities}
        self.gender = _entity_gender(relations)
        self.roles = role_index(relations)

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
        head = span.root if self.doc.has_annotation("DEP") else span[-1]
        lower = head.lower_
        if lower in _PRONOUNS_MALE | _PRONOUNS_FEMALE_OR_PLURAL and len(span) <= 2:
            entity = self._antecedent(span.start_char, "M" if lower in _PRONOUNS_MALE else "F", head)
            if entity is not None:
                return entity.entity_id, entity.canonical_name, entity.label, "pronoun"
            return "", "", "", "none"
        definite = not any(t.lower_ in _INDEFINITE for t in span[:2])  # "ein Polizeisprecher" is someone new
        for token in span if definite else ():
            # "der Minister" names the one person introduced as "Verteidigungsminister X"
            entity = self.entities.get(resolve_role(self.roles, token.text))
            if entity is not None:
                return entity.entity_id, entity.canonical_name, entity.label, "role"
        for token in span:
            label = _source_labels().get(token.text)
            if label is not None:
                return "", "", label, "explicit"
        return "", "", "", "none"

    def _best_mention(self, span: Span) -> Optional[Mention]:
        inside = [m for m in self.mentions if m.start < span.end_char and m.end > span.start_char]
        if not inside:
            return None
        head = span.root if self.doc.has_annotation("DEP") else None

        def rank(m: Mention) -> tuple:
            covers_head = head is not None and m.start <= head.idx < m.end
            after_head = head is not None and m.start >= head.idx + len(head.text)
            genitive = m.text.endswith("s") and any(
                t.dep_ in syntax.GENITIVE and t.idx >= m.start and t.idx < m.end for t in span
            )
            return (not covers_head, not after_head, genitive, m.label != "PER", m.start)

        return min(inside, key=rank)

    def _by_surname(self, span: Span) -> Optional[Entity]:
        """A capitalised word of the span that ends a person's name in this article ("Uschakow")."""
        words = {t.text for t in span if t.text[:1].isupper() and len(t.text) > 2 and not t.is_sent_start}
        words |= {t.text for t in span if t.pos_ == "PROPN" or t.tag_ == "NE"}
        people = [e for e in self.entities.values() if e.label == "PER"]
        for word in words:
            matches = [e for e in people if e.canonical_name.split()[-1] == word or word in e.aliases]
            if len(matches) == 1:
                return self._fuller(matches[0])
        return None

    def _fuller(self, entity: Optional[Entity]) -> Optional[Entity]:
        """A one-word name links to the fuller name of the same person ("Uschakow")."""
        if entity is None or entity.label != "PER" or " " in entity.canonical_name:
            return entity
        for other in self.entities.values():
            if other.label == "PER" and other.canonical_name.endswith(" " + entity.canonical_name):
                return other
        return entity

    def _antecedent(self, before: int, gender: str, pronoun: Token) -> Optional[Entity]:
        plural = "Plur" in pronoun.morph.get("Number") or (
            pronoun.lower_ == "sie" and pronoun.head.tag_ in syntax.FINITE_TAGS and pronoun.head.text.endswith("en")
        )
        if plural:
            return None
        for mention in reversed([m for m in self.mentions if m.end <= before]):
            if mention.label != "PER":
                continue
            known = self.gender.get(mention.entity_id)
            if known is not None and known != gender:
                continue
            return self._fuller(self.entities.get(mention.entity_id))
        return None


# ---------------------------------------------------------------------------------------------
# Entry point


def extract_quotes(
    doc: Doc, doc_id: str, mentions: list[Mention], entities: list[Entity], roles: Optional[list[Relation]] = None
) -> list[Quote]:
    """All quotes of one document, in text order, with speakers linked to entities.

    `roles`: the document's `extract_roles` relations when the caller has them already (run.py
    keeps them as relations too), so role-only speakers resolve without a second pass.
    """
    if len(doc) == 0:
        return []
    if roles is None:
        roles = extract_roles(doc, doc_id, mentions, entities)
    sents = _sentences(doc)
    sent_of = [0] * len(doc)
    for index, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = index

    direct = _direct_candidates(doc)
    top_direct = [c for c in direct if c.rule == "direct_marks"]
    quoted = [(c.start, c.end) for c in top_direct]
    for cand in top_direct:
        _attribute_direct(doc, cand, sent_of, sents, quoted)

    cands: list[_Candidate] = []
    previous: Optional[_Candidate] = None
    for index, sent in enumerate(sents):
        found = _verb_candidates(doc, sent, quoted, sents[index - 1] if index > 0 else None)
        found = [c for c in found if c.rule != "indirect_anaphoric" or not any(o.start < c.end and c.start < o.end for o in cands)]
        if not found:
            found = _frame_candidates(doc, sent, quoted, previous)
        if not found:
            reported = _reported_candidate(doc, sent, quoted)
            found = [reported] if reported is not None else []
        cands.extend(found)
        here = [c for c in found if c.speaker is not None]
        direct_here = [c for c in top_direct if sents[sent_of[c.start]] == sent and c.speaker is not None]
        if here or direct_here:
            previous = max(here + direct_here, key=lambda c: c.end)

    kept_direct = _keep_direct(doc, top_direct, cands, sent_of)
    nested = _nested_direct(doc, direct, cands + kept_direct)
    all_cands = cands + kept_direct + nested
    runs = _continue_free_indirect(doc, sents, sent_of, all_cands, quoted)
    emitted = {id(c) for c in all_cands}
    all_cands += runs + _nested_direct(doc, [d for d in direct if id(d) not in emitted], runs, partial=True)
    return _to_quotes(doc, doc_id, all_cands, sent_of, _Resolver(doc, mentions, entities, roles))


def _keep_direct(doc: Doc, direct: list[_Candidate], cands: list[_Candidate], sent_of: list[int]) -> list[_Candidate]:
    """Direct quotes that are speech: attributed, or speech-like and next to an attributed quote."""
    kept: list[_Candidate] = []
    for cand in direct:
        inside = next((c for c in cands if c.start <= cand.start and cand.end <= c.end), None)
        if inside is not None and _is_name(doc, cand):
            continue  # „Al-Qaida“ inside reported words is a name, not a partial quotation
        if inside is not None:
            cand.nested_in = inside
            cand.speaker, cand.carried_from = inside.speaker, inside
            cand.rule = "direct_nested"
            kept.append(cand)
            continue
        if cand.speaker is None and _looks_like_title(doc, cand):
            continue
        if cand.speaker is None:
            prior = [c for c in kept + cands if c.end <= cand.start and c.speaker is not None]
            last = max(prior, key=lambda c: c.end) if prior else None
            if last is not None and sent_of[cand.start] - sent_of[last.end - 1] <= 1:
                cand.speaker, cand.carried_from = last.speaker, last
                cand.rule = "direct_carried"
            else:
                cand.rule = "direct_unattributed"
        kept.append(cand)
    return kept


def _nested_direct(doc: Doc, direct: list[_Candidate], outer: list[_Candidate], partial: bool = False) -> list[_Candidate]:
    """Quoted phrases inside an attributed quote: partial quotations of the same speaker.

    `partial`: also top-level marks that were set aside as titles (free indirect runs are only
    known after the direct quotes were sorted out).
    """
    found = []
    for cand in direct:
        if cand.nested_in is not None or cand.rule != "direct_nested" and not partial:
            continue
        container = next((c for c in outer if c.start <= cand.start and cand.end <= c.end and c is not cand), None)
        if container is None or container.qtype == DIRECT or _is_name(doc, cand):
            continue  # a quote inside a direct quote is someone else's words: unattributed
        cand.nested_in, cand.speaker, cand.carried_from = container, container.speaker, container
        cand.rule, cand.cue, cand.cue_lemma = "direct_nested", [], ""
        found.append(cand)
    return found


def _to_quotes(doc: Doc, doc_id: str, cands: list[_Candidate], sent_of: list[int], resolver: _Resolver) -> list[Quote]:
    confidence = rule_confidence()
    cands = sorted(cands, key=lambda c: (c.start, -c.end))
    quotes = []
    for cand in cands:
        if cand.end <= cand.start:
            continue
        start_char = doc[cand.start].idx
        end_char = doc[cand.end - 1].idx + len(doc[cand.end - 1].text)
        quote = Quote(
            doc_id=doc_id,
            quote_id=f"{doc_id}:q{len(quotes) + 1}",
            sentence_index=sent_of[cand.start],
            quote_type=cand.qtype,
            quote_text=doc[cand.start:cand.end].text,
            quote_start=start_char,
            quote_end=end_char,
            cue_text=" ".join(t.text for t in cand.cue),
            cue_lemma=cand.cue_lemma,
            addressee_text=cand.addressee.text if cand.addressee is not None else "",
            rule=cand.rule,
            confidence=confidence.get(cand.rule, 0.0),
        )
        if cand.speaker is not None:
            quote.speaker_text = cand.speaker.text
            quote.speaker_start, quote.speaker_end = cand.speaker.start_char, cand.speaker.end_char
            entity_id, canonical, label, resolution = _resolved(cand, resolver)
            quote.speaker_entity_id, quote.speaker_canonical = entity_id, canonical
            quote.speaker_label, quote.speaker_resolution = label, resolution
        quotes.append(quote)
    return quotes


def _resolved(cand: _Candidate, resolver: _Resolver) -> tuple[str, str, str, str]:
    """Entity of a candidate's speaker; inherited speakers take their source quote's entity."""
    if cand.resolved is not None:
        return cand.resolved
    source = cand.carried_from
    if source is not None and source.speaker is not None:
        entity_id, canonical, label, resolution = _resolved(source, resolver)
        if cand.qtype == FREE_INDIRECT or cand.rule in _CARRYING_RULES:
            resolution = "carried_over" if entity_id or label else "none"
        cand.resolved = (entity_id, canonical, label, resolution)
    else:
        cand.resolved = resolver.resolve(cand.speaker) if cand.speaker is not None else ("", "", "", "none")
    return cand.resolved
