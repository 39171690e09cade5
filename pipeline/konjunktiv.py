"""Konjunktiv I by a lexical rule, for when the morphologizer misses it.

Konjunktiv I marks reported speech in German news ("Russland garantiere ..."). A small
statistical morphologizer finds only about two thirds of these forms, so finite verbs are
checked against the paradigm: the 3rd person singular Konjunktiv I is the infinitive stem
plus -e ("garantieren" -> "garantiere", "können" -> "könne"), "sein" is irregular ("sei",
"seien"), and the plural forms equal the indicative and are left alone. The one -e form that
is also indicative is the 1st person singular ("ich habe"), so a nearby "ich" blocks the rule.
Konjunktiv II forms from a list (`konjunktiv2_forms.txt`: "wäre", "dürften") are marked too,
except the plurals that equal the indicative past ("blieben").
"""
from __future__ import annotations

import logging
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import lexicons, syntax

log = logging.getLogger(__name__)

# Tokens that end the clause when scanning back for an "ich" subject without a parse.
_CLAUSE_BOUNDARY = frozenset({",", ";", ":", "(", ")", "–", "-", "„", "“", "\"", "«", "»"})


def konjunktiv_i_from_lemma(lemma: str) -> Optional[str]:
    """The 3rd person singular Konjunktiv I built from an infinitive, or None."""
    lemma = lemma.lower()
    if lemma == "sein":
        return "sei"
    if lemma.endswith(("eln", "ern")) and len(lemma) > 4:
        return lemma[:-1] + "e"  # ändern -> ändere, handeln -> handele
    if lemma.endswith("en") and len(lemma) > 3:
        return lemma[:-1]  # garantieren -> garantiere
    return None


def looks_konjunktiv_i(token: Token) -> bool:
    """Whether a finite verb's form is a Konjunktiv I form, ignoring the person check."""
    form = token.text.lower()
    if form in lexicons.load("konjunktiv_forms"):
        return True
    if not form.endswith("e"):
        return False
    expected = konjunktiv_i_from_lemma(token.lemma_) if token.lemma_ else None
    if expected is None:
        # No lemma: "-iere" never is a past tense ("garantierte"), so it is safe on its own.
        return form.endswith("iere") and len(form) > 5
    return form == expected or form.endswith(expected) and len(expected) >= 4


def first_person_subject(token: Token, parsed: Optional[bool] = None) -> bool:
    """Whether the verb's subject is "ich": by the parse when present, else by the clause.

    `parsed`: whether the doc has a parse, when the caller knows (spaCy walks the whole doc to
    find out that it has none, so asking for every verb is quadratic).
    """
    blockers = lexicons.load("konjunktiv_blockers")
    doc = token.doc
    if doc.has_annotation("DEP") if parsed is None else parsed:
        subject = syntax.subject_of(token)
        if subject is not None:
            return subject.lower_ in blockers
    # Verb-second and verb-final clauses put the subject before the verb within the clause,
    # inversion puts it right after the verb.
    for i in range(token.i - 1, max(token.i - 12, -1), -1):
        if doc[i].text in _CLAUSE_BOUNDARY or doc[i].is_sent_end:
            break
        if doc[i].lower_ in blockers:
            return True
    for i in range(token.i + 1, min(token.i + 3, len(doc))):
        if doc[i].lower_ in blockers:
            return True
    return False


def is_konjunktiv_i(token: Token, parsed: Optional[bool] = None) -> bool:
    """Finite Konjunktiv I by the lexical rule (STTS finite tag, paradigm form, not 1st person)."""
    if token.tag_ not in syntax.FINITE_TAGS:
        return False
    if not looks_konjunktiv_i(token):
        return False
    return not first_person_subject(token, parsed)


def unambiguous_konjunktiv_ii(form: str) -> bool:
    """A listed Konjunktiv II form that is no indicative past ("dürften", "bliebe"; not "blieben")."""
    form = form.lower()
    if form not in lexicons.load("konjunktiv2_forms"):
        return False
    return any(c in "äöü" for c in form) or form.endswith(("e", "est"))


def is_konjunktiv_ii(token: Token) -> bool:
    """Finite Konjunktiv II by the form list."""
    return token.tag_ in syntax.FINITE_TAGS and unambiguous_konjunktiv_ii(token.text)


@Language.component("wersagtwas_konjunktiv", requires=["token.tag"], assigns=["token.morph"])
def mark_konjunktiv(doc: Doc) -> Doc:
    """Add Mood=Sub to finite Konjunktiv I and II forms the morphologizer left without it."""
    if not doc.has_annotation("TAG"):
        return doc
    parsed = doc.has_annotation("DEP")  # this component runs before the parser: no, and asking costs a pass
    for token in doc:
        if token.tag_ not in syntax.FINITE_TAGS:
            continue  # both rules mark only finite tags: no need to read every token's morphology
        if syntax.is_subjunctive(token) or not (is_konjunktiv_i(token, parsed) or is_konjunktiv_ii(token)):
            continue
        features = token.morph.to_dict()
        features["Mood"] = "Sub"
        if features.get("Person") == "1":
            features["Person"] = "3"  # the "ich" check above ruled the 1st person out
        features.setdefault("VerbForm", "Fin")
        token.set_morph(features)  # type: ignore[attr-defined]  # spaCy's token.pyi omits set_morph
    return doc
