"""Stage 4: quotes and who said them.

Rules, in the order they claim text: direct quotes (quotation marks), indirect speech after a
speech verb ("X sagte, ..."/"..., sagte X"), verbless source frames ("laut X", "X zufolge",
"nach Angaben X", ", so X", "heißt es", "wonach", "demnach"), reported speech acts ("X forderte
ein Format"), and free indirect speech (Konjunktiv sentences). A quote whose own sentence names no
speaker asks the speaker sieves (sieves.py). Every quote names the rule and sieve that found it;
its confidence is their precision measured on the train split (resources/rule_confidence.tsv,
`make calibrate`). The rules and sieves are declared in registry.py.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from ..records import Entity, Mention, Quote, Relation
from ..roles import extract_roles
from .candidate import _Candidate
from .constants import _CARRYING_RULES, DIRECT, FREE_INDIRECT, INDIRECT, REPORTED
from .grammar import _sentences, is_reported_mood, is_reported_sentence
from .marks import find_quote_marks
from .registry import RULES, active, confidence, rule_confidence
from .resolve import _Resolver
from .rules import (
    _attribute_direct,
    _continue_free_indirect,
    _direct_candidates,
    _frame_candidates,
    _is_name,
    _looks_like_title,
    _reported_candidate,
    _verb_candidates,
)
from .sieves import apply_sieves

# Rules whose quotes may take a speaker from outside their sentence.
SIEVE_RULES = frozenset(r.name for r in RULES if r.speaker in {"sieves", "carried"})

__all__ = [
    "DIRECT", "FREE_INDIRECT", "INDIRECT", "REPORTED",
    "extract_quotes", "find_quote_marks", "is_reported_mood", "is_reported_sentence", "rule_confidence",
]


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
    all_cands = [c for c in all_cands if active(c.rule)]
    apply_sieves(doc, sents, sent_of, all_cands, SIEVE_RULES)
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
    cands = sorted(cands, key=lambda c: (c.start, -c.end))
    quotes: list[Quote] = []
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
            speaker_sieve=cand.sieve,
        )
        if cand.speaker is not None:
            quote.speaker_text = cand.speaker.text
            quote.speaker_start, quote.speaker_end = cand.speaker.start_char, cand.speaker.end_char
            entity_id, canonical, label, resolution = _resolved(cand, resolver)
            quote.speaker_entity_id, quote.speaker_canonical = entity_id, canonical
            quote.speaker_label, quote.speaker_resolution = label, resolution
        quote.confidence = confidence(cand.rule, cand.sieve, cand.speaker is not None, quote.speaker_resolution, quote.speaker_label)
        quotes.append(quote)
    return quotes


def _resolved(cand: _Candidate, resolver: _Resolver) -> tuple[str, str, str, str]:
    """Entity of a candidate's speaker; inherited speakers take their source quote's entity."""
    if cand.resolved is not None:
        return cand.resolved
    source = cand.carried_from
    if source is not None and source.speaker is not None:
        entity_id, canonical, label, resolution = _resolved(source, resolver)
        if cand.qtype == FREE_INDIRECT or cand.rule in _CARRYING_RULES or cand.sieve:
            resolution = "carried_over" if entity_id or label else "none"
        cand.resolved = (entity_id, canonical, label, resolution)
    else:
        cand.resolved = resolver.resolve(cand.speaker) if cand.speaker is not None else ("", "", "", "none")
    return cand.resolved
