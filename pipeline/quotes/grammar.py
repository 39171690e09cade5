"""Verbs, moods and noun phrases: the grammar the quote rules and speaker sieves share."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from .. import lexicons, syntax
from ..docfacts import per_doc
from ..konjunktiv import is_konjunktiv_i, looks_konjunktiv_i
from ..roles import role_noun
from .constants import (
    _ADDRESSEE_PREPOSITIONS,
    _ADJ_PARTICLES,
    _ADVERBIAL_WORDS,
    _AGENT_PREPOSITIONS,
    _DATIVE_ARTICLES,
    _FOCUS_POS,
    _FOCUS_TAGS,
    _GENITIVE_ARTICLES,
    _GENITIVE_LINKS,
    _INDEFINITE_NOM_ACC,
    _INFINITIVE_ENDINGS,
    _KONJUNKTIV2_FORMS,
    _KONJUNKTIV_FORMS,
    _LINKING_S,
    _LONG_FRAME_NOUNS,
    _NOMINATIVE_PRONOUNS,
    _NON_NOMINATIVE_ARTICLES,
    _NON_SPEAKERS,
    _OPENERS,
    _PARTICIPLE_PREFIX,
    _PARTICLES,
    _PASSIVE_AUXILIARIES,
    _PREDICATIVE_PARTICLES,
    _QUOTE_CHARS,
    _REFLEXIVES,
    _REPORTATIVE,
    _SPEAKER_COORDINATORS,
    _TIME_NOUNS,
    _TIME_PREPOSITIONS,
    _WEAK_SUFFIXES,
    _ZU_INFIX,
)
from .index import annotated, index_of

# ---------------------------------------------------------------------------------------------
# Windows and sizes

# Tokens after a finite verb in which its separated particle is looked for.
PARTICLE_WINDOW = 25
# Tokens before a participle in which a finite "werden" makes it passive ("wurde gestern … verurteilt").
PASSIVE_AUX_BEFORE = 12
# Tokens after a participle in which "werden" makes it passive ("verurteilt worden", "gelobt werden").
PASSIVE_AUX_AFTER = 4
# Tokens from a phrase's first word in which the parse's noun head is looked for ("der neue russische Präsident").
NP_HEAD_WINDOW = 6
# Tokens after a time preposition in which its time noun is looked for ("am vergangenen Montag").
TIME_NOUN_WINDOW = 4
# Words of a comma apposition in which a role noun marks it as the speaker's role ("Singer, ein Klimaexperte").
ROLE_APPOSITION_WINDOW = 4
# Tokens between "gegenüber X" and the verb for X to be its addressee.
ADDRESSEE_WINDOW = 6
# Words a bracketed party or affiliation after a name may have ("(Bündnis 90/Die Grünen)").
PARTY_MAX_WORDS = 5
# Words a quoted name after a source noun may have ("des Magazins „Der Spiegel“").
TITLE_MAX_WORDS = 5
# Leading tokens of a sentence searched for its verb-second finite verb.
VERB_SECOND_WINDOW = 12
# Forms "ge…" no longer than this are no participles to strip the prefix from ("gehen", "gegen").
GE_FORM_MAX_UNPREFIXED = 5
# Shortest verb stem left after stripping a weak suffix.
MIN_STEM_LENGTH = 3
# Shortest rest after an attached particle, and after a particle and "zu", for a form to be split.
MIN_REST_AFTER_PARTICLE = 3
MIN_REST_AFTER_ZU = 5
# A frame compound's source prefix is longer than this ("Polizeiangaben", "UNHCR-Angaben").
SHORT_PREFIX_MAX = 2

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


def source_of(word: str) -> Optional[tuple[str, str]]:
    """(name, label) of a non-person source noun, also inside a frame compound ("Polizeiangaben" -> Polizei)."""
    table = _source_labels()
    if word in table:
        return word, table[word]
    lower = word.lower()
    for noun in _LONG_FRAME_NOUNS:
        if lower.endswith(noun) and len(lower) > len(noun) + SHORT_PREFIX_MAX:
            prefix = word[: -len(noun)].rstrip("-")
            for candidate in (prefix, prefix[:-len(_LINKING_S)] if prefix.endswith(_LINKING_S) else prefix):
                if candidate in table:
                    return candidate, table[candidate]
    return None


_NAMED_SPEAKERS = frozenset({"PER", "ORG"})


def _sent(token: Token) -> Span:
    """`token.sent`, looked up instead of scanned (a scan is as long as the sentence)."""
    return index_of(token.doc).sent(token)


def _lemma(token: Token) -> str:
    """The speech-verb infinitive of a verb when it is one, else its lemma, lowercased."""
    return _lexicon_lemma(token, "speech_verbs") or _lexicon_lemma(token, "reported_verbs") or (token.lemma_ or token.text).lower()


def _particle(verb: Token) -> Optional[Token]:
    """A separated verb particle, by the parse or by the STTS tag."""
    if annotated(verb.doc, "DEP"):
        particle = syntax.particle_of(verb)
        # a parse that calls an adverb the particle ("argumentierten außerdem") would make another verb of it
        if particle is not None and _is_particle(particle):
            return particle
    return _loose_particle(verb)


def _is_particle(token: Token) -> bool:
    """A separable verb particle by the lexicons ("mit", "bekannt"), not an adverb or preposition the parse attached."""
    return token.lower_ in _PARTICLES or token.lower_ in _ADJ_PARTICLES


def _loose_particle(verb: Token) -> Optional[Token]:
    """A separated particle (STTS PTKVZ, or "bekannt"/"klar"/"fest") later in the verb's clause."""
    if verb.tag_ not in syntax.FINITE_TAGS:
        return None
    doc = verb.doc
    end = min(_sent(verb).end, verb.i + PARTICLE_WINDOW)
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
    # most tokens are no verbs: answered before the per-document memo, which costs more than the tag test
    return _verb_lexicon_lemma(token, lexicon) if _is_verb(token) else None


@per_doc
def _verb_lexicon_lemma(token: Token, lexicon: str) -> Optional[str]:
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
    unprefixed = word[len(_PARTICIPLE_PREFIX):] if word.startswith(_PARTICIPLE_PREFIX) and len(word) > GE_FORM_MAX_UNPREFIXED else None
    for candidate in (word, unprefixed):
        if candidate is None:
            continue
        if candidate in irregular:
            found.append(irregular[candidate])
        for suffix in _WEAK_SUFFIXES:
            if candidate.endswith(suffix) and len(candidate) - len(suffix) >= MIN_STEM_LENGTH:
                stem = candidate[: -len(suffix)]
                found.extend(stem + ending for ending in _INFINITIVE_ENDINGS)
    return found


def _zu_split(form: str, particle: str) -> Optional[str]:
    """The verb after "zu" when a form is particle + zu + verb ("zurückzutreten" with "zurück" -> "treten"), else None."""
    rest = form[len(particle):]
    if form.startswith(particle) and rest.startswith(_ZU_INFIX) and len(rest) > MIN_REST_AFTER_ZU:
        return rest[len(_ZU_INFIX):]
    return None


@lru_cache(maxsize=65536)
def _infinitives(form: str) -> tuple[str, ...]:
    """Candidate infinitives of a verb form, with attached particles ("angekündigt" -> ankündigen)."""
    found = _bases(form)
    for particle in _PARTICLES:
        if form.startswith(particle) and len(form) > len(particle) + MIN_REST_AFTER_PARTICLE:
            after_zu = _zu_split(form, particle)
            if after_zu is not None:
                found.extend(particle + base for base in _bases(after_zu))
            found.extend(particle + base for base in _bases(form[len(particle):]))
    return tuple(dict.fromkeys(found))


def _is_verb(token: Token) -> bool:
    if token.tag_:
        return token.tag_.startswith("V")
    return token.pos_ in {"VERB", "AUX"}


def _is_zu_infinitive(token: Token) -> bool:
    """A zu-infinitive, also one the tagger called a plain infinitive or participle ("zurückzutreten", "vorzugehen")."""
    if token.tag_ in {"VVIZU", "PTKZU"}:
        return True
    if not _is_verb(token):
        return False
    form = token.lower_
    return any((after_zu := _zu_split(form, particle)) is not None and after_zu.endswith("n") for particle in _PARTICLES)


def _is_speech_verb(token: Token) -> bool:
    """A speech, thought or writing verb that can be a cue (not passive, not a zu-infinitive)."""
    if token.tag_ == "VVIZU":
        return False
    return _lexicon_lemma(token, "speech_verbs") is not None and not _is_passive(token)


_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—"})


@per_doc
def _is_passive(verb: Token) -> bool:
    """A participle with a form of "werden" ("wurde verurteilt", "sei gelobt worden")."""
    if verb.tag_ != "VVPP":
        return False
    doc = verb.doc
    sent = _sent(verb)
    start, end = max(sent.start, verb.i - PASSIVE_AUX_BEFORE), min(sent.end, verb.i + PASSIVE_AUX_AFTER)
    # the auxiliary belongs to the participle's own clause: "hatte erklärt, die Taliban würden …" is active
    start = max([start] + [t.i + 1 for t in doc[start:verb.i] if t.text in _CLAUSE_BREAKS])
    end = min([end] + [t.i for t in doc[verb.i + 1:end] if t.text in _CLAUSE_BREAKS])
    window = doc[start:end]
    if annotated(verb.doc, "DEP"):
        if any(c.dep_ in syntax.PASSIVE for c in verb.children):
            return True
    return any(t.lemma_ in _PASSIVE_AUXILIARIES and t.i > verb.i for t in window) or any(
        t.lemma_ in _PASSIVE_AUXILIARIES and t.tag_ in syntax.FINITE_TAGS and t.i < verb.i and not _has_infinitive_between(t, verb)
        for t in window
    )


def _has_infinitive_between(aux: Token, verb: Token) -> bool:
    return any(t.tag_ in {"VVINF", "VAINF", "VMINF"} for t in aux.doc[aux.i + 1:verb.i])


def _is_finite(token: Token) -> bool:
    return _is_verb(token) and _finite_verb(token)


@per_doc
def _finite_verb(token: Token) -> bool:
    return syntax.is_finite(token)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and spaces at both edges of a token range (quote marks kept).

    A closing bracket stays when an opening one comes before it in the range. Looked up in
    per-document tables: a scan would be as long as the run of punctuation, for every call.
    """
    if start >= end:
        return start, end
    index = index_of(doc)
    start = min(index.next_at("kept", _kept, start), end)
    last_kept = index.previous_before("kept", _kept, end)
    edge = max(last_kept + 1, start)  # [edge, end) is the trailing punctuation the scan would drop
    bracket = index.previous_before("closing_bracket", _closing_bracket, end)
    if bracket >= edge and index.count("opening_bracket", _opening_bracket, start, bracket):
        return start, bracket + 1
    return start, edge


def _kept(token: Token) -> bool:
    """Not trimmed from a range's edge: a word, or a quote mark."""
    return not (token.is_space or token.is_punct and token.text not in _QUOTE_CHARS)


def _closing_bracket(token: Token) -> bool:
    return token.text == ")"


def _opening_bracket(token: Token) -> bool:
    return "(" in token.text


def _np_after(doc: Doc, i: int, limit: int) -> Optional[Span]:
    """The noun phrase starting at token i (article, adjectives, nouns, genitive/von attachments)."""
    if annotated(doc, "DEP") and i < limit:
        head = next((t for t in doc[i:min(limit, i + NP_HEAD_WINDOW)] if t.pos_ in {"NOUN", "PROPN", "PRON"} or _named(t)), None)
        if head is not None and not any(_is_finite(t) for t in doc[i:head.i]):
            end = _np_right_edge(head, limit)
            start, end = _strip_focus(doc, *_trim(doc, i, end))
            if end > start:
                return doc[start:end]
    j = _np_by_words(doc, i, limit)
    start, end = _strip_focus(doc, *_trim(doc, i, j))
    return doc[start:end] if end > start and j > i else None


def _np_by_words(doc: Doc, i: int, limit: int) -> int:
    """End of the noun phrase at token i by word classes alone (nouns, names, genitive links), or i without a noun."""
    j = i
    seen_noun = False
    while j < limit:
        token = doc[j]
        if token.is_punct and token.text not in {"-", "–"} or _is_finite(token):
            break
        if token.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"} and seen_noun:
            break
        noun_like = token.pos_ in {"NOUN", "PROPN"} or (not token.pos_ and token.text[:1].isupper()) or _named(token)
        if seen_noun and not noun_like and token.lower_ not in _GENITIVE_LINKS:
            if token.pos_ not in {"DET", "ADJ", "NUM"} or doc[j - 1].lower_ not in _GENITIVE_LINKS:
                break
        seen_noun = seen_noun or noun_like
        j += 1
    return j if seen_noun else i


def attribute_end(doc: Doc, end: int, limit: int) -> int:
    """After a noun, the genitive or von-attribute the parse hung elsewhere: "nach Angaben [des TÜV Nord]"."""
    if end >= limit:
        return end
    opener = doc[end]
    if not (opener.lower_ in _GENITIVE_LINKS or opener.pos_ == "ADJ" and "Gen" in opener.morph.get("Case", [])):
        return end
    found = _np_by_words(doc, end, limit)
    return _trim(doc, end, found)[1] if found > end else end


def _name_end(doc: Doc, j: int, limit: int) -> int:
    """Where the name the tagger found runs on to from token j (over its inside tokens), before `limit`."""
    while j < limit and doc[j].ent_iob_ == "I":
        j += 1
    return j


def _np_right_edge(head: Token, limit: int) -> int:
    """End of a noun phrase: the head with name parts, genitives, von-phrases and appositions."""
    doc = head.doc
    end = head.i + 1
    for child in head.rights:
        if child.i >= limit or child.i != end and not doc[end:child.left_edge.i].text.strip(" ,") == "":
            break
        if child.is_space:
            continue  # a double space the parse made a word: "Parlamentspräsident [ ] Jerzy Buzek"
        if child.dep_ not in syntax.NOUN_PHRASE_RIGHT or child.dep_ in syntax.PUNCTUATION and child.text not in {",", "(", ")", "-", "–"}:
            break
        first = child.left_edge
        if child.dep_ in syntax.CONJUNCT_OR_APPOSITION and not syntax.is_dative(head) and syntax.dative_phrase(child):
            break  # "Berater, Juri Uschakow, dem Korrespondenten …": conjuncts agree in case; a dative is the addressee
        if (child.dep_ in syntax.NOUN_ATTRIBUTE and child.pos_ == "NOUN" and first.pos_ != "ADP" and syntax.is_dative(child)
                and first.lower_ not in _GENITIVE_ARTICLES):
            break  # "die Kanzlerin einigen Teilnehmern": a dative object; "der"/"des" after a noun is a genitive
        if child.dep_ in syntax.NOUN_ATTRIBUTE and child.pos_ == "NOUN" and _not_genitive(first, child):
            break  # "die Anwältin der Frau [dem Richter]": an object
        if child.dep_ in syntax.NOUN_ATTRIBUTE and child.pos_ == "NOUN" and first is not child and _starts_new_phrase(first):
            break  # "laut Atmar neun Zivilisten", "nach Angaben X ein Ergebnis …": the content's own subject or object
        sub_end = min(child.right_edge.i + 1, limit)
        if any(_is_finite(t) for t in doc[child.i:sub_end]):
            break
        end = max(end, sub_end)
    while end < limit and _name_part(doc[end]) and _name_part(doc[end - 1]):
        end += 1  # name continuation the parse attached elsewhere ("Innenminister Alfredo Pérez")
    end = _name_end(doc, end, limit)  # a name the parse cut off its phrase ("der Welt [am Sonntag]" hung on the verb)
    end = _before_time_or_quoted_words(doc, head.i + 1, end)
    opened = doc[head.left_edge.i:end].text
    if end < limit and doc[end].text in {"“", "\"", "«", "»"} and opened.count("„") + opened.count("\"") % 2 > opened.count("“"):
        end += 1  # close „Der Spiegel“
    if end < limit and doc[end].text == ")" and "(" in doc[head.i:end].text:
        end += 1
    return end


def _not_genitive(article: Token, noun: Token) -> bool:
    """An article that cannot open a genitive attribute: "dem", "einem" (the noun's own case is often missed)."""
    return article is not noun and article.lower_ in _DATIVE_ARTICLES


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
            noun = next((t for t in doc[token.i + 1:min(token.i + TIME_NOUN_WINDOW, end)] if t.pos_ in {"NOUN", "PROPN"}), None)
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
        if token.lower_ in _REFLEXIVES or token.tag_ == "PPER":
            break  # "stellt sich [Berichten] zufolge", "gibt es [Informationen] zufolge": the verb's pronoun, not the source
        if token.tag_ == "PRELS" and j < i:
            break  # "…, das [seiner Meinung] nach": the relative clause's subject; "…, [denen] zufolge" is the source
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
    if subject.lower_ in _NON_SPEAKERS or subject.lower_ in _REFLEXIVES:
        return None
    sent = _sent(subject)
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
    if end > start and (subject.pos_ == "PROPN" or subject.ent_type_ == "PER"):
        start = _role_before_name(doc, start, sent.start, cue)
    if end > start and (subject.pos_ == "PROPN" or subject.ent_type_ == "PER"):
        end = _role_apposition_end(doc, end, sent.end, cue)
    elif end > start and any(_is_role(t) for t in doc[start:end]):
        # "der Chef der Agentur, Frank Weise": the name in apposition the parse hung elsewhere
        end = _name_apposition_end(doc, end, min([t.i for t in cue if t.i > end] + [sent.end]))
    return doc[start:end] if end > start else None


def _role_before_name(doc: Doc, start: int, floor: int, cue: Iterable[Token]) -> int:
    """Extend a name leftwards over the role noun the parse cut off ("[ICANN-Chef] Paul Twomey")."""
    cue_at = {t.i for t in cue}
    j = start
    while j > floor and j - 1 not in cue_at and _is_role(doc[j - 1]) and doc[j - 1].pos_ in {"NOUN", "PROPN"}:
        j -= 1
    if j == start:
        return start
    while j > floor and j - 1 not in cue_at and (doc[j - 1].tag_ in {"ART", "ADJA", "PPOSAT"} or doc[j - 1].pos_ in {"DET", "ADJ"}):
        j -= 1
    return j


def _role_apposition_end(doc: Doc, end: int, limit: int, cue: Iterable[Token]) -> int:
    """Extend a name over a comma-separated role apposition the parse left out ("Stephen Singer, ein Klimaexperte")."""
    if end + 1 >= limit or doc[end].text != ",":
        return end
    stop = min([t.i for t in cue if t.i > end] + [limit])
    article = doc[end + 1].tag_ == "ART" and doc[end + 1].pos_ == "PRON"  # "Celebi, [die] Anwältin der Frau": not the head
    phrase = _np_after(doc, end + 2 if article else end + 1, stop)
    if phrase is not None and article:
        phrase = doc[end + 1:phrase.end]
    if phrase is None or not any(_is_role(t) for t in phrase[:ROLE_APPOSITION_WINDOW]) or not _opens_noun_phrase(phrase[0]):
        return end
    if (phrase[0].pos_ == "DET" or phrase[0].tag_ == "ART") and syntax.is_dative(phrase[0]):
        return end  # "Uschakow, dem Korrespondenten": an apposition agrees in case; a dative is the addressee
    after = doc[phrase.end] if phrase.end < limit else None
    if after is not None and not (after.text in {",", ".", ":", ";"} or after.i == stop):
        return end
    return phrase.end


def _opens_noun_phrase(token: Token) -> bool:
    """An article, adjective or noun; an article the tagger took for a pronoun too ("Celebi, [die] Anwältin der Frau")."""
    return token.pos_ in {"DET", "ADJ", "NOUN"} or token.tag_ == "ART"


def _strip_focus(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading focus words and conjunctions: "Auch die Ministerin", "Einzig Sony", "Wie die ESA"."""
    while start < end - 1 and (
        doc[start].pos_ in _FOCUS_POS or doc[start].tag_ in _FOCUS_TAGS or doc[start].is_punct and doc[start].text not in _QUOTE_CHARS
    ):
        start += 1
    return start, end


def _verb_chain(verb: Token) -> list[Token]:
    """Auxiliaries, modals and a separated particle that belong to a verb, in text order."""
    chain = {verb}
    if annotated(verb.doc, "DEP"):
        particle = syntax.particle_of(verb)
        if particle is not None and _is_particle(particle):
            chain.add(particle)
        for child in verb.children:
            if child.dep_ in syntax.AUXILIARY:
                chain.add(child)
        head = verb.head
        if head is not verb and verb.dep_ in syntax.VERB_COMPLEMENT and head.pos_ in {"AUX", "VERB"} and head.tag_ in syntax.FINITE_TAGS:
            chain.add(head)
    return sorted(chain, key=lambda t: t.i)


@per_doc
def _subject(verb: Token) -> Optional[Token]:
    """The cue's subject when it is nominal ("Besorgt" or "Bislang" as subject is a parse error)."""
    if not annotated(verb.doc, "DEP"):
        return None
    subject = syntax.subject_of(verb)
    if subject is None:
        for token in _verb_chain(verb):
            subject = syntax.subject_of(token)
            if subject is not None:
                break
    first = syntax.first_conjunct(verb) if subject is None else None
    if first is not None and first.pos_ in {"VERB", "AUX", "ADJ"}:
        # "X bedankte sich und sagte: …", "X war anwesend und sagte, …": coordinated predicates share the first one's subject
        return _subject(first)
    if subject is None:
        return _named_prefield(verb)
    if subject is not None and _not_nominal(subject):
        # "Unterdessen verteidigte der Vorsitzende …" parsed with two subjects: the nominal one after the adverb
        adverb = subject.pos_ == "ADV" or subject.lower_ in _ADVERBIAL_WORDS
        subject = next((s for s in syntax.subjects_of(verb) if s is not subject and not _not_nominal(s)), None) if adverb else None
    if subject is not None:
        return _fronted_object_subject(verb, subject) or subject
    return subject


def _named_prefield(verb: Token) -> Optional[Token]:
    """A name alone before the finite verb of its clause, left without a role by the parse ("Künast" as an adverb)."""
    finite = next((t for t in _verb_chain(verb) if _is_finite(t)), None)
    if finite is None:
        return None
    doc, sent = finite.doc, _sent(finite)
    start = finite.i
    while start > sent.start and _named(doc[start - 1]):
        start -= 1
    opens_clause = start == sent.start or doc[start - 1].is_space or doc[start - 1].text in _CLAUSE_BREAKS
    return doc[finite.i - 1] if start < finite.i and opens_clause else None


def _not_nominal(subject: Token) -> bool:
    """A subject that is a parse error: an adverb, an adverbial phrase or an oblique case.

    A name the tagger missed stays a subject ("Elshorst" as ADV).
    """
    if _named(subject):
        return False
    return subject.pos_ in {"ADV", "ADP", "VERB", "AUX", "SCONJ", "CCONJ", "PART"} or _adverbial(subject) or _oblique(subject)


def _fronted_object_subject(verb: Token, subject: Token) -> Optional[Token]:
    """The real subject when the parse took a fronted object for it ("Die Tat bezeichnete er als sinnlos").

    In a verb-second clause whose first phrase is the parsed subject, a nominative pronoun or a
    person right after the finite verb is the subject; the fronted phrase is then the object.
    """
    chain = _verb_chain(verb)
    finite = next((t for t in chain if _is_finite(t)), None)
    if finite is None or subject.i > finite.i or finite.i + 1 >= _sent(finite).end:
        return None
    if subject.ent_type_ == "PER" or subject.pos_ == "PRON" or _is_role(subject):
        return None
    after = finite.doc[finite.i + 1]
    if after.head not in chain and after.head.head not in chain:
        return None
    if after.lower_ in _NOMINATIVE_PRONOUNS:
        return after if _agrees(finite, after) else None
    if after.ent_type_ == "PER" and after.ent_iob_ == "B":
        return after if (after.head not in chain or after.dep_ not in syntax.DATIVE_OBJECT) and _agrees(finite, after) else None
    if after.pos_ == "DET" and after.lower_ not in _NON_NOMINATIVE_ARTICLES and after.head.i > after.i and _is_role(after.head):
        # "Die Anwendung … stellte der SPD-Vorsitzende in Frage"; not "Politiker haben der Ministerin vorgeworfen"
        return after.head if _agrees(finite, after.head) else None
    return None


def _agrees(finite: Token, subject: Token) -> bool:
    """Whether a subject can go with the finite verb in number (unknown number agrees)."""
    verb, noun = set(finite.morph.get("Number", [])), set(subject.morph.get("Number", []))
    return not verb or not noun or bool(verb & noun)


def _plausible_speaker(span: Span) -> bool:
    """Not an adverbial phrase: no leading preposition (but "von"), no time word or adverb as its only noun."""
    first = span[0]
    preposition = first.pos_ == "ADP" or first.tag_ in {"APPR", "APPRART", "KOKOM"}
    if preposition and first.lower_ not in _AGENT_PREPOSITIONS:
        return False
    if len(span) == 1 and (first.pos_ == "ADV" or first.tag_ == "ADJD") and not _named(first):
        return False
    nouns = [t for t in span if t.pos_ in {"NOUN", "PROPN"}]
    if nouns and all(t.text in _TIME_NOUNS for t in nouns):
        return False  # "Wenige Stunden später", "Am Montag"
    words = [t for t in span if t.text[:1].isalnum()]
    return not all(t.lower_ in _ADVERBIAL_WORDS or t.like_num or t.pos_ in {"ADP", "ADV"} and not _named(t) for t in words)


def _named(token: Token) -> bool:
    """A capitalised word inside a person or organisation name."""
    return token.ent_type_ in {"PER", "ORG"} and token.text[:1].isupper()


def _oblique(subject: Token) -> bool:
    """A dative, genitive or accusative the parse took for the subject: "werfen den Rebellen vor", "Den Unmut … brachte X zum Ausdruck"."""
    if subject.ent_type_ == "PER":
        return False
    determiners = [t for t in subject.children if t.pos_ == "DET" and t.i < subject.i]
    if any(t.lower_ in _NON_NOMINATIVE_ARTICLES for t in determiners):
        return True
    cases = set(subject.morph.get("Case", [])) | {c for t in determiners for c in t.morph.get("Case", [])}
    return bool(cases) and not cases & {"Nom"} and bool(cases & {"Dat", "Gen"})


def _adverbial(subject: Token) -> bool:
    """A subject the parser took from an adverbial: "Gestern", "Ende Januar", "bei der Gelegenheit", "Passend"."""
    if subject.tag_ == "ADJD" or subject.lower_ in _ADVERBIAL_WORDS or subject.lemma_.lower() in _ADVERBIAL_WORDS:
        return True
    if subject.text in _TIME_NOUNS or subject.lemma_ in _TIME_NOUNS:
        return True  # "Wenige Stunden nach dem Putsch erklärte …", "Um 15:36 Uhr meldeten …"
    first = subject.left_edge
    if first.i > 0 and first.doc[first.i - 1].lower_ in _PREDICATIVE_PARTICLES:
        return True
    preposition = first.pos_ == "ADP" or first.tag_ in {"APPR", "APPRART", "KOKOM"}
    return first.i < subject.i and preposition and first.lower_ not in _AGENT_PREPOSITIONS


def _addressee(verb: Token) -> Optional[Span]:
    """The dative object of the cue verb, or a "gegenüber X" phrase."""
    doc = verb.doc
    if annotated(doc, "DEP"):
        dative = syntax.dative_of(verb) or syntax.bare_dative_of(verb)
        # reflexives address no one, and a dative time phrase is when, not to whom ("im vergangenen September")
        if dative is not None and dative.lower_ not in _REFLEXIVES and dative.text not in _TIME_NOUNS:
            start, end = dative.left_edge.i, dative.right_edge.i + 1
            end = _cut_relative(dative, start, end)
            start, end = _trim(doc, start, end)
            if end > start:
                return doc[start:_name_apposition_end(doc, end, _sent(verb).end)]
    sent = _sent(verb)
    # only the tokens within the window can qualify: no need to walk the whole sentence
    for token in doc[max(sent.start, verb.i - ADDRESSEE_WINDOW):min(sent.end, verb.i + ADDRESSEE_WINDOW + 1)]:
        if token.lower_ in _ADDRESSEE_PREPOSITIONS:
            return _np_after(doc, token.i + 1, sent.end)
    return None


def _name_apposition_end(doc: Doc, end: int, limit: int) -> int:
    """Extend a phrase over a name in apposition that the parse hung elsewhere ("dem Korrespondenten …, Pawel Sarubin")."""
    if end + 1 >= limit or doc[end].text != ",":
        return end
    first = doc[end + 1]
    if first.ent_type_ == "PER" and first.ent_iob_ == "B":
        j = _name_end(doc, end + 2, limit)
    elif first.pos_ == "PROPN" and not first.ent_type_:  # a name the tagger missed: "…, Deftalgne Tessema, …"
        j = end + 2
        while j < limit and doc[j].pos_ == "PROPN" and not doc[j].ent_type_:
            j += 1
    else:
        return end
    return j if j == limit or doc[j].is_punct else end


def with_apposition(speaker: Span, quote_start: int, quote_end: int, cue: Iterable[Token]) -> Span:
    """A speaker phrase without an addressee, with the comma-separated apposition that names or describes it.

    "Matthias Freude, Präsident des Landesumweltamtes" and "der Vorsitzende der Wahlkommission,
    Magdalena Chu": the apposition belongs to the speaker, up to the quote, the cue or the sentence end.
    """
    doc = speaker.doc
    start = speaker.start
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_iob_ in {"B", "I"} and not doc[start - 1].is_punct:
        start -= 1  # "[Wolfgang] Gerhard": the whole name the tagger found
    if start < speaker.start:
        speaker = doc[start:speaker.end]
    cut = next((t.i for t in speaker[1:] if t.lower_ in _ADDRESSEE_PREPOSITIONS), None)
    if cut is not None:  # "sagte Jelpke [gegenüber Spiegel Online]": the addressee is not the speaker
        start, end = _trim(doc, speaker.start, cut)
        return doc[start:end] if end > start else speaker
    limit = min([_sent(speaker[0]).end] + [t.i for t in cue if t.i >= speaker.end] + ([quote_start] if quote_start >= speaker.end else []))
    end = _name_end(doc, speaker.end, limit)  # "die [Deutsche Presseagentur]": the rest of the name the tagger found
    if _is_role(doc[end - 1]):
        end = attribute_end(doc, end, limit)  # "Der Premierminister [des Kosovos Hashim Thaçi]"
    end = name_after_noun_end(doc, end, limit)
    end = _affiliation_end(doc, _party_end(doc, end, limit), limit)
    if not any(t.pos_ == "ADP" for t in cue):  # a frame's source ends before it: "nach Angaben des Spiegel [in seiner …]"
        end = _outlet_end(doc, end, limit)
    speaker = doc[speaker.start:_coordinated_end(speaker, end, limit, cue)]
    end = speaker.end
    if end >= len(doc) or doc[end].text != "," or quote_start <= end < quote_end:
        return speaker
    last = speaker[-1]
    extended = end
    if last.pos_ == "PROPN" or last.ent_type_ in {"PER", "ORG"}:
        extended = _role_apposition_end(doc, end, limit, cue)
    if extended == end and not any(t.ent_type_ == "PER" for t in speaker):
        # "die Sprecherin der Unionsfraktion im Bundestag, Annette Widmann-Mauz": a role phrase ending in a place or body
        extended = _name_apposition_end(doc, end, limit)
    return doc[speaker.start:extended] if extended > end else speaker


def name_after_noun_end(doc: Doc, end: int, limit: int) -> int:
    """After a common noun, its name the parse hung elsewhere: "das Nachrichtenmagazin [Der Spiegel]", "des Magazins [„Der Spiegel“]"."""
    last = doc[end - 1]
    if end >= limit or last.ent_type_ or not (last.pos_ == "NOUN" or last.tag_ == "ART"):
        return end  # an article ends no phrase: "der New York Times und der [Los Angeles Times]"
    first = end + 1 if doc[end].text in {"Der", "Die", "Das"} else end  # a title's own article, capitalised
    if doc[end].text == "„":
        close = _quoted_title_end(doc, end, limit)
        named = close is not None and any(t.ent_type_ in _NAMED_SPEAKERS or t.pos_ == "PROPN" for t in doc[end + 1:close - 1])
        return close if close is not None and named else end
    if first >= limit or doc[first].ent_iob_ != "B" or doc[first].ent_type_ not in _NAMED_SPEAKERS:
        return end
    return _name_end(doc, first + 1, limit)


def _quoted_title_end(doc: Doc, opening: int, limit: int) -> Optional[int]:
    """The end (after the closing mark) of a short quoted title opened at `opening` ("„Der Spiegel“"), else None."""
    close = next((j for j in range(opening + 1, min(limit, opening + TITLE_MAX_WORDS + 2)) if doc[j].text == "“"), None)
    return close + 1 if close is not None else None


def _affiliation_end(doc: Doc, end: int, limit: int) -> int:
    """After a person's name, the organisation the parse hung on the verb: "Ken Rice [vom Institut für Astronomie]"."""
    if end + 1 >= limit or doc[end - 1].ent_type_ != "PER" or doc[end].lower_ not in {"vom", "von"}:
        return end
    first = end + 1 if doc[end].lower_ == "vom" else end + 2
    if doc[end].lower_ == "von" and (first >= limit or doc[end + 1].lower_ not in {"der", "dem"}):
        return end
    if first < limit and doc[first].text == "„":
        return _quoted_title_end(doc, first, limit) or end
    found = _np_by_words(doc, first, limit)
    if found > first:
        found = _name_end(doc, found, limit)  # "von der [University of St. Andrews]": the name the tagger found
    named = any(t.ent_type_ == "ORG" or t.pos_ == "PROPN" for t in doc[first:found])
    return _trim(doc, end, found)[1] if found > first and named else end


def _outlet_end(doc: Doc, end: int, limit: int) -> int:
    """After a medium or body, where it published: "die Ärztezeitung [in ihrer Onlineausgabe]", "[auf seiner Website]"."""
    if end + 2 >= limit or doc[end - 1].ent_type_ == "PER" or doc[end].lower_ not in {"in", "auf"}:
        return end
    if doc[end + 1].tag_ != "PPOSAT" or doc[end + 2].pos_ != "NOUN":
        return end
    return end + 3


def _coordinated_end(speaker: Span, end: int, limit: int, cue: Iterable[Token]) -> int:
    """A second speaker the parse left out, when the cue is plural: "Özcan Mutlu [und Benedikt Lux] prangerten an"."""
    doc = speaker.doc
    finite = next((t for t in cue if _is_finite(t)), None)
    if end + 1 >= limit or doc[end].lower_ not in _SPEAKER_COORDINATORS or finite is None or finite.i != limit:
        return end
    if "Plur" not in finite.morph.get("Number", []) or "Plur" in speaker.root.morph.get("Number", []):
        return end
    phrase = _np_after(doc, end + 1, limit)
    return phrase.end if phrase is not None and phrase.start == end + 1 and phrase.end == limit else end


def _party_end(doc: Doc, end: int, limit: int) -> int:
    """After a name, its bracketed party or affiliation: "Angela Merkel (CDU)", "Kristina Schröder (CDU)"."""
    if end + 2 >= limit or doc[end].text != "(" or not (doc[end - 1].ent_type_ == "PER" or doc[end - 1].pos_ == "PROPN"):
        return end
    close = next((j for j in range(end + 2, min(limit, end + PARTY_MAX_WORDS + 2)) if doc[j].text == ")"), None)
    if close is None or not all(t.pos_ in {"PROPN", "NOUN"} or t.text in {"/", "-"} for t in doc[end + 1:close]):
        return end
    return close + 1


@per_doc
def _main_finite(sent: Span) -> Optional[Token]:
    """The finite verb of a sentence's main clause (by the parse, else the first finite verb)."""
    doc = sent.doc
    if annotated(doc, "DEP"):
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
        if not token.tag_ and token.lower_ in _KONJUNKTIV_FORMS:
            return token
    return None


@per_doc
def is_reported_mood(token: Token, in_run: bool) -> bool:
    """Konjunktiv I (morphology or lexical rule), Konjunktiv II, or reportative "soll" within a run."""
    if syntax.is_subjunctive(token) or is_konjunktiv_i(token, annotated(token.doc, "DEP")):
        return True
    if token.tag_ not in syntax.FINITE_TAGS and token.dep_ in syntax.ROOT and looks_konjunktiv_i(token):
        return True
    if not token.tag_ and token.lower_ in _KONJUNKTIV_FORMS:
        return True
    lower = token.lower_
    if lower in _KONJUNKTIV2_FORMS:
        return True
    return in_run and lower in _REPORTATIVE


@per_doc
def _mood_tokens(sent: Span) -> tuple[Token, ...]:
    """Finite verbs that decide a sentence's mood: the main clause's verb chain and the verb in second position."""
    tokens: list[Token] = []
    main = _main_finite(sent)
    if main is not None:
        tokens.append(main)
        if annotated(sent.doc, "DEP"):
            tokens.extend(c for c in sent.root.children if c.dep_ in syntax.AUXILIARY)
    for token in sent[:VERB_SECOND_WINDOW]:
        if token.text in {",", ":", ";"}:
            break
        if token.tag_ in syntax.FINITE_TAGS:
            tokens.append(token)
            break
    if not tokens and annotated(sent.doc, "DEP") and sent.root.i > sent.start and looks_konjunktiv_i(sent.root):
        tokens.append(sent.root)  # a mistagged finite verb ("garantiere" as ADJA) heading the sentence
    return tuple(tokens)


@per_doc
def is_reported_sentence(sent: Span, in_run: bool = True) -> bool:
    """Whether a sentence's main clause is in a reported mood (see `is_reported_mood`)."""
    return any(is_reported_mood(t, in_run) for t in _mood_tokens(sent))



def _content_verbs(finite: Token) -> list[Token]:
    """Non-finite verbs that a finite auxiliary or modal governs (both schemes)."""
    found = [c for c in finite.children if c.dep_ in syntax.VERB_COMPLEMENT and c.pos_ in {"VERB", "AUX"}]
    # TIGER hangs "kritisiert" of "waren kritisiert worden" on the auxiliary participle
    found += [g for c in found if c.pos_ == "AUX" for g in c.children if g.dep_ in syntax.VERB_COMPLEMENT and g.pos_ == "VERB"]
    if finite.dep_ in syntax.AUXILIARY and finite.head.pos_ == "VERB":
        found.append(finite.head)
    return found


def _is_role(token: Token) -> bool:
    """A role noun of the roles lexicon, inflected or in a compound ("Kremlsprechers"); see pipeline/roles.py."""
    return bool(role_noun(token.text))
